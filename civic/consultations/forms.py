from flask_babel import lazy_gettext as _l
from wtforms import FileField, SelectField, SelectMultipleField, StringField, TextAreaField

from ..core.forms import DateText, Form, choices
from .models import KIND_LABELS, KINDS


class ConsultationForm(Form):
    agency_id = SelectField(_l("Cơ quan chủ trì"), validate_choice=False)
    title = StringField(_l("Tên dự thảo"))
    kind = SelectField(_l("Loại dự thảo"), choices=choices([("", _l("— Chọn loại dự thảo —"))] + [(k, KIND_LABELS[k]) for k in KINDS]), validate_choice=False)
    topics = SelectMultipleField(_l("Lĩnh vực"), validate_choice=False)
    summary = TextAreaField(_l("Tóm tắt"))
    opens_on = DateText(_l("Ngày bắt đầu lấy ý kiến"))
    closes_on = DateText(_l("Ngày kết thúc lấy ý kiến"))
    body = TextAreaField(_l("Toàn văn dự thảo"))
    body_file = FileField(_l("Hoặc tải lên tệp DOCX"))


class RevisionForm(Form):
    body = TextAreaField(_l("Toàn văn dự thảo sửa đổi"))
    body_file = FileField(_l("Hoặc tải lên tệp DOCX"))
    changelog = TextAreaField(_l("Nội dung sửa đổi"))


class PublishRevisionForm(Form):
    changelog = TextAreaField(_l("Nội dung sửa đổi"))


class ExtendForm(Form):
    closes_on = DateText(_l("Ngày kết thúc mới"))
    reason = TextAreaField(_l("Lý do gia hạn"))


class AttachmentForm(Form):
    file = FileField(_l("Tệp đính kèm (PDF, DOCX, XLSX, ảnh; tối đa 20 MB)"))
