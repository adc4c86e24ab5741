"""The embedded Whoosh index (the `whoosh-reloaded` distribution).

Engineered to answer as fast as SQLite FTS5 over the same corpus (`make bench-search`):
- one searcher per process, kept open and refreshed only when another writer committed;
- three term fields fed with tokens from `analysis` (no per-document analysis work left to
  Whoosh): `text`, the folded syllables with positions (single words, quoted phrases);
  `pairs`, each pair of adjacent folded syllables as one term, so a query of several
  syllables reads short posting lists instead of scoring every posting of "hành" or "chính";
  `exact`, the accented syllables, which ranks exact-accent matches first;
- writes use a synchronous writer with a lock timeout (several gunicorn workers may write at
  once); never an AsyncWriter or a long-lived BufferedWriter. A write that times out raises
  and the caller queues it for retry.
"""
from __future__ import annotations

import copy
import gc
import heapq
import logging
import shutil
import threading
from datetime import date, timedelta
from functools import partial
from pathlib import Path

from whoosh import formats, scoring
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.analysis import RegexTokenizer
from whoosh.codec.whoosh3 import W3PerDocReader
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.reading import EmptyReader, MultiReader, SegmentReader, TermNotFound
from whoosh.matching.binary import AndNotMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.searching import Searcher
from whoosh.writing import CLEAR

from .analysis import fold_token, pairs, tokens
from .documents import Filters, Hit, Results, SearchDocument
from .query import Query, Words

log = logging.getLogger("civic.search")

WRITE_TIMEOUT = 10.0
CANDIDATES = 100
# tf·idf: its bound per block of postings is tight, so the top 20 of a syllable found in most
# documents is settled after reading a few blocks. (BM25's length normalisation makes the bound
# loose and every posting gets scored: 20× slower on the bench's common syllables.)
WEIGHTING = scoring.TF_IDF()


def _pretokenized():
    """Tokens arrive one per line, already normalised by `analysis`."""
    return RegexTokenizer(r"[^\n]+")


def _exact_field():
    """Only tells whether a document holds a word with these accents: no lengths, no counts."""
    field = _unscored(KEYWORD(analyzer=_pretokenized()))
    field.format = formats.Existence()
    return field


def _unscored(field):
    """tf·idf needs no field lengths: none are stored (a large part of indexing time)."""
    field.scorable = False
    return field


def _cached_length_reader(self, fieldname, column):
    if fieldname not in self._readers:
        self._readers[fieldname] = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
    return self._readers[fieldname]


# whoosh-reloaded 2.7 asks the file system whether a lengths file exists for every posting of
# a field without lengths while it writes a segment; the answer never changes for a segment.
W3PerDocReader._cached_reader = _cached_length_reader


def schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        kind=ID(stored=True),
        title=STORED(),
        body=STORED(),
        url=STORED(),
        text=_unscored(TEXT(analyzer=_pretokenized(), phrase=True)),
        pairs=_unscored(TEXT(analyzer=_pretokenized(), phrase=False)),
        exact=_exact_field(),
        agency=ID(),
        topics=KEYWORD(lowercase=False, commas=False),
        day=ID(stored=True, sortable=True),
        opens=ID(),
        closes=ID(),
        concluded=ID(),
    )


def fields_of(document: SearchDocument) -> dict:
    words = tokens(f"{document.title}\n{document.body}")
    folded = [fold_token(word) for word in words]
    exact = sorted(set(words) - set(folded))  # the accented words (the rest match unaccented)
    return {
        "id": document.id,
        "kind": document.kind,
        "title": document.title,
        # Stored whole: the snippet is cut around the words found, wherever they are (a clause
        # of 5,000 characters is found by its last words, and its snippet shows them).
        "body": document.body,
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
        result = Excluding(result, _either([_terms_query(item) for item in query.excluded]))
    return result


class _ExcludingMatcher(AndNotMatcher):
    """Whoosh's AndNotMatcher checks its first document only when both posting lists start on
    the same one: a first match that the excluded list reaches later was kept."""

    def _find_first(self):
        if self.a.is_active() and self.b.is_active():
            self._find_next()


class Excluding(wq.AndNot):
    def matcher(self, searcher, context=None):
        return _ExcludingMatcher(self.a.matcher(searcher, context), self.b.matcher(searcher, searcher.boolean_context()))


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
        self._retired = []   # what the searcher before this one alone used: closed at the next reopen
        self._lock = threading.Lock()

    # --- the index ------------------------------------------------------------------------

    def _open(self):
        with self._lock:
            if self._index is None:
                self._index = whoosh_index.open_dir(str(self.directory))
            return self._index

    def _forget(self) -> None:
        """Drop the index and searcher, closing their files."""
        with self._lock:
            searcher, retired = self._searcher, self._retired
            self._index, self._searcher, self._retired = None, None, []
        for close in retired:
            close()
        if searcher is not None:
            for reader, _ in searcher.reader().leaf_readers():
                _close(reader)

    close = _forget

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

    def rebuild(self, documents, procs: int = 1) -> int:
        """Replace the whole index. An existing index is cleared under its write lock (other
        processes' writes wait, then queue for retry); a missing or broken one is created.
        With procs > 1 the documents are indexed by that many processes, one segment each."""
        self._forget()
        options = {"limitmb": 256, "compound": False}
        if procs > 1:
            options.update(procs=procs, multisegment=True)
        try:
            index = whoosh_index.open_dir(str(self.directory))
            if set(index.schema.names()) != set(schema().names()):
                raise ValueError("the index was built with another schema")
            writer = index.writer(timeout=WRITE_TIMEOUT, **options)
            commit = {"mergetype": CLEAR}
        except Exception:
            shutil.rmtree(self.directory, ignore_errors=True)
            self.directory.mkdir(parents=True, exist_ok=True)
            index = whoosh_index.create_in(str(self.directory), schema())
            writer = index.writer(**options)
            commit = {}
        count = 0
        try:
            for document in documents:
                writer.add_document(**fields_of(document))
                count += 1
        except BaseException:
            writer.cancel()
            raise
        writer.commit(**commit)
        self._forget()
        return count

    def apply(self, changes: dict[str, SearchDocument | None]) -> None:
        """Add, replace or remove documents in one synchronous write (raises on lock timeout)."""
        if not changes:
            return
        # Not compound: opening a compound segment copies its files into memory, and a write
        # opens every segment to delete the replaced documents.
        writer = self._open().writer(timeout=WRITE_TIMEOUT, compound=False)
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
            if self._searcher is None or not self._searcher.up_to_date():
                # Files only the previous searcher used are closed one reopen later, so a
                # query still running on it in another thread can finish.
                for close in self._retired:
                    close()
                self._searcher, self._retired = _reopen(index, self._searcher)
            return self._searcher

    # --- searching ------------------------------------------------------------------------

    def _ranked(self, searcher, query: Query, filters: Filters | None, limit: int) -> list[int]:
        """Document numbers of the best `limit` matches: those holding every accented word
        as typed first, each group by score.

        The exact-accent order is settled on the best CANDIDATES matches by score: every
        document outside them scores lower than all of them, so if they hold `limit` exact
        ones, those are the best exact ones of the whole index. Only when they don't is the
        index searched twice (exact ones, then the others)."""
        if searcher.doc_count() == 0:  # (and idf would divide by nothing)
            return []
        exact_terms = query.exact_terms
        terms = _conjunction_terms(query, filters)
        if terms is not None and len(terms) > 1:
            return _conjunction_top(searcher, terms, exact_terms, limit)
        main = to_whoosh(query, filters)
        if not exact_terms:
            return [docnum for _, docnum in searcher.search(main, limit=limit).top_n]
        size = max(CANDIDATES, 4 * limit)
        candidates = [docnum for _, docnum in searcher.search(main, limit=size).top_n]
        exact = _holding(searcher, exact_terms, candidates)
        first = [docnum for docnum in candidates if docnum in exact]
        if len(first) >= limit or len(candidates) < size:
            return (first + [docnum for docnum in candidates if docnum not in exact])[:limit]
        accents = wq.And([wq.Term("exact", term) for term in exact_terms])
        first = [docnum for _, docnum in searcher.search(main, filter=accents, limit=limit).top_n]
        if len(first) < limit:
            first += [docnum for _, docnum in searcher.search(main, mask=accents, limit=limit - len(first)).top_n]
        return first

    def top(self, query: Query, limit: int = 20) -> list[str]:
        """The ids of the best `limit` documents (what the bench times against FTS5)."""
        searcher = self._current_searcher()
        return [searcher.stored_fields(docnum)["id"] for docnum in self._ranked(searcher, query, None, limit)]

    def count(self, query: Query, filters: Filters | None = None) -> int:
        searcher = self._current_searcher()
        terms = _conjunction_terms(query, filters)
        if terms is not None:  # (a page's total: whole blocks, as for ranking)
            total = 0
            for reader, _ in searcher.reader().leaf_readers():
                if len(terms) == 1 and terms[0] in reader:
                    total += _live_frequency(reader, *terms[0])
                elif all(term in reader for term in terms):
                    found = sorted((set(_leaf_postings(reader, field, text, weights=False)[0]) for field, text in terms), key=len)
                    total += len(found[0].intersection(*found[1:]))
            return total
        matcher = to_whoosh(query, filters).matcher(searcher, searcher.boolean_context())
        return sum(1 for _ in matcher.all_ids())

    def search(self, query: Query, filters: Filters, *, sort: str = "relevance", offset: int = 0,
               limit: int = 20) -> Results:
        searcher = self._current_searcher()
        if sort == "date":
            results = searcher.search(to_whoosh(query, filters), limit=offset + limit, sortedby="day", reverse=True)
            docnums = [docnum for _, docnum in results.top_n][offset:]
        else:
            docnums = self._ranked(searcher, query, filters, offset + limit)[offset:]
        hits = []
        for docnum in docnums:
            stored = searcher.stored_fields(docnum)
            hits.append(Hit(id=stored["id"], kind=stored["kind"], title=stored["title"], url=stored["url"],
                            body=stored["body"], day=_day(stored.get("day"))))
        return Results(total=self.count(query, filters), hits=hits)


def _conjunction_terms(query: Query, filters: Filters | None) -> list[tuple[str, str]] | None:
    """The (field, term) list when the query is only "all of these terms" (no OR, phrase,
    exclusion or filter), else None."""
    if filters or query.excluded or any(len(clause) != 1 for clause in query.clauses):
        return None
    terms = []
    for (item,) in query.clauses:
        if item.needs_positions:
            return None
        terms.extend(("pairs" if " " in term else "text", term) for term in item.terms())
    return list(dict.fromkeys(terms))


def _block_postings(matcher, weights: bool = True):
    """Every (docnum, weight) of a term, read a block at a time: the generic matchers step
    document by document in Python, which is what makes Whoosh slow on very common terms."""
    ids, values = [], []
    while not matcher._atend:
        matcher._read_ids()
        ids.extend(matcher._ids)
        if weights:
            matcher._read_weights()
            values.extend(matcher._weights)
        matcher._next_block()
    return ids, values


def _leaf_postings(reader, field: str, term: str, weights: bool = True):
    matcher = reader.postings(field, term)
    deleted = ()
    if isinstance(matcher, FilterMatcher):  # the segment has deletions
        deleted = reader.deleted_docs_set
        matcher = matcher.child
        matcher.reset()
    ids, values = _block_postings(matcher, weights)
    if deleted:
        kept = [(i, v) for i, v in zip(ids, values or [1.0] * len(ids)) if i not in deleted]
        ids = [i for i, _ in kept]
        values = [v for _, v in kept] if weights else []
    return ids, values


def _live_frequency(reader, field: str, term: str) -> int:
    """How many live documents of a segment hold the term: its document frequency, less the
    deleted documents that held it."""
    total = reader.doc_frequency(field, term)
    matcher = reader.postings(field, term)
    if isinstance(matcher, FilterMatcher):
        raw = matcher.child
        raw.reset()  # (the filter has already stepped over the first deleted documents)
        for docnum in sorted(reader.deleted_docs_set):
            if not raw.is_active():
                break
            if raw.id() < docnum:
                raw.skip_to(docnum)
            if raw.is_active() and raw.id() == docnum:
                total -= 1
    return total


def _conjunction_top(searcher, terms: list[tuple[str, str]], exact_terms: list[str], limit: int) -> list[int]:
    """The best `limit` documents holding every term: whole posting lists are read a block
    at a time, intersected as sets (C speed), and only the documents in the intersection are
    scored (tf·idf, as the generic path): exact-accent documents first."""
    idf = [searcher.idf(field, term) for field, term in terms]
    scored: list[tuple[float, int]] = []
    exact_docs: set[int] = set()
    for reader, base in searcher.reader().leaf_readers():
        if any((field, term) not in reader for field, term in terms):
            continue
        lists = []
        for (field, term), weight in zip(terms, idf):
            ids, values = _leaf_postings(reader, field, term)
            lists.append(dict(zip(ids, [v * weight for v in values])))
        lists.sort(key=len)
        common = set(lists[0]).intersection(*lists[1:])
        scored.extend((sum(found[d] for found in lists), base + d) for d in common)
        if exact_terms and common:
            holding = set(common)
            for term in exact_terms:
                if ("exact", term) not in reader:
                    holding = set()
                    break
                holding.intersection_update(_leaf_postings(reader, "exact", term, weights=False)[0])
            exact_docs.update(base + d for d in holding)
    # best score first; equal scores by document number, as Whoosh orders them
    ranked = heapq.nsmallest(limit, scored, key=lambda pair: (pair[1] not in exact_docs, -pair[0], pair[1]))
    return [docnum for _, docnum in ranked]


def _holding(searcher, terms: list[str], docnums: list[int]) -> set[int]:
    """Which of these documents hold every one of the exact terms (a skip per document)."""
    remaining = sorted(docnums)
    for term in terms:
        try:
            matcher = searcher.postings("exact", term)
        except TermNotFound:
            return set()
        kept = []
        for docnum in remaining:
            if not matcher.is_active():
                break
            if matcher.id() < docnum:
                matcher.skip_to(docnum)
            if matcher.is_active() and matcher.id() == docnum:
                kept.append(docnum)
        remaining = kept
    return set(remaining)


def _reopen(index, old):
    """A searcher on the index's latest generation. Segments that did not change keep their
    open readers (opening the large segment again costs more than the search); a segment
    that only gained deletions keeps its term reader and gets its new deletions. Not
    Searcher.refresh(): it reuses readers by segment id and so keeps their old deletions."""
    toc = index._read_toc()
    dropped = []
    previous = {}
    if old is not None:
        for reader, _ in old.reader().leaf_readers():
            if isinstance(reader, SegmentReader):
                previous[reader.segment().segment_id()] = reader
    readers = []
    for segment in toc.segments:
        prior = previous.get(segment.segment_id())
        if prior is None:
            readers.append(SegmentReader(index.storage, toc.schema, segment, generation=toc.generation))
            continue
        reader = copy.copy(prior)
        reader._gen = toc.generation
        if segment.deleted_count() != prior.segment().deleted_count():
            dropped.append(partial(_close, prior._perdoc))
            reader._segment = segment
            reader._perdoc = segment.codec().per_document_reader(prior._storage, segment)
            reader.__dict__.pop("deleted_docs_set", None)  # a cached property of the old deletions
        readers.append(reader)
    kept = {segment.segment_id() for segment in toc.segments}
    dropped.extend(partial(_close, prior) for segid, prior in previous.items() if segid not in kept)
    if not readers:
        reader = EmptyReader(toc.schema)
    elif len(readers) == 1:
        reader = readers[0]
    else:
        reader = MultiReader(readers, generation=toc.generation)
    return Searcher(reader, fromindex=index, weighting=WEIGHTING), dropped


def _close(resource) -> None:
    try:
        if not getattr(resource, "is_closed", False):
            resource.close()
    except Exception as exc:  # already closed through a reader that shared it
        log.debug("search: closing %r: %s", resource, exc)


def _day(value):
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
