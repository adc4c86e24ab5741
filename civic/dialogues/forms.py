"""Dialogue forms: they render fields and carry the CSRF token; the checks live in services."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, FileField, RadioField, SelectField, StringField, TextAreaField

from ..core.forms import DateText, DateTimeText, Form, choices
from .models import COMMITMENT_LABELS, MODE_LABELS


KIND_LABELS = {
    "upcoming": _l("Lên lịch buổi đối thoại sắp diễn ra: người dân, doanh nghiệp đăng ký và gửi câu hỏi trước"),
    "past": _l("Buổi đối thoại đã diễn ra: ghi lại để soạn và công bố biên bản (không có đăng ký qua trang)"),
}


class SessionForm(Form):
    kind = RadioField(_l("Buổi đối thoại"), choices=choices(KIND_LABELS.items()), default="upcoming", validate_choice=False)
    agency_id = SelectField(_l("Cơ quan tổ chức"), validate_choice=False)
    title = StringField(_l("Tên buổi đối thoại"))
    topic = SelectField(_l("Lĩnh vực"), validate_choice=False)
    description = TextAreaField(_l("Nội dung, đối tượng mời"))
    starts_at = DateTimeText(_l("Bắt đầu"))
    ends_at = DateTimeText(_l("Kết thúc"))
    place = StringField(_l("Địa điểm"))
    online_url = StringField(_l("Đường dẫn dự trực tuyến"))
    officials = TextAreaField(_l("Lãnh đạo dự (mỗi dòng: Họ tên, Chức vụ)"))
    capacity = StringField(_l("Số chỗ"))
    registration_opens_at = DateTimeText(_l("Mở đăng ký từ"))
    registration_closes_at = DateTimeText(_l("Hạn đăng ký"))
    questions_allowed = BooleanField(_l("Nhận câu hỏi gửi trước"), default=True)


class RegistrationForm(Form):
    mode = RadioField(_l("Hình thức tham dự"), choices=choices(MODE_LABELS.items()), default="in_person",
                      validate_choice=False)
    organisation = StringField(_l("Tham dự với tư cách doanh nghiệp (tên doanh nghiệp)"))


class QuestionForm(Form):
    body = TextAreaField(_l("Câu hỏi của bạn"))
    anonymous = BooleanField(_l("Không công khai tên tôi (cán bộ tổ chức vẫn biết người hỏi)"))


class MergeQuestionForm(Form):
    target = StringField(_l("Số của câu hỏi được gộp vào"))


class ChangeNoteForm(Form):
    """Every change to published minutes says what changed (the forms below add their fields)."""

    change_note = TextAreaField(_l("Nội dung sửa đổi (bắt buộc khi biên bản đã công bố)"))


class MinutesForm(ChangeNoteForm):
    citizens = StringField(_l("Số người dân dự trực tiếp"))
    businesses = StringField(_l("Số đại diện doanh nghiệp"))
    online = StringField(_l("Số người theo dõi trực tuyến"))
    agenda = TextAreaField(_l("Chương trình"))
    summary = TextAreaField(_l("Tóm tắt kết quả"))


class ItemForm(ChangeNoteForm):
    question_id = SelectField(_l("Câu hỏi gửi trước (nếu có)"), validate_choice=False)
    asked_by = StringField(_l("Người hỏi (để trống nếu giấu tên; câu hỏi gửi trước giấu tên thì không ghi tên)"))
    question = TextAreaField(_l("Nội dung câu hỏi"))
    answered_by_name = StringField(_l("Người trả lời"))
    answered_by_title = StringField(_l("Chức vụ người trả lời"))
    answer = TextAreaField(_l("Nội dung trả lời tại buổi đối thoại"))
    follow_up = BooleanField(_l("Cơ quan sẽ trả lời thêm bằng văn bản"))


class CommitmentForm(ChangeNoteForm):
    description = TextAreaField(_l("Nội dung cam kết"))
    owner = SelectField(_l("Cơ quan chịu trách nhiệm"), validate_choice=False)
    due_on = DateText(_l("Hạn hoàn thành"))
    item_id = SelectField(_l("Gắn với câu hỏi"), validate_choice=False)


class ScanForm(ChangeNoteForm):
    scan = FileField(_l("Bản scan biên bản có chữ ký (PDF)"))


class TrackForm(Form):
    new_status = RadioField(_l("Trạng thái"), choices=choices(COMMITMENT_LABELS.items()), validate_choice=False)
    note = TextAreaField(_l("Nội dung cập nhật (khi huỷ cam kết: lý do)"))
    on = DateText(_l("Ngày"))
