"""What is searchable. Each content kind says, in the content registry (`core.content`,
its `searchable`), how its rows become search documents (sources), which model changes
refresh them (triggers) and which filters it offers (facets). The search package reads the
registry, never the features; they import this module for its types."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Iterable

from markupsafe import Markup
from sqlalchemy import select

from ..core import content
from ..extensions import db


@dataclass(frozen=True)
class SearchDocument:
    id: str            # "<kind>:<row id>", unique in the index
    kind: str          # consultation, section, comment, answer, report...
    title: str
    body: str
    url: str
    agency: str = ""   # agency slug
    topics: tuple[str, ...] = ()   # topic slugs
    day: date | None = None        # published or written on (the date filter and sort)
    # The consultation's life, for the status filter (computed at query time, so never stale):
    opens: date | None = None
    closes: date | None = None
    concluded: bool = False


@dataclass(frozen=True)
class Source:
    kind: str
    documents: Callable[[list[int]], dict[str, SearchDocument | None]]  # ids -> doc id -> doc (None: remove)
    all_ids: Callable[[], Iterable[int]]               # every row that may be public, for a rebuild
    label: object = None                               # shown in results and the kind filter (None: internal)


@dataclass(frozen=True)
class Trigger:
    """A change to a row of `model` refreshes documents: always when the row is added or
    deleted, and when one of the `watch` attributes changed (a vote does not re-index)."""
    model: type
    watch: tuple[str, ...]
    refresh: Callable[[object], Iterable[tuple[str, int]]]   # row -> (kind, row id) to refresh


@dataclass(frozen=True)
class Facet:
    """A filter of the search page whose choices a feature knows (agencies, topics, statuses).
    A facet whose value stands for date ranges (a consultation's status: open is "opened on or
    before today, closes today or later, not concluded") says so with `life`: the engines only
    ever see the ranges (`Life`), never the rule."""
    name: str
    label: object
    choices: Callable[[], list[tuple[str, str]]]   # (value, label)
    life: Callable[[str, date], "Life"] | None = None   # (value, today) → the ranges it means


@dataclass(frozen=True)
class Life:
    """Ranges over the documents' opens / closes dates and their concluded flag; a document
    without the date never falls in a range. Nothing set: everything."""
    opens_from: date | None = None
    opens_to: date | None = None
    closes_from: date | None = None
    closes_to: date | None = None
    concluded: bool | None = None
    nothing: bool = False        # a value that means no document


def following(model, documents: Callable[[list[int]], dict], facet: str, prefix: str):
    """`Searchable.per_kind` for documents that live on rows of other kinds (comments on a
    thing, answers to it), written as rows of `model` with `subject_type` / `subject_id`: for
    each kind with that facet (`commentable`, `answerable`), a source re-reading the documents
    on a row of it, and a trigger on the facet's `search_watch` attributes of that row."""
    def per_kind(kind) -> list:
        spec = getattr(kind, facet)
        if spec is None or kind.model is None:
            return []
        name = f"{prefix}:{kind.name}"

        def on_rows(subject_ids: list[int]) -> dict:
            ids = db.session.scalars(select(model.id).where(
                model.subject_type == kind.name, model.subject_id.in_(subject_ids))).all()
            return documents(list(ids))

        return [(Source(kind=name, documents=on_rows, all_ids=lambda: ()),
                 Trigger(kind.model, spec.search_watch, lambda obj: [(name, obj.id)]))]
    return per_kind


@dataclass(frozen=True)
class _Built:
    version: int
    sources: dict
    triggers: dict
    facets: dict


_built = _Built(-1, {}, {}, {})


def _build() -> _Built:
    """Sources, triggers and facets of every registered kind, rebuilt when the registry
    changes (a kind registered later is indexed like the others)."""
    global _built
    built = _built
    if built.version == content.VERSION:
        return built
    version = content.VERSION
    sources: dict[str, Source] = {}
    triggers: dict[type, list[Trigger]] = {}
    facets: dict[str, Facet] = {}

    def add(source, *watching):
        sources[source.kind] = source
        for trigger in watching:
            triggers.setdefault(trigger.model, []).append(trigger)

    kinds = list(content.KINDS.values())
    for kind in kinds:
        if kind.searchable is not None:
            for source in kind.searchable.sources:
                add(source)
            for trigger in kind.searchable.triggers:
                triggers.setdefault(trigger.model, []).append(trigger)
            for facet in kind.searchable.facets:
                facets[facet.name] = facet
    for kind in kinds:
        if kind.searchable is not None and kind.searchable.per_kind is not None:
            for other in kinds:
                for source, *watching in kind.searchable.per_kind(other):
                    add(source, *watching)
    _built = _Built(version, sources, triggers, facets)
    return _built


def sources() -> dict[str, Source]:
    return _build().sources


def triggers() -> dict[type, list[Trigger]]:
    return _build().triggers


def facets() -> dict[str, Facet]:
    return _build().facets


def kind_labels() -> dict[str, object]:
    return {kind: source.label for kind, source in sources().items() if source.label is not None}


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    agency: str = ""
    topic: str = ""
    status: str = ""       # scheduled, open, closed, concluded (the "status" facet's values)
    date_from: date | None = None
    date_to: date | None = None
    life: Life | None = None    # what the status means today, as ranges (service.search sets it)

    def __bool__(self) -> bool:
        return any((self.kind, self.agency, self.topic, self.status, self.date_from, self.date_to))


@dataclass
class Hit:
    id: str
    kind: str
    title: str
    url: str
    body: str
    day: date | None = None
    snippet: Markup | None = None
    title_marked: Markup | None = None


@dataclass
class Results:
    total: int                          # documents that match (hold some of the words)
    hits: list[Hit] = field(default_factory=list)
    complete: int | None = None         # of them, those holding every word typed
    suggestion: str | None = None       # "Có phải bạn muốn tìm": the query with a mistyped word corrected
    unknown: tuple[str, ...] = ()       # the folded words typed that no document holds
