"""Demo consultations (from demo_content.py): published in the past where the story needs it,
with a revised version, comments, replies and votes dated across the consultation period."""
from __future__ import annotations

import random
from datetime import datetime, time, timedelta, timezone
from typing import Callable

from sqlalchemy import select

from ..accounts.models import User
from ..agencies.models import Agency, Membership
from ..comments.models import Comment
from ..comments.services import check_body, next_receipt
from ..core.text import slugify
from ..core.timeutil import LOCAL_TZ, local_today, utcnow
from ..extensions import db
from ..votes.models import Vote
from . import services
from .demo_content import CONSULTATIONS, TOPICS
from .models import Topic


def _at(day, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=LOCAL_TZ).astimezone(timezone.utc)


def _staff_for(agency: Agency) -> User:
    return db.session.scalar(
        select(User).join(Membership, Membership.user_id == User.id).where(Membership.agency_id == agency.id).limit(1)
    )


def already_loaded() -> bool:
    return db.session.scalar(select(Topic.id).limit(1)) is not None


def load(echo: Callable[[str], None]) -> None:
    rng = random.Random(2026)
    topics = {}
    for name in TOPICS:
        topic = Topic(name=name, slug=slugify(name))
        db.session.add(topic)
        topics[name] = topic
    db.session.flush()
    users = {u.email: u for u in db.session.scalars(select(User))}
    today = local_today()
    for item in CONSULTATIONS:
        agency = db.session.scalar(select(Agency).where(Agency.slug == item["agency_slug"]))
        staff = _staff_for(agency)
        opens_on = today - timedelta(days=item["opens_days_ago"])
        closes_on = opens_on + timedelta(days=item["open_days"] - 1)
        consultation = services.create_consultation(staff, agency, {
            "title": item["title"], "kind": item["kind"], "summary": item["summary"],
            "opens_on": opens_on, "closes_on": closes_on, "body": item["body"],
        })
        consultation.topics = [topics[name] for name in item["topics"]]
        published = min(utcnow(), _at(opens_on - timedelta(days=1), 9))
        consultation.published_at = published
        consultation.announced_closes_on = closes_on
        first = consultation.versions[0]
        first.published_at = published
        sections = {s.label: s.id for s in first.sections}
        if item.get("revision"):
            version = services.start_revision(staff, consultation, {"body": item["revision"]["body"]})
            version.changelog = item["revision"]["changelog"]
            version.published_at = min(utcnow(), _at(opens_on + timedelta(days=max(1, item["opens_days_ago"] // 2)), 14))
        last = min(utcnow(), _at(closes_on, 17))
        span = max(1.0, (last - _at(opens_on, 8)).total_seconds())
        count = 0

        def add(entry, parent, when):
            nonlocal count
            comment = Comment(
                subject_type=services.SUBJECT, subject_id=consultation.id,
                section_id=parent.section_id if parent else sections.get(entry.get("section")),
                parent_id=parent.id if parent else None, depth=parent.depth + 1 if parent else 0,
                author_id=users[entry["author"]].id, body=check_body(entry["body"]), receipt=next_receipt(),
                created_at=when, updated_at=when,
            )
            db.session.add(comment)
            db.session.flush()
            count += 1
            for value in ("up", "down"):
                for email in entry.get("votes", {}).get(value, []):
                    db.session.add(Vote(user_id=users[email].id, subject_type="comment", subject_id=comment.id, value=value))
            for reply in entry.get("replies", []):
                add(reply, comment, min(last, when + timedelta(hours=rng.randint(2, 40))))

        starts = sorted(rng.random() * 0.8 * span for _ in item["comments"])
        for entry, offset in zip(item["comments"], starts):
            add(entry, None, _at(opens_on, 8) + timedelta(seconds=offset))
        for value in ("agree", "disagree"):
            for email in item.get(value, []):
                db.session.add(Vote(user_id=users[email].id, subject_type=services.SUBJECT, subject_id=consultation.id, value=value))
        db.session.flush()
        echo(f"  {consultation.title[:70]}… ({consultation.status}, {count} ý kiến)")
    db.session.commit()


