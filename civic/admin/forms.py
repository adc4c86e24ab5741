from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, TextAreaField

from ..accounts.models import ROLE_LABELS, ROLES
from ..agencies.models import AGENCY_KIND_LABELS, AGENCY_KINDS
from ..core.forms import DateText, Form, choices


class AgencyForm(Form):
    name = StringField(_l("Tên cơ quan"))
    slug = StringField(_l("Đường dẫn rút gọn"))
    kind = SelectField(_l("Loại cơ quan"), choices=choices([("", _l("— Chọn loại cơ quan —"))] + [(k, AGENCY_KIND_LABELS[k]) for k in AGENCY_KINDS]), validate_choice=False)
    parent_id = SelectField(_l("Cơ quan cấp trên"), coerce=str, validate_choice=False)
    description = TextAreaField(_l("Giới thiệu"))
    website = StringField(_l("Trang web"))
    address = StringField(_l("Địa chỉ"))
    apology = TextAreaField(_l("Lời xin lỗi khi trả lời trễ hạn"))


class RoleForm(Form):
    role = SelectField(_l("Vai trò"), choices=choices((r, ROLE_LABELS[r]) for r in ROLES), validate_choice=False)


class MembershipForm(Form):
    agency_id = SelectField(_l("Cơ quan"), coerce=str, validate_choice=False)
    job_title = StringField(_l("Chức vụ"))


class VerifyForm(Form):
    verified = BooleanField(_l("Đã xác minh doanh nghiệp"))


class WorkdayForm(Form):
    day = DateText(_l("Ngày"))
    is_working_day = SelectField(
        _l("Loại ngày"),
        choices=choices([("1", _l("Ngày làm việc (làm bù)")), ("0", _l("Ngày nghỉ (nghỉ bù)"))]),
        validate_choice=False,
    )
    note = StringField(_l("Ghi chú"))
