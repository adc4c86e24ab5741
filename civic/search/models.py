"""Index writes that failed (index locked for too long, disk full), kept in the database until
a later write or `flask --app civic search reindex` succeeds: never a lost update."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ..core.models import UTCDateTime
from ..core.timeutil import utcnow
from ..extensions import db


class SearchQueue(db.Model):
    __tablename__ = "search_queue"

    kind: Mapped[str] = mapped_column(String(30), primary_key=True)
    row_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
