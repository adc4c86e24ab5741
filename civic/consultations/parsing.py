"""Split Vietnamese draft documents into sections, and pull the text out of .docx files.

Headings recognised (at the start of a line, after cleaning):

* ``Chương I`` / ``CHƯƠNG 2`` — chapter (level 1). Roman (upper case) or Arabic numeral.
  The title may follow on the same line (``Chương I. QUY ĐỊNH CHUNG``) or on the next
  non-blank line (``Chương I`` / ``QUY ĐỊNH CHUNG``); in the second case the heading becomes
  ``Chương I. QUY ĐỊNH CHUNG``.
* ``I. MỤC TIÊU`` — part (level 1): an upper-case Roman numeral, a dot, then text. Used by
  plans and reform programmes.
* ``Mục 1`` / ``MỤC 2`` — section (level 2), title handled like a chapter's.
* ``Điều 5.`` / ``Điều 5. Thời hạn giải quyết`` / ``ĐIỀU 5:`` — article (level 3).
* ``1. ...`` — clause (khoản, level 4), only inside an article (or, in a document with no
  article at all, inside a part), and only with ``split_clauses=True``.

A keyword must be followed by a number, and the number by the end of the line, a dot, colon
or dash, or a space and a capital letter. So ``Điều này quy định...``, ``Mục tiêu...``,
``Mục đích...`` and a wrapped line such as ``Điều 5 của Luật này...`` are not headings.
Lines inside a “curly-quoted” passage (the new wording quoted by an amending law) are never
headings either.

Conventions of :class:`SectionDraft`:

* ``heading`` is the heading line as written (whitespace runs collapsed to one space).
* For a **clause**, ``heading`` is the clause's whole first line including its number
  (``"1. Cơ quan tiếp nhận hồ sơ có trách nhiệm:"``) and ``body`` is the rest of the
  clause: its points ``a)``, ``b)``… and any further paragraphs. ``label`` is
  ``"Khoản 1 Điều 5"`` inside an article, else ``"Khoản 1"``.
* ``body`` holds one paragraph per non-blank input line, paragraphs separated by one blank
  line (``"\\n\\n"``), stripped; it may be empty (e.g. an article whose text is all in
  clauses, or a chapter heading).
* The preamble (text before the first heading, if any) has heading and label
  ``"Phần mở đầu"``.

Reading every section's ``heading`` then ``body`` in order gives back every word of the
input in order (the preamble adds its own heading, and a chapter title from the next line
is joined to the chapter line with ". ").
"""
from __future__ import annotations

import io
import re
import zipfile
import zlib
from bisect import bisect_right
from dataclasses import dataclass
from xml.etree import ElementTree

from civic.core.text import clean_text

__all__ = ["MAX_DOCX_XML_BYTES", "DocxError", "SectionDraft", "docx_to_text", "split_sections"]

PREAMBLE = "Phần mở đầu"

LEVELS = {"preamble": 0, "chapter": 1, "part": 1, "section": 2, "article": 3, "clause": 4}


@dataclass
class SectionDraft:
    level: int
    kind: str
    label: str
    heading: str
    body: str


# --- heading detection -------------------------------------------------------------------

_ROMAN = r"(?:X{0,3}(?:IX|IV|V?I{0,3}))"  # I..XXXIX; the empty match is ruled out below
# After the number: end of line; a dot, colon or dash and then anything; or a space and text
# (accepted by _match_heading only when it starts with a capital and is not a reference).
_AFTER = r"(?:\s*[.:\-–—]\s*(?P<rest>.*)|\s+(?P<spaced>.+))?$"

_CHAPTER = re.compile(rf"^(?i:chương)\s+(?P<num>{_ROMAN}|\d{{1,3}})(?!\w)" + _AFTER)
_SECTION = re.compile(rf"^(?i:mục)\s+(?P<num>{_ROMAN}|\d{{1,3}})(?!\w)" + _AFTER)
_ARTICLE = re.compile(r"^(?i:điều)\s+(?P<num>\d{1,4}[a-zđ]?)(?!\w)" + _AFTER)
_PART = re.compile(rf"^(?P<num>{_ROMAN})\.\s+(?P<rest>\S.*)$")
_CLAUSE = re.compile(r"^(?P<num>\d{1,3})\.(?:\s|$)")
# "Điều 5 Luật Đất đai quy định..." at the start of a wrapped line is a reference, not a heading.
_REFERENCE = re.compile(
    r"^(?i:luật|bộ luật|nghị định|nghị quyết|thông tư|quyết định|pháp lệnh|hiến pháp|"
    r"chỉ thị|văn bản)(?!\w)"
)

_INVISIBLE = re.compile("[\ufeff\u200b]")
_TITLE_END = ".;:,!?"
_QUOTES = re.compile("[“”]")


def _norm_line(line: str) -> str:
    return " ".join(line.split())


def _match_heading(line: str) -> tuple[str, str, str] | None:
    """(kind, number, rest-of-line) for a chapter/section/article/part line, else None."""
    for kind, pattern in (("chapter", _CHAPTER), ("section", _SECTION), ("article", _ARTICLE)):
        m = pattern.match(line)
        if not m or not m.group("num"):
            continue
        num = m.group("num")
        spaced = m.group("spaced")
        if spaced is not None and (
            not spaced[0].isupper() or (not _all_caps(spaced) and _REFERENCE.match(spaced))
        ):
            continue
        rest = m.group("rest") if m.group("rest") is not None else (spaced or "")
        return kind, num, rest.strip()
    m = _PART.match(line)
    if m and m.group("num"):
        return "part", m.group("num"), m.group("rest").strip()
    return None


def _looks_like_title(line: str) -> bool:
    """A chapter/section title on its own line: all capitals, or short and unpunctuated."""
    letters = [ch for ch in line if ch.isalpha()]
    if not letters:
        return False
    if all(ch.isupper() for ch in letters):
        return True
    return len(line) <= 160 and line[0].isupper() and line[-1] not in _TITLE_END


def _all_caps(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def _quoted_lines(text: str, line_starts: list[int]) -> set[int]:
    """Indexes of lines that start inside a matched “…” pair (quoted wording)."""
    quoted: set[int] = set()
    stack: list[int] = []
    for m in _QUOTES.finditer(text):
        if m.group() == "“":
            stack.append(m.start())
        elif stack:  # a stray closing quote is ignored
            start, end = stack.pop(), m.start()
            quoted.update(range(bisect_right(line_starts, start), bisect_right(line_starts, end)))
    return quoted


def split_sections(text: str, *, split_clauses: bool = True) -> list[SectionDraft]:
    """Split a draft into preamble / chapters / parts / sections / articles / clauses."""
    text = _INVISIBLE.sub("", clean_text(text))
    if not text:
        return []
    raw_lines = text.split("\n")
    starts, pos = [], 0
    for raw in raw_lines:
        starts.append(pos)
        pos += len(raw) + 1
    quoted = _quoted_lines(text, starts)
    lines = [_norm_line(raw) for raw in raw_lines]
    found = [None if i in quoted or not line else _match_heading(line) for i, line in enumerate(lines)]
    has_articles = any(f is not None and f[0] == "article" for f in found)

    sections: list[SectionDraft] = []
    preamble: list[str] = []
    current: SectionDraft | None = None
    body: list[str] = []
    article_label: str | None = None  # the article clauses belong to, if any
    clause_parent: str | None = None  # "article" or "part" while clauses may open
    last_clause = 0

    def close() -> None:
        if current is not None:
            current.body = "\n\n".join(body)
            sections.append(current)

    i = 0
    while i < len(lines):
        line = lines[i]
        hit = found[i]
        if hit is None and not line:
            i += 1
            continue
        if hit is not None:
            kind, num, rest = hit
            heading = line
            if kind in ("chapter", "section") and not rest:
                # Title on the following line(s)?
                j = i + 1
                while j < len(lines) and not lines[j]:
                    j += 1
                if j < len(lines) and found[j] is None and j not in quoted and _looks_like_title(lines[j]):
                    title = [lines[j]]
                    k = j + 1
                    if _all_caps(lines[j]):
                        while (k < len(lines) and lines[k] and found[k] is None and k not in quoted
                               and _all_caps(lines[k]) and not _CLAUSE.match(lines[k])):
                            title.append(lines[k])
                            k += 1
                    heading = line.rstrip(" .:-–—") + ". " + " ".join(title)
                    i = k - 1
            close()
            if kind == "chapter":
                label = f"Chương {num}"
            elif kind == "section":
                label = f"Mục {num}"
            elif kind == "article":
                label = f"Điều {num}"
            else:
                label = f"Phần {num}"
            current = SectionDraft(LEVELS[kind], kind, label, heading, "")
            body = []
            article_label = label if kind == "article" else None
            if kind == "article":
                clause_parent = "article"
            elif kind == "part" and not has_articles:
                clause_parent = "part"
            else:
                clause_parent = None
            last_clause = 0
            i += 1
            continue
        m = _CLAUSE.match(line) if split_clauses and clause_parent and i not in quoted else None
        if m and int(m.group("num")) > last_clause:
            last_clause = int(m.group("num"))
            close()
            label = f"Khoản {last_clause}" + (f" {article_label}" if article_label else "")
            current = SectionDraft(LEVELS["clause"], "clause", label, line, "")
            body = []
            i += 1
            continue
        if current is None:
            preamble.append(line)
        else:
            body.append(line)
        i += 1
    close()
    if preamble:
        sections.insert(0, SectionDraft(0, "preamble", PREAMBLE, PREAMBLE, "\n\n".join(preamble)))
    return sections


# --- .docx -------------------------------------------------------------------------------

MAX_DOCX_XML_BYTES = 30 * 1024 * 1024
_NOT_DOCX = "Not a Word (.docx) file, or the file is damaged."
_NO_DOCUMENT = "Not a Word document: word/document.xml is missing."


class DocxError(ValueError):
    """docx_to_text could not read the file; str() is a short English explanation."""

_W_NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",  # "Strict" Open XML
)
_REL_NAMESPACES = (
    "http://schemas.openxmlformats.org/package/2006/relationships",
)
_OFFICE_DOCUMENT = "/officeDocument"
_CHUNK = 1 << 20


def _local(tag: str) -> str | None:
    """The local name of a WordprocessingML element, None for other namespaces."""
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return local if ns in _W_NAMESPACES else None
    return None


class _DocxText:
    """ElementTree parser target: collects paragraph text without building a tree."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._paragraphs: list[list[str]] = []
        self._in_text = 0

    def doctype(self, name, pubid, system):
        raise DocxError("The document contains a DTD, which Word documents never do.")

    def start(self, tag, attrib):
        local = _local(tag)
        if local == "p":
            self._paragraphs.append([])
        elif local == "t":
            self._in_text += 1
        elif self._paragraphs:
            if local == "tab":
                self._paragraphs[-1].append("\t")
            elif local in ("br", "cr"):
                self._paragraphs[-1].append("\n")
            elif local == "noBreakHyphen":
                self._paragraphs[-1].append("-")

    def end(self, tag):
        local = _local(tag)
        if local == "t":
            self._in_text = max(0, self._in_text - 1)
        elif local == "p" and self._paragraphs:
            self.lines.append("".join(self._paragraphs.pop()))

    def data(self, data):
        if self._in_text and self._paragraphs:
            self._paragraphs[-1].append(data)

    def close(self):
        return "\n".join(self.lines)


def _main_part_name(zf: zipfile.ZipFile) -> str:
    names = set(zf.namelist())
    if "word/document.xml" in names:
        return "word/document.xml"
    # Some producers name the main part differently; _rels/.rels says which it is.
    try:
        info = zf.getinfo("_rels/.rels")
    except KeyError:
        raise DocxError(_NO_DOCUMENT) from None
    if info.file_size > _CHUNK:
        raise DocxError(_NO_DOCUMENT)
    try:
        root = ElementTree.fromstring(zf.read(info))
    except ElementTree.ParseError:
        raise DocxError(_NO_DOCUMENT) from None
    for rel in root:
        if (rel.get("Type") or "").endswith(_OFFICE_DOCUMENT):
            target = (rel.get("Target") or "").lstrip("/")
            if target in names and target.endswith(".xml"):
                return target
    raise DocxError(_NO_DOCUMENT)


def docx_to_text(data: bytes) -> str:
    """The text of a .docx: one line per paragraph (table cells included), in order.

    ``w:tab`` becomes a tab and ``w:br``/``w:cr`` a newline; deleted revisions
    (``w:delText``) and field codes are left out. No DTD is accepted, so no entity is ever
    expanded or fetched.

    Raises DocxError (a ValueError with a short English message) for anything that is not a
    readable .docx, and for a main document part larger than ``MAX_DOCX_XML_BYTES`` once
    uncompressed — checked on the declared size before inflating anything.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            info = zf.getinfo(_main_part_name(zf))
            if info.file_size > MAX_DOCX_XML_BYTES:
                raise DocxError("The Word document is too large to read.")
            target = _DocxText()
            parser = ElementTree.XMLParser(target=target)
            read = 0
            with zf.open(info) as fh:
                while chunk := fh.read(_CHUNK):
                    read += len(chunk)
                    if read > MAX_DOCX_XML_BYTES:  # belt and braces: file_size is checked above
                        raise DocxError("The Word document is too large to read.")
                    parser.feed(chunk)
            return parser.close()
    except DocxError:
        raise
    except ElementTree.ParseError:
        raise DocxError("The Word document is damaged: its XML cannot be read.") from None
    except (NotImplementedError, RuntimeError):  # unsupported compression, encryption
        raise DocxError("The Word document is encrypted or uses an unsupported format.") from None
    # zipfile reports damage in many ways: BadZipFile, zlib.error, EOFError, OSError, and
    # ValueError ("negative seek value") or UnicodeDecodeError from corrupt headers.
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError):
        raise DocxError(_NOT_DOCX) from None
