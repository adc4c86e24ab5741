"""The search adapter: collects changed rows after each commit and updates the index before
the request returns; rebuilds the index from the database; answers queries.

Features register sources and triggers (documents.py). After a database commit, the rows of
watched models that changed are turned into documents and written to the index in the same
request (`flush()` runs in `after_request`), so what a person saved is found as soon as their
request returns. A write that fails is stored in `search_queue` and retried with the next
write; `search reindex` rebuilds everything from the database, which is the truth."""
from __future__ import annotations

import logging

from contextlib import nullcontext
from dataclasses import replace

from flask import current_app, g, has_app_context, has_request_context
from sqlalchemy import delete, event, inspect, select
from sqlalchemy.orm import Session

from ..core.timeutil import local_today
from ..extensions import db
from .documents import SOURCES, TRIGGERS, Filters, Results
from .highlight import snippet
from .models import SearchQueue
from .query import Query
from .spelling import suggest

log = logging.getLogger("civic.search")
_backends: dict[tuple, object] = {}
RETRY_BATCH = 200
TRIGGERS_READY = False  # create_app registers the subject triggers once per process


def backend():
    name = current_app.config.get("SEARCH_BACKEND", "whoosh")
    key = (name, current_app.config["SEARCH_INDEX_DIR"] if name == "whoosh" else str(db.engine.url))
    if key not in _backends:
        if name == "postgres":
            from .postgres_backend import PostgresBackend

            _backends[key] = PostgresBackend(db.engine)
        elif name == "whoosh":
            from .whoosh_backend import WhooshBackend

            _backends[key] = WhooshBackend(current_app.config["SEARCH_INDEX_DIR"])
        else:
            raise RuntimeError(f"SEARCH_BACKEND must be whoosh or postgres, not {name!r}")
    return _backends[key]


def close_backends() -> None:
    """Close every engine this process opened (tests; a process that exits needs nothing)."""
    for engine in _backends.values():
        close = getattr(engine, "close", None)
        if close is not None:
            close()
    _backends.clear()


# --- collecting changes -------------------------------------------------------------------

def _changed(obj, watch: tuple[str, ...]) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in watch)


@event.listens_for(Session, "after_flush")
def _collect(session, flush_context):
    if not TRIGGERS:
        return
    pending = session.info.setdefault("search_pending", set())
    for rows, always in ((session.new, True), (session.deleted, True), (session.dirty, False)):
        for obj in rows:
            for trigger in TRIGGERS.get(type(obj), ()):
                if always or _changed(obj, trigger.watch):
                    pending.update(trigger.refresh(obj))


@event.listens_for(Session, "after_commit")
def _committed(session):
    pending = session.info.pop("search_pending", None)
    if pending and has_app_context():
        g.setdefault("search_committed", set()).update(pending)


@event.listens_for(Session, "after_rollback")
def _rolled_back(session):
    session.info.pop("search_pending", None)


def _url_context():
    """Documents link to pages with url_for, also from the CLI and from tests' app contexts
    (paths only, so no server name is needed)."""
    return nullcontext() if has_request_context() else current_app.test_request_context("/")


def documents_for(pairs) -> dict:
    with _url_context():
        return _documents_for(pairs)


def _documents_for(pairs) -> dict:
    by_kind: dict[str, list[int]] = {}
    for kind, row_id in pairs:
        if kind in SOURCES:
            by_kind.setdefault(kind, []).append(row_id)
    changes = {}
    for kind, ids in by_kind.items():
        changes.update(SOURCES[kind].documents(sorted(ids)))
    return changes


def flush() -> None:
    """Write what this request committed to the index (called after the view returned), with
    any earlier writes that failed."""
    pairs = g.pop("search_committed", None) if has_app_context() else None
    if pairs:
        update(pairs)


def update(pairs) -> bool:
    pairs = set(pairs)
    try:
        queued = {(row.kind, row.row_id) for row in db.session.scalars(select(SearchQueue).limit(RETRY_BATCH))}
        changes = documents_for(pairs | queued)
        db.session.rollback()  # end the read before waiting on the index's lock
    except Exception as exc:
        log.error("search: could not read the changed rows: %s", exc)
        db.session.rollback()
        return False
    try:
        backend().apply(changes)
    except Exception as exc:  # never an error page for the person who just wrote
        log.error("search index not updated, %s rows queued for retry: %s", len(pairs), exc)
        _enqueue(pairs - queued)
        return False
    if queued:
        _dequeue(queued)
    return True


def _enqueue(pairs) -> None:
    try:
        known = {(row.kind, row.row_id) for row in db.session.scalars(select(SearchQueue))}
        db.session.add_all(SearchQueue(kind=kind, row_id=row_id) for kind, row_id in pairs - known)
        db.session.commit()
    except Exception as exc:
        db.session.rollback()
        log.critical("search: changes lost until the next reindex: %s (%s)", sorted(pairs)[:20], exc)


def _dequeue(pairs) -> None:
    try:
        for kind, row_id in pairs:
            db.session.execute(delete(SearchQueue).where(SearchQueue.kind == kind, SearchQueue.row_id == row_id))
        db.session.commit()
    except Exception as exc:
        db.session.rollback()
        log.warning("search: retried rows stay queued: %s", exc)


def queued_count() -> int:
    return len(db.session.scalars(select(SearchQueue.row_id)).all())


def retry() -> bool:
    """Write what is queued (the `search retry` command; any later write does it too)."""
    return update(set())


# --- rebuilding ---------------------------------------------------------------------------

def all_documents():
    with _url_context():
        for kind, source in SOURCES.items():
            ids = list(source.all_ids())
            for start in range(0, len(ids), 500):
                for document in source.documents(ids[start:start + 500]).values():
                    if document is not None:
                        yield document


def reindex(procs: int = 1) -> int:
    """Rebuild the index from the database. The queue is emptied first: the rebuild reads
    every row, including the ones whose write failed."""
    db.session.execute(delete(SearchQueue))
    db.session.commit()
    count = backend().rebuild(all_documents(), procs=procs)
    db.session.rollback()
    return count


def available() -> bool:
    return backend().available()


# --- searching ----------------------------------------------------------------------------

def search(query: Query, filters: Filters, *, sort: str = "relevance", page: int = 1, per_page: int = 20) -> Results:
    """Results for one page, ranked (`ranking`), with a spelling suggestion when a word typed
    is in no document."""
    if filters.status and filters.today is None:
        filters = replace(filters, today=local_today())
    offset = (page - 1) * per_page
    engine = backend()
    results = engine.search(query, filters, sort=sort, offset=offset, limit=per_page)
    if results.unknown:
        results.suggestion = suggest(query, engine.frequencies, results.unknown)
    words = query.highlight_words
    for hit in results.hits:
        hit.snippet = snippet(hit.body, words)
        hit.title_marked = snippet(hit.title, words, width=300)
    return results
