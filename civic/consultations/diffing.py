"""Compare two versions of a text: line rows, word-level inline HTML, side-by-side cells.

Both texts go through ``clean_text`` first (NFC, Unix newlines, no control characters), so
an NFD or CRLF copy of the same text shows no change.

The HTML helpers escape every piece of text and emit only ``<p>``, ``<del>`` and ``<ins>``
tags, with no attributes: style them from the surrounding container.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import zip_longest

from markupsafe import Markup, escape

from civic.core.text import clean_text

__all__ = ["DiffRow", "diff_lines", "inline_diff_html", "side_by_side", "changed"]


@dataclass
class DiffRow:
    kind: str  # "equal" | "insert" | "delete" | "replace"
    old: str | None
    new: str | None
    old_no: int | None  # 1-based line number in the old text
    new_no: int | None  # 1-based line number in the new text


def _lines(text: str | None) -> list[str]:
    text = clean_text(text)
    return text.split("\n") if text else []


def diff_lines(old: str | None, new: str | None) -> list[DiffRow]:
    """Line-by-line rows, in order of both texts (old_no and new_no only increase).

    Inside a block that SequenceMatcher reports as replaced, an old and a new line that
    share at least half their words become one "replace" row (side by side); the other lines
    of the block become "delete" (new None) or "insert" (old None) rows. See _pair.
    """
    a, b = _lines(old), _lines(new)
    rows: list[DiffRow] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2)):
                rows.append(DiffRow("equal", a[i], b[j], i + 1, j + 1))
        elif tag == "delete":
            rows.extend(DiffRow("delete", a[i], None, i + 1, None) for i in range(i1, i2))
        elif tag == "insert":
            rows.extend(DiffRow("insert", None, b[j], None, j + 1) for j in range(j1, j2))
        else:
            for i, j in _pair(a[i1:i2], b[j1:j2]):
                if i is None:
                    rows.append(DiffRow("insert", None, b[j1 + j], None, j1 + j + 1))
                elif j is None:
                    rows.append(DiffRow("delete", a[i1 + i], None, i1 + i + 1, None))
                else:
                    rows.append(DiffRow("replace", a[i1 + i], b[j1 + j], i1 + i + 1, j1 + j + 1))
    return rows


_PAIR_CUTOFF = 0.5  # share of words two lines must have in common to be shown as one edit
_PAIR_SEARCH_LIMIT = 400  # larger replaced blocks are paired in order, to bound the work


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
    matcher = SequenceMatcher(None, [t[0] for t in a], [t[0] for t in b], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
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

    Paragraphs (non-blank lines) are matched first; words are compared inside each run of
    changed paragraphs. A paragraph break present in either text starts a new <p>, so a
    deleted or added paragraph shows on its own.
    """
    a, b = _paragraphs(old), _paragraphs(new)
    paragraphs: list[list[tuple[str, str]]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
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
