"""PostgreSQL full-text search, for deployments of several app servers sharing one database
(`SEARCH_BACKEND=postgres`).

Documents live in `search_documents`, a derived table this backend creates itself (like the
Whoosh directory, it is rebuilt from the truth by `flask --app civic search reindex`; it is
not part of the models). Text arrives as the same tokens Whoosh indexes (`analysis.tokens`,
joined by spaces; the abbreviation concepts of the full forms it holds follow, one position
apart), so both engines count the same positions; the `civic_fold` text search configuration folds it with `unaccent`
(đ → d included) and lower-cases it. GIN indexes serve both the folded and the exact (accented)
vectors.

The query language means the same as on Whoosh (`query`): the conditions (quoted phrases,
OR, exclusions, filters, and for free words one deciding word) become one tsquery that the
GIN index answers; the matching documents' positions of the query's words come back in the
same statement, and `ranking.score` ranks them in Python exactly as it ranks Whoosh's, with
document frequencies, the number of documents and their average length counted by the
database.
"""
from __future__ import annotations

import logging
import time

import numpy as np
from sqlalchemy import bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.types import String

from . import ranking
from .analysis import concept_terms, fold_token, tokens
from .documents import Filters, Hit, Results, SearchDocument
from .query import TEXT, Query, Words, focus

log = logging.getLogger("civic.search")
STATS_SECONDS = 30

SCHEMA = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """DO $$ BEGIN
         IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'civic_fold') THEN
           CREATE TEXT SEARCH CONFIGURATION civic_fold (COPY = simple);
           ALTER TEXT SEARCH CONFIGURATION civic_fold
             ALTER MAPPING FOR asciiword, word, numword, asciihword, hword, numhword,
                               hword_asciipart, hword_part, hword_numpart
             WITH unaccent, simple;
         END IF;
       END $$""",
    """CREATE TABLE IF NOT EXISTS search_documents (
         id varchar(80) PRIMARY KEY,
         kind varchar(30) NOT NULL,
         title text NOT NULL,
         body text NOT NULL,
         url text NOT NULL,
         agency varchar(100) NOT NULL DEFAULT '',
         topics text[] NOT NULL DEFAULT '{}',
         day date,
         opens date,
         closes date,
         concluded boolean NOT NULL DEFAULT false,
         length integer NOT NULL DEFAULT 0,
         heading tsvector NOT NULL DEFAULT ''::tsvector,
         folded tsvector NOT NULL,
         exact tsvector NOT NULL)""",
    # an index built before ranked search: `search reindex` fills the lengths
    "ALTER TABLE search_documents ADD COLUMN IF NOT EXISTS length integer NOT NULL DEFAULT 0",
    "ALTER TABLE search_documents ADD COLUMN IF NOT EXISTS heading tsvector NOT NULL DEFAULT ''::tsvector",
    "CREATE INDEX IF NOT EXISTS search_documents_folded ON search_documents USING gin (folded)",
    "CREATE INDEX IF NOT EXISTS search_documents_exact ON search_documents USING gin (exact)",
    "CREATE INDEX IF NOT EXISTS search_documents_day ON search_documents (day)",
]

INSERT = text("""
    INSERT INTO search_documents (id, kind, title, body, url, agency, topics, day, opens, closes, concluded, length,
                                  heading, folded, exact)
    VALUES (:id, :kind, :title, :body, :url, :agency, :topics, :day, :opens, :closes, :concluded, :length,
            to_tsvector('civic_fold', :heading), to_tsvector('civic_fold', :words) || CAST(:concepts AS tsvector),
            to_tsvector('simple', :words))
""").bindparams(bindparam("topics", type_=ARRAY(String)))


def _row(document: SearchDocument) -> dict:
    words = tokens(f"{document.title}\n{document.body}")
    concepts = concept_terms([fold_token(word) for word in words])
    return {
        "id": document.id, "kind": document.kind, "title": document.title, "body": document.body,
        "url": document.url, "agency": document.agency, "topics": list(document.topics),
        "day": document.day, "opens": document.opens, "closes": document.closes,
        "concluded": document.concluded, "length": len(words),
        "words": " ".join(words), "concepts": _concept_vector(concepts),
        "heading": " ".join(tokens(document.title)),
    }


def _concept_vector(concepts: list[str]) -> str:
    """The abbreviation concepts as a tsvector literal whose positions leave a gap after the
    text and between them (`||` shifts them past the text's last position): a pair or phrase
    of the text never runs into a concept, as in Whoosh, where concepts make no pairs."""
    places: dict[str, list[int]] = {}
    for k, concept in enumerate(concepts):
        places.setdefault(concept, []).append(2 * (k + 1))
    return " ".join(f"'{concept}':{','.join(map(str, found))}" for concept, found in places.items())


def _lexeme(word: str) -> str:
    return f"'{word}'"   # tokens are letters and digits only: nothing to escape


def _item(item: Words) -> str:
    """Where a run (as written) or a quoted phrase matches, as a tsquery."""
    if item.needs_positions:
        return "(" + " <-> ".join(_lexeme(w) for w in item.folded) + ")"
    return "(" + " & ".join(_term(term) for term in item.needed()) + ")"


def _term(term: tuple[str, str]) -> str:
    return "(" + " <-> ".join(_lexeme(w) for w in term[1].split(" ")) + ")"


def match_tsquery(query: Query, deciding: list[str]) -> str | None:
    """The conditions of a query as one tsquery, or None if nothing can match."""
    parts = ["(" + " | ".join(_item(item) for item in clause) + ")" for clause in query.required]
    if not query.required:
        if not deciding:
            return None
        parts.append("(" + " | ".join(_lexeme(word) for word in deciding) + ")")
    if query.excluded:
        parts.append("!(" + " | ".join(_item(item) for item in query.excluded) + ")")
    return " & ".join(parts)


def every_word_tsquery(query: Query) -> str | None:
    return " & ".join(_lexeme(word) for word in query.words) or None


def first_tier_tsquery(query: Query) -> str | None:
    """Every word and every adjacent pair of the free runs (`ranking.first_tier`)."""
    if not query.free_pairs:
        return None
    return " & ".join([_lexeme(word) for word in query.words] + [_term(term) for term in query.free_pairs])


def _where(match: str, filters: Filters | None) -> tuple[str, dict]:
    clauses = ["folded @@ to_tsquery('civic_fold', :q)"]
    params: dict = {"q": match}
    if filters:
        for column, value in (("kind", filters.kind), ("agency", filters.agency)):
            if value:
                clauses.append(f"{column} = :{column}")
                params[column] = value
        if filters.topic:
            clauses.append(":topic = ANY(topics)")
            params["topic"] = filters.topic
        if filters.date_from:
            clauses.append("day >= :date_from")
            params["date_from"] = filters.date_from
        if filters.date_to:
            clauses.append("day <= :date_to")
            params["date_to"] = filters.date_to
        life = filters.life
        if life is not None:
            if life.nothing:
                clauses.append("false")
            for column, name, value, operator in (("opens", "opens_from", life.opens_from, ">="),
                                                  ("opens", "opens_to", life.opens_to, "<="),
                                                  ("closes", "closes_from", life.closes_from, ">="),
                                                  ("closes", "closes_to", life.closes_to, "<=")):
                if value:
                    clauses.append(f"{column} {operator} :{name}")
                    params[name] = value
            if life.concluded is not None:
                clauses.append("concluded" if life.concluded else "NOT concluded")
    return " AND ".join(clauses), params


class PostgresBackend:
    name = "postgres"

    def __init__(self, engine):
        self.engine = engine
        self._ready = False
        self._counts: dict = {}   # term statistics: key → (value, when counted)

    def ensure_schema(self) -> None:
        with self.engine.begin() as conn:
            for statement in SCHEMA:
                conn.execute(text(statement))
        self._ready = True

    def available(self) -> bool:
        try:
            with self.engine.connect() as conn:
                # (an index built before ranked search has neither: `search reindex` adds them)
                conn.execute(text("SELECT length, heading FROM search_documents LIMIT 1"))
                conn.execute(text("SELECT to_tsvector('civic_fold', 'đ')"))
            return True
        except Exception as exc:
            log.warning("search (postgres) unavailable: %s", exc)
            return False

    def rebuild(self, documents, procs: int = 1) -> int:  # (one transaction; procs unused)
        self._counts.clear()
        self.ensure_schema()
        count = 0
        with self.engine.begin() as conn:
            conn.execute(text("DELETE FROM search_documents"))
            batch = []
            for document in documents:
                batch.append(_row(document))
                if len(batch) >= 500:
                    conn.execute(INSERT, batch)
                    count += len(batch)
                    batch = []
            if batch:
                conn.execute(INSERT, batch)
                count += len(batch)
        with self.engine.connect() as conn:
            conn.execute(text("ANALYZE search_documents"))
        return count

    def apply(self, changes: dict[str, SearchDocument | None]) -> None:
        if not changes:
            return
        self._counts.clear()
        if not self._ready:
            self.ensure_schema()
        with self.engine.begin() as conn:
            conn.execute(text("DELETE FROM search_documents WHERE id = ANY(:ids)").bindparams(
                bindparam("ids", type_=ARRAY(String))), {"ids": list(changes)})
            rows = [_row(document) for document in changes.values() if document is not None]
            if rows:
                conn.execute(INSERT, rows)

    def _stats(self, conn, query: Query) -> ranking.Stats:
        """The number of documents, their average length and each scoring term's document
        frequency, in one statement (each count answered by the GIN index). Counts are kept
        for STATS_SECONDS (forgotten at once when this process writes): a pair's count
        rechecks positions, and idf barely moves from one write to the next."""
        now = time.monotonic()
        fresh = {key: value for key, (value, at) in self._counts.items() if now - at < STATS_SECONDS}
        terms = [term for term in query.scoring_terms + [(ranking.EXACT, word) for word in query.exact_terms]
                 if term not in fresh]
        if terms or "documents" not in fresh:
            counts = ", ".join(
                f"(SELECT count(*) FROM search_documents WHERE exact @@ to_tsquery('simple', :t{i}))" if field == ranking.EXACT
                else f"(SELECT count(*) FROM search_documents WHERE folded @@ to_tsquery('civic_fold', :t{i}))"
                for i, (field, _) in enumerate(terms))
            row = conn.execute(text(
                "SELECT (SELECT count(*) FROM search_documents), (SELECT coalesce(avg(length), 0) FROM search_documents)"
                + (f", {counts}" if counts else "")), {f"t{i}": _term(term) for i, term in enumerate(terms)}).one()
            fresh["documents"] = (int(row[0]), float(row[1]))
            self._counts["documents"] = (fresh["documents"], now)
            for term, df in zip(terms, row[2:]):
                fresh[term] = int(df)
                self._counts[term] = (int(df), now)
            if len(self._counts) > 10_000:
                self._counts.clear()
        n, avgdl = fresh["documents"]
        stats = ranking.Stats(n=n, avgdl=avgdl)
        for term in query.scoring_terms + [(ranking.EXACT, word) for word in query.exact_terms]:
            if fresh.get(term):
                stats.df[term] = fresh[term]
        return stats

    def _evaluate(self, query: Query, filters: Filters | None, sort: str, offset: int, limit: int):
        """(ids of the page in order, total, complete, unknown words)."""
        query = focus(query, self.frequencies)
        with self.engine.connect() as conn:
            stats = self._stats(conn, query)
            unknown = ranking.unknown_words(query, stats)
            match = match_tsquery(query, ranking.deciding_words(query, stats))
            if match is None:
                return [], 0, 0, unknown
            where, params = _where(match, filters)
            every = every_word_tsquery(query)
            params["every"] = every or ""
            holds_every = "folded @@ to_tsquery('civic_fold', :every)" if every else "true"
            if sort == "date":
                params.update(offset=offset, limit=limit)
                rows = conn.execute(text(
                    f"SELECT id, count(*) OVER () AS total, count(*) FILTER (WHERE {holds_every}) OVER () AS complete "
                    f"FROM search_documents WHERE {where} ORDER BY day DESC NULLS LAST, id OFFSET :offset LIMIT :limit"),
                    params).all()
                if rows:
                    return [row.id for row in rows], rows[0].total, rows[0].complete, unknown
                counted = conn.execute(text(
                    f"SELECT count(*), count(*) FILTER (WHERE {holds_every}) FROM search_documents WHERE {where}"),
                    params).one()
                return [], counted[0], counted[1], unknown
            # one column per query word (its positions), per accented word and per title word
            # (held or not): plain arrays and booleans, decoded without a loop in Python
            lexemes = sorted({word for field, term in query.scoring_terms for word in term.split(" ")})
            columns = []
            for i, word in enumerate(lexemes):
                params[f"l{i}"] = word
                columns.append(f"(SELECT u.positions FROM unnest(folded) u WHERE u.lexeme = :l{i}) AS p{i}")
            for i, word in enumerate(query.exact_terms):
                params[f"e{i}"] = _lexeme(word)
                columns.append(f"exact @@ to_tsquery('simple', :e{i}) AS e{i}")
            for i, word in enumerate(query.title_words):
                params[f"h{i}"] = _lexeme(word)
                columns.append(f"heading @@ to_tsquery('civic_fold', :h{i}) AS h{i}")
            select = f"SELECT id, length, {', '.join(columns)} FROM search_documents WHERE {where}"
            first_tier = first_tier_tsquery(query)
            rows = None
            if first_tier:
                # The documents holding the runs as written rank before all others: when they
                # fill the page, only they are read and scored (reading every document that
                # holds some common syllable is what makes ranked search slow), and the
                # totals are counted by the index alone.
                params["first"] = first_tier
                rows = conn.execute(text(f"{select} AND folded @@ to_tsquery('civic_fold', :first)"), params).all()
                if len(rows) >= offset + limit:
                    total, complete = conn.execute(text(
                        f"SELECT (SELECT count(*) FROM search_documents WHERE {where}),"
                        f" (SELECT count(*) FROM search_documents WHERE {where} AND {holds_every})"), params).one()
                else:
                    rows = None
            if rows is None:
                rows = conn.execute(text(select), params).all()
                total = complete = None
        if not rows:
            return [], 0, 0, unknown
        positions = {word: [row[2 + i] or () for row in rows] for i, word in enumerate(lexemes)}
        tf = _frequencies(query, positions, len(rows))
        column = 2 + len(lexemes)   # the exact-accent booleans follow the positions, then the title ones
        exact = {word: np.fromiter((row[column + i] for row in rows), dtype=bool, count=len(rows))
                 for i, word in enumerate(query.exact_terms)}
        column += len(query.exact_terms)
        titled = {word: np.fromiter((row[column + i] for row in rows), dtype=bool, count=len(rows))
                  for i, word in enumerate(query.title_words)}
        lengths = np.fromiter((row.length for row in rows), dtype=np.float64, count=len(rows))
        scores = ranking.score(query, stats, tf, lengths, exact, titled)
        if total is None:
            total, complete = len(rows), int(ranking.holds_every_word(query, tf, len(rows)).sum())
        ids = [row.id for row in rows]
        order = sorted(range(len(rows)), key=lambda i: (-scores[i], ids[i]))
        return [ids[i] for i in order[offset:offset + limit]], total, complete, unknown

    def top(self, query: Query, limit: int = 20) -> list[str]:
        return self._evaluate(query, None, "relevance", 0, limit)[0]

    def count(self, query: Query, filters: Filters | None = None) -> int:
        return self._evaluate(query, filters, "date", 0, 1)[1]

    def frequencies(self, words: list[str]) -> dict[str, int]:
        """How many documents hold each folded word (for spelling suggestions)."""
        if not words:
            return {}
        with self.engine.connect() as conn:
            rows = conn.execute(text(
                "SELECT w, (SELECT count(*) FROM search_documents WHERE folded @@ to_tsquery('civic_fold', quote_literal(w)))"
                " FROM unnest(:words) AS w").bindparams(bindparam("words", type_=ARRAY(String))), {"words": list(words)}).all()
        return {word: int(n) for word, n in rows if n}

    def search(self, query: Query, filters: Filters, *, sort: str = "relevance", offset: int = 0,
               limit: int = 20) -> Results:
        ids, total, complete, unknown = self._evaluate(query, filters, sort, offset, limit)
        hits = []
        if ids:
            with self.engine.connect() as conn:
                rows = conn.execute(text(
                    "SELECT id, kind, title, body, url, day FROM search_documents WHERE id = ANY(:ids)").bindparams(
                        bindparam("ids", type_=ARRAY(String))), {"ids": ids}).all()
            by_id = {row.id: row for row in rows}
            hits = [Hit(id=row.id, kind=row.kind, title=row.title, url=row.url, body=row.body, day=row.day)
                    for row in (by_id.get(i) for i in ids) if row is not None]
        return Results(total=total, hits=hits, complete=complete, unknown=unknown)


def _frequencies(query: Query, positions: dict[str, list], size: int) -> dict[tuple[str, str], np.ndarray]:
    """Each scoring term's frequency in each document, from the positions of its words: a
    word's count, or for a pair the positions where the second word follows the first."""
    tf = {}
    for field, term in query.scoring_terms:
        if field == TEXT:
            values = np.fromiter((len(found) for found in positions[term]), dtype=np.float64, count=size)
        else:
            first, second = term.split(" ")
            values = np.zeros(size)
            for i, (a, b) in enumerate(zip(positions[first], positions[second])):
                if a and b:
                    after = set(b)
                    values[i] = sum(1 for p in a if p + 1 in after)
        if values.any():
            tf[(field, term)] = values
    return tf
