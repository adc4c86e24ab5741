"""Dialogue sessions (hội nghị đối thoại): an agency meets people and businesses; they register
and send questions beforehand; the minutes (biên bản) record each question, who answered and
what, and the commitments made in the room, which are then tracked to done."""
from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.models import StoredFileMixin, TimestampMixin, UTCDateTime
from ..core.timeutil import local_today, utcnow
from ..extensions import db

# A session's status follows from its dates and its minutes (never stored, so never stale).
SCHEDULED, REGISTRATION_OPEN, CLOSED, HELD, MINUTES_PUBLISHED = (
    "scheduled", "registration_open", "closed", "held", "minutes_published")
STATUSES = (SCHEDULED, REGISTRATION_OPEN, CLOSED, HELD, MINUTES_PUBLISHED)
STATUS_LABELS = {
    SCHEDULED: _l("Sắp mở đăng ký"),
    REGISTRATION_OPEN: _l("Đang nhận đăng ký"),
    CLOSED: _l("Đã hết hạn đăng ký"),
    HELD: _l("Đã diễn ra"),
    MINUTES_PUBLISHED: _l("Đã công bố biên bản"),
}

IN_PERSON, ONLINE = "in_person", "online"
MODES = (IN_PERSON, ONLINE)
MODE_LABELS = {IN_PERSON: _l("Dự trực tiếp"), ONLINE: _l("Dự trực tuyến")}

CONFIRMED, WAITING, CANCELLED = "confirmed", "waiting", "cancelled"
REGISTRATION_LABELS = {CONFIRMED: _l("Đã đăng ký"), WAITING: _l("Trong danh sách chờ"), CANCELLED: _l("Đã huỷ")}

OPEN, IN_PROGRESS, DONE, DROPPED = "open", "in_progress", "done", "dropped"
COMMITMENT_STATUSES = (OPEN, IN_PROGRESS, DONE, DROPPED)
# "Chưa thực hiện" (not yet done) read too much like "Không thực hiện" (dropped): a commitment
# not yet begun and one the agency gave up on are worded apart wherever they are shown.
COMMITMENT_LABELS = {
    OPEN: _l("Chưa bắt đầu"),
    IN_PROGRESS: _l("Đang thực hiện"),
    DONE: _l("Đã hoàn thành"),
    DROPPED: _l("Không thực hiện (đã huỷ cam kết)"),
}
OVERDUE_LABEL = _l("Quá hạn")
# The parts of the minutes a revision may touch (MinutesRevision.changed holds their keys).
PART_LABELS = {
    "attendance": _l("thành phần tham dự"), "agenda": _l("chương trình"), "summary": _l("tóm tắt"),
    "items": _l("câu hỏi và trả lời"), "commitments": _l("cam kết"), "scan": _l("bản scan có chữ ký"),
}


class DialogueSession(TimestampMixin, db.Model):
    __tablename__ = "dialogue_sessions"
    __table_args__ = (
        # The database keeps the seat count within the capacity, whatever requests race.
        CheckConstraint("attending >= 0 AND attending <= capacity", name="attending_within_capacity"),
        CheckConstraint("capacity > 0", name="capacity_positive"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("registration_closes_at > registration_opens_at", name="registration_window"),
        CheckConstraint("registration_closes_at <= starts_at", name="registration_before_start"),
        # A session recorded after it took place has no registration at all (no seats, no
        # window, no questions beforehand); any other session has all of it.
        CheckConstraint(
            "(recorded_after AND capacity IS NULL AND registration_opens_at IS NULL AND registration_closes_at IS NULL"
            " AND attending = 0 AND NOT questions_allowed)"
            " OR (NOT recorded_after AND capacity IS NOT NULL AND registration_opens_at IS NOT NULL"
            " AND registration_closes_at IS NOT NULL)",
            name="registration_unless_recorded"),
        Index("ix_dialogue_sessions_starts_at", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="RESTRICT"), nullable=False, index=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="RESTRICT"), nullable=False, index=True)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    place: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    online_url: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    # Recorded after it took place (staff write its minutes; nobody registered through the site).
    recorded_after: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False, server_default=false())
    capacity: Mapped[int | None] = mapped_column()   # None: recorded after the fact
    attending: Mapped[int] = mapped_column(nullable=False, default=0, server_default="0")  # confirmed seats
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    questions_allowed: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    agency = relationship("Agency", lazy="joined", innerjoin=True)
    topic = relationship("Topic", lazy="joined", innerjoin=True)
    officials = relationship("DialogueOfficial", order_by="DialogueOfficial.position", cascade="all, delete-orphan",
                             lazy="selectin")
    minutes = relationship("Minutes", uselist=False, back_populates="session", lazy="selectin")

    @property
    def status(self) -> str:
        now = utcnow()
        if self.minutes is not None and self.minutes.published_at is not None:
            return MINUTES_PUBLISHED
        if now >= self.ends_at or self.recorded_after:
            return HELD
        if now >= self.registration_closes_at:
            return CLOSED
        if now >= self.registration_opens_at:
            return REGISTRATION_OPEN
        return SCHEDULED

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def has_started(self) -> bool:
        return utcnow() >= self.starts_at

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.attending >= self.capacity

    @property
    def seats_left(self) -> int | None:
        """Seats still free; None for a session recorded after the fact (it had no registration)."""
        return None if self.capacity is None else max(0, self.capacity - self.attending)


class DialogueOfficial(db.Model):
    """An official who attends for the agency (named in the announcement and the minutes)."""

    __tablename__ = "dialogue_officials"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("dialogue_sessions.id", ondelete="CASCADE"), nullable=False, index=True)
    position: Mapped[int] = mapped_column(nullable=False, default=0)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    title: Mapped[str] = mapped_column(String(160), nullable=False)


class Registration(db.Model):
    """One account's place at a session: confirmed, waiting (in order of `queued_at`) or cancelled."""

    __tablename__ = "dialogue_registrations"
    __table_args__ = (
        UniqueConstraint("session_id", "user_id"),
        CheckConstraint("status IN ('confirmed', 'waiting', 'cancelled')", name="status_known"),
        CheckConstraint("mode IN ('in_person', 'online')", name="mode_known"),
        Index("ix_dialogue_registrations_queue", "session_id", "status", "queued_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("dialogue_sessions.id", ondelete="CASCADE"), nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    mode: Mapped[str] = mapped_column(String(10), nullable=False, default=IN_PERSON)
    organisation: Mapped[str] = mapped_column(String(200), nullable=False, default="")  # businesses attend as it
    status: Mapped[str] = mapped_column(String(10), nullable=False)
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow, nullable=False)

    user = relationship("User", lazy="joined", innerjoin=True)

    @property
    def status_label(self) -> str:
        return str(REGISTRATION_LABELS[self.status])

    @property
    def mode_label(self) -> str:
        return str(MODE_LABELS[self.mode])


class DialogueQuestion(db.Model):
    """A question sent before the session by a registrant (the public may not see who asked)."""

    __tablename__ = "dialogue_questions"
    __table_args__ = (
        CheckConstraint("merged_into_id IS NULL OR merged_into_id <> id", name="not_merged_into_itself"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("dialogue_sessions.id", ondelete="CASCADE"), nullable=False, index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), nullable=False, index=True)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    anonymous: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    selected: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)  # will be taken in the session
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("dialogue_questions.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)

    author = relationship("User", lazy="joined", innerjoin=True)

    def public_author(self) -> str:
        return str(_l("Người hỏi giấu tên")) if self.anonymous else self.author.public_name


class Minutes(db.Model):
    """The record of a held session: attendance, agenda, questions and answers, commitments.
    A draft until published; every change after that is a public revision."""

    __tablename__ = "dialogue_minutes"
    __table_args__ = (
        CheckConstraint("citizens >= 0 AND businesses >= 0 AND online >= 0", name="counts_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("dialogue_sessions.id", ondelete="CASCADE"), unique=True, nullable=False)
    citizens: Mapped[int] = mapped_column(nullable=False, default=0)      # attended in person
    businesses: Mapped[int] = mapped_column(nullable=False, default=0)    # business representatives
    online: Mapped[int] = mapped_column(nullable=False, default=0)        # followed online
    agenda: Mapped[str] = mapped_column(Text, nullable=False, default="")
    summary: Mapped[str] = mapped_column(Text, nullable=False, default="")
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow, nullable=False)

    session = relationship("DialogueSession", back_populates="minutes")
    items = relationship("MinutesItem", order_by="(MinutesItem.position, MinutesItem.id)", cascade="all, delete-orphan",
                         back_populates="minutes")
    revisions = relationship("MinutesRevision", order_by="MinutesRevision.id", cascade="all, delete-orphan")
    scan = relationship("MinutesScan", uselist=False, cascade="all, delete-orphan", lazy="selectin")

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class MinutesItem(db.Model):
    """One question raised in the session (sent beforehand or from the floor) and its answer."""

    __tablename__ = "dialogue_minutes_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(ForeignKey("dialogue_minutes.id", ondelete="CASCADE"), nullable=False, index=True)
    position: Mapped[int] = mapped_column(nullable=False, default=0)
    question_id: Mapped[int | None] = mapped_column(ForeignKey("dialogue_questions.id", ondelete="SET NULL"), index=True)
    asked_by: Mapped[str] = mapped_column(String(200), nullable=False, default="")  # empty: anonymous
    question: Mapped[str] = mapped_column(Text, nullable=False)
    answered_by_name: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    answered_by_title: Mapped[str] = mapped_column(String(160), nullable=False, default="")
    answer: Mapped[str] = mapped_column(Text, nullable=False, default="")
    follow_up: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)  # a written answer is owed

    minutes = relationship("Minutes", back_populates="items")


class Commitment(db.Model):
    """What an agency promised in the session, by when; tracked to done (or dropped, with why)."""

    __tablename__ = "dialogue_commitments"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'in_progress', 'done', 'dropped')", name="status_known"),
        Index("ix_dialogue_commitments_owner_status", "owner_agency_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("dialogue_sessions.id", ondelete="CASCADE"), nullable=False, index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("dialogue_minutes_items.id", ondelete="SET NULL"))
    description: Mapped[str] = mapped_column(Text, nullable=False)
    owner_agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id", ondelete="RESTRICT"), nullable=False)
    due_on: Mapped[date] = mapped_column(Date, nullable=False)
    status: Mapped[str] = mapped_column(String(12), nullable=False, default=OPEN)
    dropped_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    done_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)

    owner = relationship("Agency", lazy="joined", innerjoin=True)
    session = relationship("DialogueSession", lazy="joined", innerjoin=True)
    notes = relationship("CommitmentNote", order_by="CommitmentNote.id", cascade="all, delete-orphan")

    @property
    def is_overdue(self) -> bool:
        return self.status in (OPEN, IN_PROGRESS) and self.due_on < local_today()

    @property
    def status_label(self) -> str:
        return str(OVERDUE_LABEL) if self.is_overdue else str(COMMITMENT_LABELS[self.status])


class CommitmentNote(db.Model):
    """A dated progress note on a commitment (public)."""

    __tablename__ = "dialogue_commitment_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("dialogue_commitments.id", ondelete="CASCADE"), nullable=False, index=True)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    on: Mapped[date] = mapped_column(Date, nullable=False)
    status: Mapped[str] = mapped_column(String(12), nullable=False)  # the status it set
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)


class MinutesRevision(db.Model):
    """A public entry in the minutes' history: publication, then each revision — what changed
    (the note and the parts touched), when, by whom; `before` keeps the earlier text (JSON)."""

    __tablename__ = "dialogue_minutes_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(ForeignKey("dialogue_minutes.id", ondelete="CASCADE"), nullable=False, index=True)
    note: Mapped[str] = mapped_column(Text, nullable=False)   # empty: the publication itself
    changed: Mapped[str] = mapped_column(Text, nullable=False, default="")   # PART_LABELS keys, comma-separated
    before: Mapped[str] = mapped_column(Text, nullable=False, default="")    # the minutes before, as JSON
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)

    author = relationship("User", lazy="joined")

    @property
    def changed_labels(self) -> str:
        return ", ".join(str(PART_LABELS[key]) for key in self.changed.split(",") if key in PART_LABELS)


class MinutesScan(StoredFileMixin, db.Model):
    """The signed, scanned minutes (PDF)."""

    __tablename__ = "dialogue_minutes_scans"

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(ForeignKey("dialogue_minutes.id", ondelete="CASCADE"), unique=True, nullable=False)
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True, nullable=False)
