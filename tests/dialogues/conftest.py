"""Dialogue fixtures: a topic, and sessions built through the service at a fixed moment."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from civic.topics.models import Topic
from civic.dialogues import services
from tests.factories import make_staff

# Monday 2026-03-02 09:00 in Viet Nam (02:00 UTC): registration is open from now for a week.
NOW = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)


@pytest.fixture
def topic(db):
    topic = Topic(name="Đất đai", slug="dat-dai")
    db.session.add(topic)
    db.session.commit()
    return topic


def local(moment: datetime) -> str:
    """A UTC moment as the form's local date-time text."""
    return moment.astimezone(timezone(timedelta(hours=7))).strftime("%Y-%m-%dT%H:%M")


def session_data(agency, the_topic, **changes) -> dict:
    start = NOW + timedelta(days=10)
    data = {
        "agency_id": str(agency.id), "title": "Đối thoại về thủ tục cấp giấy chứng nhận quyền sử dụng đất",
        "topic": the_topic.slug, "description": "Lãnh đạo quận trao đổi với người dân về hồ sơ đất đai tồn đọng.",
        "starts_at": local(start), "ends_at": local(start + timedelta(hours=3)),
        "place": "Hội trường UBND quận Bình Tân, 521 Kinh Dương Vương", "online_url": "https://gopy.example/truc-tuyen",
        "capacity": "3", "registration_opens_at": local(NOW - timedelta(hours=1)),
        "registration_closes_at": local(start - timedelta(days=1)), "questions_allowed": "y",
    }
    data.update(changes)
    return data


def make_session(db, agency, topic, staff=None, officials=(("Nguyễn Văn An", "Phó Chủ tịch UBND quận"),), **changes):
    staff = staff or make_staff(agency)
    session = services.schedule(staff, session_data(agency, topic, **changes), officials)
    db.session.commit()
    return session
