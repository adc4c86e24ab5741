"""Comment pages and actions. Every action works as a plain form (303 back to a page) and
with htmx (the changed fragment, with out-of-band updates where a count moved)."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..core.text import as_id
from ..core.forms import run_or_abort, run_service, submit
from ..core.htmx import is_htmx, redirect_after_post
from ..core.services import ServiceError
from ..extensions import db
from . import bp, services, subjects
from .models import PUBLISHED, Comment


def load_comment(comment_id: int) -> tuple[Comment, subjects.Subject, object]:
    """The comment, its subject's adapter and the subject — or 404 when not public."""
    comment = db.session.get(Comment, comment_id)
    if comment is None:
        abort(404)
    adapter = subjects.get(comment.subject_type)
    subject = adapter.load(comment.subject_id)
    if subject is None or not adapter.is_public(subject):
        abort(404)
    return comment, adapter, subject


def comment_url(comment: Comment, adapter, subject) -> str:
    if comment.parent_id is None:
        return f"{adapter.url(subject)}?sort=newest#comment-{comment.id}"
    return url_for("comments.thread", comment_id=comment.parent_id) + f"#comment-{comment.id}"


def form_context(subject_type: str, subject, form, *, parent: Comment | None = None, sections=(), posted=None):
    from .forms import CommentForm  # noqa: F401  (type only)

    return {
        "form": form,
        "subject_type": subject_type,
        "subject": subject,
        "parent": parent,
        "sections": sections,
        "posted": posted,
        "decision": subjects.get(subject_type).can_comment(current_user, subject),
        "perms": services.permissions_for(current_user, subject_type, subject),
    }


def handle_post(subject_type: str, subject, form, *, post_url: str, sections=(), section_labels=None):
    """POST of a new comment or reply on `subject` (called by the subject's own view)."""
    adapter = subjects.get(subject_type)
    parent = None
    raw_parent = (form.parent_id.data or "").strip()
    if raw_parent:
        if as_id(raw_parent) is None:
            abort(400)
        parent = db.session.get(Comment, as_id(raw_parent))
        if parent is None:
            abort(400, description=_("Ý kiến được trả lời không tồn tại."))
    raw_section = (form.section_id.data or "").strip()
    if raw_section and as_id(raw_section) is None:
        abort(400)
    section_id = as_id(raw_section) if raw_section else None

    def action():
        return services.post_comment(current_user, subject_type, subject, form.body.data,
                                     section_id=section_id, parent=parent)

    try:
        comment = run_service(action) if form.validate_on_submit() else None
    except ServiceError as error:
        if error.status in (400, 403, 409) and error.field is None and not is_htmx():
            abort(error.status if error.status != 409 else 400, description=str(error.message))
        form.add_error(error)
        comment = None
    if comment is not None:
        message = _("Đã tiếp nhận ý kiến của bạn. Mã tiếp nhận: %(receipt)s", receipt=comment.receipt)
        if is_htmx():
            fresh = type(form)(formdata=None)
            fresh.parent_id.data = raw_parent
            # Same choices (and choice) as the form just used, or the section select vanishes.
            fresh.section_id.choices = form.section_id.choices
            fresh.section_id.data = raw_section
            view = services.decorate_one(current_user, comment)
            return render_template(
                "comments/_posted.html",
                view=view, adapter=adapter, post_url=post_url,
                section_labels=section_labels if section_labels is not None else {s.id: s.label for s in sections},
                **form_context(subject_type, subject, fresh, parent=parent, sections=sections, posted=comment),
            )
        flash(message, "success")
        return redirect_after_post(comment_url(comment, adapter, subject))
    template = "comments/_form.html" if is_htmx() else "comments/form_page.html"
    return (
        render_template(template, post_url=post_url, adapter=adapter,
                        **form_context(subject_type, subject, form, parent=parent, sections=sections)),
        form.status if form.all_errors else 400,
    )


@bp.route("/comments/<int:comment_id>")
def permalink(comment_id: int):
    comment, adapter, subject = load_comment(comment_id)
    return redirect(comment_url(comment, adapter, subject))


@bp.route("/comments/<int:comment_id>/replies")
def thread(comment_id: int):
    """A comment with its direct replies: the htmx "show replies" fragment, or a full page."""
    comment, adapter, subject = load_comment(comment_id)
    replies = services.replies_of(current_user, comment)
    if is_htmx():
        return render_template("comments/_replies.html", replies=replies, parent=comment, adapter=adapter, subject=subject,
                               perms=services.permissions_for(current_user, comment.subject_type, subject))
    from .forms import CommentForm

    form = CommentForm(parent_id=str(comment.id))
    return render_template(
        "comments/thread.html",
        view=services.decorate_one(current_user, comment), replies=replies, adapter=adapter,
        post_url=reply_post_url(comment, adapter, subject),
        **form_context(comment.subject_type, subject, form, parent=comment),
    )


def reply_post_url(comment: Comment, adapter, subject) -> str:
    return adapter.post_url(subject)


@bp.route("/comments/<int:comment_id>/reply")
def reply_form(comment_id: int):
    """The reply form for one comment: inline with htmx, or the thread page without."""
    comment, adapter, subject = load_comment(comment_id)
    if not is_htmx():
        return redirect(url_for("comments.thread", comment_id=comment_id) + "#comment-form")
    from .forms import CommentForm

    form = CommentForm(parent_id=str(comment.id))
    return render_template("comments/_form.html", post_url=reply_post_url(comment, adapter, subject), adapter=adapter,
                           **form_context(comment.subject_type, subject, form, parent=comment))


@bp.route("/comments/<int:comment_id>/edit", methods=["GET", "POST"])
@login_required
def edit(comment_id: int):
    comment, adapter, subject = load_comment(comment_id)
    from .forms import EditCommentForm

    if not services.can_edit(current_user, comment):
        abort(403, description=_("Chỉ tác giả được sửa ý kiến, trong 15 phút sau khi gửi."))
    form = EditCommentForm(body=comment.body)
    if submit(form, lambda: services.edit_comment(current_user, comment, form.body.data)):
        if is_htmx():
            return render_template("comments/_comment.html", view=services.decorate_one(current_user, comment), adapter=adapter, subject=subject,
                                   perms=services.permissions_for(current_user, comment.subject_type, subject))
        flash(_("Đã lưu ý kiến đã sửa."), "success")
        return redirect_after_post(comment_url(comment, adapter, subject))
    template = "comments/_edit_form.html" if is_htmx() else "comments/edit.html"
    return render_template(template, form=form, comment=comment, adapter=adapter, subject=subject), form.status


@bp.route("/comments/<int:comment_id>/withdraw", methods=["GET", "POST"])
@login_required
def withdraw(comment_id: int):
    comment, adapter, subject = load_comment(comment_id)
    if comment.author_id != current_user.id:
        abort(403, description=_("Bạn chỉ có thể rút lại ý kiến của chính mình."))
    if request.method == "POST":
        run_or_abort(lambda: services.withdraw_comment(current_user, comment))
        if is_htmx():
            return render_template("comments/_comment.html", view=services.decorate_one(current_user, comment), adapter=adapter, subject=subject,
                                   perms=services.permissions_for(current_user, comment.subject_type, subject))
        flash(_("Đã rút lại ý kiến. Mã tiếp nhận vẫn được giữ."), "success")
        return redirect_after_post(comment_url(comment, adapter, subject))
    return render_template("comments/withdraw.html", comment=comment, adapter=adapter, subject=subject)


def _vote_response(comment: Comment, adapter, subject):
    if is_htmx():
        return render_template("comments/_votes.html", view=services.decorate_one(current_user, comment),
                               perms=services.permissions_for(current_user, comment.subject_type, subject))
    return redirect_after_post(comment_url(comment, adapter, subject))


@bp.route("/comments/<int:comment_id>/vote", methods=["POST"])
@login_required
def vote(comment_id: int):
    comment, adapter, subject = load_comment(comment_id)
    run_or_abort(lambda: services.vote_on_comment(current_user, comment, request.form.get("value", "")))
    return _vote_response(comment, adapter, subject)


@bp.route("/comments/<int:comment_id>/vote/withdraw", methods=["POST"])
@login_required
def vote_withdraw(comment_id: int):
    comment, adapter, subject = load_comment(comment_id)
    run_or_abort(lambda: services.withdraw_comment_vote(current_user, comment))
    return _vote_response(comment, adapter, subject)


@bp.route("/receipts/<number>")
def receipt(number: str):
    """What a receipt number stands for: status and a link, nothing private."""
    comment = services.get_by_receipt(number[:30])
    if comment is None:
        return render_template("comments/receipt.html", comment=None, number=number[:30]), 404
    adapter = subjects.get(comment.subject_type)
    subject = adapter.load(comment.subject_id)
    public = subject is not None and adapter.is_public(subject)
    from ..reports.services import load_outcomes

    return render_template("comments/receipt.html", comment=comment, number=comment.receipt, adapter=adapter,
                           outcome=load_outcomes([comment.id]).get(comment.id),
                           subject=subject if public else None, is_author=current_user.is_authenticated and current_user.id == comment.author_id,
                           visible=comment.status == PUBLISHED)
