"""The search adapter: a consumer of the change stream (core/changes.py) that updates the index
before the request returns; rebuilds the index from the database; answers queries.

Features register sources and triggers (documents.py). Each flush of watched models writes,
in its transaction, which documents it concerns to the change stream; after the commit they
are turned into documents and written to the index in the same request (`changes.flush()`
runs in `after_request`), so what a person saved is found as soon as their request returns.
A write that fails, or a worker killed before it, leaves the rows for the next write or
`flask --app civic changes apply`; `search reindex` rebuilds everything from the database,
which is the truth."""
from __future__ import annotations

import logging

from contextlib import nullcontext
from dataclasses import replace

from flask import current_app, has_request_context
from sqlalchemy import inspect

from ..core import changes
from ..core.timeutil import local_today
from ..extensions import db
from .backend import SearchBackend
from .documents import Filters, Results, facets, sources, triggers
from .highlight import snippet
from .query import Query
from .spelling import suggest

log = logging.getLogger("civic.search")
_backends: dict[tuple, object] = {}


def backend() -> SearchBackend:
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


def _collect(session) -> set[tuple[str, int]]:
    """The documents a flush concerns: rows of watched models added, deleted, or changed in a
    watched attribute (a vote does not re-index)."""
    found: set[tuple[str, int]] = set()
    watched = triggers()
    if not watched:
        return found
    for rows, always in ((session.new, True), (session.deleted, True), (session.dirty, False)):
        for obj in rows:
            for trigger in watched.get(type(obj), ()):
                if always or _changed(obj, trigger.watch):
                    found.update(trigger.refresh(obj))
    return found


def _apply(pairs: set[tuple[str, int]]) -> None:
    documents = documents_for(pairs)
    db.session.rollback()  # end the read before waiting on the index's lock
    backend().apply(documents)


CONSUMER = changes.Consumer("search", _collect, _apply)


def _url_context():
    """Documents link to pages with url_for, also from the CLI and from tests' app contexts
    (paths only, so no server name is needed)."""
    return nullcontext() if has_request_context() else current_app.test_request_context("/")


def documents_for(pairs) -> dict:
    with _url_context():
        return _documents_for(pairs)


def _documents_for(pairs) -> dict:
    by_kind: dict[str, list[int]] = {}
    known = sources()
    for kind, row_id in pairs:
        if kind in known:
            by_kind.setdefault(kind, []).append(row_id)
    changes = {}
    for kind, ids in by_kind.items():
        changes.update(known[kind].documents(sorted(ids)))
    return changes


def flush() -> None:
    """Write what this request (or script) committed to the index, with what waits."""
    changes.flush()


def update(pairs) -> bool:
    """Write these documents to the index now; if that fails, they wait in the change stream."""
    pairs = set(pairs)
    try:
        _apply(pairs)
        return True
    except Exception as exc:  # never an error page for the person who just wrote
        db.session.rollback()
        log.error("search index not updated, %s rows wait for the next write: %s", len(pairs), exc)
        changes.keep(CONSUMER.name, pairs)
        return False


def queued_count() -> int:
    return changes.waiting(CONSUMER.name)[0]


def retry() -> bool:
    """Write what waits (the `search retry` command; any later write does it too)."""
    changes.apply_all()
    return queued_count() == 0


# --- rebuilding ---------------------------------------------------------------------------

def all_documents():
    with _url_context():
        for kind, source in sources().items():
            ids = list(source.all_ids())
            for start in range(0, len(ids), 500):
                for document in source.documents(ids[start:start + 500]).values():
                    if document is not None:
                        yield document


def reindex(procs: int = 1) -> int:
    """Rebuild the index from the database. What waits for search is dropped first: the
    rebuild reads every row, including the ones whose write failed."""
    changes.forget(CONSUMER.name)
    count = backend().rebuild(all_documents(), procs=procs)
    db.session.rollback()
    return count


def available() -> bool:
    return backend().available()


# --- searching ----------------------------------------------------------------------------

def with_life(filters: Filters, today) -> Filters:
    """The status filter as the date ranges the facet that knows its rule says it means today."""
    facet = facets().get("status")
    if not filters.status or facet is None or facet.life is None:
        return filters
    return replace(filters, life=facet.life(filters.status, today))


def search(query: Query, filters: Filters, *, sort: str = "relevance", page: int = 1, per_page: int = 20) -> Results:
    """Results for one page, ranked (`ranking`), with a spelling suggestion when a word typed
    is in no document."""
    if filters.status and filters.life is None:
        filters = with_life(filters, local_today())
    offset = (page - 1) * per_page
    engine = backend()
    results = engine.search(query, filters, sort=sort, offset=offset, limit=per_page)
    if results.unknown:
        results.suggestion = suggest(query, engine.frequencies, results.unknown)
    words, phrases = query.highlight_words, query.highlight_phrases
    for hit in results.hits:
        hit.snippet = snippet(hit.body, words, phrases=phrases)
        hit.title_marked = snippet(hit.title, words, width=300, phrases=phrases)
    return results
