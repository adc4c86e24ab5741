"""PostgreSQL full-text search, for deployments of several app servers sharing one database
(`SEARCH_BACKEND=postgres`).

Documents live in `search_documents`, a derived table this backend creates itself (like the
Whoosh directory, it is rebuilt from the truth by `flask --app civic search reindex`; it is
not part of the models). Text arrives as the same tokens Whoosh indexes (`analysis.tokens`,
joined by spaces, so both engines count the same positions); the `civic_fold` text search
configuration folds it with `unaccent` (đ → d included) and lower-cases it. A run of several
words becomes adjacent pairs (`'cai' <-> 'cach'`), a quoted phrase one `<->` chain: the same
matches as Whoosh's pair terms and phrases. GIN indexes serve both the folded and the exact
(accented) vectors; documents holding the exact accented terms rank first.
"""
from __future__ import annotations

import logging

from sqlalchemy import bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.types import String

from .analysis import tokens
from .documents import Filters, Hit, Results, SearchDocument
from .query import Query, Words

log = logging.getLogger("civic.search")

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
         folded tsvector NOT NULL,
         exact tsvector NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS search_documents_folded ON search_documents USING gin (folded)",
    "CREATE INDEX IF NOT EXISTS search_documents_exact ON search_documents USING gin (exact)",
    "CREATE INDEX IF NOT EXISTS search_documents_day ON search_documents (day)",
]

INSERT = text("""
    INSERT INTO search_documents (id, kind, title, body, url, agency, topics, day, opens, closes, concluded, folded, exact)
    VALUES (:id, :kind, :title, :body, :url, :agency, :topics, :day, :opens, :closes, :concluded,
            to_tsvector('civic_fold', :words), to_tsvector('simple', :words))
""").bindparams(bindparam("topics", type_=ARRAY(String)))


def _row(document: SearchDocument) -> dict:
    return {
        "id": document.id, "kind": document.kind, "title": document.title, "body": document.body,
        "url": document.url, "agency": document.agency, "topics": list(document.topics),
        "day": document.day, "opens": document.opens, "closes": document.closes,
        "concluded": document.concluded,
        "words": " ".join(tokens(f"{document.title}\n{document.body}")),
    }


def _lexeme(word: str) -> str:
    return f"'{word}'"   # tokens are letters and digits only: nothing to escape


def _item(item: Words, folded: bool = True) -> str:
    words = item.folded if folded else item.words
    if item.needs_positions:
        return "(" + " <-> ".join(_lexeme(w) for w in words) + ")"
    parts = []
    for term in item.terms(folded):
        parts.append("(" + " <-> ".join(_lexeme(w) for w in term.split(" ")) + ")")
    return "(" + " & ".join(parts) + ")"


def to_tsquery(query: Query) -> str:
    clauses = ["(" + " | ".join(_item(item) for item in clause) + ")" for clause in query.clauses]
    out = " & ".join(clauses)
    if query.excluded:
        out += " & !(" + " | ".join(_item(item) for item in query.excluded) + ")"
    return out


def exact_tsquery(query: Query) -> str:
    return " & ".join(_lexeme(word) for word in query.exact_terms)


def _where(query: Query, filters: Filters | None) -> tuple[str, dict]:
    clauses = ["folded @@ to_tsquery('civic_fold', :q)"]
    params: dict = {"q": to_tsquery(query)}
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
        if filters.status and filters.today:
            params["today"] = filters.today
            clauses.append({
                "scheduled": "opens > :today",
                "open": "opens <= :today AND closes >= :today AND NOT concluded",
                "closed": "closes < :today AND NOT concluded",
                "concluded": "concluded",
            }.get(filters.status, "false"))
    return " AND ".join(clauses), params


class PostgresBackend:
    name = "postgres"

    def __init__(self, engine):
        self.engine = engine
        self._ready = False

    def ensure_schema(self) -> None:
        with self.engine.begin() as conn:
            for statement in SCHEMA:
                conn.execute(text(statement))
        self._ready = True

    def available(self) -> bool:
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1 FROM search_documents LIMIT 1"))
                conn.execute(text("SELECT to_tsvector('civic_fold', 'đ')"))
            return True
        except Exception as exc:
            log.warning("search (postgres) unavailable: %s", exc)
            return False

    def rebuild(self, documents, procs: int = 1) -> int:  # (one transaction; procs unused)
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
        if not self._ready:
            self.ensure_schema()
        with self.engine.begin() as conn:
            conn.execute(text("DELETE FROM search_documents WHERE id = ANY(:ids)").bindparams(
                bindparam("ids", type_=ARRAY(String))), {"ids": list(changes)})
            rows = [_row(document) for document in changes.values() if document is not None]
            if rows:
                conn.execute(INSERT, rows)

    def _select(self, query: Query, filters: Filters | None, sort: str, offset: int, limit: int):
        where, params = _where(query, filters)
        exact = exact_tsquery(query)
        order = "day DESC NULLS LAST, id"
        if sort != "date":
            first = ""
            if exact:
                first = "(exact @@ to_tsquery('simple', :exact)) DESC, "
                params["exact"] = exact
            order = f"{first}ts_rank(folded, to_tsquery('civic_fold', :q)) DESC, id"
        params.update(offset=offset, limit=limit)
        sql = (f"SELECT id, kind, title, body, url, day, count(*) OVER () AS total FROM search_documents "
               f"WHERE {where} ORDER BY {order} OFFSET :offset LIMIT :limit")
        with self.engine.connect() as conn:
            return conn.execute(text(sql), params).all()

    def top(self, query: Query, limit: int = 20) -> list[str]:
        return [row.id for row in self._select(query, None, "relevance", 0, limit)]

    def count(self, query: Query, filters: Filters | None = None) -> int:
        where, params = _where(query, filters)
        with self.engine.connect() as conn:
            return conn.execute(text(f"SELECT count(*) FROM search_documents WHERE {where}"), params).scalar_one()

    def search(self, query: Query, filters: Filters, *, sort: str = "relevance", offset: int = 0,
               limit: int = 20) -> Results:
        rows = self._select(query, filters, sort, offset, limit)
        total = rows[0].total if rows else (self.count(query, filters) if offset else 0)
        hits = [Hit(id=row.id, kind=row.kind, title=row.title, url=row.url, body=row.body, day=row.day) for row in rows]
        return Results(total=total, hits=hits)
