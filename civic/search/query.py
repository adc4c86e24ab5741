"""The search language, parsed once and planned the same way for every engine.

Words are evidence, not conditions (ranked retrieval):
- Words typed together are a run. A document matches when it holds some of the query's words;
  documents holding every word and its adjacent pairs rank first, then those holding most of
  them, by a BM25 weighting over folded syllables and pairs (`ranking`). Very common syllables
  (của, và, các, bị) are not enough on their own to make a match when the query has rarer
  words, and weigh little by their document frequency.
- `"quoted words"` must appear in that order, adjacent.
- `-word` or `-"quoted words"` excludes documents that contain them.
- `OR` (in capitals) between two runs or phrases: one of them must match (a run as written:
  its words and adjacent pairs).
- The full form of an administrative abbreviation in a run stands for the abbreviation's
  concept term (`ủy ban nhân dân` looks for `ubnd`, which documents spelling either hold).
- Everything else is only text: unbalanced quotes, `AND`, `*`, emoji and punctuation never make
  an error; a query with no words finds nothing. A long paste keeps its first MAX_TERMS words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..core.text import fold
from .analysis import clean_query, concepts, expansions, fold_token, tokens

PAIRS, PHRASE = "pairs", "phrase"
MAX_ITEMS = 8
MAX_TERMS = 16     # words in the whole query (a pasted paragraph is cut here, with a message)
FOCUS_WORDS = 8    # of the free words, at most this many, the rarest, are searched (`focus`)
PASTED_WORDS = 4   # ...and of a paragraph pasted whole (longer than MAX_TERMS), its four rarest

_PIECE = re.compile(r'(?P<neg>-?)"(?P<phrase>[^"]*)"|(?P<chunk>[^\s"]+)|"')

TEXT, PAIR = "text", "pairs"   # the two term fields: single syllables (and concepts), adjacent pairs


@dataclass(frozen=True)
class Words:
    words: tuple[str, ...]     # lower case, accents as typed (tone marks placed canonically)
    mode: str = PAIRS          # PAIRS (a run), PHRASE (quoted)

    @property
    def folded(self) -> tuple[str, ...]:
        return tuple(fold_token(w) for w in self.words)

    @property
    def accented(self) -> bool:
        return self.folded != self.words

    def stretches(self) -> list[tuple[str | None, list[str]]]:
        """The folded words in stretches, each the full form of an abbreviation (with its
        concept term) or plain words: `thủ tục hành chính trực tuyến` →
        [("tthc", ["thu", "tuc", "hanh", "chinh"]), (None, ["truc", "tuyen"])]. Quoted
        phrases are literal: one plain stretch."""
        folded = list(self.folded)
        if self.mode == PHRASE:
            return [(None, folded)]
        out: list[tuple[str | None, list[str]]] = []
        last = 0
        for start, end, concept in concepts(folded):
            if folded[last:start]:
                out.append((None, folded[last:start]))
            out.append((concept, folded[start:end]))
            last = end
        if folded[last:]:
            out.append((None, folded[last:]))
        return out

    def terms(self) -> list[tuple[str, str]]:
        """(field, term): each word, each adjacent pair, and the concept of each full form."""
        folded = list(self.folded)
        out = [(TEXT, word) for word in folded] + [(PAIR, f"{a} {b}") for a, b in zip(folded, folded[1:])]
        out += [(TEXT, concept) for concept, _ in self.stretches() if concept]
        return list(dict.fromkeys(out))

    def needed(self) -> list[tuple[str, str]]:
        """The terms a document must hold for this run or phrase to match as written: its
        adjacent pairs, or its one word."""
        folded = list(self.folded)
        if len(folded) == 1:
            return [(TEXT, folded[0])]
        return list(dict.fromkeys((PAIR, f"{a} {b}") for a, b in zip(folded, folded[1:])))

    @property
    def needs_positions(self) -> bool:
        """A quoted phrase of three words or more is checked word by word, in order."""
        return self.mode == PHRASE and len(self.words) > 2


@dataclass(frozen=True)
class Query:
    clauses: tuple[tuple[Words, ...], ...] = ()   # a clause of one run: evidence; else required
    excluded: tuple[Words, ...] = ()
    text: str = ""
    cut: bool = False                              # words past MAX_TERMS were left out

    def __bool__(self) -> bool:
        return bool(self.clauses)

    @property
    def positive(self) -> list[Words]:
        return [item for clause in self.clauses for item in clause]

    @property
    def free(self) -> list[Words]:
        """Runs typed on their own: evidence for ranking, not conditions."""
        return [clause[0] for clause in self.clauses if len(clause) == 1 and clause[0].mode == PAIRS]

    @property
    def required(self) -> list[tuple[Words, ...]]:
        """Clauses that must match: a quoted phrase, or alternatives joined by OR."""
        return [clause for clause in self.clauses if len(clause) > 1 or clause[0].mode == PHRASE]

    @property
    def words(self) -> list[str]:
        """What "holds every word" counts: the folded words of the free runs, a full form of
        an abbreviation counting as its one concept term (held with either spelling)."""
        out = []
        for item in self.free:
            for concept, words in item.stretches():
                out.extend([concept] if concept else words)
        return list(dict.fromkeys(out))

    @property
    def free_pairs(self) -> list[tuple[str, str]]:
        """The adjacent pairs of the free runs (a full form of an abbreviation held as its
        concept needs none)."""
        out = []
        for item in self.free:
            for concept, words in item.stretches():
                if not concept:
                    out.extend((PAIR, f"{a} {b}") for a, b in zip(words, words[1:]))
        return list(dict.fromkeys(out))

    @property
    def match_words(self) -> list[str]:
        """The terms that can make a document match a query of free runs: every folded word
        and every concept."""
        return list(dict.fromkeys(term for item in self.free for field, term in item.terms() if field == TEXT))

    @property
    def groups(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """For each full form of an abbreviation typed: its concept term and the terms of the
        words it spans (a document scores by the better of the two)."""
        out = []
        for item in self.positive:
            for concept, words in item.stretches():
                if concept:
                    span = [(TEXT, word) for word in words] + [(PAIR, f"{a} {b}") for a, b in zip(words, words[1:])]
                    out.append(((TEXT, concept), span))
        return out

    @property
    def scoring_terms(self) -> list[tuple[str, str]]:
        """Every (field, term) that adds to a document's score."""
        return list(dict.fromkeys(term for item in self.positive for term in item.terms()))

    @property
    def accented(self) -> bool:
        return any(item.accented for item in self.positive)

    @property
    def exact_terms(self) -> list[str]:
        """The words typed with accents: documents holding them as typed rank higher."""
        return sorted({word for item in self.positive for word in item.words if fold(word) != word})

    @property
    def title_words(self) -> list[str]:
        """Folded words whose presence in a title adds to the score."""
        return list(dict.fromkeys(term for item in self.positive for field, term in item.terms() if field == TEXT))

    @property
    def highlight_words(self) -> set[str]:
        """Folded words to mark in snippets: those typed, and the abbreviation of a full form
        typed."""
        words = {word for item in self.positive for word in item.folded}
        words.update(concept for item in self.positive for concept, _ in item.stretches() if concept)
        return words

    @property
    def highlight_phrases(self) -> tuple[tuple[str, ...], ...]:
        """The full forms of the abbreviations typed, marked only as whole phrases (`UBND`
        marks "Ủy ban nhân dân", not every "dân")."""
        return tuple(full for word in sorted(self.highlight_words) for full in expansions(word))


def focus(query: Query, frequency, size: int | None = None) -> Query:
    """A query of more than `size` distinct free words (a pasted sentence or paragraph) keeps
    the `size` words found in the fewest documents (but in some) — `frequency(words)` gives those counts —
    and the pairs between kept words that were typed together. The rarer words say what it is
    about; scoring every posting of a dozen common syllables would only cost time."""
    if size is None:
        size = PASTED_WORDS if query.cut else FOCUS_WORDS
    words = query.words
    if len(words) <= size:
        return query
    counts = frequency(words)
    # (a word in no document finds nothing: the known ones first)
    kept = set(sorted(words, key=lambda word: (not counts.get(word), counts.get(word, 0), words.index(word)))[:size])
    clauses = []
    for clause in query.clauses:
        if len(clause) > 1 or clause[0].mode != PAIRS:
            clauses.append(clause)
            continue
        item = clause[0]
        folded = list(item.folded)
        units, i = [], 0        # (start, end, the word or concept that decides)
        for start, end, concept in concepts(folded) + [(len(folded), len(folded), None)]:
            units.extend((k, k + 1, folded[k]) for k in range(i, start))
            if concept:
                units.append((start, end, concept))
            i = end
        run: list[str] = []
        for start, end, key in units + [(0, 0, None)]:
            if key is not None and key in kept:
                run.extend(item.words[start:end])
            elif run:
                clauses.append((Words(tuple(run)),))
                run = []
    return replace(query, clauses=tuple(clauses))


def parse(raw: str | None) -> Query:
    text = clean_query(raw)
    elements: list[object] = []   # Words (positive), ("not", Words), or "OR"
    run: list[str] = []
    budget = [MAX_TERMS]
    cut = [False]

    def take(words: list[str]) -> tuple[str, ...]:
        kept = words[:budget[0]]
        if len(kept) < len(words):
            cut[0] = True
        budget[0] -= len(kept)
        return tuple(kept)

    def end_run():
        if run:
            words = take(run)
            if words:
                elements.append(Words(words))
            run.clear()

    for match in _PIECE.finditer(text):
        if match.group("phrase") is not None:
            end_run()
            words = take(tokens(match.group("phrase")))
            if words:
                item = Words(words, PHRASE)
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
            words = take(tokens(chunk[1:]))
            if words:
                elements.append(("not", Words(words, PHRASE)))
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
        cut=cut[0] or len(clauses) > MAX_ITEMS or len(excluded) > MAX_ITEMS,
    )
