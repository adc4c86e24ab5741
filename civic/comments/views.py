"""Comment pages and actions. Every action works as a plain form (303 back to a page) and
with htmx (the changed fragment, with out-of-band updates where a count moved)."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup
from werkzeug.exceptions import HTTPException

from ..core.text import as_id, page_number
from ..core.forms import run_or_abort, run_service, submit
from ..core.htmx import is_htmx, respond
from ..core.services import ServiceError
from ..extensions import db
from ..core import content
from . import bp, permissions, services
from .models import PUBLISHED, WITHDRAWN, Comment
from .receipt_form import ReceiptLookupForm
from . import receipts


def load_comment(comment_id: int) -> tuple[Comment, content.Facet, object]:
    """The comment, its subject's adapter and the subject — or 404 when not public."""
    comment = db.session.get(Comment, comment_id)
    if comment is None:
        abort(404)
    adapter = content.commentable(comment.subject_type)
    subject = adapter.load(comment.subject_id) if adapter is not None else None
    if subject is None or not adapter.is_public(subject):
        abort(404)
    return comment, adapter, subject


def _require(decision) -> None:
    """Abort with a comment permission's refusal: 400 about the comment's state, 403 about who asks."""
    if not decision:
        abort(permissions.refusal_status(decision), description=decision.reason)


def comment_url(comment: Comment, adapter, subject) -> str:
    """Where the comment is shown, whatever has been posted since: a top-level comment on its
    page of the subject's comments (default order), a reply in its top-level comment's thread."""
    top = services.top_level_of(comment)
    if top is not comment:
        return url_for("comments.thread", comment_id=top.id) + f"#comment-{comment.id}"
    page = services.page_of(comment)
    return adapter.url(subject) + (f"?page={page}" if page > 1 else "") + f"#comment-{comment.id}"


def posted_url(comment: Comment, adapter, subject) -> str:
    """After a plain form post: a new top-level comment first in the newest-first list."""
    if comment.parent_id is None:
        return f"{adapter.url(subject)}?sort=newest#comment-{comment.id}"
    return comment_url(comment, adapter, subject)


def _origin():
    """The page an htmx request was sent from: (endpoint, view arguments, query arguments)."""
    parts = urlsplit(request.htmx.current_url or "")
    try:
        endpoint, values = current_app.url_map.bind("localhost").match(parts.path or "/")
    except HTTPException:
        endpoint, values = None, {}
    return endpoint, values, parse_qs(parts.query)


def _posted_fragment(subject_type: str, subject, adapter, form, comment: Comment, parent, raw_parent: str,
                     raw_section: str, post_url: str, sections, section_labels=None):
    """The htmx answer to a successful post: the form (fresh again; an inline reply form closes)
    and, out of band, the new comment and every count on the page that moved."""
    endpoint, values, args = _origin()
    on_thread = endpoint == "comments.thread"
    fresh = type(form)(formdata=None)
    fresh.parent_id.data = raw_parent
    # Same choices (and choice) as the form just used, or the section select vanishes.
    fresh.section_id.choices = form.section_id.choices
    fresh.section_id.data = raw_section
    context = {"adapter": adapter, "post_url": post_url,
               "section_labels": section_labels if section_labels is not None else {s.id: s.label for s in sections}}
    if parent is None:
        filtered = as_id((args.get("section") or [""])[0])
        total = services.top_level_total(subject_type, subject.id, filtered)
        pages = max(1, -(-total // services.PER_PAGE))
        context.update(view=services.decorate_one(current_user, comment), total=total, pages=pages,
                       page=min(page_number((args.get("page") or [""])[0]), pages))
    else:
        # The thread page's own form stays for the next reply; a reply form opened inline closes.
        context.update(thread=services.thread_of(current_user, parent),
                       close_form=not (on_thread and values.get("comment_id") == parent.id))
    counts = "" if on_thread else adapter.page_counts(subject, comment)
    return render_template("comments/_posted.html", page_counts=Markup(counts or ""), **context,
                           **form_context(subject_type, subject, fresh, parent=parent, sections=sections, posted=comment))


def form_context(subject_type: str, subject, form, *, parent: Comment | None = None, sections=(), posted=None):
    from .forms import CommentForm  # noqa: F401  (type only)

    return {
        "form": form,
        "subject_type": subject_type,
        "subject": subject,
        "parent": parent,
        "sections": sections,
        "posted": posted,
        "decision": permissions.can_comment_on(current_user, subject_type, subject),
        "perms": services.permissions_for(current_user, subject_type, subject),
    }


def handle_post(subject_type: str, subject, form, *, post_url: str, sections=(), section_labels=None):
    """POST of a new comment or reply on `subject` (called by the subject's own view)."""
    adapter = content.commentable(subject_type)
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
        return respond(redirect=posted_url(comment, adapter, subject), flash=message,
                       fragment=lambda: _posted_fragment(subject_type, subject, adapter, form, comment, parent, raw_parent,
                                                         raw_section, post_url, sections, section_labels))
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
    """A comment's replies: its direct replies as the htmx "show replies" fragment, or a full
    page of the comment with every reply under it (where a reply's permalink leads)."""
    comment, adapter, subject = load_comment(comment_id)
    if is_htmx():
        replies = services.replies_of(current_user, comment)
        return render_template("comments/_replies.html", replies=replies, parent=comment, adapter=adapter, subject=subject,
                               perms=services.permissions_for(current_user, comment.subject_type, subject))
    from .forms import CommentForm

    form = CommentForm(parent_id=str(comment.id))
    top = services.top_level_of(comment)
    return render_template(
        "comments/thread.html",
        view=services.thread_of(current_user, comment), adapter=adapter,
        back_url=comment_url(top, adapter, subject), post_url=reply_post_url(comment, adapter, subject),
        **form_context(comment.subject_type, subject, form, parent=comment),
    )


def reply_post_url(comment: Comment, adapter, subject) -> str:
    return adapter.post_url(subject)


@bp.route("/comments/<int:comment_id>/reply")
def reply_form(comment_id: int):
    """The reply form for one comment: inline with htmx, or the thread page without."""
    comment, adapter, subject = load_comment(comment_id)
    if not is_htmx():
        return redirect(url_for("comments.thread", comment_id=comment_id) + f"#reply-form-{comment_id}")
    from .forms import CommentForm

    form = CommentForm(parent_id=str(comment.id))
    return render_template("comments/_form.html", post_url=reply_post_url(comment, adapter, subject), adapter=adapter,
                           **form_context(comment.subject_type, subject, form, parent=comment))


@bp.route("/comments/<int:comment_id>/edit", methods=["GET", "POST"])
@login_required
def edit(comment_id: int):
    comment, adapter, subject = load_comment(comment_id)
    from .forms import EditCommentForm

    _require(permissions.can_edit(current_user, comment))
    form = EditCommentForm(body=comment.body)
    if submit(form, lambda: services.edit_comment(current_user, comment, form.body.data)):
        return respond(redirect=comment_url(comment, adapter, subject), flash=_("Đã lưu ý kiến đã sửa."),
                       fragment=lambda: _comment_fragment(comment, adapter, subject))
    template = "comments/_edit_form.html" if is_htmx() else "comments/edit.html"
    return render_template(template, form=form, comment=comment, adapter=adapter, subject=subject), form.status


@bp.route("/comments/<int:comment_id>/withdraw", methods=["GET", "POST"])
@login_required
def withdraw(comment_id: int):
    comment, adapter, subject = load_comment(comment_id)
    if comment.status == WITHDRAWN and permissions.is_author(current_user, comment):
        # Repeat-safe: a second click, a resent form or the back button finds it done.
        return respond(redirect=comment_url(comment, adapter, subject), flash=_("Ý kiến này đã được rút lại."),
                       fragment=lambda: _comment_fragment(comment, adapter, subject))
    _require(permissions.can_withdraw(current_user, comment))
    if request.method == "POST":
        run_or_abort(lambda: services.withdraw_comment(current_user, comment))
        return respond(redirect=comment_url(comment, adapter, subject), flash=_("Đã rút lại ý kiến. Mã tiếp nhận vẫn được giữ."),
                       fragment=lambda: _comment_fragment(comment, adapter, subject))
    return render_template("comments/withdraw.html", comment=comment, adapter=adapter, subject=subject)


def _comment_fragment(comment: Comment, adapter, subject) -> str:
    return render_template("comments/_comment.html", view=services.decorate_one(current_user, comment), adapter=adapter,
                           subject=subject, perms=services.permissions_for(current_user, comment.subject_type, subject))


def _vote_response(comment: Comment, adapter, subject):
    return respond(redirect=comment_url(comment, adapter, subject),
                   fragment=lambda: render_template("comments/_votes.html", view=services.decorate_one(current_user, comment),
                                                    perms=services.permissions_for(current_user, comment.subject_type, subject)))


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


@bp.route("/receipts")
def receipt_lookup():
    """The lookup form: a number typed any way goes to its receipt page; a malformed or
    unknown number is said so (422 / 404) with the form again, and nothing else."""
    form = ReceiptLookupForm(request.args, meta={"csrf": False})
    raw = form.number.data or ""
    if not raw.strip():
        return render_template("comments/receipt_lookup.html", form=form)
    found = receipts.lookup(raw)
    if found.comment is not None:
        return redirect(url_for("comments.receipt", number=found.number), code=303)
    if found.problem == "malformed":
        form.number.errors = [_("Mã tiếp nhận không đúng dạng. Mã gồm năm và số thứ tự, ví dụ GY-2026-000123.")]
        status = 422
    else:
        form.number.errors = [_("Không tìm thấy ý kiến nào với mã tiếp nhận %(number)s. Hãy kiểm tra lại mã.", number=found.number)]
        status = 404
    return render_template("comments/receipt_lookup.html", form=form), status


@bp.route("/receipts/<number>")
def receipt(number: str):
    """What a receipt number stands for: its status and its story, nothing private (the
    author alone also sees how they rated the answer)."""
    found = receipts.lookup(number)
    if found.comment is None:
        form = ReceiptLookupForm(meta={"csrf": False}, number=number if len(number) <= receipts.MAX_INPUT else "")
        return render_template("comments/receipt.html", story=None, form=form, number=found.number), 404
    story = receipts.story(current_user, found.comment)
    return render_template("comments/receipt.html", story=story, comment=story.comment, number=story.number,
                           visible=story.comment.status == PUBLISHED)
