"""The embedded Whoosh index (the `whoosh-reloaded` distribution).

Engineered to answer as fast as SQLite FTS5 over the same corpus (`make bench-search`):
- one searcher per process, kept open and refreshed only when another writer committed;
- three term fields fed with tokens from `analysis` (no per-document analysis work left to
  Whoosh): `text`, the folded syllables with positions (single words, quoted phrases);
  `pairs`, each pair of adjacent folded syllables as one term, so a query of several
  syllables reads short posting lists instead of scoring every posting of "hành" or "chính";
  `exact`, the accented syllables and pairs, which ranks exact-accent matches first;
- writes use a synchronous writer with a lock timeout (several gunicorn workers may write at
  once); never an AsyncWriter or a long-lived BufferedWriter. A write that times out raises
  and the caller queues it for retry.
"""
from __future__ import annotations

import gc
import logging
import shutil
import threading
from datetime import timedelta
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.analysis import RegexTokenizer
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.writing import CLEAR

from ..core.text import fold
from .analysis import pairs, tokens
from .documents import Filters, Hit, Results, SearchDocument
from .query import Query, Words

log = logging.getLogger("civic.search")

WRITE_TIMEOUT = 10.0
STORED_BODY_CHARS = 4000
EXACT_BOOST = 1000.0


def _pretokenized():
    """Tokens arrive one per line, already normalised by `analysis`."""
    return RegexTokenizer(r"[^\n]+")


def schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        kind=ID(stored=True),
        title=STORED(),
        body=STORED(),
        url=STORED(),
        text=TEXT(analyzer=_pretokenized(), phrase=True),
        pairs=TEXT(analyzer=_pretokenized(), phrase=False),
        exact=TEXT(analyzer=_pretokenized(), phrase=False),
        agency=ID(),
        topics=KEYWORD(lowercase=False, commas=False),
        day=ID(stored=True, sortable=True),
        opens=ID(),
        closes=ID(),
        concluded=ID(),
    )


def fields_of(document: SearchDocument) -> dict:
    words = tokens(f"{document.title}\n{document.body}")
    folded = [fold(word) for word in words]
    exact = sorted({*words, *pairs(words)} - {*folded, *pairs(folded)})  # only what folding changed
    return {
        "id": document.id,
        "kind": document.kind,
        "title": document.title,
        "body": document.body[:STORED_BODY_CHARS],
        "url": document.url,
        "text": "\n".join(folded),
        "pairs": "\n".join(pairs(folded)),
        "exact": "\n".join(exact),
        "agency": document.agency,
        "topics": " ".join(document.topics),
        "day": document.day.isoformat() if document.day else "",
        "opens": document.opens.isoformat() if document.opens else "",
        "closes": document.closes.isoformat() if document.closes else "",
        "concluded": "y" if document.concluded else "",
    }


def _terms_query(item: Words):
    if item.needs_positions:
        return wq.Phrase("text", list(item.folded))
    parts = [wq.Term("pairs" if " " in term else "text", term) for term in item.terms()]
    return parts[0] if len(parts) == 1 else wq.And(parts)


def _either(queries: list):
    return queries[0] if len(queries) == 1 else wq.Or(queries)


def to_whoosh(query: Query, filters: Filters | None = None):
    main = [_either([_terms_query(item) for item in clause]) for clause in query.clauses]
    result = main[0] if len(main) == 1 else wq.And(main)
    conditions = _filter_queries(filters) if filters else []
    if conditions:
        result = wq.And([result, wq.ConstantScoreQuery(wq.And(conditions), 0.0)])
    if query.excluded:
        result = wq.AndNot(result, _either([_terms_query(item) for item in query.excluded]))
    exact = query.exact_terms
    if exact:
        # Documents with every accented term as typed come first.
        result = wq.AndMaybe(result, wq.ConstantScoreQuery(wq.And([wq.Term("exact", t) for t in exact]), EXACT_BOOST))
    return result


def _filter_queries(filters: Filters) -> list:
    out = []
    for name, value in (("kind", filters.kind), ("agency", filters.agency), ("topics", filters.topic)):
        if value:
            out.append(wq.Term(name, value))
    if filters.date_from or filters.date_to:
        out.append(wq.TermRange("day", filters.date_from.isoformat() if filters.date_from else None,
                                filters.date_to.isoformat() if filters.date_to else None))
    if filters.status and filters.today:
        today = filters.today.isoformat()
        tomorrow = (filters.today + timedelta(days=1)).isoformat()
        not_concluded = wq.Not(wq.Term("concluded", "y"))
        out.extend({
            "scheduled": [wq.TermRange("opens", tomorrow, None)],
            "open": [wq.TermRange("opens", None, today), wq.TermRange("closes", today, None), not_concluded],
            "closed": [wq.TermRange("closes", None, today, endexcl=True), not_concluded],
            "concluded": [wq.Term("concluded", "y")],
        }.get(filters.status, [wq.NullQuery]))
    return out


class WhooshBackend:
    name = "whoosh"

    def __init__(self, directory: str):
        self.directory = Path(directory)
        self._index = None
        self._searcher = None
        self._lock = threading.Lock()

    # --- the index ------------------------------------------------------------------------

    def _open(self):
        with self._lock:
            if self._index is None:
                self._index = whoosh_index.open_dir(str(self.directory))
            return self._index

    def _forget(self) -> None:
        with self._lock:
            self._index = None
            self._searcher = None

    def available(self) -> bool:
        try:
            if not whoosh_index.exists_in(str(self.directory)):
                raise FileNotFoundError(f"no search index in {self.directory}")
            self._current_searcher()
            return True
        except Exception as exc:  # a missing or broken index: the site says so and stays up
            log.warning("search index unavailable: %s", str(exc))  # not exc: its traceback holds open files
        self._forget()
        gc.collect()  # Whoosh leaves an unreadable index's files open: close them now
        return False

    def rebuild(self, documents) -> int:
        """Replace the whole index. An existing index is cleared under its write lock (other
        processes' writes wait, then queue for retry); a missing or broken one is created."""
        self._forget()
        try:
            index = whoosh_index.open_dir(str(self.directory))
            if set(index.schema.names()) != set(schema().names()):
                raise ValueError("the index was built with another schema")
            writer = index.writer(timeout=WRITE_TIMEOUT, limitmb=256)
            mergetype = CLEAR
        except Exception:
            shutil.rmtree(self.directory, ignore_errors=True)
            self.directory.mkdir(parents=True, exist_ok=True)
            index = whoosh_index.create_in(str(self.directory), schema())
            writer = index.writer(limitmb=256)
            mergetype = None
        count = 0
        try:
            for document in documents:
                writer.add_document(**fields_of(document))
                count += 1
        except BaseException:
            writer.cancel()
            raise
        if mergetype is None:
            writer.commit(optimize=True)
        else:
            writer.commit(mergetype=mergetype, optimize=True)
        self._forget()
        return count

    def apply(self, changes: dict[str, SearchDocument | None]) -> None:
        """Add, replace or remove documents in one synchronous write (raises on lock timeout)."""
        if not changes:
            return
        writer = self._open().writer(timeout=WRITE_TIMEOUT)
        try:
            for doc_id, document in changes.items():
                if document is None:
                    writer.delete_by_term("id", doc_id)
                else:
                    writer.update_document(**fields_of(document))
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    def _current_searcher(self):
        index = self._open()
        with self._lock:
            if self._searcher is None:
                self._searcher = index.searcher()
            elif not self._searcher.up_to_date():
                # Not Searcher.refresh(): it reuses segment readers by segment id and so keeps
                # their old deletions (a hidden comment would still be found).
                self._searcher = index.searcher()
            return self._searcher

    # --- searching ------------------------------------------------------------------------

    def top(self, query: Query, limit: int = 20) -> list[str]:
        """The ids of the best `limit` documents (what the bench times against FTS5)."""
        searcher = self._current_searcher()
        results = searcher.search(to_whoosh(query), limit=limit)
        return [searcher.stored_fields(docnum)["id"] for _, docnum in results.top_n]

    def count(self, query: Query, filters: Filters | None = None) -> int:
        searcher = self._current_searcher()
        return sum(1 for _ in searcher.docs_for_query(to_whoosh(query, filters)))

    def search(self, query: Query, filters: Filters, *, sort: str = "relevance", offset: int = 0,
               limit: int = 20) -> Results:
        searcher = self._current_searcher()
        kwargs = {"sortedby": "day", "reverse": True} if sort == "date" else {}
        results = searcher.search(to_whoosh(query, filters), limit=offset + limit, **kwargs)
        hits = []
        for _, docnum in results.top_n[offset:offset + limit]:
            stored = searcher.stored_fields(docnum)
            hits.append(Hit(id=stored["id"], kind=stored["kind"], title=stored["title"], url=stored["url"],
                            body=stored["body"], day=_day(stored.get("day"))))
        return Results(total=len(results), hits=hits)


def _day(value):
    from datetime import date

    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
