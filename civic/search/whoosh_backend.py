"""The embedded Whoosh index (the `whoosh-reloaded` distribution).

Engineered to answer ranked queries as fast as SQLite FTS5 does with bm25() over the same
corpus (`make bench-search`):
- one searcher per process, kept open and refreshed only when another writer committed;
- term fields fed with tokens from `analysis` (no per-document analysis work left to Whoosh):
  `text`, the folded syllables (and abbreviation concepts) with positions (quoted phrases);
  `pairs`, each pair of adjacent folded syllables as one term; `exact`, the accented
  syllables as typed; `heading`, the folded words of the title;
- ranking reads each query term's whole posting list a block at a time (Whoosh's matchers
  step document by document in Python, which is what makes it slow on common syllables) into
  numpy vectors over the index, and scores every document at once (`ranking.score`); the
  lengths, kinds, agencies and dates each document needs are columns, read once per segment;
- writes use a synchronous writer with a lock timeout (several gunicorn workers may write at
  once); never an AsyncWriter or a long-lived BufferedWriter. A write that times out raises
  and the caller queues it for retry.
"""
from __future__ import annotations

import copy
import gc
import itertools
import logging
import shutil
import threading
from datetime import date
from functools import partial
from pathlib import Path

import numpy as np
from whoosh import columns, formats
from whoosh import index as whoosh_index
from whoosh.analysis import RegexTokenizer
from whoosh.codec.whoosh3 import W3Codec, W3PerDocReader
from whoosh.fields import ID, KEYWORD, STORED, FieldType, Schema
from whoosh.fields import TEXT as TEXT_FIELD
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import EmptyReader, MultiReader, SegmentReader
from whoosh.searching import Searcher
from whoosh.writing import CLEAR

from . import ranking
from .analysis import concept_terms, fold_token, pairs, tokens
from .documents import Filters, Hit, Results, SearchDocument
from .query import TEXT, Query, Words, focus

log = logging.getLogger("civic.search")

WRITE_TIMEOUT = 10.0
# Posting blocks of 1,024 documents, not compressed: ranking reads whole posting lists, and
# each block costs a seek, two unpicklings (and a decompression): 128 per block and zlib made
# that most of a query's time.
BLOCK = 1024
COMPRESSION = 0


def _codec():
    return W3Codec(blocklimit=BLOCK, compression=COMPRESSION)


def _pretokenized():
    """Tokens arrive one per line, already normalised by `analysis`."""
    return RegexTokenizer(r"[^\n]+")


def _existence_field():
    """Only tells whether a document holds a word: no lengths, no counts."""
    field = _unscored(KEYWORD(analyzer=_pretokenized()))
    field.format = formats.Existence()
    return field


def _unscored(field):
    """Ranking keeps its own lengths (a column): Whoosh stores none (a large part of indexing time)."""
    field.scorable = False
    return field


class _Number(FieldType):
    """A column of one unsigned number per document (a length, a day), read whole as an array."""

    indexed = stored = scorable = vector = spelling = False
    format = analyzer = None

    def __init__(self):
        self.column_type = columns.NumericColumn("I")

    def to_column_value(self, value):
        return int(value)

    def from_column_value(self, value):
        return value


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
        kind=ID(stored=True, sortable=True),
        title=STORED(),
        body=STORED(),
        url=STORED(),
        text=_unscored(TEXT_FIELD(analyzer=_pretokenized(), phrase=False)),
        pairs=_unscored(TEXT_FIELD(analyzer=_pretokenized(), phrase=False)),
        exact=_existence_field(),
        heading=_existence_field(),
        length=_Number(),
        agency=ID(sortable=True),
        topics=KEYWORD(lowercase=False, commas=False),
        day=_Number(),        # date ordinals; 0: none
        opens=_Number(),
        closes=_Number(),
        concluded=_Number(),  # 1: concluded
        stored_day=STORED(),
    )


def _ordinal(value: date | None) -> int:
    return value.toordinal() if value else 0


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
        # the abbreviation concepts of the full forms it holds follow the words (not adjacent
        # to them: no pair is made with them)
        "text": "\n".join(folded + concept_terms(folded)),
        "pairs": "\n".join(pairs(folded)),
        "exact": "\n".join(exact),
        "heading": "\n".join(sorted({fold_token(word) for word in tokens(document.title)})),
        "length": len(words),
        "agency": document.agency,
        "topics": " ".join(document.topics),
        "day": _ordinal(document.day),
        "opens": _ordinal(document.opens),
        "closes": _ordinal(document.closes),
        "concluded": int(document.concluded),
        "stored_day": document.day.isoformat() if document.day else "",
    }


class WhooshBackend:
    name = "whoosh"

    def __init__(self, directory: str):
        self.directory = Path(directory)
        self._index = None
        self._searcher = None
        self._retired = []   # what the searcher before this one alone used: closed at the next reopen
        self._columns = {}   # segment id → its columns as arrays (_Segment)
        # Whoosh reads its files with seek and read on shared handles: two threads of one
        # process (a threaded server, live search sending requests as one types) reading at
        # once get each other's bytes. Reads take turns; each takes milliseconds.
        self._reading = threading.RLock()
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
            self._columns = {}
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
            searcher = self._current_searcher()
            if set(searcher.schema.names()) != set(schema().names()):
                raise ValueError(f"the index in {self.directory} was built by an earlier version: "
                                 "run `flask --app civic search reindex`")
            return True
        except Exception as exc:  # a missing, broken or outdated index: the site says so and stays up
            log.warning("search index unavailable: %s", str(exc))  # not exc: its traceback holds open files
        self._forget()
        gc.collect()  # Whoosh leaves an unreadable index's files open: close them now
        return False

    def rebuild(self, documents, procs: int = 1) -> int:
        """Replace the whole index. An existing index is cleared under its write lock (other
        processes' writes wait, then queue for retry); a missing or broken one is created.
        With procs > 1 the documents are indexed by that many processes, one segment each."""
        self._forget()
        options = {"limitmb": 256, "compound": False, "codec": _codec()}
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
        writer = self._open().writer(timeout=WRITE_TIMEOUT, compound=False, codec=_codec())
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

    # --- searching ------------------------------------------------------------------------

    def _view(self, searcher) -> "_View":
        view = getattr(searcher, "_civic_view", None)
        if view is None:
            with self._lock:
                view = getattr(searcher, "_civic_view", None)
                if view is None:
                    view = searcher._civic_view = _View(searcher, self._columns)
        return view

    def _evaluate(self, query: Query, filters: Filters | None):
        return _evaluate(self._view(self._current_searcher()), query, filters)

    def top(self, query: Query, limit: int = 20) -> list[str]:
        """The ids of the best `limit` documents (what the bench times against FTS5)."""
        with self._reading:
            view, found = self._evaluate(query, None)
            return [view.searcher.stored_fields(int(docnum))["id"] for docnum in found.ranked(0, limit)]

    def count(self, query: Query, filters: Filters | None = None) -> int:
        with self._reading:
            return self._evaluate(query, filters)[1].total

    def frequencies(self, words: list[str]) -> dict[str, int]:
        """How many documents hold each folded word (for spelling suggestions); deleted
        documents may still count until their segment is merged."""
        out = {}
        with self._reading:
            searcher = self._current_searcher()
            for word in words:
                total = sum(reader.doc_frequency(TEXT, word) for reader, _ in searcher.reader().leaf_readers()
                            if (TEXT, word) in reader)
                if total:
                    out[word] = total
        return out

    def search(self, query: Query, filters: Filters, *, sort: str = "relevance", offset: int = 0,
               limit: int = 20) -> Results:
        hits = []
        with self._reading:
            view, found = self._evaluate(query, filters)
            docnums = found.by_date(offset, limit) if sort == "date" else found.ranked(offset, limit)
            for docnum in docnums:
                stored = view.searcher.stored_fields(int(docnum))
                hits.append(Hit(id=stored["id"], kind=stored["kind"], title=stored["title"], url=stored["url"],
                                body=stored["body"], day=_day(stored.get("stored_day"))))
        return Results(total=found.total, hits=hits, complete=found.complete, unknown=found.unknown)


class _Segment:
    """The columns of one segment as arrays, read once (a segment never changes; only its
    deletions do, and those are read from the reader each time)."""

    def __init__(self, reader):
        size = reader.doc_count_all()
        self.length = _numbers(reader, "length", size).astype(np.float64)
        self.day = _numbers(reader, "day", size)
        self.opens = _numbers(reader, "opens", size)
        self.closes = _numbers(reader, "closes", size)
        self.concluded = _numbers(reader, "concluded", size).astype(bool)
        self.kind = np.array(list(reader.column_reader("kind")), dtype=str) if size else np.array([], dtype=str)
        self.agency = np.array(list(reader.column_reader("agency")), dtype=str) if size else np.array([], dtype=str)


def _numbers(reader, field: str, size: int) -> np.ndarray:
    """A _Number column as an array, straight from its bytes (Whoosh's reader decodes one
    value at a time)."""
    out = np.zeros(size, dtype=np.int64)
    if not reader.has_column(field):
        return out
    column = reader.column_reader(field, translate=False)
    count = min(column._count, size)
    if count:
        raw = column._dbfile.get(column._basepos, count * column._fixedlen)
        out[:count] = np.frombuffer(raw, dtype=">u4")
    return out


class _View:
    """One searcher's index as arrays over its document numbers: which are live, their lengths
    and filter columns; and each term's postings, read a block at a time."""

    POSTINGS_KEPT = 64   # the last terms read (the next page of a search reads them again)

    def __init__(self, searcher, segments: dict):
        self.searcher = searcher
        self.leaves = list(searcher.reader().leaf_readers())
        present = set()
        parts = []
        for reader, _ in self.leaves:
            key = reader.segment().segment_id() if isinstance(reader, SegmentReader) else id(reader)
            present.add(key)
            if key not in segments:
                segments[key] = _Segment(reader)
            parts.append(segments[key])
        for key in [key for key in segments if key not in present]:
            del segments[key]   # merged away
        self.size = searcher.reader().doc_count_all()
        self.live = np.ones(self.size, dtype=bool)
        for reader, base in self.leaves:
            if reader.has_deletions():
                self.live[[base + docnum for docnum in reader.deleted_docs_set]] = False

        def joined(name, dtype):
            return np.concatenate([getattr(part, name) for part in parts]) if parts else np.zeros(0, dtype=dtype)

        self.length = joined("length", np.float64)
        self.day, self.opens, self.closes = joined("day", np.int64), joined("opens", np.int64), joined("closes", np.int64)
        self.concluded = joined("concluded", bool)
        self.kind, self.agency = joined("kind", str), joined("agency", str)
        self.n = int(self.live.sum())
        self.avgdl = float(self.length[self.live].mean()) if self.n else 0.0
        self._postings: dict[tuple[str, str], tuple[np.ndarray, np.ndarray | None]] = {}
        self._lock = threading.Lock()

    def postings(self, field: str, term: str, weights: bool = False):
        """(global document numbers, frequencies or None) of a term, deleted ones included."""
        key = (field, term)
        found = self._postings.get(key)
        if found is not None and (found[1] is not None or not weights):
            return found
        ids_parts, weight_parts = [], []
        for reader, base in self.leaves:
            if key not in reader:
                continue
            matcher = reader.postings(field, term)
            if isinstance(matcher, FilterMatcher):  # the segment has deletions: the live mask drops them
                matcher = matcher.child
                matcher.reset()
            ids, values = _block_postings(matcher, weights)
            ids_parts.append(ids + base)
            if weights:
                weight_parts.append(values)
        ids = np.concatenate(ids_parts) if ids_parts else np.zeros(0, dtype=np.int64)
        values = (np.concatenate(weight_parts) if weight_parts else np.zeros(0)) if weights else None
        if self.POSTINGS_KEPT:
            with self._lock:
                if len(self._postings) >= self.POSTINGS_KEPT:
                    self._postings.pop(next(iter(self._postings)))
                self._postings[key] = (ids, values)
        return ids, values

    def present(self, field: str, term: str) -> np.ndarray:
        mask = np.zeros(self.size, dtype=bool)
        mask[self.postings(field, term)[0]] = True
        return mask

    def item(self, item: Words) -> np.ndarray:
        """Where a run (as written) or a quoted phrase matches."""
        mask = np.ones(self.size, dtype=bool)
        for field, term in item.needed():
            mask &= self.present(field, term)
        if item.needs_positions:
            # every pair is there; whether they follow one another is read in the text itself
            # (no positions are indexed: ranking reads whole posting lists, and positions
            # were most of their size)
            words = list(item.folded)
            for docnum in np.flatnonzero(mask & self.live):
                stored = self.searcher.stored_fields(int(docnum))
                if not _holds_phrase([fold_token(w) for w in tokens(f"{stored['title']}\n{stored['body']}")], words):
                    mask[docnum] = False
        return mask

    def filtered(self, filters: Filters) -> np.ndarray:
        mask = np.ones(self.size, dtype=bool)
        if filters.kind:
            mask &= self.kind == filters.kind
        if filters.agency:
            mask &= self.agency == filters.agency
        if filters.topic:
            mask &= self.present("topics", filters.topic)
        if filters.date_from:
            mask &= (self.day > 0) & (self.day >= filters.date_from.toordinal())
        if filters.date_to:
            mask &= (self.day > 0) & (self.day <= filters.date_to.toordinal())
        life = filters.life
        if life is not None:
            if life.nothing:
                mask[:] = False
            for column, low, high in ((self.opens, life.opens_from, life.opens_to),
                                      (self.closes, life.closes_from, life.closes_to)):
                if low or high:
                    mask &= column > 0
                if low:
                    mask &= column >= low.toordinal()
                if high:
                    mask &= column <= high.toordinal()
            if life.concluded is not None:
                mask &= self.concluded if life.concluded else ~self.concluded
        return mask


class _Found:
    """The documents that match a query, their scores, and how they are ordered."""

    def __init__(self, docnums: np.ndarray, scores: np.ndarray, every: np.ndarray, day: np.ndarray,
                 unknown: tuple[str, ...]):
        self.docnums, self.scores, self.day, self.unknown = docnums, scores, day, unknown
        self.total = int(len(docnums))
        self.complete = int(every.sum())

    def ranked(self, offset: int, limit: int) -> list[int]:
        """Best score first; equal scores by document number."""
        end = min(offset + limit, self.total)
        if end <= offset:
            return []
        keys = -self.scores
        if end < self.total:   # only the first `end` need sorting
            cut = np.argpartition(keys, end - 1)[:end]
            cut = cut[np.lexsort((self.docnums[cut], keys[cut]))]
        else:
            cut = np.lexsort((self.docnums, keys))
        return [int(d) for d in self.docnums[cut[offset:end]]]

    def by_date(self, offset: int, limit: int) -> list[int]:
        order = np.lexsort((self.docnums, -self.day))
        return [int(d) for d in self.docnums[order[offset:offset + limit]]]


def _holds_phrase(text: list[str], words: list[str]) -> bool:
    size = len(words)
    return any(text[i:i + size] == words for i, word in enumerate(text) if word == words[0])


def _evaluate(view: _View, query: Query, filters: Filters | None) -> tuple[_View, _Found]:
    """Which documents match (the query language's conditions, the filters, and for free
    words at least one deciding word), and their scores."""
    query = focus(query, lambda words: {w: view.searcher.doc_frequency(TEXT, w) for w in words})
    stats = ranking.Stats(n=view.n, avgdl=view.avgdl)
    postings = {}
    for term in query.scoring_terms:
        ids, values = view.postings(*term, weights=True)
        if len(ids):
            stats.df[term] = int(view.live[ids].sum())
            postings[term] = (ids, values)
    match = view.live.copy()
    if filters:
        match &= view.filtered(filters)
    for clause in query.required:
        either = np.zeros(view.size, dtype=bool)
        for item in clause:
            either |= view.item(item)
        match &= either
    for item in query.excluded:
        match &= ~view.item(item)
    if not query.required:
        some = np.zeros(view.size, dtype=bool)
        for word in ranking.deciding_words(query, stats):
            some[postings[(TEXT, word)][0]] = True
        match &= some
    docnums = np.flatnonzero(match)
    tf = {}
    for term, (ids, values) in postings.items():
        dense = np.zeros(view.size, dtype=np.float64)
        dense[ids] = values
        tf[term] = dense[docnums]
    exact = {}
    for word in query.exact_terms:
        ids = view.postings(ranking.EXACT, word)[0]
        stats.df[(ranking.EXACT, word)] = int(view.live[ids].sum())
        exact[word] = np.isin(docnums, ids, assume_unique=True)
    titled = {word: np.isin(docnums, view.postings("heading", word)[0], assume_unique=True) for word in query.title_words}
    scores = ranking.score(query, stats, tf, view.length[docnums], exact, titled)
    every = ranking.holds_every_word(query, tf, len(docnums))
    return view, _Found(docnums, scores, every, view.day[docnums], ranking.unknown_words(query, stats))


def _block_postings(matcher, weights: bool = True):
    """Every document number (and frequency) of a term's posting list, read a block at a time
    and decoded with numpy (Whoosh's matchers step document by document in Python, and decode
    a block's numbers one at a time: what makes it slow on very common terms)."""
    deltas, sizes, values = [], [], []
    while not matcher._atend:
        if matcher._data is None:
            matcher._read_data()
        data = matcher._data
        deltas.append(data[0])
        sizes.append(len(data[0]))
        if weights:
            found = data[1]
            if found is None or isinstance(found, float):
                values.append(np.full(len(data[0]), 1.0 if found is None else found))
            else:
                values.append(np.asarray(found, dtype=np.float64))
        matcher._next_block()
    if not deltas:
        return np.zeros(0, dtype=np.int64), (np.zeros(0) if weights else None)
    flat = np.fromiter(itertools.chain.from_iterable(deltas), dtype=np.int64, count=sum(sizes))
    # each block's numbers are deltas from the block's start: a running sum, restarted per block
    ids = np.cumsum(flat)
    starts = np.cumsum(sizes[:-1])
    if len(starts):
        ids -= np.repeat(np.concatenate(([0], ids[starts - 1])), sizes)
    return ids, (np.concatenate(values) if weights else None)


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
    return Searcher(reader, fromindex=index), dropped


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
