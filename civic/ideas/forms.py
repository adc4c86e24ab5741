"""Idea forms: they render fields and carry the CSRF token; the checks live in services."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import FileField, RadioField, SelectField, StringField, TextAreaField

from ..core.forms import DateText, Form, choices
from .models import DECLINE_REASONS


class IdeaForm(Form):
    title = StringField(_l("Tiêu đề sáng kiến"))
    problem = TextAreaField(_l("Vấn đề"))
    solution = TextAreaField(_l("Giải pháp đề xuất"))
    topic = SelectField(_l("Lĩnh vực"), validate_choice=False)
    agency = SelectField(_l("Cơ quan đề xuất xử lý (không bắt buộc)"), validate_choice=False)
    attachment = FileField(_l("Tệp đính kèm (không bắt buộc; PDF, DOCX, XLSX, ảnh; tối đa 20 MB)"))


class DeclineForm(Form):
    reason = RadioField(_l("Lý do không đăng"), choices=choices(DECLINE_REASONS.items()), validate_choice=False)
    note = TextAreaField(_l("Ghi chú gửi tác giả (không bắt buộc)"))


class StatusForm(Form):
    new_status = RadioField(_l("Trạng thái mới"), validate_choice=False)
    note = TextAreaField(_l("Lý do hoặc nội dung"))
    on = DateText(_l("Ngày thực hiện"))


class MergeForm(Form):
    target = StringField(_l("Số của sáng kiến được gộp vào"))


class AgencyForm(Form):
    agency = SelectField(_l("Cơ quan xử lý"), validate_choice=False)
