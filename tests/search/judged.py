"""The judged Vietnamese search set (tests/data/search_judged/) and its measures.

Documents carry labels (what each is about, TAXONOMY.md); each query names the labels that
make a document highly (2) or partly (1) relevant, with per-document overrides where a judge
read it differently. Measured: nDCG@10 (gain 2^grade − 1) and recall@20 (documents graded 1
or 2 found in the first 20), against plain BM25 (rank-bm25's BM25Okapi, nothing tuned) over
the same folded syllables and adjacent pairs."""
from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from civic.search.analysis import fold_token, pairs, tokens
from civic.search.documents import SearchDocument

DATA = Path(__file__).resolve().parent.parent / "data" / "search_judged"
KINDS = {"comment", "section", "idea", "answer"}


@dataclass(frozen=True)
class Doc:
    id: str
    kind: str
    title: str
    body: str
    labels: tuple[str, ...]

    def search_document(self) -> SearchDocument:
        return SearchDocument(id=self.id, kind=self.kind, title=self.title, body=self.body, url=f"/judged/{self.id}")


@dataclass(frozen=True)
class Judged:
    text: str
    grades: dict[str, int]     # document id → 1 or 2 (absent: 0)
    note: str = ""


def _matches(label: str, wanted: list[str]) -> bool:
    subject = label.split("/")[0]
    return any(label == w or subject == w for w in wanted)


def grade(doc: Doc, query: dict) -> int:
    for key, value in (("grade2_ids", 2), ("grade1_ids", 1), ("grade0_ids", 0)):
        if doc.id in query.get(key, ()):
            return value
    if any(_matches(label, query.get("grade2", [])) for label in doc.labels):
        return 2
    if any(_matches(label, query.get("grade1", [])) for label in doc.labels):
        return 1
    return 0


@lru_cache(maxsize=1)
def load() -> tuple[list[Doc], list[Judged]]:
    docs: list[Doc] = []
    for path in sorted(DATA.glob("*.toml")):
        if path.name == "queries.toml":
            continue
        with path.open("rb") as handle:
            for row in tomllib.load(handle).get("doc", []):
                docs.append(Doc(row["id"], row["kind"], row.get("title", ""), row["body"], tuple(row["labels"])))
    with (DATA / "queries.toml").open("rb") as handle:
        rows = tomllib.load(handle)["query"]
    queries = []
    for row in rows:
        grades = {doc.id: g for doc in docs if (g := grade(doc, row))}
        queries.append(Judged(row["q"], grades, row.get("note", "")))
    return docs, queries


def folded_terms(text: str) -> list[str]:
    words = [fold_token(word) for word in tokens(text)]
    return words + pairs(words)


class Baseline:
    """Plain BM25 (rank-bm25's BM25Okapi, its default k1, b and epsilon) over folded syllables
    and adjacent pairs of title and body: what the issue measured our search against."""

    def __init__(self, docs: list[Doc]):
        from rank_bm25 import BM25Okapi

        self.ids = [doc.id for doc in docs]
        self.bm25 = BM25Okapi([folded_terms(f"{doc.title}\n{doc.body}") for doc in docs])

    def top(self, text: str, limit: int) -> list[str]:
        scores = self.bm25.get_scores(folded_terms(text))
        order = sorted((i for i, s in enumerate(scores) if s > 0), key=lambda i: (-scores[i], i))
        return [self.ids[i] for i in order[:limit]]


def ndcg(found: list[str], grades: dict[str, int], k: int = 10) -> float:
    gain = sum((2 ** grades.get(doc, 0) - 1) / math.log2(i + 2) for i, doc in enumerate(found[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    best = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return gain / best if best else 0.0


def recall(found: list[str], grades: dict[str, int], k: int = 20) -> float:
    relevant = {doc for doc, g in grades.items() if g > 0}
    if not relevant:
        return 0.0
    return len(relevant & set(found[:k])) / len(relevant)


def measure(top, queries: list[Judged]) -> tuple[float, float, list[tuple[str, float, float]]]:
    """Mean nDCG@10 and recall@20 of a `top(text, limit) -> ids` function, and per query."""
    rows = []
    for query in queries:
        found = top(query.text, 20)
        rows.append((query.text, ndcg(found, query.grades), recall(found, query.grades)))
    return (sum(r[1] for r in rows) / len(rows), sum(r[2] for r in rows) / len(rows), rows)
