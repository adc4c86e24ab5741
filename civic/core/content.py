"""One registry of content kinds.

Each kind of content (a consultation, a section, a comment, an idea, a dialogue session, a
dialogue question, a minutes item, a commitment, a report, an answer) registers once,
explicitly, from `create_app` — never as a side effect of an import: how to load it, whether
the public may see it, its agency, its URL and title, the page it is shown on, and which
shared mechanisms apply to it:

- `commentable` — people comment on it and vote on its comments (the comments feature);
- `votable` — people vote on it, with these values (the votes feature);
- `answerable` — its agency owes it a written answer, which its author rates (answers);
- `searchable` — how its rows become search documents (the search package);
- `flaggable`, `followable` — for moderation and notices, which build on this registry next.

The shared features read only this registry: they never import a content feature. A facet
is read through `commentable(name)` / `answerable(name)` / `votable(name)`, which answer an
object with the facet's own fields and, behind them, the kind's (`load`, `url`, `title`…).

`shown_on` says where a row is shown (a comment: its subject; an answer: what it answers);
following it up from any changed row reaches the page whose cached copy it changes
(`page_of`), which the change stream uses to key the page cache."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable

from .permissions import Decision


def _allowed(*args) -> Decision:
    return Decision(True)


@dataclass(frozen=True)
class Commentable:
    can_comment: Callable[[Any, Any], Decision]        # (user, object) -> may comment/reply now
    can_vote_comments: Callable[[Any, Any], Decision]  # (user, object) -> may vote on its comments
    post_url: Callable[[Any], str]                     # where its comment and reply forms post
    check_section: Callable[[Any, int], Any] | None = None  # (object, section id) -> section; None: no sections
    # Search: the attributes whose change re-indexes its comments, and the filter fields
    # (topics, dates) its comments carry besides the agency.
    search_watch: tuple[str, ...] = ()
    search_facets: Callable[[Any], dict] = lambda obj: {}
    # After a comment is posted with htmx on the object's own page: out-of-band HTML
    # (`data-hx-swap-oob` elements) refreshing the counts that page shows besides the list.
    # Only elements the page has: htmx reports a missing target as an error.
    page_counts: Callable[[Any, Any], str] = lambda obj, comment: ""


@dataclass(frozen=True)
class Votable:
    values: tuple[str, ...]                            # the votes one may cast
    can_vote: Callable[[Any, Any], Decision] = _allowed  # (user, object)


@dataclass(frozen=True)
class Answerable:
    author_id: Callable[[Any], int | None]             # the account that may rate the answer
    back_label: Any                                    # the answer pages' way back
    shown_where: Any                                   # where the answer is shown, in a sentence
    quote: Callable[[Any], str] = lambda obj: getattr(obj, "body", "")   # the text being answered
    excerpt: Callable[[Any], str] = lambda obj: getattr(obj, "body", "")  # how the staff queue names it
    search_watch: tuple[str, ...] = ()                 # attributes whose change re-indexes its answers


@dataclass(frozen=True)
class Searchable:
    """What the search package reads (its own types; core only carries them): `sources` and
    `triggers` (search.documents.Source, Trigger), `facets` (search.documents.Facet), and
    `per_kind` — for a kind whose documents follow other kinds (comments follow what they are
    on): kind -> [(Source, Trigger), ...]."""
    sources: tuple = ()
    triggers: tuple = ()
    facets: tuple = ()
    per_kind: Callable[["Kind"], Iterable[tuple]] | None = None


@dataclass(frozen=True)
class Kind:
    name: str                                  # "consultation", "comment"… (the subject_type in rows)
    label: Any                                 # lower case, as in a sentence ("ý kiến góp ý")
    model: type | None
    load: Callable[[int], Any]                 # id -> object or None
    is_public: Callable[[Any], bool]           # may anyone see it?
    agency: Callable[[Any], Any]               # the agency responsible for it (may be None)
    url: Callable[[Any], str]                  # its public page (or its place on one)
    title: Callable[[Any], str]
    load_many: Callable[[list[int]], dict] | None = None   # ids -> {id: object}, in a fixed number of queries
    shown_on: Callable[[Any], tuple[str, int] | None] = lambda obj: None   # the (kind, id) whose page shows it
    page_cached: bool = False                  # its own page is kept in the anonymous page cache
    commentable: Commentable | None = None
    votable: Votable | None = None
    answerable: Answerable | None = None
    searchable: Searchable | None = None
    flaggable: Any = None                      # moderation (next issue)
    followable: Any = None                     # notices (next issue)

    def load_all(self, ids) -> dict:
        """{id: object} for these ids: `load_many`, or one query on `model`."""
        ids = sorted(set(ids))
        if not ids:
            return {}
        if self.load_many is not None:
            return self.load_many(ids)
        if self.model is None:
            return {i: obj for i in ids if (obj := self.load(i)) is not None}
        from sqlalchemy import select

        from ..extensions import db

        return {obj.id: obj for obj in db.session.scalars(select(self.model).where(self.model.id.in_(ids))).unique()}


class Facet:
    """A kind seen through one of its facets: the facet's fields first, then the kind's."""
    __slots__ = ("kind", "facet")

    def __init__(self, kind: Kind, facet):
        self.kind = kind
        self.facet = facet

    @property
    def type(self) -> str:
        return self.kind.name

    def __getattr__(self, name):
        facet = object.__getattribute__(self, "facet")
        if hasattr(facet, name):
            return getattr(facet, name)
        return getattr(object.__getattribute__(self, "kind"), name)


KINDS: dict[str, Kind] = {}
_by_model: dict[type, Kind] = {}
VERSION = 0   # bumped by every registration: what is built from the registry rebuilds


def register(kind: Kind) -> None:
    """Called from create_app (the same name again replaces it)."""
    global VERSION
    old = KINDS.get(kind.name)
    if old is not None and old.model is not None:
        _by_model.pop(old.model, None)
    KINDS[kind.name] = kind
    if kind.model is not None:
        _by_model[kind.model] = kind
    VERSION += 1


def unregister(name: str) -> None:
    global VERSION
    kind = KINDS.pop(name, None)
    if kind is not None and kind.model is not None:
        _by_model.pop(kind.model, None)
    VERSION += 1


def get(name: str) -> Kind:
    return KINDS[name]


def _facet(name: str, attribute: str) -> Facet | None:
    kind = KINDS.get(name)
    facet = getattr(kind, attribute, None) if kind is not None else None
    return Facet(kind, facet) if facet is not None else None


def commentable(name: str) -> Facet | None:
    return _facet(name, "commentable")


def answerable(name: str) -> Facet | None:
    return _facet(name, "answerable")


def votable(name: str) -> Facet | None:
    return _facet(name, "votable")


# --- the page a change shows on -----------------------------------------------------------

PARTS: dict[type, Callable[[Any], tuple[str, int] | None]] = {}   # model -> row -> (kind, id) it belongs to


def register_part(model: type, belongs_to: Callable[[Any], tuple[str, int] | None]) -> None:
    """Rows of `model` are not content of their own but are shown with a kind's row (a vote,
    a version of a draft, an attachment): a change to one changes that row's page."""
    global VERSION
    PARTS[model] = belongs_to
    VERSION += 1


def _spot_of(obj) -> tuple[str, int] | None:
    kind = _by_model.get(type(obj))
    if kind is not None:
        return (kind.name, obj.id) if obj.id is not None else None
    where = PARTS.get(type(obj))
    return where(obj) if where is not None else None


def page_of(obj) -> tuple[str, int] | None:
    """The cached page (kind, id) that shows this row — following `shown_on` upwards from the
    row — or None when no cached page shows it."""
    spot = _spot_of(obj)
    for _ in range(8):
        if spot is None:
            return None
        kind = KINDS.get(spot[0])
        if kind is None:
            return None
        if kind.page_cached:
            return spot
        if obj is None or _by_model.get(type(obj)) is not kind:
            obj = kind.load(spot[1])
            if obj is None:
                return None
        spot, obj = kind.shown_on(obj), None
    return None


def watched_models() -> set[type]:
    """The models whose changes may change a cached page."""
    return set(_by_model) | set(PARTS)
