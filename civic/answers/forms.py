from flask_babel import lazy_gettext as _l
from wtforms import FileField, RadioField, StringField, TextAreaField

from ..core.forms import Form, choices
from .models import RATING_LABELS, RATINGS


class AnswerForm(Form):
    body = TextAreaField(_l("Nội dung trả lời"))
    signer_name = StringField(_l("Họ tên người ký"))
    signer_title = StringField(_l("Chức vụ"))
    attachment = FileField(_l("Tệp đính kèm (không bắt buộc; PDF, DOCX, XLSX, ảnh; tối đa 20 MB)"))


class CorrectionForm(AnswerForm):
    reason = TextAreaField(_l("Lý do đính chính (công khai)"))


class RatingForm(Form):
    value = RadioField(_l("Bạn có hài lòng với câu trả lời?"), choices=choices((r, RATING_LABELS[r]) for r in RATINGS), validate_choice=False)
    comment = TextAreaField(_l("Nhận xét thêm (không bắt buộc)"))
