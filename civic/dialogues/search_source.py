"""Dialogue sessions, the questions and answers of their published minutes, and the
commitments made in them, as search documents. (Written answers to follow-up questions are
found through the answers source.)"""
from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..core.timeutil import to_local
from ..extensions import db
from ..core.content import Searchable
from ..search.documents import SearchDocument, Source, Trigger
from .models import Commitment, DialogueOfficial, DialogueSession, Minutes, MinutesItem

SESSION_WATCH = ("title", "description", "starts_at", "agency_id", "topic_id")


def _facets(session: DialogueSession) -> dict:
    return {"agency": session.agency.slug, "topics": (session.topic.slug,), "day": to_local(session.starts_at).date()}


def _sessions(ids: list[int]) -> dict:
    rows = {s.id: s for s in db.session.scalars(select(DialogueSession).where(DialogueSession.id.in_(ids)))}
    out = {}
    for session_id in ids:
        session = rows.get(session_id)
        key = f"dialogue:{session_id}"
        out[key] = None
        if session is None:
            continue
        parts = [session.description, session.place, *(f"{o.name}, {o.title}" for o in session.officials)]
        if session.minutes is not None and session.minutes.is_published:
            parts += [session.minutes.agenda, session.minutes.summary]
        out[key] = SearchDocument(id=key, kind="dialogue", title=session.title, body="\n".join(p for p in parts if p),
                                  url=url_for("dialogues.show", session_id=session.id), **_facets(session))
    return out


def _items(ids: list[int]) -> dict:
    rows = {i.id: i for i in db.session.scalars(select(MinutesItem).where(MinutesItem.id.in_(ids)))}
    out = {}
    for item_id in ids:
        item = rows.get(item_id)
        key = f"minutes_item:{item_id}"
        out[key] = None
        if item is None or not item.minutes.is_published:
            continue
        session = item.minutes.session
        out[key] = SearchDocument(
            id=key, kind="minutes_item", title=session.title, body=f"{item.question}\n{item.answer}",
            url=url_for("dialogues.minutes", session_id=session.id) + f"#item-{item.id}", **_facets(session))
    return out


def _commitments(ids: list[int]) -> dict:
    rows = {c.id: c for c in db.session.scalars(select(Commitment).where(Commitment.id.in_(ids)))}
    out = {}
    for commitment_id in ids:
        commitment = rows.get(commitment_id)
        key = f"commitment:{commitment_id}"
        out[key] = None
        session = commitment.session if commitment is not None else None
        if session is None or session.minutes is None or not session.minutes.is_published:
            continue
        out[key] = SearchDocument(
            id=key, kind="commitment", title=session.title, body=commitment.description,
            url=url_for("dialogues.commitment", commitment_id=commitment.id),
            **{**_facets(session), "agency": commitment.owner.slug})
    return out


def _items_of_sessions(session_ids: list[int]) -> dict:
    return _items(list(db.session.scalars(select(MinutesItem.id).join(Minutes, Minutes.id == MinutesItem.minutes_id)
                                          .where(Minutes.session_id.in_(session_ids)))))


def _commitments_of_sessions(session_ids: list[int]) -> dict:
    return _commitments(list(db.session.scalars(select(Commitment.id).where(Commitment.session_id.in_(session_ids)))))


def _published_session_ids():
    return db.session.scalars(select(Minutes.session_id).where(Minutes.published_at.is_not(None))).all()


SESSION = Searchable(
    sources=(Source(kind="dialogue", label=_l("Hội nghị đối thoại"), documents=_sessions,
                    all_ids=lambda: db.session.scalars(select(DialogueSession.id)).all()),
             Source(kind="items_of_session", documents=_items_of_sessions, all_ids=lambda: ()),
             Source(kind="commitments_of_session", documents=_commitments_of_sessions, all_ids=lambda: ())),
    triggers=(Trigger(DialogueSession, SESSION_WATCH,
                      lambda s: [("dialogue", s.id), ("items_of_session", s.id), ("commitments_of_session", s.id)]),
              Trigger(DialogueOfficial, ("name", "title"), lambda o: [("dialogue", o.session_id)]),
              Trigger(Minutes, ("published_at", "agenda", "summary"),
                      lambda m: [("dialogue", m.session_id), ("items_of_session", m.session_id), ("commitments_of_session", m.session_id)])),
)
MINUTES_ITEM = Searchable(
    sources=(Source(kind="minutes_item", label=_l("Biên bản đối thoại"), documents=_items,
                    all_ids=lambda: db.session.scalars(select(MinutesItem.id).join(Minutes).where(Minutes.published_at.is_not(None))).all()),),
    triggers=(Trigger(MinutesItem, ("question", "answer", "answered_by_name", "answered_by_title", "asked_by"),
                      lambda item: [("minutes_item", item.id)]),),
)
COMMITMENT = Searchable(
    sources=(Source(kind="commitment", label=_l("Cam kết"), documents=_commitments,
                    all_ids=lambda: db.session.scalars(select(Commitment.id).where(Commitment.session_id.in_(_published_session_ids()))).all()),),
    triggers=(Trigger(Commitment, ("description", "status", "owner_agency_id", "due_on"), lambda c: [("commitment", c.id)]),),
)
