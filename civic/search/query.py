"""The search language, parsed once and translated by each engine.

- Words typed together are a run. A run of several words matches text where each pair of
  adjacent words appears adjacent (`hanh chinh cong` needs "hành chính" and "chính công"),
  which is how Vietnamese two-syllable words are found; if that finds nothing, the search is
  relaxed to every word anywhere (`Query.relaxed`).
- `"quoted words"` must appear in that order, adjacent.
- `-word` or `-"quoted words"` excludes documents that contain them.
- `OR` (in capitals) between two runs or phrases: either may match.
- Everything else is only text: unbalanced quotes, `AND`, `*`, emoji and punctuation never make
  an error; a query with no words finds nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..core.text import fold
from .analysis import clean_query, pairs, tokens

PAIRS, PHRASE, ALL = "pairs", "phrase", "all"
MAX_ITEMS = 8
MAX_WORDS = 10

_PIECE = re.compile(r'(?P<neg>-?)"(?P<phrase>[^"]*)"|(?P<chunk>[^\s"]+)|"')


@dataclass(frozen=True)
class Words:
    words: tuple[str, ...]     # lower case, accents as typed
    mode: str = PAIRS          # PAIRS (a run), PHRASE (quoted), ALL (a relaxed run)

    @property
    def folded(self) -> tuple[str, ...]:
        return tuple(fold(w) for w in self.words)

    @property
    def accented(self) -> bool:
        return self.folded != self.words

    def terms(self, folded: bool = True) -> list[str]:
        """Index terms that must all be present: single words, or adjacent pairs."""
        words = list(self.folded if folded else self.words)
        if len(words) == 1 or self.mode == ALL:
            return words
        return pairs(words)

    @property
    def needs_positions(self) -> bool:
        """A quoted phrase of three words or more is checked word by word, in order."""
        return self.mode == PHRASE and len(self.words) > 2


@dataclass(frozen=True)
class Query:
    clauses: tuple[tuple[Words, ...], ...] = ()   # every clause must match; any alternative of one
    excluded: tuple[Words, ...] = ()
    text: str = ""

    def __bool__(self) -> bool:
        return bool(self.clauses)

    @property
    def positive(self) -> list[Words]:
        return [item for clause in self.clauses for item in clause]

    @property
    def accented(self) -> bool:
        return any(item.accented for item in self.positive)

    @property
    def exact_terms(self) -> list[str]:
        """The words typed with accents: documents holding all of them as typed rank first."""
        return sorted({word for item in self.positive for word in item.words if fold(word) != word})

    @property
    def highlight_words(self) -> set[str]:
        return {word for item in self.positive for word in item.folded}

    def relaxed(self) -> "Query | None":
        """The same query with every run of several words matched word by word, or None if
        there is no such run."""
        changed = False
        clauses = []
        for clause in self.clauses:
            items = []
            for item in clause:
                if item.mode == PAIRS and len(item.words) > 1:
                    item = replace(item, mode=ALL)
                    changed = True
                items.append(item)
            clauses.append(tuple(items))
        return replace(self, clauses=tuple(clauses)) if changed else None


def parse(raw: str | None) -> Query:
    text = clean_query(raw)
    elements: list[object] = []   # Words (positive), ("not", Words), or "OR"
    run: list[str] = []

    def end_run():
        if run:
            elements.append(Words(tuple(run[:MAX_WORDS])))
            run.clear()

    for match in _PIECE.finditer(text):
        if match.group("phrase") is not None:
            end_run()
            words = tokens(match.group("phrase"))[:MAX_WORDS]
            if words:
                item = Words(tuple(words), PHRASE)
                elements.append(("not", item) if match.group("neg") else item)
            continue
        chunk = match.group("chunk")
        if chunk is None:      # a lone quote: only text
            continue
        if chunk == "OR":
            end_run()
            elements.append("OR")
        elif chunk in ("AND", "NOT"):
            end_run()
        elif chunk.startswith("-") and tokens(chunk[1:]):
            end_run()
            words = tokens(chunk[1:])[:MAX_WORDS]
            elements.append(("not", Words(tuple(words), PHRASE)))
        else:
            run.extend(tokens(chunk))
    end_run()

    clauses: list[list[Words]] = []
    excluded: list[Words] = []
    join_next = False
    for element in elements:
        if element == "OR":
            join_next = bool(clauses)
            continue
        if isinstance(element, tuple):
            excluded.append(element[1])
            join_next = False
            continue
        if join_next:
            clauses[-1].append(element)
        else:
            clauses.append([element])
        join_next = False
    return Query(
        clauses=tuple(tuple(clause) for clause in clauses[:MAX_ITEMS]),
        excluded=tuple(excluded[:MAX_ITEMS]),
        text=text,
    )
