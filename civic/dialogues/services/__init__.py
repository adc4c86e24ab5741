"""Dialogue sessions: scheduling, registration (capacity kept by the database, a waiting list
that moves up), questions beforehand, minutes with a public revision history, commitments.

Every function works in the caller's transaction (views commit once through run_service).
One module per subject; their public names are re-exported here for callers outside dialogues
(`services.register(...)`), except the staff list of registrations: `services.registrations`
is the module, and the list is `services.registrations.registrations(...)`."""
from ._common import ASKED_BY_MAX, NAME_MAX, OFFICIAL_TITLE_MAX, ORGANISATION_MAX
from .commitments import (
    CommitmentRow, add_commitment, commitment_figures, commitment_table, public_commitments, track, update_commitment_text,
)
from .minutes import (
    CHANGE_NOTE_MAX, ITEM_SUBJECT, add_item, attach_scan, publish_minutes, remove_item, save_minutes, snapshot,
    start_minutes, update_item,
)
from .questions import (
    QUESTION_MAX, QUESTION_SUBJECT, QuestionView, answered_in_minutes, ask, merge_question, question_list,
    select_question, unvote_question, vote_question,
)
from .registrations import REGISTRATIONS_PER_PAGE, cancel, promote_waiting, register, registration_of, waiting_position
from .sessions import (
    DESCRIPTION_MAX, KINDS, MAX_OFFICIALS, PAST, PER_PAGE, PLACE_MAX, TITLE_MAX, UPCOMING, URL_MAX, ListFilters,
    parse_officials, public_list, schedule, sessions_of_agency, update_session,
)
from .sessions import _officials as _officials  # tests/test_form_examples.py checks the officials' example with it

__all__ = [
    # sessions
    "DESCRIPTION_MAX", "KINDS", "MAX_OFFICIALS", "PAST", "PER_PAGE", "PLACE_MAX", "TITLE_MAX", "UPCOMING", "URL_MAX",
    "ListFilters", "parse_officials", "public_list", "schedule", "sessions_of_agency", "update_session",
    # registrations
    "REGISTRATIONS_PER_PAGE", "cancel", "promote_waiting", "register", "registration_of", "waiting_position",
    # questions
    "QUESTION_MAX", "QUESTION_SUBJECT", "QuestionView", "answered_in_minutes", "ask", "merge_question", "question_list",
    "select_question", "unvote_question", "vote_question",
    # minutes
    "CHANGE_NOTE_MAX", "ITEM_SUBJECT", "add_item", "attach_scan", "publish_minutes", "remove_item", "save_minutes",
    "snapshot", "start_minutes", "update_item",
    # commitments
    "CommitmentRow", "add_commitment", "commitment_figures", "commitment_table", "public_commitments", "track",
    "update_commitment_text",
    # the columns' lengths
    "ASKED_BY_MAX", "NAME_MAX", "OFFICIAL_TITLE_MAX", "ORGANISATION_MAX",
]
