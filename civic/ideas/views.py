"""Idea pages: the public list and an idea's page (supports, comments, history, answer); the
submission form and the author's own list; the staff queue and the staff actions (publish,
decline, status, merge, agency)."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..agencies.services import agency_options
from ..answers import permissions as answer_permissions
from ..answers import services as answers
from ..comments import services as comment_services
from ..comments.forms import CommentForm
from ..comments.views import handle_post
from ..topics.services import topic_options
from ..core.forms import choices, page_arg, run_or_abort, run_service, submit
from ..core.htmx import is_htmx, login_redirect, redirect_after_post, respond
from ..core.permissions import require
from ..core.services import ServiceError
from ..core.uploads import ACCEPT_ATTRIBUTE, file_response
from ..extensions import db
from . import bp, permissions, services
from .forms import AgencyForm, DeclineForm, IdeaForm, MergeForm, StatusForm
from .models import PUBLIC_STATUSES, STATUS_LABELS, TRANSITIONS, Idea


def _load(idea_id: int) -> Idea:
    """The idea, if this viewer may see it (public, or their own, or theirs to review)."""
    idea = db.session.get(Idea, idea_id)
    if idea is None or not services.visible_to(current_user, idea):
        abort(404)
    return idea


@bp.route("/ideas")
def index():
    filters = services.ListFilters.from_args(request.args)
    ideas, total, page, pages = services.public_list(filters)
    return render_template(
        "ideas/index.html", ideas=ideas, total=total, page=page, pages=pages, filters=filters,
        topics=topic_options(), agencies=agency_options(),
        statuses=PUBLIC_STATUSES, status_labels=STATUS_LABELS, shown_status=services.status_for_display,
        supported=services.has_supported(current_user, [i.id for i in ideas]),
        is_staff=bool(permissions.can_use_queue(current_user)),
    )


def _support_context(idea: Idea) -> dict:
    return {
        "idea": idea,
        "supported": idea.id in services.has_supported(current_user, [idea.id]),
        "support_decision": permissions.can_support(current_user, idea),
        "answered": answers.answer_for(services.SUBJECT, idea.id) is not None,
    }


def _answer_context(idea: Idea) -> dict:
    """The agency's answer to the idea, its deadline, and the viewer's rating of it."""
    answer = answers.answer_for(services.SUBJECT, idea.id)
    return {
        "answer": answer,
        "owed": answers.owed_for(services.SUBJECT, idea.id),
        "my_rating": answers.ratings_by_answer(current_user, [answer.id]).get(answer.id) if answer else None,
    }


def _staff_context(idea: Idea) -> dict:
    """What the viewer may do to the idea as staff (the panel on its page)."""
    if not permissions.can_use_queue(current_user):
        return {"staff": None}
    statuses = [s for s in TRANSITIONS.get(idea.status, ()) if permissions.can_change_status(current_user, idea, s)]
    return {"staff": {
        "review": bool(permissions.can_review(current_user, idea)),
        "statuses": statuses,
        "merge": idea.status in services.MANAGED_STATUSES and bool(permissions.can_manage(current_user, idea)),
        "assign": idea.is_public and bool(permissions.can_assign_agency(current_user, idea)),
        "answer": idea.is_public and bool(answer_permissions.can_answer(current_user, services.SUBJECT, idea)),
    }}


@bp.route("/ideas/<int:idea_id>")
def show(idea_id: int):
    idea = _load(idea_id)
    comments = form = None
    if idea.is_public:
        comments = comment_services.comment_page(current_user, services.SUBJECT, idea.id,
                                                 sort=request.args.get("sort", "oldest"), page=page_arg())
        if is_htmx() and request.args.get("fragment") == "comments":
            return render_template("ideas/_comment_items.html", idea=idea, comments=comments,
                                   perms=comment_services.permissions_for(current_user, services.SUBJECT, idea))
        form = CommentForm()
        form.section_id.choices = []
    merged_into = db.session.get(Idea, idea.merged_into_id) if idea.merged_into_id else None
    return render_template(
        "ideas/show.html", shown_status=services.status_for_display(idea), status_labels=STATUS_LABELS,
        merged_into=merged_into, **_answer_context(idea),
        comments=comments, form=form, subject=idea, subject_type=services.SUBJECT, parent=None, posted=None,
        post_url=url_for("ideas.post_comment", idea_id=idea.id),
        decision=permissions.can_comment(current_user, idea),
        perms=comment_services.permissions_for(current_user, services.SUBJECT, idea) if idea.is_public else None,
        **_support_context(idea), **_staff_context(idea),
    )


@bp.route("/ideas/<int:idea_id>/comments", methods=["GET", "POST"])
def post_comment(idea_id: int):
    idea = _load(idea_id)
    if request.method == "GET" or not idea.is_public:
        return redirect(url_for("ideas.show", idea_id=idea.id) + "#comments")
    if not current_user.is_authenticated:
        return login_redirect()
    form = CommentForm()
    form.section_id.choices = []
    return handle_post(services.SUBJECT, idea, form, post_url=request.path)


@bp.route("/ideas/<int:idea_id>/attachment/<path:filename>")
def attachment(idea_id: int, filename: str):
    idea = _load(idea_id)
    if idea.attachment is None:
        abort(404)
    item = idea.attachment
    return file_response(item.kind, item.filename, item.data, public=idea.is_public)


# --- supports -------------------------------------------------------------------------------

def _after_support(idea: Idea, message: str):
    def fragment():
        fresh = db.session.get(Idea, idea.id)
        return render_template("ideas/_supported.html", **_support_context(fresh), **_answer_context(fresh),
                               **_staff_context(fresh))
    return respond(redirect=url_for("ideas.show", idea_id=idea.id) + "#support", flash=message, fragment=fragment)


@bp.route("/ideas/<int:idea_id>/support", methods=["POST"])
@login_required
def support(idea_id: int):
    idea = _load(idea_id)
    run_or_abort(lambda: services.support(current_user, idea))
    return _after_support(idea, _("Cảm ơn bạn đã ủng hộ sáng kiến."))


@bp.route("/ideas/<int:idea_id>/support/withdraw", methods=["POST"])
@login_required
def withdraw_support(idea_id: int):
    idea = _load(idea_id)
    run_or_abort(lambda: services.withdraw_support(current_user, idea))
    return _after_support(idea, _("Đã rút lại ủng hộ."))


# --- submission -----------------------------------------------------------------------------

@bp.route("/ideas/new", methods=["GET", "POST"])
@login_required
def new():
    require(permissions.can_submit(current_user))
    form = IdeaForm()
    form.topic.choices = choices([("", _("— Chọn lĩnh vực —"))] + list(topic_options()))
    form.agency.choices = choices([("", _("Chưa rõ — để ban kiểm duyệt chọn"))] + list(agency_options()))
    idea = submit(form, lambda: services.submit(current_user, request.form, request.files.get("attachment")))
    if idea:
        return respond(redirect=url_for("ideas.show", idea_id=idea.id), flash=_("Đã gửi sáng kiến. Ban kiểm duyệt sẽ xem xét và báo cho bạn qua email."))
    return render_template("ideas/new.html", form=form, accept_attribute=ACCEPT_ATTRIBUTE), form.status


@bp.route("/ideas/mine")
@login_required
def mine():
    ideas, total, page, pages = services.own_ideas(current_user, page_arg())
    return render_template("ideas/mine.html", ideas=ideas, total=total, page=page, pages=pages,
                           status_labels=STATUS_LABELS, shown_status=services.status_for_display,
                           can_submit=permissions.can_submit(current_user))


# --- staff ----------------------------------------------------------------------------------

@bp.route("/ideas/review")
@login_required
def review():
    require(permissions.can_use_queue(current_user))
    tab = request.args.get("tab", "submitted")
    tab = tab if tab in services.QUEUE_TABS else "submitted"
    ideas, total, page, pages = services.staff_queue(current_user, tab, page_arg())
    return render_template("ideas/review.html", ideas=ideas, total=total, page=page, pages=pages, tab=tab,
                           status_labels=STATUS_LABELS, shown_status=services.status_for_display)


def _back(idea: Idea, anchor: str = "staff"):
    return redirect_after_post(url_for("ideas.show", idea_id=idea.id) + "#" + anchor)


@bp.route("/ideas/<int:idea_id>/publish", methods=["POST"])
@login_required
def publish(idea_id: int):
    idea = _load(idea_id)
    run_or_abort(lambda: services.publish(current_user, idea))
    flash(_("Đã đăng sáng kiến; tác giả đã được báo qua email."), "success")
    return _back(idea)


@bp.route("/ideas/<int:idea_id>/decline", methods=["GET", "POST"])
@login_required
def decline(idea_id: int):
    idea = _load(idea_id)
    require(permissions.can_review(current_user, idea))
    form = DeclineForm()
    if submit(form, lambda: services.decline(current_user, idea, form.reason.data or "", form.note.data)):
        flash(_("Sáng kiến không được đăng; tác giả đã được báo lý do qua email."), "success")
        return _back(idea)
    return render_template("ideas/decline.html", idea=idea, form=form), form.status


@bp.route("/ideas/<int:idea_id>/status", methods=["GET", "POST"])
@login_required
def change_status(idea_id: int):
    idea = _load(idea_id)
    require(permissions.can_manage(current_user, idea))
    allowed = TRANSITIONS.get(idea.status, ())
    if not allowed:
        abort(400, description=_("Sáng kiến ở trạng thái “%(status)s” không chuyển tiếp được.", status=idea.status_label))
    form = StatusForm()
    form.new_status.choices = choices((s, STATUS_LABELS[s]) for s in allowed)
    if submit(form, lambda: services.change_status(current_user, idea, form.new_status.data or "", form.note.data, form.on.data)):
        flash(_("Đã cập nhật trạng thái sáng kiến."), "success")
        return _back(idea, "history")
    return render_template("ideas/status.html", idea=idea, form=form, allowed=allowed), form.status


@bp.route("/ideas/<int:idea_id>/merge", methods=["GET", "POST"])
@login_required
def merge(idea_id: int):
    """Two steps: the number of the idea to merge into, then a confirmation naming both."""
    idea = _load(idea_id)
    require(permissions.can_manage(current_user, idea))
    form = MergeForm()
    target = None
    if form.validate_on_submit():
        try:
            target = services.merge_target(form.target.data)
            if request.form.get("confirm") == "yes":
                run_service(lambda: services.merge(current_user, idea, target))
                return respond(redirect=url_for("ideas.show", idea_id=target.id), flash=_("Đã gộp sáng kiến; các lượt ủng hộ đã được chuyển sang."))
            services.check_merge(current_user, idea, target)
        except ServiceError as error:
            form.add_error(error)
            target = None
    return render_template("ideas/merge.html", idea=idea, form=form, target=target), form.status


@bp.route("/ideas/<int:idea_id>/agency", methods=["GET", "POST"])
@login_required
def assign_agency(idea_id: int):
    idea = _load(idea_id)
    require(permissions.can_assign_agency(current_user, idea))
    form = AgencyForm(agency=idea.agency.slug if idea.agency else "")
    form.agency.choices = choices([("", _("— Chọn cơ quan —"))] + list(agency_options()))
    if submit(form, lambda: services.assign_agency_by_slug(current_user, idea, form.agency.data)):
        flash(_("Đã giao sáng kiến cho cơ quan xử lý."), "success")
        return _back(idea)
    return render_template("ideas/agency.html", idea=idea, form=form), form.status
