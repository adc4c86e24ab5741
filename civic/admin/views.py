from __future__ import annotations



from flask import abort, flash, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from ..accounts import services as account_services
from ..accounts.models import ROLES, User
from ..accounts.permissions import can_administer, can_change_role
from ..agencies import services as agency_services
from ..agencies.models import Agency, Membership
from ..core.text import as_id
from ..core import workdays
from ..core import audit
from ..core.audit import AuditEntry
from ..core.forms import choices, run_service
from ..core.htmx import redirect_after_post, respond
from ..core.permissions import require
from ..core.timeutil import local_today
from ..core.services import Problems, ServiceError, parse_date
from ..extensions import db
from . import bp
from .forms import AgencyForm, MembershipForm, RoleForm, VerifyForm, WorkdayForm

PER_PAGE = 30


@bp.before_request
@login_required
def _admins_only():
    require(can_administer(current_user))


@bp.context_processor
def _audit_helpers():
    return {"action_label": audit.action_label, "object_label": audit.object_label,
            "audit_value": audit.display_value}


def _commit(form, action) -> bool:
    """Run a service for a form (its message lands on the form) or a button (flashed)."""
    try:
        run_service(action)
        return True
    except ServiceError as error:
        if form is None:
            flash(str(error.message), "error")
        else:
            form.add_error(error)
        return False


def _page() -> int:
    try:
        return max(1, int(request.args.get("page", "1")))
    except ValueError:
        return 1


@bp.route("")
def dashboard():
    counts = dict(db.session.execute(select(User.role, func.count(User.id)).where(User.deleted_at.is_(None)).group_by(User.role)).all())
    agencies = db.session.scalar(select(func.count(Agency.id)))
    recent = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(10)).all()
    return render_template("admin/dashboard.html", counts=counts, agency_count=agencies, recent=recent, roles=ROLES)


# --- agencies -----------------------------------------------------------------------------

def _parent_choices(exclude: set[int] = frozenset()):
    pairs = [("", _l("— Không có (cấp cao nhất) —"))]
    for agency, depth in agency_services.tree():
        if agency.id not in exclude:
            pairs.append((str(agency.id), "\u2003" * depth + agency.name))
    return choices(pairs)


def _agency_choices():
    return choices((str(a.id), "\u2003" * d + a.name) for a, d in agency_services.tree())


def _agency_data(form: AgencyForm) -> dict:
    data = dict(request.form)
    parent = (data.get("parent_id") or "").strip()
    if parent and as_id(parent) is None:
        raise ServiceError(_l("Cơ quan cấp trên không tồn tại."), "parent_id")
    data["parent_id"] = as_id(parent) if parent else None
    return data


@bp.route("/agencies")
def agencies():
    return render_template("admin/agencies.html", tree=agency_services.tree(), members=agency_services.member_counts())


@bp.route("/agencies/new", methods=["GET", "POST"])
def agency_new():
    form = AgencyForm()
    form.parent_id.choices = _parent_choices()
    if form.validate_on_submit() and _commit(form, lambda: agency_services.create_agency(_agency_data(form))):
        return respond(redirect=url_for("admin.agencies"), flash=_("Đã thêm cơ quan."))
    return render_template("admin/agency_form.html", form=form, agency=None), form.status


def _agency_or_404(agency_id: int) -> Agency:
    agency = db.session.get(Agency, agency_id)
    if agency is None:
        abort(404)
    return agency


@bp.route("/agencies/<int:agency_id>/edit", methods=["GET", "POST"])
def agency_edit(agency_id: int):
    agency = _agency_or_404(agency_id)
    form = AgencyForm(obj=agency)
    form.parent_id.choices = _parent_choices(agency_services.descendant_ids(agency))
    if request.method == "GET":
        form.parent_id.data = str(agency.parent_id or "")
    if form.validate_on_submit() and _commit(form, lambda: agency_services.update_agency(agency, _agency_data(form))):
        return respond(redirect=url_for("admin.agencies"), flash=_("Đã lưu thay đổi."))
    return render_template("admin/agency_form.html", form=form, agency=agency), form.status


@bp.route("/agencies/<int:agency_id>/delete", methods=["GET", "POST"])
def agency_delete(agency_id: int):
    agency = _agency_or_404(agency_id)
    if request.method == "POST":
        if _commit(None, lambda: agency_services.delete_agency(agency)):
            return respond(redirect=url_for("admin.agencies"), flash=_("Đã xoá cơ quan."))
        return redirect_after_post(url_for("admin.agency_delete", agency_id=agency_id))
    return render_template("admin/agency_delete.html", agency=agency)


# --- accounts, roles and memberships --------------------------------------------------------

@bp.route("/users")
def users():
    q = (request.args.get("q") or "").strip()[:100]
    role = request.args.get("role") or ""
    query = select(User).where(User.deleted_at.is_(None)).options(selectinload(User.memberships)).order_by(User.id.desc())
    if q:
        like = f"%{q.lower()}%"
        query = query.where(or_(func.lower(User.email).like(like), func.lower(User.display_name).like(like), func.lower(User.organisation_name).like(like)))
    if role in ROLES:
        query = query.where(User.role == role)
    page = db.paginate(query, page=_page(), per_page=PER_PAGE, error_out=False)
    return render_template("admin/users.html", page=page, q=q, role=role, roles=ROLES)


def _user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or user.is_deleted:
        abort(404)
    return user


def _user_forms(user: User):
    role_form = RoleForm(obj=user, prefix="role")
    membership_form = MembershipForm(prefix="membership")
    membership_form.agency_id.choices = _agency_choices()
    verify_form = VerifyForm(prefix="verify", verified=user.organisation_verified_at is not None)
    return role_form, membership_form, verify_form


def _render_user(user: User, status: int = 200, **forms):
    role_form, membership_form, verify_form = _user_forms(user)
    context = {"role_form": role_form, "membership_form": membership_form, "verify_form": verify_form}
    context.update(forms)
    return render_template("admin/user.html", user=user, **context), status


@bp.route("/users/<int:user_id>")
def user_detail(user_id: int):
    return _render_user(_user_or_404(user_id))


@bp.route("/users/<int:user_id>/role", methods=["POST"])
def user_role(user_id: int):
    user = _user_or_404(user_id)
    role_form = RoleForm(prefix="role")
    new_role = role_form.role.data
    decision = can_change_role(current_user, user, new_role)
    if not decision:
        role_form.add_error(ServiceError(decision.reason, "role"))
        return _render_user(user, 422, role_form=role_form)
    if _commit(role_form, lambda: account_services.change_role(user, new_role)):
        return respond(redirect=url_for("admin.user_detail", user_id=user.id), flash=_("Đã đổi vai trò."))
    return _render_user(user, 422, role_form=role_form)


@bp.route("/users/<int:user_id>/memberships", methods=["POST"])
def membership_add(user_id: int):
    user = _user_or_404(user_id)
    form = MembershipForm(prefix="membership")
    form.agency_id.choices = _agency_choices()
    raw = form.agency_id.data or ""
    agency = db.session.get(Agency, as_id(raw)) if as_id(raw) else None

    def add():
        if agency is None:
            raise ServiceError(_l("Vui lòng chọn một cơ quan."), "agency_id")
        agency_services.add_membership(user, agency, form.job_title.data or "")

    if _commit(form, add):
        return respond(redirect=url_for("admin.user_detail", user_id=user.id), flash=_("Đã thêm cán bộ vào cơ quan."))
    return _render_user(user, 422, membership_form=form)


@bp.route("/users/<int:user_id>/memberships/<int:membership_id>/delete", methods=["POST"])
def membership_remove(user_id: int, membership_id: int):
    user = _user_or_404(user_id)
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.user_id != user.id:
        abort(404)
    _commit(None, lambda: agency_services.remove_membership(membership))
    return respond(redirect=url_for("admin.user_detail", user_id=user.id), flash=_("Đã gỡ cán bộ khỏi cơ quan."))


@bp.route("/users/<int:user_id>/verify", methods=["POST"])
def user_verify(user_id: int):
    user = _user_or_404(user_id)
    if not user.is_business:
        abort(400, description=_("Chỉ tài khoản doanh nghiệp mới cần xác minh."))
    form = VerifyForm(prefix="verify")
    _commit(None, lambda: account_services.set_organisation_verified(user, bool(form.verified.data)))
    return respond(redirect=url_for("admin.user_detail", user_id=user.id), flash=_("Đã cập nhật trạng thái xác minh."))


# --- audit log ----------------------------------------------------------------------------

@bp.route("/audit")
def audit_log():
    action = (request.args.get("action") or "").strip()[:80]
    actor = (request.args.get("actor") or "").strip()[:100]
    query = select(AuditEntry).order_by(AuditEntry.id.desc())
    if action:
        query = query.where(AuditEntry.action.like(f"{action}%"))
    if actor:
        query = query.where(func.lower(AuditEntry.actor_label).like(f"%{actor.lower()}%"))
    page = db.paginate(query, page=_page(), per_page=PER_PAGE, error_out=False)
    actions = db.session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action)).all()
    return render_template("admin/audit.html", page=page, action=action, actor=actor, actions=actions)


# --- working days -------------------------------------------------------------------------

@bp.route("/workdays", methods=["GET", "POST"])
def workdays_page():
    try:
        year = int(request.args.get("year", local_today().year))
    except ValueError:
        year = local_today().year
    year = min(max(year, 2000), 2100)
    form = WorkdayForm()
    if request.method == "POST":
        problems = Problems()  # a bad date and a too long note are both reported
        day = problems.check(parse_date, form.day.data, "day")
        note = problems.check(workdays.check_note, form.note.data)
        if problems:
            try:
                problems.raise_if_any()
            except ServiceError as error:
                form.add_error(error)
        elif _commit(form, lambda: workdays.set_override(day, form.is_working_day.data == "1", note)):
            return respond(redirect=url_for("admin.workdays_page", year=day.year), flash=_("Đã lưu ngày làm bù / nghỉ bù."))
    return (
        render_template(
            "admin/workdays.html",
            form=form,
            year=year,
            overrides=workdays.overrides_for_year(year),
            public_holidays=workdays.public_holidays_for_year(year, str(get_locale())),
        ),
        form.status,
    )


@bp.route("/workdays/<int:override_id>/delete", methods=["POST"])
def workday_delete(override_id: int):
    override = db.session.get(workdays.WorkdayOverride, override_id)
    if override is None:
        abort(404)
    year = override.day.year
    _commit(None, lambda: workdays.remove_override(override))
    return respond(redirect=url_for("admin.workdays_page", year=year), flash=_("Đã xoá ngày làm bù / nghỉ bù."))


# --- site settings and topics ----------------------------------------------------------

@bp.route("/settings", methods=["GET", "POST"])
def settings_page():
    from ..core import settings

    errors: dict[str, str] = {}
    if request.method == "POST":
        def save():
            for key in settings.SPECS:
                if key in request.form:
                    try:
                        settings.set_value(key, request.form[key])
                    except ServiceError as error:
                        errors[key] = str(error.message)
            if errors:
                raise ServiceError(_l("Vui lòng kiểm tra lại các giá trị được đánh dấu."))

        try:
            run_service(save)
        except ServiceError:
            pass
        else:
            return respond(redirect=url_for("admin.settings_page"), flash=_("Đã lưu thiết lập."))
    rows = [(spec, request.form.get(key, settings.get(key)) if errors else settings.get(key)) for key, spec in sorted(settings.SPECS.items())]
    return render_template("admin/settings.html", rows=rows, errors=errors), (422 if errors else 200)


@bp.route("/topics", methods=["GET", "POST"])
def topics_page():
    from ..topics.services import all_topics, create_topic

    error = None
    if request.method == "POST":
        try:
            run_service(lambda: create_topic(request.form.get("name", "")))
        except ServiceError as exc:
            error = str(exc.message)
        else:
            return respond(redirect=url_for("admin.topics_page"), flash=_("Đã thêm lĩnh vực."))
    return render_template("admin/topics.html", topics=all_topics(), error=error, name=request.form.get("name", "")), (422 if error else 200)
