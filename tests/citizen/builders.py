"""Things a person does, made through the services (as the pages make them): comments with
receipts, answers owed and given, report outcomes, ratings, ideas, registrations, questions."""
from __future__ import annotations

from datetime import timedelta

from civic.answers import services as answers
from civic.comments import services as comments
from civic.topics.models import Topic
from civic.core import settings
from civic.core.timeutil import local_today
from civic.dialogues import services as dialogues
from civic.extensions import db
from civic.ideas import services as ideas
from civic.reports import services as reports
from tests.dialogues.conftest import session_data
from tests.factories import HOSTILE, make_staff, make_user

ANSWER = {"body": f"Sở ghi nhận và sẽ điều chỉnh khoản 2 Điều 5. {HOSTILE}", "signer_name": "Trần Quốc Huy",
          "signer_title": "Trưởng phòng Cải cách hành chính"}


def topic() -> Topic:
    found = db.session.query(Topic).filter_by(slug="giao-thong").one_or_none()
    if found is None:
        found = Topic(name="Giao thông", slug="giao-thong")
        db.session.add(found)
        db.session.commit()
    return found


def comment(user, consultation, body: str = "Đề nghị rút ngắn thời hạn giải quyết hồ sơ."):
    made = comments.post_comment(user, "consultation", consultation, body)
    db.session.commit()
    return made


def owe(staff, made):
    owed = answers.mark_owed(staff, "comment", made)
    db.session.commit()
    return owed


def answer(staff, made, subject_type: str = "comment"):
    given = answers.give_answer(staff, subject_type, made, ANSWER)
    db.session.commit()
    return given


def rate(user, given, made, value: str = "satisfied"):
    rating = answers.rate(user, given, made, value, "")
    db.session.commit()
    return rating


def close(consultation):
    consultation.opens_on = local_today() - timedelta(days=40)
    consultation.closes_on = local_today() - timedelta(days=1)
    db.session.commit()


def publish_report(staff, consultation, outcomes: dict):
    """outcomes: {comment: (outcome, reasoning)}; the rest are noted."""
    report = reports.start(staff, consultation)
    for made, (outcome, reasoning) in outcomes.items():
        reports.assign(staff, consultation, report, [str(made.id)], outcome, reasoning)
    reports.publish(staff, consultation, report, confirm_noted=True)
    db.session.commit()
    return report


def idea(author, agency, title: str = "Làn đường riêng cho xe buýt trên các trục chính", threshold: int = 10, publish: bool = True):
    settings.set_value("idea_support_threshold", threshold)
    made = ideas.submit(author, {
        "title": title, "topic": topic().slug, "agency": agency.slug,
        "problem": f"Xe buýt bị kẹt cùng xe cá nhân nên chậm và ít người đi. {HOSTILE}",
        "solution": "Sơn làn ưu tiên cho xe buýt giờ cao điểm và xử phạt xe đi sai làn bằng camera.",
    })
    if publish:
        ideas.publish(make_staff(agency), made)
    db.session.commit()
    return made


def supports(made, count: int):
    for _ in range(count):
        ideas.support(make_user(), made)
    db.session.commit()


def session(agency, staff=None, start_in_days: int = 10, **changes):
    """A dialogue session starting `start_in_days` from now (registration open now)."""
    from civic.core.timeutil import utcnow
    from tests.dialogues.conftest import local

    now = utcnow().replace(second=0, microsecond=0)
    start = now + timedelta(days=start_in_days)
    data = session_data(agency, topic(), **{
        "starts_at": local(start), "ends_at": local(start + timedelta(hours=3)),
        "registration_opens_at": local(now - timedelta(hours=1)),
        "registration_closes_at": local(start - timedelta(days=1)), **changes,
    })
    made = dialogues.schedule(staff or make_staff(agency), data, (("Nguyễn Văn An", "Phó Chủ tịch UBND quận"),))
    db.session.commit()
    return made


def register(user, made):
    registration = dialogues.register(user, made)
    db.session.commit()
    return registration


def ask(user, made, body: str = "Khi nào hoàn thành cấp sổ đỏ khu tái định cư Tân Tạo?"):
    question = dialogues.ask(user, made, body)
    db.session.commit()
    return question
