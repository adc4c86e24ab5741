"""What comments attach to. Each content feature registers an adapter for its subject type;
the comments feature asks the adapter, never the feature's models directly."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from ..core.permissions import Decision


@dataclass(frozen=True)
class Subject:
    type: str
    load: Callable[[int], Any]                       # id -> object or None
    is_public: Callable[[Any], bool]                 # may anyone see it and its comments?
    can_comment: Callable[[Any, Any], Decision]      # (user, subject) -> may comment/reply now
    can_vote_comments: Callable[[Any, Any], Decision]  # (user, subject) -> may vote on its comments
    check_section: Callable[[Any, int], Any]         # (subject, section id) -> section, or raise ServiceError
    url: Callable[[Any], str]                        # the subject's public page
    post_url: Callable[[Any], str]                   # where its comment and reply forms post
    title: Callable[[Any], str]
    agency: Callable[[Any], Any]                     # the agency that answers its comments
    touch: Callable[[int], None] = lambda subject_id: None  # something visible changed
    # Search: the subject's model, the attributes whose change re-indexes its comments, and the
    # filter fields (agency, topics, dates) its comments carry.
    model: type | None = None
    search_watch: tuple[str, ...] = ()
    search_facets: Callable[[Any], dict] = lambda subject: {}
    # After a comment or reply is posted with htmx on the subject's own page: out-of-band HTML
    # (`data-hx-swap-oob` elements) refreshing the counts that page shows besides the comment
    # list (a header total, per-section counts). Only elements the page has: htmx reports a
    # missing target as an error.
    page_counts: Callable[[Any, Any], str] = lambda subject, comment: ""


SUBJECTS: dict[str, Subject] = {}


def register(subject: Subject) -> None:
    SUBJECTS[subject.type] = subject


def get(subject_type: str) -> Subject:
    return SUBJECTS[subject_type]
