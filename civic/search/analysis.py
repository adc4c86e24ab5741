"""Vietnamese text as the index sees it. Every engine (Whoosh, PostgreSQL, the FTS5 bench)
gets the same tokens from here, so they agree on what matches.

- Tokens are runs of letters and digits (`[^\\W_]+`) in NFC, lower case; punctuation, emoji
  and control characters separate them. Positions count tokens only.
- The folded form drops diacritics, and đ becomes d (Unicode decomposition leaves đ alone),
  so `cai cach hanh chinh` finds `Cải cách hành chính`.
- No stop words: short Vietnamese words (góp ý, công an, Long An) carry meaning.
- Most Vietnamese words are two syllables, so each pair of adjacent tokens is also a term
  ("cai cach"): a query of several syllables looks up short pair postings instead of scoring
  every posting of very common syllables.
"""
from __future__ import annotations

import re
from functools import lru_cache
import unicodedata

from ..core.text import clean_text, fold

TOKEN = re.compile(r"[^\W_]+")
MAX_QUERY_CHARS = 200


def tokens(text: str) -> list[str]:
    """Lower-case NFC tokens, accents kept."""
    return TOKEN.findall(unicodedata.normalize("NFC", text).lower())


def spans(text: str):
    """(start, end, folded token) for each token of an NFC text, for highlighting."""
    for match in TOKEN.finditer(text):
        yield match.start(), match.end(), fold(match.group())


@lru_cache(maxsize=200_000)
def fold_token(token: str) -> str:
    """fold() for one token; a language has few distinct ones, so they are folded once."""
    return fold(token)


def pairs(words: list[str]) -> list[str]:
    return [f"{a} {b}" for a, b in zip(words, words[1:])]


def clean_query(raw: str | None, limit: int = MAX_QUERY_CHARS) -> str:
    """What a person typed, made safe to parse: NFC, no control characters, bounded length."""
    return " ".join(clean_text(raw).split())[:limit].strip()
