"""Snippets with the matched words marked. The text is escaped piece by piece and only our own
<mark> tags are added, so a snippet can never carry markup from what somebody wrote."""
from __future__ import annotations

from markupsafe import Markup, escape

from .analysis import spans

WIDTH = 200


def snippet(text: str, words: set[str], width: int = WIDTH, phrases: tuple[tuple[str, ...], ...] = ()) -> Markup:
    """The part of `text` around the first cluster of matches, about `width` characters.
    `words` are marked wherever they are; `phrases` (the full forms of an abbreviation typed)
    only where all their words follow one another."""
    text = " ".join(text.split())
    found = list(spans(text))
    marked = [folded in words for _, _, folded in found]
    for phrase in phrases:
        size = len(phrase)
        for i in range(len(found) - size + 1):
            if tuple(folded for _, _, folded in found[i:i + size]) == phrase:
                marked[i:i + size] = [True] * size
    marks = [(start, end) for (start, end, _), mark in zip(found, marked) if mark]
    if marks:
        # the window that holds the most matches, starting a little before one of them
        best_start, best_count = 0, -1
        for start, _ in marks:
            begin = max(0, start - 40)
            count = sum(1 for s, e in marks if s >= begin and e <= begin + width)
            if count > best_count:
                best_start, best_count = begin, count
        begin = best_start
    else:
        begin = 0
    end = min(len(text), begin + width)
    if begin > 0:  # start at a word boundary
        space = text.find(" ", begin)
        begin = space + 1 if 0 <= space < begin + 30 else begin
    if end < len(text):
        space = text.rfind(" ", begin, end)
        end = space if space > begin + width // 2 else end
    out = [Markup("… ") if begin > 0 else Markup("")]
    position = begin
    for start, stop in marks:
        if start < begin or stop > end:
            continue
        out.append(escape(text[position:start]))
        out.append(Markup('<mark>%s</mark>') % text[start:stop])
        position = stop
    out.append(escape(text[position:end]))
    if end < len(text):
        out.append(Markup(" …"))
    return Markup("").join(out)
