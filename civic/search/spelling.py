""""Có phải bạn muốn tìm": a query whose word is in no document, with that word replaced by
the index's most frequent word one typing slip away (a letter left out, one too many, two
swapped or one wrong). Vietnamese typed with Telex leaves such slips: `tuoij` (the tone key
`j` where no tone mark came out) is `tuoi` with one letter too many.

Only the index's own vocabulary is offered, so a suggestion always finds something."""
from __future__ import annotations

import re
import string
from typing import Callable

from .query import Query

LETTERS = string.ascii_lowercase
MAX_FIXES = 3
MIN_LENGTH = 2


def edits(word: str) -> set[str]:
    """Every word one edit away (delete, swap adjacent, replace, insert) over a–z."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in LETTERS}
    out |= {a + c + b for a, b in splits for c in LETTERS}
    out.discard(word)
    return {candidate for candidate in out if candidate}


def suggest(query: Query, frequencies: Callable[[list[str]], dict[str, int]],
            unknown: tuple[str, ...] | None = None) -> str | None:
    """The query's text with its unknown words corrected, or None when every word is known
    or no correction is in the index. `frequencies(words)` gives the number of documents
    holding each folded word (absent: none); `unknown`, the folded words known to be in no
    document, if the search already counted them."""
    typed: list[tuple[str, str]] = []   # (as typed, folded)
    for item in query.free:
        typed.extend(zip(item.words, item.folded))
    if unknown is None:
        known = frequencies(sorted({folded for _, folded in typed}))
        unknown = tuple(folded for _, folded in typed if folded not in known)
    if not unknown:
        return None
    fixes: dict[str, str] = {}
    for word, folded in typed:
        if folded not in unknown or word in fixes or len(fixes) >= MAX_FIXES:
            continue
        if len(folded) < MIN_LENGTH or not folded.isascii() or not folded.isalpha():
            continue
        candidates = frequencies(sorted(edits(folded)))
        if candidates:
            fixes[word] = max(candidates, key=lambda c: (candidates[c], c))
    if not fixes:
        return None
    pattern = re.compile(r"(?<![^\W_])(" + "|".join(re.escape(w) for w in sorted(fixes, key=len, reverse=True))
                         + r")(?![^\W_])", re.IGNORECASE)
    return pattern.sub(lambda m: fixes.get(m.group(0).lower(), m.group(0)), query.text)
