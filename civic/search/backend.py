"""What a search engine implements. Whoosh (one server) and PostgreSQL (several app servers)
both do, with the same meaning (tests/search/test_conformance.py checks the methods and
their signatures, and the same results on the same corpus)."""
from __future__ import annotations

from typing import Iterable, Protocol, runtime_checkable

from .documents import Filters, Results, SearchDocument
from .query import Query


@runtime_checkable
class SearchBackend(Protocol):
    name: str

    def available(self) -> bool:
        """Whether the index can answer (a missing, broken or outdated one cannot)."""

    def rebuild(self, documents: Iterable[SearchDocument], procs: int = 1) -> int:
        """Replace the whole index with these documents; how many were indexed."""

    def apply(self, changes: dict[str, SearchDocument | None]) -> None:
        """Add, replace (a document) or remove (None) documents by id; raises when it cannot."""

    def search(self, query: Query, filters: Filters, *, sort: str = "relevance", offset: int = 0,
               limit: int = 20) -> Results:
        """One page of results, ranked (`ranking`) or newest first (sort="date")."""

    def top(self, query: Query, limit: int = 20) -> list[str]:
        """The ids of the best `limit` documents."""

    def count(self, query: Query, filters: Filters | None = None) -> int:
        """How many documents match."""

    def frequencies(self, words: list[str]) -> dict[str, int]:
        """How many documents hold each folded word (absent: none)."""
