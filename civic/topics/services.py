"""Topics: the list, the choices of filters and fields, and creating one (admin)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from ..core import audit
from ..core.services import ServiceError
from ..core.text import clean_line, slugify
from ..extensions import db
from .models import Topic


def all_topics() -> list[Topic]:
    return list(db.session.scalars(select(Topic).order_by(Topic.name)))


def topic_options() -> list[tuple[str, str]]:
    """(slug, name) of every topic, by name: the choices of the topic filters and fields."""
    return [tuple(row) for row in db.session.execute(select(Topic.slug, Topic.name).order_by(Topic.name))]


def create_topic(name: str) -> Topic:
    name = clean_line(name)
    if not name or len(name) > 100:
        raise ServiceError(_l("Tên lĩnh vực dài từ 1 đến 100 ký tự."), "name")
    slug = slugify(name)
    if db.session.scalar(select(Topic.id).where(or_(Topic.slug == slug, Topic.name == name))):
        raise ServiceError(_l("Lĩnh vực này đã có."), "name")
    topic = Topic(name=name, slug=slug)
    db.session.add(topic)
    db.session.flush()
    audit.record("topic.create", topic, after={"name": name}, summary=name)
    return topic
