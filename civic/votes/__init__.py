"""Votes, shared by every kind of thing people vote on: agree/disagree on a consultation,
up/down on a comment (and later supports on ideas and up-votes on dialogue questions).

A vote is *set*, never toggled: sending the same value twice leaves one vote. One vote per
account per subject is held by a unique constraint, so concurrent clicks cannot double it.
Counts are always the rows counted."""
