"""Demo answers and a published synthesis report on the demo consultations."""
from __future__ import annotations

from datetime import timedelta
from typing import Callable

from sqlalchemy import select

from ..accounts.models import User
from ..agencies.models import Membership
from ..answers.models import Answer, OwedAnswer, Rating
from ..comments.models import Comment
from ..consultations.models import Consultation
from ..core.timeutil import local_today, utcnow
from ..core.workdays import add_working_days
from ..extensions import db
from .models import CommentOutcome, SynthesisReport

ANSWERS = [
    ("Văn phòng UBND Thành phố tiếp thu ý kiến. Dự thảo lần 2 đã sửa khoản 2 Điều 5: thời hạn bổ sung hồ sơ là 05 ngày làm việc, "
     "được gia hạn một lần trực tuyến, và thông báo yêu cầu bổ sung phải nêu căn cứ pháp lý của từng giấy tờ.", "on_time"),
    ("Cảm ơn ông/bà đã góp ý. Việc hoàn phí, lệ phí khi hồ sơ bị từ chối không do lỗi của người nộp đã được bổ sung tại khoản 3 "
     "Điều 7 dự thảo lần 2; tiền được hoàn trong 03 ngày làm việc.", "late"),
]
REPORT_INTRO = (
    "Sở Nội vụ đã nhận được ý kiến của người dân và doanh nghiệp trong thời gian lấy ý kiến. Các ý kiến đã được tổng hợp, "
    "tiếp thu hoặc giải trình theo từng điều của dự thảo."
)


def _at(day):
    from datetime import datetime, time, timezone

    from ..core.timeutil import LOCAL_TZ

    return min(utcnow(), datetime.combine(day, time(10, 0), tzinfo=LOCAL_TZ).astimezone(timezone.utc))


def already_loaded() -> bool:
    return db.session.scalar(select(Answer.id).limit(1)) is not None


def load(echo: Callable[[str], None]) -> None:
    consultations = {c.kind: c for c in db.session.scalars(select(Consultation))}
    regulation, policy = consultations.get("regulation"), consultations.get("policy")
    if regulation is None or policy is None:
        echo("  (no demo consultations: nothing to answer)")
        return
    staff = db.session.scalar(select(User).join(Membership).where(Membership.agency_id == regulation.agency_id))
    tops = list(db.session.scalars(
        select(Comment).where(Comment.subject_type == "consultation", Comment.subject_id == regulation.id, Comment.parent_id.is_(None))
        .order_by(Comment.created_at)
    ))
    today = local_today()
    for (text, timing), comment in zip(ANSWERS, tops):
        triggered = today - timedelta(days=25)
        due = add_working_days(triggered, 15)
        answered = due - timedelta(days=2) if timing == "on_time" else due + timedelta(days=3)
        db.session.add(OwedAnswer(subject_type="comment", subject_id=comment.id, agency_id=regulation.agency_id, reason="marked",
                                  triggered_on=triggered, due_on=due, answered_on=answered, created_by_id=staff.id))
        answer = Answer(subject_type="comment", subject_id=comment.id, agency_id=regulation.agency_id, body=text,
                        signer_name=staff.display_name, signer_title="Chuyên viên Phòng Kiểm soát thủ tục hành chính",
                        answered_by_id=staff.id, created_at=_at(answered), updated_at=_at(answered))
        db.session.add(answer)
        db.session.flush()
        db.session.add(Rating(answer_id=answer.id, user_id=comment.author_id,
                              value="satisfied" if timing == "on_time" else "neutral",
                              comment="" if timing == "on_time" else "Trả lời rõ nhưng chậm."))
    if len(tops) > 2:
        overdue = tops[2]
        triggered = today - timedelta(days=40)
        db.session.add(OwedAnswer(subject_type="comment", subject_id=overdue.id, agency_id=regulation.agency_id, reason="marked",
                                  triggered_on=triggered, due_on=add_working_days(triggered, 15), created_by_id=staff.id))
    # The closed policy consultation: a published report, outcomes for every comment.
    report = SynthesisReport(consultation_id=policy.id, introduction=REPORT_INTRO, published_at=utcnow(), revision=1)
    db.session.add(report)
    db.session.flush()
    outcomes = [("accepted", "Đã bổ sung vào dự thảo: hội nghị đối thoại tổ chức ít nhất hai lần mỗi năm."),
                ("partly_accepted", "Tiếp thu việc công khai biên bản; việc truyền hình trực tiếp tuỳ điều kiện từng địa phương."),
                ("explained", "Nội dung này đã được quy định tại Luật Thực hiện dân chủ ở cơ sở, không quy định lại."),
                ("noted", "")]
    comments = db.session.scalars(select(Comment).where(Comment.subject_type == "consultation", Comment.subject_id == policy.id, Comment.status == "published").order_by(Comment.id))
    for n, comment in enumerate(comments):
        outcome, reasoning = outcomes[n % len(outcomes)]
        db.session.add(CommentOutcome(report_id=report.id, comment_id=comment.id, outcome=outcome, reasoning=reasoning))
    policy.concluded_at = utcnow()
    db.session.commit()
    echo("  answers (on time, late, overdue), ratings, and a published synthesis report")
