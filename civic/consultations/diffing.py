"""Compare two versions of a text: line rows, word-level inline HTML, side-by-side cells.

Both texts go through ``clean_text`` first (NFC, Unix newlines, no control characters), so
an NFD or CRLF copy of the same text shows no change.

The HTML helpers escape every piece of text and emit only ``<p>``, ``<del>`` and ``<ins>``
tags, with no attributes: style them from the surrounding container.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import zip_longest

from markupsafe import Markup, escape

from civic.core.text import clean_text

__all__ = ["DiffRow", "changed", "diff_lines", "inline_diff_html", "side_by_side"]


@dataclass
class DiffRow:
    kind: str  # "equal" | "insert" | "delete" | "replace"
    old: str | None
    new: str | None
    old_no: int | None  # 1-based line number in the old text
    new_no: int | None  # 1-based line number in the new text


# Above this many candidate comparisons (a highly repetitive text), let SequenceMatcher treat
# very frequent items as junk: the diff stays valid, just less minimal, and stays fast.
_WORK_LIMIT = 100_000
# Above this many items left to compare (both sides, once the common head and tail are set
# aside), the middle is reported as one replaced block instead: SequenceMatcher is
# quadratic at worst, and a page must not hang on a pathological input.
_MAX_ITEMS = 10_000


def _opcodes(a: Sequence[Hashable], b: Sequence[Hashable],
             max_items: int = _MAX_ITEMS) -> list[tuple[str, int, int, int, int]]:
    """SequenceMatcher(autojunk=False) opcodes, with the common head and tail set aside first
    and guards against quadratic work on huge or very repetitive input."""
    n = min(len(a), len(b))
    head = 0
    while head < n and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < n - head and a[len(a) - 1 - tail] == b[len(b) - 1 - tail]:
        tail += 1
    mid_a, mid_b = a[head:len(a) - tail], b[head:len(b) - tail]
    if not mid_a and not mid_b:
        middle: list[tuple[str, int, int, int, int]] = []
    elif not mid_a:
        middle = [("insert", 0, 0, 0, len(mid_b))]
    elif not mid_b:
        middle = [("delete", 0, len(mid_a), 0, 0)]
    elif len(mid_a) + len(mid_b) > max_items:
        middle = [("replace", 0, len(mid_a), 0, len(mid_b))]
    else:
        counts = Counter(mid_b)
        work = sum(counts[x] for x in mid_a)
        middle = SequenceMatcher(None, mid_a, mid_b, autojunk=work > _WORK_LIMIT).get_opcodes()
    ops = [("equal", 0, head, 0, head)] if head else []
    for tag, i1, i2, j1, j2 in middle:
        if tag == "equal" and ops and ops[-1][0] == "equal":
            _, k1, _, l1, _ = ops.pop()
            ops.append(("equal", k1, head + i2, l1, head + j2))
        else:
            ops.append((tag, head + i1, head + i2, head + j1, head + j2))
    if tail:
        if ops and ops[-1][0] == "equal":
            _, k1, _, l1, _ = ops.pop()
            ops.append(("equal", k1, len(a), l1, len(b)))
        else:
            ops.append(("equal", len(a) - tail, len(a), len(b) - tail, len(b)))
    return ops


def _lines(text: str | None) -> list[str]:
    text = clean_text(text)
    return text.split("\n") if text else []


def diff_lines(old: str | None, new: str | None) -> list[DiffRow]:
    """Line-by-line rows, in order of both texts (old_no and new_no only increase).

    Non-blank lines are matched with SequenceMatcher(autojunk=False); blank lines do not take
    part in the matching (they would make it slow and anchor nonsense) but are kept, as
    "equal" rows where both texts have one, else as "delete"/"insert" rows.

    Inside a block that SequenceMatcher reports as replaced, an old and a new line that
    share at least half their words become one "replace" row (side by side); the other lines
    of the block become "delete" (new None) or "insert" (old None) rows. See _pair.
    """
    a, b = _lines(old), _lines(new)
    ia = [i for i, line in enumerate(a) if line.strip()]
    ib = [j for j, line in enumerate(b) if line.strip()]
    rows: list[DiffRow] = []
    next_a = next_b = 0  # first line of each text not yet in a row

    def emit(i: int | None, j: int | None, kind: str) -> None:
        nonlocal next_a, next_b
        # The blank lines before these lines come first.
        blanks_a = range(next_a, i) if i is not None else range(0)
        blanks_b = range(next_b, j) if j is not None else range(0)
        for k, m in zip_longest(blanks_a, blanks_b):
            if m is None:
                rows.append(DiffRow("delete", a[k], None, k + 1, None))
            elif k is None:
                rows.append(DiffRow("insert", None, b[m], None, m + 1))
            else:
                rows.append(DiffRow("equal" if a[k] == b[m] else "replace", a[k], b[m], k + 1, m + 1))
        rows.append(DiffRow(kind, a[i] if i is not None else None, b[j] if j is not None else None,
                            i + 1 if i is not None else None, j + 1 if j is not None else None))
        if i is not None:
            next_a = i + 1
        if j is not None:
            next_b = j + 1

    for tag, i1, i2, j1, j2 in _opcodes([a[i] for i in ia], [b[j] for j in ib], 2 * _MAX_ITEMS):
        if tag == "equal":
            for i, j in zip(ia[i1:i2], ib[j1:j2]):
                emit(i, j, "equal")
        elif tag == "delete":
            for i in ia[i1:i2]:
                emit(i, None, "delete")
        elif tag == "insert":
            for j in ib[j1:j2]:
                emit(None, j, "insert")
        else:
            for i, j in _pair([a[i] for i in ia[i1:i2]], [b[j] for j in ib[j1:j2]]):
                if i is None:
                    emit(None, ib[j1 + j], "insert")
                elif j is None:
                    emit(ia[i1 + i], None, "delete")
                else:
                    emit(ia[i1 + i], ib[j1 + j], "replace")
    # Only blank lines can be left (none after clean_text, which trims both texts).
    for k in range(next_a, len(a)):
        rows.append(DiffRow("delete", a[k], None, k + 1, None))
    for m in range(next_b, len(b)):
        rows.append(DiffRow("insert", None, b[m], None, m + 1))
    return rows


_PAIR_CUTOFF = 0.5  # share of words two lines must have in common to be shown as one edit
_PAIR_SEARCH_LIMIT = 400  # larger replaced blocks are paired in order, to bound the work
_PAIR_EXACT_LIMIT = 2_000  # words in two lines above which similarity ignores word order


def _pair(a: list[str], b: list[str]) -> list[tuple[int | None, int | None]]:
    """Pair the lines of a replaced block: (i, j) an edited line, (i, None) deleted,
    (None, j) inserted; both indexes increase.

    The most similar pair (by words) is matched first, then the lines before and after it
    recursively, like difflib.Differ; lines with too little in common stay unpaired.
    Large blocks fall back to pairing in order, padding the shorter side.
    """
    if len(a) * len(b) > _PAIR_SEARCH_LIMIT:
        return list(zip_longest(range(len(a)), range(len(b))))
    words_a = [[t[0] for t in _tokens(line)] for line in a]
    words_b = [[t[0] for t in _tokens(line)] for line in b]
    out: list[tuple[int | None, int | None]] = []

    def walk(alo: int, ahi: int, blo: int, bhi: int) -> None:
        best, best_i, best_j = _PAIR_CUTOFF - 1e-9, -1, -1
        matcher = SequenceMatcher(None, autojunk=False)
        for j in range(blo, bhi):
            matcher.set_seq2(words_b[j])
            for i in range(alo, ahi):
                matcher.set_seq1(words_a[i])
                if matcher.real_quick_ratio() > best and matcher.quick_ratio() > best:
                    # ratio() is quadratic at worst: very long lines are compared as bags of words.
                    if len(words_a[i]) + len(words_b[j]) > _PAIR_EXACT_LIMIT:
                        ratio = matcher.quick_ratio()
                    else:
                        ratio = matcher.ratio()
                    if ratio > best:
                        best, best_i, best_j = ratio, i, j
        if best_i < 0:
            out.extend((i, None) for i in range(alo, ahi))
            out.extend((None, j) for j in range(blo, bhi))
            return
        walk(alo, best_i, blo, best_j)
        out.append((best_i, best_j))
        walk(best_i + 1, ahi, best_j + 1, bhi)

    walk(0, len(a), 0, len(b))
    return out


# --- word level --------------------------------------------------------------------------

# A word (numbers such as 1.500.000 or 12/2024/NĐ-CP stay whole) or one punctuation mark,
# each with the whitespace after it.
_TOKEN = re.compile(r"(\w+(?:[.,/\-]\w+)*|[^\w\s])(\s*)")


def _tokens(line: str) -> list[tuple[str, str]]:
    return [(m.group(1), " " if m.group(2) else "") for m in _TOKEN.finditer(line.strip())]


def _paragraphs(text: str | None) -> list[str]:
    return [" ".join(line.split()) for line in clean_text(text).split("\n") if line.strip()]


def _word_ops(a: list[tuple[str, str]], b: list[tuple[str, str]]):
    """Yield (kind, old token, new token): "equal" has both, "delete" only the old one and
    "insert" only the new one; in a replaced run the deletions come first."""
    for tag, i1, i2, j1, j2 in _opcodes([t[0] for t in a], [t[0] for t in b]):
        if tag == "equal":
            for old, new in zip(a[i1:i2], b[j1:j2]):
                yield "equal", old, new
            continue
        if tag in ("delete", "replace"):
            for token in a[i1:i2]:
                yield "delete", token, None
        if tag in ("insert", "replace"):
            for token in b[j1:j2]:
                yield "insert", None, token


_WRAP = {"equal": ("", ""), "delete": ("<del>", "</del>"), "insert": ("<ins>", "</ins>")}


def _render(runs: list[tuple[str, str]]) -> Markup:
    """[(kind, text)] → escaped HTML; consecutive runs of a kind were merged by the caller."""
    html = []
    for n, (kind, text) in enumerate(runs):
        opening, closing = _WRAP[kind]
        html.append(f"{opening}{escape(text)}{closing}")
        # Keep "<del>cũ</del> <ins>mới</ins>" readable when the deleted word ended a line.
        nxt = runs[n + 1][0] if n + 1 < len(runs) else None
        if kind == "delete" and nxt == "insert" and not text[-1:].isspace():
            html.append(" ")
    return Markup("".join(html))


def _append(runs: list[tuple[str, str]], kind: str, text: str) -> None:
    if runs and runs[-1][0] == kind:
        runs[-1] = (kind, runs[-1][1] + text)
    else:
        runs.append((kind, text))


def inline_diff_html(old: str | None, new: str | None) -> Markup:
    """Word-level diff of two texts as <p> paragraphs with <del>/<ins> marks, all escaped.

    Paragraphs (non-blank lines; blank lines and runs of spaces do not count as changes) are
    matched first; in a run of changed paragraphs, similar ones are paired (see _pair) and
    compared word by word, and the others are shown whole in <del> or <ins>, each in its own
    <p>. Equal paragraphs are printed as in the new text.
    """
    a, b = _paragraphs(old), _paragraphs(new)
    paragraphs: list[list[tuple[str, str]]] = []
    for tag, i1, i2, j1, j2 in _opcodes(a, b):
        if tag == "equal":
            paragraphs.extend([("equal", text)] for text in b[j1:j2])
        elif tag == "delete":
            paragraphs.extend([("delete", text)] for text in a[i1:i2])
        elif tag == "insert":
            paragraphs.extend([("insert", text)] for text in b[j1:j2])
        else:
            for i, j in _pair(a[i1:i2], b[j1:j2]):
                if i is None:
                    paragraphs.append([("insert", b[j1 + j])])
                elif j is None:
                    paragraphs.append([("delete", a[i1 + i])])
                else:
                    runs: list[tuple[str, str]] = []
                    for kind, old_token, new_token in _word_ops(_tokens(a[i1 + i]), _tokens(b[j1 + j])):
                        # An unchanged word is followed by a space if it is in either text.
                        space = (old_token or ("", ""))[1] or (new_token or ("", ""))[1]
                        _append(runs, kind, (new_token or old_token)[0] + space)
                    paragraphs.append(runs)
    out = []
    for runs in paragraphs:
        if runs:
            kind, text = runs[-1]  # no space dangling before </p>
            runs[-1] = (kind, text.rstrip())
            out.append(Markup("<p>") + _render(runs) + Markup("</p>"))
    return Markup("").join(out)


def _line_pair(old: str, new: str) -> tuple[Markup, Markup]:
    old_runs: list[tuple[str, str]] = []
    new_runs: list[tuple[str, str]] = []
    for kind, old_token, new_token in _word_ops(_tokens(old), _tokens(new)):
        if old_token is not None:
            _append(old_runs, kind, old_token[0] + old_token[1])
        if new_token is not None:
            _append(new_runs, kind, new_token[0] + new_token[1])
    return _render(old_runs), _render(new_runs)


def side_by_side(old: str | None, new: str | None) -> list[tuple[Markup, Markup, str]]:
    """(old cell, new cell, kind) per DiffRow; replaced pairs get word-level <del>/<ins>.

    Cells are escaped HTML without <p>; the missing side of an insert/delete row is empty,
    and a wholly deleted/inserted (non-blank) line is wrapped in <del>/<ins>, so the change
    is not conveyed by colour alone.
    """
    cells = []
    for row in diff_lines(old, new):
        if row.kind == "replace":
            old_html, new_html = _line_pair(row.old or "", row.new or "")
        elif row.kind == "delete":
            old_html, new_html = _whole("delete", row.old or ""), Markup("")
        elif row.kind == "insert":
            old_html, new_html = Markup(""), _whole("insert", row.new or "")
        else:
            old_html, new_html = escape(row.old), escape(row.new)
        cells.append((old_html, new_html, row.kind))
    return cells


def _whole(kind: str, line: str) -> Markup:
    return _render([(kind, line)]) if line.strip() else escape(line)


def changed(old: str | None, new: str | None) -> bool:
    """True when the texts differ once both are cleaned (NFC, newlines, control chars, trim)."""
    return clean_text(old) != clean_text(new)
