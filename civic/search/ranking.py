"""How search ranks, the same for every engine: BM25 over folded syllables and adjacent pairs,
with boosts for exact accents as typed, for words in the title, and for holding every word.

An engine gathers, for the documents it considers, each query term's frequency, the document
lengths and which documents hold the accented words as typed and the words in their titles;
`score` turns them into one number per document. Term statistics (document frequencies, the
number of documents and their average length) come from the whole index.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .query import PAIR, TEXT, Query

K1 = 1.2
B = 0.75
PAIR_WEIGHT = 0.5        # an adjacent pair adds half a term (its words already count; judged set: 0.5 > 1.0)
EXACT_WEIGHT = 1.0       # × the idf of the word as typed, when a document holds it with those accents
EXACT = "exact"          # the field of accented words as typed, in Stats.df
TITLE_WEIGHT = 0.5       # × the word's idf, when the word is in the document's title or heading
EVERY_WORD_BONUS = 0.25 # × the query's total word idf, for holding every word of the query
FIRST = 1e6              # added for holding every word and every adjacent pair typed: those rank first
COMMON_SHARE = 0.3       # a word in more than this share of documents...
COMMON_MIN_DOCS = 50     # ...(and in more than this many) cannot make a match on its own


def idf(df: int, n: int) -> float:
    """BM25's idf (the Lucene form, never negative)."""
    return math.log(1.0 + (n - df + 0.5) / (df + 0.5))


@dataclass
class Stats:
    n: int                                   # documents in the index
    avgdl: float                             # their average length in tokens
    df: dict[tuple[str, str], int] = field(default_factory=dict)   # (field, term) → documents holding it

    def idf(self, term: tuple[str, str]) -> float:
        return idf(self.df.get(term, 0), max(self.n, 1))


def common_limit(n: int) -> float:
    return max(COMMON_SHARE * n, COMMON_MIN_DOCS)


def unknown_words(query: Query, stats: Stats) -> tuple[str, ...]:
    """The folded words of the free runs that no document holds."""
    return tuple(word for item in query.free for word in item.folded if not stats.df.get((TEXT, word)))


def deciding_words(query: Query, stats: Stats) -> list[str]:
    """The free words that make a document a match: every word found in few enough documents;
    if all of them are very common, all of them."""
    words = [word for word in query.match_words if stats.df.get((TEXT, word), 0) > 0]
    rare = [word for word in words if stats.df[(TEXT, word)] <= common_limit(stats.n)]
    return rare or words


def score(query: Query, stats: Stats, tf: dict[tuple[str, str], np.ndarray], lengths: np.ndarray,
          exact: dict[str, np.ndarray], titled: dict[str, np.ndarray]) -> np.ndarray:
    """One score per document (aligned with `lengths`). `tf` maps each scoring term to its
    frequencies (absent: zero everywhere), `exact` each accented query word to whether the
    document holds it as typed (its idf, from `stats.df[(EXACT, word)]`, is how rare the
    accents make it: `bán` among many `ban`), `titled` each folded query word to whether its title does."""
    size = len(lengths)
    norm = K1 * (1.0 - B + B * lengths / max(stats.avgdl, 1.0))
    parts: dict[tuple[str, str], np.ndarray] = {}
    for term in query.scoring_terms:
        freq = tf.get(term)
        if freq is not None:
            weight = stats.idf(term) * (PAIR_WEIGHT if term[0] == PAIR else 1.0)
            parts[term] = weight * (freq * (K1 + 1.0)) / (freq + norm)
    total = np.zeros(size, dtype=np.float64)
    grouped: set[tuple[str, str]] = set()
    for concept, span in query.groups:
        # a full form typed: the better of its words and pairs, or its concept weighed as
        # those words and pairs would be (a document that abbreviates scores as one that
        # spells it out)
        spelled = sum((parts[term] for term in span if term in parts), np.zeros(size))
        abbreviated = np.zeros(size)
        if concept in parts:
            weight = sum(stats.idf(term) * (PAIR_WEIGHT if term[0] == PAIR else 1.0) for term in span)
            abbreviated = parts[concept] / stats.idf(concept) * weight
        total += np.maximum(spelled, abbreviated)
        grouped.update(span)
        grouped.add(concept)
    for term, part in parts.items():
        if term not in grouped:
            total += part
    for word, held in exact.items():
        total += EXACT_WEIGHT * stats.idf((EXACT, word)) * held
    for word, held in titled.items():
        total += TITLE_WEIGHT * stats.idf((TEXT, word)) * held
    if len(query.words) > 1:
        weight = sum(stats.idf((TEXT, word)) for word in query.words)
        total += EVERY_WORD_BONUS * weight * holds_every_word(query, tf, size)
    total += FIRST * first_tier(query, tf, size)
    return total


def first_tier(query: Query, tf: dict[tuple[str, str], np.ndarray], size: int) -> np.ndarray:
    """The documents that hold the query's runs as written (every word and every adjacent
    pair typed): they rank before all others (an engine may look at them alone when they fill
    the page). A query of single words has no such tier."""
    if not query.free_pairs:
        return np.zeros(size, dtype=bool)
    every = holds_every_word(query, tf, size)
    for term in query.free_pairs:
        freq = tf.get(term)
        if freq is None:
            return np.zeros(size, dtype=bool)
        every &= freq > 0
    return every


def holds_every_word(query: Query, tf: dict[tuple[str, str], np.ndarray], size: int) -> np.ndarray:
    every = np.ones(size, dtype=bool)
    for word in query.words:
        freq = tf.get((TEXT, word))
        if freq is None:
            return np.zeros(size, dtype=bool)
        every &= freq > 0
    return every

