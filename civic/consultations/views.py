"""Consultation pages: the public list and page, versions and diffs, attachments, votes,
posting comments; and the staff pages that create, publish, revise and extend them."""
from __future__ import annotations

from flask import abort, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from ..agencies.models import Agency
from ..agencies.services import agency_ids_for, agency_options, tree
from ..comments import services as comment_services
from ..comments.forms import CommentForm
from ..comments.views import handle_post
from ..core.text import as_id
from ..core import changes, pagecache
from ..topics import services as topic_services
from ..core.forms import Refusal, choices, page_arg, run_service, submit
from ..core.htmx import is_htmx, respond
from ..core.permissions import require
from ..core.services import ServiceError
from ..core.timeutil import date_input
from ..core.uploads import ACCEPT_ATTRIBUTE, file_response
from ..extensions import db
from ..votes import services as votes
from . import bp, diffing, outline, permissions, services
from .forms import AttachmentForm, ConsultationForm, ExtendForm, PublishRevisionForm, RevisionForm
from .models import KIND_LABELS, KINDS, PUBLIC_STATUSES, STATUS_LABELS, Attachment, Consultation


def _load(consultation_id: int) -> Consultation:
    consultation = services.load_for_page(consultation_id)
    if consultation is None:
        abort(404)
    require(permissions.can_view(current_user, consultation))
    return consultation


def _url(consultation: Consultation, **args) -> str:
    return url_for("consultations.show", consultation_id=consultation.id, slug=consultation.slug, **args)


# --- public pages ---------------------------------------------------------------------------

@bp.route("/consultations")
def index():
    filters = services.ListFilters.from_args(request.args)
    rows, total, page, pages = services.public_list(filters)
    return render_template(
        "consultations/index.html", rows=rows, total=total, page=page, pages=pages, filters=filters,
        agencies=agency_options(), topics=topic_services.all_topics(), kinds=KINDS, kind_labels=KIND_LABELS,
        statuses=PUBLIC_STATUSES, status_labels=STATUS_LABELS,
    )


def _section_choices(version) -> list:
    pairs = [("", _("Toàn bộ dự thảo"))]
    if version is not None:
        paths = outline.section_paths(version.sections)
        pairs += [(str(s.id), paths[s.id]) for s in version.sections]
    return choices(pairs)


def _section_arg(consultation) -> int | None:
    raw = request.args.get("section", "")
    if not raw:
        return None
    if as_id(raw) is None:
        abort(400)
    try:
        return services.section_of(consultation, as_id(raw)).id
    except ServiceError:
        abort(404)


@bp.route("/consultations/<int:consultation_id>")
@bp.route("/consultations/<int:consultation_id>-<slug>")
def show(consultation_id: int, slug: str | None = None):
    cache_key = None
    if pagecache.applies():
        # The key reads the page's generation, which the change stream bumps in the transaction
        # of any change to a row shown on it (comments, votes, answers, outcomes, the text);
        # the agency's row (its name and apology text show on the page); and the generations of
        # people's public names (a rename, a deleted account) and of topic names.
        row = db.session.execute(
            select(Consultation.published_at, Agency.updated_at, changes.page_generation(services.SUBJECT, consultation_id),
                   changes.generation("people"), changes.generation("topics"))
            .join(Agency, Agency.id == Consultation.agency_id)
            .where(Consultation.id == consultation_id)
        ).first()
        if row is not None and row.published_at is not None:
            cache_key = pagecache.key("consultation", consultation_id, *row[1:])
            hit = pagecache.get(cache_key)
            if hit is not None:
                return hit
    consultation = _load(consultation_id)
    version = services.current_version(consultation) or services.draft_version(consultation)
    section_id = _section_arg(consultation)
    sort = request.args.get("sort", "oldest")
    comments = comment_services.comment_page(current_user, services.SUBJECT, consultation.id,
                                             section_id=section_id, sort=sort, page=page_arg())
    form = CommentForm(section_id=str(section_id or ""))
    form.section_id.choices = _section_choices(version)
    context = _page_context(consultation, version, comments, form, section_id)
    template = "consultations/show.html"
    if is_htmx() and request.args.get("fragment") == "comments":
        template = "consultations/_comment_items.html"
    response = make_response(render_template(template, **context))
    return pagecache.put(cache_key, response) if cache_key else response


def _page_context(consultation, version, comments, form, section_id):
    section_counts = comment_services.counts_by_section(services.SUBJECT, consultation.id)
    section_labels = outline.paths_of_versions(consultation.versions)
    sections = list(version.sections) if version else []
    return {
        "consultation": consultation,
        "version": version,
        "versions": [v for v in consultation.versions if v.is_published],
        "draft": services.draft_version(consultation),
        "comments": comments,
        "section_counts": section_counts,
        "toc": outline.table_of_contents(sections, section_counts, section_labels),
        "tally": services.tally(consultation),
        "my_vote": votes.my_votes(current_user, services.SUBJECT, [consultation.id]).get(consultation.id),
        "form": form,
        "section_id": section_id,
        "post_url": url_for("consultations.post_comment", consultation_id=consultation.id),
        "decision": permissions.can_comment(current_user, consultation),
        "vote_decision": permissions.can_vote(current_user, consultation),
        "manage": permissions.can_manage(current_user, consultation),
        "subject": consultation,
        "sections": sections,
        "perms": comment_services.permissions_for(current_user, services.SUBJECT, consultation),
        "section_labels": section_labels,
    }


@bp.route("/consultations/<int:consultation_id>/comments", methods=["GET", "POST"])
def post_comment(consultation_id: int):
    consultation = _load(consultation_id)
    if request.method == "GET":
        return redirect(_url(consultation) + "#comments")
    if not current_user.is_authenticated:
        from ..core.htmx import login_redirect

        return login_redirect()
    version = services.current_version(consultation)
    form = CommentForm()
    form.section_id.choices = _section_choices(version)
    return handle_post(services.SUBJECT, consultation, form, post_url=request.path,
                       sections=list(version.sections) if version else [],
                       section_labels=outline.section_paths(version.sections) if version else {})


def _vote_widget(consultation):
    return render_template(
        "consultations/_vote.html", consultation=consultation, tally=services.tally(consultation),
        my_vote=votes.my_votes(current_user, services.SUBJECT, [consultation.id]).get(consultation.id),
        vote_decision=permissions.can_vote(current_user, consultation), oob=True,
    )


@bp.route("/consultations/<int:consultation_id>/vote", methods=["POST"])
@login_required
def vote(consultation_id: int):
    consultation = _load(consultation_id)
    require(permissions.can_vote(current_user, consultation))
    try:
        run_service(lambda: votes.set_vote(current_user, services.SUBJECT, consultation.id, request.form.get("value", "")))
    except ServiceError as error:
        abort(400, description=str(error.message))
    return respond(redirect=_url(consultation) + "#vote", fragment=lambda: _vote_widget(consultation))


@bp.route("/consultations/<int:consultation_id>/vote/withdraw", methods=["POST"])
@login_required
def vote_withdraw(consultation_id: int):
    consultation = _load(consultation_id)
    require(permissions.can_vote(current_user, consultation))
    run_service(lambda: votes.withdraw_vote(current_user, services.SUBJECT, consultation.id))
    return respond(redirect=_url(consultation) + "#vote", fragment=lambda: _vote_widget(consultation))


def _version(consultation, number: int):
    version = next((v for v in consultation.versions if v.number == number), None)
    if version is None or not (version.is_published or permissions.can_manage(current_user, consultation)):
        abort(404)
    return version


@bp.route("/consultations/<int:consultation_id>/versions/<int:number>")
def version(consultation_id: int, number: int):
    consultation = _load(consultation_id)
    return render_template("consultations/version.html", consultation=consultation, version=_version(consultation, number))


@bp.route("/consultations/<int:consultation_id>/versions/<int:number>/diff")
def diff(consultation_id: int, number: int):
    consultation = _load(consultation_id)
    new = _version(consultation, number)
    old = next((v for v in consultation.versions if v.number == number - 1), None)
    if old is None:
        abort(404)
    view = "side" if request.args.get("view") == "side" else "inline"
    context = {"consultation": consultation, "old": old, "new": new, "view": view}
    if view == "side":
        context["rows"] = diffing.side_by_side(old.body_text, new.body_text)
    else:
        context["inline"] = diffing.inline_diff_html(old.body_text, new.body_text)
    return render_template("consultations/diff.html", **context)


@bp.route("/consultations/<int:consultation_id>/attachments/<int:attachment_id>/<path:filename>")
def attachment(consultation_id: int, attachment_id: int, filename: str):
    consultation = _load(consultation_id)
    item = db.session.get(Attachment, attachment_id)
    if item is None or item.consultation_id != consultation.id:
        abort(404)
    return file_response(item.kind, item.filename, item.blob.data, public=consultation.is_public)


# --- staff pages ----------------------------------------------------------------------------

@bp.route("/consultations/manage")
@login_required
def manage():
    require(permissions.can_create_consultation(current_user))
    rows = services.staff_list(current_user, agency_ids_for(current_user))
    return render_template("consultations/manage.html", rows=rows)


def _agency_choices(form):
    """The agencies the staff member acts for, after an empty first option (a required select
    starts with one); staff of one agency find it chosen."""
    ids = agency_ids_for(current_user)
    agencies = [(str(a.id), "\u2003" * d + a.name) for a, d in tree() if a.id in ids]
    if len(agencies) == 1 and not form.is_submitted():
        form.agency_id.data = agencies[0][0]
    return choices([("", _("— Chọn cơ quan chủ trì —"))] + agencies)


def _minimum_hint() -> str:
    """The closing date's hint: the minimum open period of every kind, as set by the admin."""
    minimums = "; ".join(
        _("%(kind)s: %(days)s ngày", kind=KIND_LABELS[kind], days=services.minimum_open_days(kind)) for kind in KINDS
    )
    return _("Lấy ý kiến đến hết ngày này. Thời gian lấy ý kiến tối thiểu (tính cả ngày đầu và ngày cuối) — %(minimums)s.",
             minimums=minimums)


def _form_data(form) -> dict:
    data = dict(request.form)
    data["topics"] = request.form.getlist("topics")
    return data


@bp.route("/consultations/new", methods=["GET", "POST"])
@login_required
def create():
    require(permissions.can_create_consultation(current_user))
    form = ConsultationForm()
    form.agency_id.choices = _agency_choices(form)
    form.topics.choices = choices((str(t.id), t.name) for t in topic_services.all_topics())

    def action():
        raw = request.form.get("agency_id", "")
        agency = db.session.get(Agency, as_id(raw)) if as_id(raw) else None
        if agency is not None and agency.id not in agency_ids_for(current_user):
            agency = None  # not one of the person's agencies: the service asks them to choose
        return services.create_consultation(current_user, agency, _form_data(form), request.files.get("body_file"))

    consultation = submit(form, action)
    if consultation:
        return respond(redirect=url_for("consultations.sections", consultation_id=consultation.id), flash=_("Đã tạo bản nháp. Hãy kiểm tra cách chia phần trước khi công bố."))
    return render_template("consultations/form.html", form=form, consultation=None, minimum_hint=_minimum_hint()), form.status


def _staff(consultation_id: int, action: str) -> Consultation:
    consultation = _load(consultation_id)
    require(permissions.can_staff(current_user, consultation, action))
    return consultation


@bp.route("/consultations/<int:consultation_id>/edit", methods=["GET", "POST"])
@login_required
def edit(consultation_id: int):
    consultation = _staff(consultation_id, "edit")
    draft = services.draft_version(consultation)
    form = ConsultationForm(obj=consultation)
    form.agency_id.choices = choices([(str(consultation.agency_id), consultation.agency.name)])
    form.topics.choices = choices((str(t.id), t.name) for t in topic_services.all_topics())
    if request.method == "GET":
        form.topics.data = [str(t.id) for t in consultation.topics]
        form.opens_on.data = date_input(consultation.opens_on)
        form.closes_on.data = date_input(consultation.closes_on)
        form.body.data = draft.body_text if draft else ""
    if submit(form, lambda: services.update_details(consultation, _form_data(form), request.files.get("body_file"))):
        return respond(redirect=url_for("consultations.sections", consultation_id=consultation.id), flash=_("Đã lưu bản nháp."))
    return render_template("consultations/form.html", form=form, consultation=consultation,
                           minimum_hint=_minimum_hint()), form.status


@bp.route("/consultations/<int:consultation_id>/sections", methods=["GET", "POST"])
@login_required
def sections(consultation_id: int):
    """Review and adjust how the draft version's text was split into sections."""
    consultation = _load(consultation_id)
    require(permissions.can_manage(current_user, consultation))
    draft = services.draft_version(consultation)
    if draft is None:
        abort(404)
    problems = None
    if request.method == "POST":
        # The form says how many sections it showed; a different number means the split
        # changed meanwhile (another tab), and the service refuses the stale edit.
        raw_count = request.form.get("count", "")
        count = min(as_id(raw_count) or 0, 2000)
        edits = [
            {"heading": request.form.get(f"heading-{i}", ""), "body": request.form.get(f"body-{i}", ""),
             "merge": request.form.get(f"merge-{i}") == "1"}
            for i in range(count)
        ]
        try:
            run_service(lambda: services.update_sections(draft, edits))
        except ServiceError as exc:
            problems = Refusal(exc)
        else:
            return respond(redirect=url_for("consultations.sections", consultation_id=consultation.id), flash=_("Đã lưu cách chia phần."))
    return render_template("consultations/sections.html", consultation=consultation, draft=draft, problems=problems,
                           paths=outline.section_paths(draft.sections)), (422 if problems else 200)


@bp.route("/consultations/<int:consultation_id>/publish", methods=["GET", "POST"])
@login_required
def publish(consultation_id: int):
    consultation = _staff(consultation_id, "publish")
    refused = None
    if request.method == "POST":
        try:
            run_service(lambda: services.publish(consultation))
        except ServiceError as exc:
            refused = Refusal(exc)
        else:
            return respond(redirect=_url(consultation), flash=_("Đã công bố dự thảo."))
    # What stands in the way is said before the click, and the button is only offered when
    # nothing does (the service refuses anyway).
    return render_template("consultations/publish.html", consultation=consultation, refused=refused,
                           problems=services.publish_problems(consultation), days=services.open_days(consultation),
                           minimum=services.minimum_open_days(consultation.kind)), (422 if refused else 200)


@bp.route("/consultations/<int:consultation_id>/revise", methods=["GET", "POST"])
@login_required
def revise(consultation_id: int):
    consultation = _staff(consultation_id, "revise")
    draft = services.draft_version(consultation)
    if draft is not None:
        form = PublishRevisionForm(changelog=draft.changelog)
        if submit(form, lambda: services.publish_revision(consultation, form.changelog.data)):
            return respond(redirect=_url(consultation), flash=_("Đã công bố phiên bản sửa đổi."))
        return render_template("consultations/revise.html", consultation=consultation, draft=draft, form=form), form.status
    form = RevisionForm()
    if request.method == "GET":
        current = services.current_version(consultation)
        form.body.data = current.body_text if current else ""
    if submit(form, lambda: services.start_revision(current_user, consultation, dict(request.form), request.files.get("body_file"))):
        return respond(redirect=url_for("consultations.sections", consultation_id=consultation.id), flash=_("Đã tạo phiên bản sửa đổi. Hãy kiểm tra cách chia phần rồi công bố."))
    return render_template("consultations/revise.html", consultation=consultation, draft=None, form=form), form.status


@bp.route("/consultations/<int:consultation_id>/revise/discard", methods=["POST"])
@login_required
def discard_revision(consultation_id: int):
    consultation = _staff(consultation_id, "revise")
    try:
        run_service(lambda: services.discard_revision(consultation))
    except ServiceError as exc:
        abort(400, description=str(exc.message))
    return respond(redirect=_url(consultation), flash=_("Đã huỷ phiên bản sửa đổi chưa công bố."))


@bp.route("/consultations/<int:consultation_id>/extend", methods=["GET", "POST"])
@login_required
def extend(consultation_id: int):
    consultation = _staff(consultation_id, "extend")
    form = ExtendForm()
    if submit(form, lambda: services.extend(consultation, form.closes_on.data, form.reason.data, current_user)):
        return respond(redirect=_url(consultation), flash=_("Đã gia hạn thời gian lấy ý kiến."))
    return render_template("consultations/extend.html", consultation=consultation, form=form), form.status


@bp.route("/consultations/<int:consultation_id>/attachments", methods=["GET", "POST"])
@login_required
def attachments(consultation_id: int):
    consultation = _staff(consultation_id, "attach")
    form = AttachmentForm()
    if submit(form, lambda: services.add_attachment(current_user, consultation, request.files.get("file"))):
        return respond(redirect=url_for("consultations.attachments", consultation_id=consultation.id), flash=_("Đã thêm tệp đính kèm."))
    return render_template("consultations/attachments.html", consultation=consultation, form=form,
                           accept_attribute=ACCEPT_ATTRIBUTE), form.status


@bp.route("/consultations/<int:consultation_id>/attachments/<int:attachment_id>/delete", methods=["POST"])
@login_required
def attachment_delete(consultation_id: int, attachment_id: int):
    consultation = _staff(consultation_id, "attach")
    item = db.session.get(Attachment, attachment_id)
    if item is None or item.consultation_id != consultation.id:
        abort(404)
    run_service(lambda: services.remove_attachment(consultation, item))
    return respond(redirect=url_for("consultations.attachments", consultation_id=consultation.id), flash=_("Đã xoá tệp đính kèm."))
