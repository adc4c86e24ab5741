"""Text helpers: NFC normalisation, control-character stripping, diacritic folding, slugs."""
from __future__ import annotations

import re
import unicodedata

_ID = re.compile(r"[0-9]{1,9}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def clean_text(value: str | None) -> str:
    """NFC, no NUL or other control characters, Unix newlines, trimmed."""
    if value is None:
        return ""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROL.sub("", value)
    return unicodedata.normalize("NFC", value).strip()


def clean_line(value: str | None) -> str:
    """A single-line field: as clean_text, with runs of whitespace collapsed to one space."""
    return " ".join(clean_text(value).split())


def fold(value: str) -> str:
    """Lower case without diacritics; đ/Đ become d (decomposition leaves them alone)."""
    value = value.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", value)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).lower()


def slugify(value: str, max_length: int = 80) -> str:
    slug = _NON_SLUG.sub("-", fold(value)).strip("-")
    return slug[:max_length].rstrip("-")


_URL = re.compile(r"\bhttps?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]]", re.IGNORECASE)


def plain_text_to_html(value: str | None):
    """Citizens' plain text as HTML: escaped, paragraphs on blank lines, line breaks kept,
    http(s) links made clickable (rel=nofollow ugc). Never passes any markup through."""
    from markupsafe import Markup, escape

    text = clean_text(value)
    if not text:
        return Markup("")

    def linkify(chunk: str) -> str:
        out, last = [], 0
        for match in _URL.finditer(chunk):
            out.append(str(escape(chunk[last:match.start()])))
            url = match.group(0)
            out.append(f'<a href="{escape(url)}" rel="nofollow ugc noopener noreferrer">{escape(url)}</a>')
            last = match.end()
        out.append(str(escape(chunk[last:])))
        return "".join(out)

    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    return Markup("".join(f"<p>{'<br>'.join(linkify(line) for line in p.split(chr(10)))}</p>" for p in paragraphs))


def as_id(raw) -> int | None:
    """A row id or count typed or sent in a form: 1 to 9 ASCII digits, else None (so "²",
    "٣" or a 20-digit number never reach int() or the database)."""
    text = str(raw if raw is not None else "").strip()
    return int(text) if _ID.fullmatch(text) else None


_DIGITS = re.compile(r"[0-9]+")


def page_number(raw) -> int:
    """A page number from a query string: 1 for anything that is not one; a number past
    100,000 (however long) counts as 100,000, so the list clamps it to its last page."""
    text = str(raw if raw is not None else "").strip()
    if not _DIGITS.fullmatch(text):
        return 1
    digits = text.lstrip("0") or "0"
    return 100_000 if len(digits) > 6 else max(1, min(int(digits), 100_000))
