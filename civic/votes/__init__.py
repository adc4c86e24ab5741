"""Votes, shared by every kind of thing people vote on: agree/disagree on a consultation,
up/down on a comment (and later supports on ideas and up-votes on dialogue questions).

A vote is *set*, never toggled: sending the same value twice leaves one vote. One vote per
account per subject is held by a unique constraint, so concurrent clicks cannot double it.
Counts are always the rows counted."""


def register_parts() -> None:
    """A vote is shown with what it is on: a change to one changes that page (create_app)."""
    from ..core import content
    from .models import Vote

    content.register_part(Vote, lambda vote: (vote.subject_type, vote.subject_id))
