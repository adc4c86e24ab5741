"""How the sections of a draft are named and listed.

`section_paths` is the one place a section's name is built: the comment form's section
picker, the comment meta line, the synthesis report and search results all use it. Plans and
reform programmes number their clauses again in every part, so "Khoản 1" alone names three
different clauses; the path names the part it belongs to ("Phần II › Khoản 1"). Articles are
numbered once for the whole document, so an article ("Điều 5") and a clause of an article
("Khoản 1 Điều 5", the way Vietnamese legal texts cite it) need no path.

`table_of_contents` lists the chapters, parts, sections (mục) and articles of a version with
the comments each has received (its own and those of the clauses below it), from the
per-section counts the page already loads: no query of its own.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Mapping

SEPARATOR = " › "
# Kinds whose label names them in the whole document (article numbers are never reused).
_SELF_NAMED = ("article", "preamble")
# Kinds listed in the table of contents; clauses are reached through their article or part.
TOC_KINDS = ("chapter", "part", "section", "article")
# A table of contents is worth its space from this many entries on.
TOC_MIN_ENTRIES = 3
_FALLBACK_WIDTH = 80
# A heading longer than this is text (a clause's first paragraph), not a title.
TITLE_WIDTH = 200


def _own_label(section) -> str:
    """The section's label; a section without one (never made by the parser) is named by the
    start of its heading, marked as shortened."""
    if section.label:
        return section.label
    text = " ".join((section.heading or section.body or "").split())
    if len(text) <= _FALLBACK_WIDTH:
        return text
    cut = text.rfind(" ", 0, _FALLBACK_WIDTH)
    return text[: cut if cut > 0 else _FALLBACK_WIDTH] + "…"


def _names_its_article(section) -> bool:
    return section.kind == "clause" and "Điều" in (section.label or "")


def section_paths(sections: Iterable) -> dict[int, str]:
    """id → the name of each section of one version (given in reading order), unique within
    it: "Điều 5", "Khoản 1 Điều 5", "Chương II › Mục 1", "Phần II › Khoản 1"."""
    paths: dict[int, str] = {}
    stack: list = []  # the open headings above the current section: (level, path)
    for section in sections:
        while stack and stack[-1][0] >= section.level:
            stack.pop()
        own = _own_label(section)
        if section.kind in _SELF_NAMED or _names_its_article(section) or not stack:
            path = own
        else:
            path = stack[-1][1] + SEPARATOR + own
        paths[section.id] = path
        if section.kind != "preamble":
            stack.append((section.level, path))
    # A document that numbers two parts alike still gets names that tell them apart.
    seen: Counter = Counter(paths.values())
    if any(n > 1 for n in seen.values()):
        counted: Counter = Counter()
        for section_id, path in paths.items():
            if seen[path] > 1:
                counted[path] += 1
                if counted[path] > 1:
                    paths[section_id] = f"{path} ({counted[path]})"
    return paths


_NUMBERING = re.compile(r"^(?:[IVXLC]+|\d+)\s*[.:\-–—]\s*")


def search_title(section, path: str) -> str:
    """A search result's title: the path, and the title of a chapter, part or article as
    written ("Điều 5 — Thời hạn giải quyết"). A clause's heading is text, not a title: it is
    the document's body."""
    heading = " ".join((section.heading or "").split())
    if section.kind in ("clause", "preamble") or not heading or len(heading) > TITLE_WIDTH:
        return path
    label = section.label or ""
    if label and heading.casefold().startswith(label.casefold()):
        heading = heading[len(label):].lstrip(" .:-–—")
    else:
        heading = _NUMBERING.sub("", heading)
    return f"{path} — {heading}" if heading else path


def paths_of_versions(versions: Iterable) -> dict[int, str]:
    """section_paths for every section of these versions."""
    out: dict[int, str] = {}
    for version in versions:
        out.update(section_paths(version.sections))
    return out


@dataclass
class TocEntry:
    section: object
    path: str
    comments: int = 0
    children: list["TocEntry"] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return self.section.anchor

    @property
    def title(self) -> str:
        """What the contents show: the heading of a chapter or article as written
        ("Điều 5. Thời hạn giải quyết"), or its path when the heading is long text."""
        heading = " ".join((self.section.heading or "").split())
        return heading if heading and len(heading) <= TITLE_WIDTH else self.path


@dataclass
class Outline:
    entries: list[TocEntry]             # the top level, each with its children
    count: int                          # entries at every level
    back_after: frozenset[int]          # section ids followed by a "back to contents" link

    def __bool__(self) -> bool:
        return self.count >= TOC_MIN_ENTRIES


def table_of_contents(sections: list, counts: Mapping, paths: Mapping[int, str] | None = None) -> Outline:
    """The contents of one version. `counts`: visible comments per section id (as loaded for
    the page). Each entry counts its own comments and those of the sections below it."""
    paths = paths if paths is not None else section_paths(sections)
    top: list[TocEntry] = []
    stack: list[TocEntry] = []
    number = 0
    for section in sections:
        n = counts.get(section.id, 0) or 0
        if section.kind in TOC_KINDS:
            entry = TocEntry(section, paths.get(section.id, section.label))
            number += 1
            while stack and stack[-1].section.level >= section.level:
                stack.pop()
            (stack[-1].children if stack else top).append(entry)
            stack.append(entry)
        elif stack and section.level <= stack[-1].section.level:
            stack.clear()  # text outside any listed part (a closing paragraph) counts for none
        for entry in stack:  # the section's own entry and every entry above it
            entry.comments += n
    # "Back to contents" closes each listed part that holds text: after its last section,
    # just before the next listed heading (or the end). A chapter heading followed directly
    # by its first article gets none.
    back: set[int] = set()
    for i, section in enumerate(sections):
        following = sections[i + 1] if i + 1 < len(sections) else None
        if following is not None and following.kind not in TOC_KINDS:
            continue
        if section.kind in ("chapter", "part", "section") and not (section.body or "").strip():
            continue
        if section.kind == "preamble":
            continue
        back.add(section.id)
    return Outline(top, number, frozenset(back) if number >= TOC_MIN_ENTRIES else frozenset())
