"""Vietnamese text as the index sees it. Every engine (Whoosh, PostgreSQL, the FTS5 bench)
gets the same tokens from here, so they agree on what matches.

- Tokens are runs of letters and digits (`[^\\W_]+`) in NFC, lower case; punctuation, emoji
  and control characters separate them. Positions count tokens only.
- The folded form drops diacritics, and đ becomes d (Unicode decomposition leaves đ alone),
  so `cai cach hanh chinh` finds `Cải cách hành chính`.
- No stop words: short Vietnamese words (góp ý, công an, Long An) carry meaning; very common
  syllables (của, và, các) weigh little by their document frequency when results are ranked.
- Tone marks sit where the older convention puts them (`canonical_tones`): `hoà` and `hòa`,
  `thuỷ` and `thủy`, `uý` and `úy`, `khoẻ` and `khỏe` are one word, also for exact accents.
- Administrative abbreviations (data/abbreviations.toml) are concepts: a document holding
  "Ủy ban nhân dân" also holds the term `ubnd`, so `UBND` finds it, and a query typing the full
  words looks for `ubnd`, so it finds documents that abbreviate.
- Most Vietnamese words are two syllables, so each pair of adjacent tokens is also a term
  ("cai cach"): a query of several syllables looks up short pair postings instead of scoring
  every posting of very common syllables.
"""
from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import lru_cache
from pathlib import Path

from ..core.text import clean_text, fold

TOKEN = re.compile(r"[^\W_]+")
MAX_QUERY_CHARS = 200


def tokens(text: str) -> list[str]:
    """Lower-case NFC tokens, accents kept, tone marks where `canonical_tones` puts them."""
    return [canonical_tones(token) for token in TOKEN.findall(unicodedata.normalize("NFC", text).lower())]


# --- tone placement -----------------------------------------------------------------------

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}   # huyền, sắc, ngã, hỏi, nặng
_VOWELS = set("aăâeêioôơuưy")
_MARKED = set("ăâêôơư")                                           # vowels with their own shape
_FINALS = {"", "c", "ch", "m", "n", "ng", "nh", "p", "t"}
_INITIAL = re.compile(r"(?:ngh|ng|gh|gi|kh|ph|th|tr|ch|nh|qu|[bcdđghklmnpqrstvx])?")


@lru_cache(maxsize=200_000)
def canonical_tones(token: str) -> str:
    """One spelling for a syllable whose tone mark may sit on either vowel: on the first vowel
    of an open oa, oe, uy (`hoà` → `hòa`, `thuỷ` → `thủy`, `uý` → `úy`), on the vowel with its
    own shape (ơ in ươ, ê in iê) or before a final consonant on the last vowel (`tòan` →
    `toàn`), and on the middle one of three (`ngoaì` → `ngoài`). A token that is not one
    Vietnamese syllable with one tone mark is returned as it is (`café`, `abc`, `2026`)."""
    if token.isascii():
        return token
    letters = []   # (base letter with its shape marks, has the tone)
    tone = None
    for char in unicodedata.normalize("NFD", token):
        if char in _TONES:
            if tone is not None or not letters:
                return token
            tone = char
            letters[-1][1] = True
        elif unicodedata.combining(char):
            if not letters:
                return token
            letters[-1][0] += char
        else:
            letters.append([char, False])
    if tone is None:
        return token
    bases = [unicodedata.normalize("NFC", base) for base, _ in letters]
    word = "".join(bases)
    start = _INITIAL.match(word).end()
    if start == 2 and word[:2] == "gi" and (len(word) == 2 or word[2] not in _VOWELS):
        start = 1                                   # gì, gìn: the i is the vowel
    end = start
    while end < len(bases) and bases[end] in _VOWELS:
        end += 1
    if end == start or word[end:] not in _FINALS or len(bases[start:end]) > 3:
        return token
    vowels = list(range(start, end))
    marked = [i for i in vowels if bases[i] in _MARKED]
    if marked:
        place = marked[-1]                          # ươ → ơ, uô → ô, iê → ê
    elif end < len(bases) or len(vowels) == 1:
        place = vowels[-1]
    elif len(vowels) == 2:
        place = vowels[0]
    else:
        place = vowels[1]
    current = next(i for i, (_, toned) in enumerate(letters) if toned)
    if place == current:
        return token
    out = [unicodedata.normalize("NFD", base) + (tone if i == place else "") for i, base in enumerate(bases)]
    return unicodedata.normalize("NFC", "".join(out))


# --- abbreviations ------------------------------------------------------------------------

ABBREVIATIONS_FILE = Path(__file__).with_name("data") / "abbreviations.toml"


@lru_cache(maxsize=1)
def abbreviations() -> dict[tuple[str, ...], str]:
    """Folded full forms (as word tuples) → the folded abbreviation (`("uy", "ban", "nhan",
    "dan")` → `ubnd`)."""
    with ABBREVIATIONS_FILE.open("rb") as handle:
        data = tomllib.load(handle)
    out: dict[tuple[str, ...], str] = {}
    for abbreviation, entry in data.items():
        concept = fold(abbreviation)
        for full in entry["full"]:
            out[tuple(fold_token(word) for word in tokens(full))] = concept
    return out


@lru_cache(maxsize=1)
def _longest_full_form() -> int:
    return max(len(words) for words in abbreviations())


def expansions(abbreviation: str) -> list[tuple[str, ...]]:
    """The folded full forms of a folded abbreviation (none if it is not one)."""
    return [words for words, concept in abbreviations().items() if concept == abbreviation]


def concepts(folded: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, abbreviation) for every full form in a list of folded words, longest first
    where two would overlap, left to right."""
    table = abbreviations()
    longest = _longest_full_form()
    found = []
    i = 0
    while i < len(folded):
        for size in range(min(longest, len(folded) - i), 1, -1):
            concept = table.get(tuple(folded[i:i + size]))
            if concept is not None:
                found.append((i, i + size, concept))
                i += size
                break
        else:
            i += 1
    return found


def concept_terms(folded: list[str]) -> list[str]:
    """The abbreviation terms a document gains for the full forms it holds."""
    return [concept for _, _, concept in concepts(folded)]


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
