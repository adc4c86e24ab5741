"""One change stream, in the transaction.

Consumers (the search index today; the page cache and notices next) register what they watch:
after every flush, each consumer says which (kind, row id) the flushed changes concern, and
those are written as rows of `changes` — in the same transaction as the change itself, so a
change is never committed without its rows, and a rolled-back one leaves none. After the
request's commit the rows are applied (`flush`, called after the view returned) and deleted.
A worker killed between the commit and the apply (kill -9, out of memory, a timeout) leaves
its rows: the next request that changes something applies them, and so does
`flask --app civic changes apply` (for cron). `/readyz` says how many wait and how old the
oldest is. A consumer that fails (the search index locked for too long) keeps its rows for the
next try: nothing is lost and nothing is applied twice in a way that matters (applying reads
the current rows again).

Generations: a cached page is keyed by named counters (`generations`) that the same
after-flush step bumps in the same transaction: one per page (`page_generation`), bumped by a
change to any row shown on it, found through the content registry (`content.page_of`) — no
view or service says "this page changed" by hand; and, for what a page shows of things other
than its own rows — people's public names, say — a shared counter, bumped when a watched
attribute changes (`watch_generation`, from create_app), which the page's cache key reads too. A citizen renaming themself or deleting
their account changes every cached page's key at once, on every app server."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Iterable

from flask import g, has_app_context
from sqlalchemy import BigInteger, Index, Integer, String, delete, event, func, inspect, insert, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..extensions import db
from . import content
from .models import UTCDateTime
from .timeutil import utcnow

log = logging.getLogger("civic.changes")
BATCH = 500


class Change(db.Model):
    __tablename__ = "changes"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer(), "sqlite"), primary_key=True)
    consumer: Mapped[str] = mapped_column(String(30), nullable=False)
    kind: Mapped[str] = mapped_column(String(30), nullable=False)
    row_id: Mapped[int] = mapped_column(nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)

    __table_args__ = (Index("ix_changes_consumer_id", "consumer", "id"),)


class Generation(db.Model):
    __tablename__ = "generations"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger().with_variant(Integer(), "sqlite"), nullable=False, default=0)


@dataclass(frozen=True)
class Consumer:
    name: str
    collect: Callable[[Session], Iterable[tuple[str, int]]]   # a flushed session → what it changed
    apply: Callable[[set[tuple[str, int]]], None]             # raises when it could not apply


CONSUMERS: dict[str, Consumer] = {}
GENERATIONS: dict[tuple[type, str], tuple[str, ...]] = {}   # (model, generation) → watched attributes


def register(consumer: Consumer) -> None:
    """Called from create_app (the same consumer again replaces it)."""
    CONSUMERS[consumer.name] = consumer


def watch_generation(name: str, model: type, *attributes: str) -> None:
    """Bump generation `name` whenever a row of `model` is deleted or one of `attributes`
    changes (called from create_app)."""
    GENERATIONS[(model, name)] = attributes


def generation(name: str):
    """The generation's value as a scalar subquery (0 before its first bump), for a cache key."""
    return func.coalesce(select(Generation.value).where(Generation.name == name).scalar_subquery(), 0)


def _bumped(session) -> set[str]:
    names = set()
    for (model, name), attributes in GENERATIONS.items():
        if any(isinstance(obj, model) for obj in session.deleted):
            names.add(name)
            continue
        for obj in session.dirty:
            if isinstance(obj, model):
                state = inspect(obj)
                if any(state.attrs[attribute].history.has_changes() for attribute in attributes):
                    names.add(name)
                    break
    return names


def page_generation(kind: str, row_id: int):
    """The generation of one cached page (a consultation's): bumped in the transaction of every
    change to a row shown on it (`content.page_of`), read by the page's cache key."""
    return generation(f"page:{kind}:{row_id}")


def _pages(session) -> set[str]:
    """The cached pages this flush changes: every added, deleted or modified row of a
    registered kind (or a part of one), followed up to the page that shows it."""
    models = content.watched_models()
    names = set()
    for rows, always in ((session.new, True), (session.deleted, True), (session.dirty, False)):
        for obj in rows:
            if type(obj) not in models or not (always or session.is_modified(obj)):
                continue
            spot = content.page_of(obj)
            if spot is not None:
                names.add(f"page:{spot[0]}:{spot[1]}")
    return names


def _bump(session, names: set[str]) -> None:
    dialect = session.connection().dialect.name
    make = postgresql_insert if dialect == "postgresql" else sqlite_insert
    for name in sorted(names):
        statement = make(Generation.__table__).values(name=name, value=1)
        session.connection().execute(statement.on_conflict_do_update(
            index_elements=["name"], set_={"value": Generation.__table__.c.value + 1}))


def _rows(consumer: str, pairs) -> list[dict]:
    now = utcnow()
    return [{"consumer": consumer, "kind": kind, "row_id": row_id, "created_at": now} for kind, row_id in sorted(set(pairs))]


@event.listens_for(Session, "after_flush")
def _write(session, flush_context):
    names = _pages(session)
    if GENERATIONS:
        names |= _bumped(session)
    if names:
        _bump(session, names)
    rows = [row for consumer in CONSUMERS.values() for row in _rows(consumer.name, consumer.collect(session))]
    if rows:
        session.connection().execute(insert(Change.__table__), rows)
        session.info["changes_written"] = True


def keep(consumer: str, pairs) -> None:
    """Leave these for the next try (a consumer that applied them outside the stream failed)."""
    rows = _rows(consumer, pairs)
    if rows:
        db.session.execute(insert(Change.__table__), rows)
        db.session.commit()


@event.listens_for(Session, "after_commit")
def _committed(session):
    if session.info.pop("changes_written", None) and has_app_context():
        g.changes_committed = True


@event.listens_for(Session, "after_rollback")
def _rolled_back(session):
    session.info.pop("changes_written", None)


def flush() -> None:
    """After a request (or a script) committed changes: apply what waits."""
    if has_app_context() and g.pop("changes_committed", False):
        apply_waiting()


def apply_waiting(batch: int = BATCH) -> dict[str, int]:
    """Apply up to `batch` waiting rows per consumer; returns how many each applied. A consumer
    that fails keeps its rows (and is logged)."""
    applied = {}
    for consumer in list(CONSUMERS.values()):
        try:
            rows = db.session.execute(select(Change.id, Change.kind, Change.row_id)
                                      .where(Change.consumer == consumer.name).order_by(Change.id).limit(batch)).all()
            db.session.rollback()   # end the read before the consumer works (the index waits on a lock)
        except Exception as exc:
            db.session.rollback()
            log.error("changes: could not read what waits for %s: %s", consumer.name, exc)
            continue
        if not rows:
            continue
        try:
            consumer.apply({(row.kind, row.row_id) for row in rows})
        except Exception as exc:   # never an error page for the person who just wrote
            db.session.rollback()
            log.error("changes: %s could not apply %s changes, kept for the next try: %s", consumer.name, len(rows), exc)
            continue
        try:
            db.session.execute(delete(Change).where(Change.id.in_([row.id for row in rows])))
            db.session.commit()
            applied[consumer.name] = len(rows)
        except Exception as exc:
            db.session.rollback()
            log.warning("changes: applied rows stay (applied again next time): %s", exc)
    return applied


def apply_all() -> tuple[int, int]:
    """Apply everything that waits (`flask changes apply`): (applied, still waiting)."""
    total = 0
    while True:
        done = sum(apply_waiting().values())
        total += done
        if not done:
            break
    return total, waiting()[0]


def waiting(consumer: str | None = None) -> tuple[int, datetime | None]:
    """How many rows wait (for one consumer, or all), and when the oldest was written."""
    query = select(func.count(Change.id), func.min(Change.created_at))
    if consumer:
        query = query.where(Change.consumer == consumer)
    count, oldest = db.session.execute(query).one()
    if oldest is not None and oldest.tzinfo is None:   # (SQLite: min() bypasses the column type)
        oldest = UTCDateTime().process_result_value(oldest, db.engine.dialect)
    return int(count), oldest


def forget(consumer: str) -> None:
    """Drop what waits for a consumer that is about to rebuild from the database."""
    db.session.execute(delete(Change).where(Change.consumer == consumer))
    db.session.commit()
