from __future__ import annotations

from flask import abort, jsonify, request, url_for
from flask_babel import gettext as _

from ..answers import services as answer_services
from ..comments import services as comment_services
from ..comments.models import PUBLISHED
from ..consultations import services
from ..consultations.models import Consultation
from ..consultations.outline import section_paths
from ..dialogues import services as dialogue_services
from ..dialogues.models import DialogueSession
from ..extensions import csrf, db
from ..ideas import services as idea_services
from ..ideas.models import STATUS_LABELS as IDEA_STATUS_LABELS
from ..ideas.models import Idea
from . import bp

csrf.exempt(bp)


def _consultation_json(consultation: Consultation, comment_count: int | None = None) -> dict:
    data = {
        "id": consultation.id,
        "title": consultation.title,
        "kind": consultation.kind,
        "status": consultation.status,
        "agency": {"slug": consultation.agency.slug, "name": consultation.agency.name},
        "topics": [t.name for t in consultation.topics],
        "opens_on": consultation.opens_on.isoformat(),
        "closes_on": consultation.closes_on.isoformat(),
        "announced_closes_on": consultation.announced_closes_on.isoformat() if consultation.announced_closes_on else None,
        "url": url_for("consultations.show", consultation_id=consultation.id, slug=consultation.slug, _external=True),
    }
    if comment_count is not None:
        data["comments"] = comment_count
    return data


def _public_consultation(consultation_id: int) -> Consultation:
    consultation = db.session.get(Consultation, consultation_id)
    if consultation is None or not consultation.is_public:
        abort(404)
    return consultation


@bp.route("/consultations")
def consultations():
    filters = services.ListFilters.from_args(request.args)
    rows, total, page, pages = services.public_list(filters)
    return jsonify(
        items=[_consultation_json(c, n) for c, n in rows], total=total, page=page, pages=pages,
        per_page=services.PER_PAGE,
    )


@bp.route("/consultations/<int:consultation_id>")
def consultation(consultation_id: int):
    consultation = _public_consultation(consultation_id)
    data = _consultation_json(consultation)
    data["summary"] = consultation.summary
    data["tally"] = services.tally(consultation)
    counts = comment_services.counts_by_section(services.SUBJECT, consultation.id)
    data["comments"] = sum(counts.values())
    version = services.current_version(consultation)
    data["version"] = version.number if version else None
    paths = section_paths(version.sections) if version else {}
    data["sections"] = [
        {"id": s.id, "label": s.label, "path": paths[s.id], "heading": s.heading, "body": s.body,
         "comments": counts.get(s.id, 0)}
        for s in (version.sections if version else [])
    ]
    return jsonify(data)


@bp.route("/consultations/<int:consultation_id>/comments")
def consultation_comments(consultation_id: int):
    consultation = _public_consultation(consultation_id)
    try:
        page = max(1, int(request.args.get("page", 1)))
    except ValueError:
        page = 1
    result = comment_services.comment_page(None, services.SUBJECT, consultation.id, sort=request.args.get("sort", "oldest"), page=page)

    def item(view):
        c = view.comment
        visible = c.status == PUBLISHED
        return {
            "id": c.id, "receipt": c.receipt, "status": c.status, "section_id": c.section_id,
            "author": c.author.public_name if visible else None,
            "body": c.body if visible else None,
            "created_at": c.created_at.isoformat(), "replies": view.reply_count, "up": view.up, "down": view.down,
        }

    return jsonify(items=[item(v) for v in result.items], total=result.total, page=result.page, pages=result.pages,
                   per_page=comment_services.PER_PAGE)


def _idea_json(idea: Idea) -> dict:
    status = idea_services.status_for_display(idea)  # the public status (closed once its window ended)
    return {
        "id": idea.id,
        "title": idea.title,
        "status": status,
        "status_label": str(IDEA_STATUS_LABELS[status]),
        "topic": {"slug": idea.topic.slug, "name": idea.topic.name},
        "agency": {"slug": idea.agency.slug, "name": idea.agency.name} if idea.agency else None,
        "supports": idea.support_count,
        "threshold": idea.threshold,
        "progress": idea.progress,
        "window_ends_on": idea.window_ends_on.isoformat() if idea.window_ends_on else None,
        "reached_on": idea.reached_on.isoformat() if idea.reached_on else None,
        "published_at": idea.published_at.isoformat() if idea.published_at else None,
        "url": url_for("ideas.show", idea_id=idea.id, _external=True),
    }


def _public_idea(idea_id: int) -> Idea:
    idea = db.session.get(Idea, idea_id)
    if idea is None or not idea.is_public:
        abort(404)
    return idea


@bp.route("/ideas")
def ideas():
    filters = idea_services.ListFilters.from_args(request.args)
    rows, total, page, pages = idea_services.public_list(filters)
    return jsonify(
        items=[_idea_json(i) for i in rows], total=total, page=page, pages=pages,
        per_page=idea_services.PER_PAGE,
    )


@bp.route("/ideas/<int:idea_id>")
def idea(idea_id: int):
    idea = _public_idea(idea_id)
    data = _idea_json(idea)
    data["problem"] = idea.problem
    data["solution"] = idea.solution
    data["merged_into"] = idea.merged_into_id
    data["history"] = [
        {"status": e.status, "status_label": e.status_label, "reason": e.reason or None, "note": e.note or None,
         "at": e.created_at.isoformat()}
        for e in idea.events
    ]
    answer = answer_services.answer_for(idea_services.SUBJECT, idea.id)
    data["answer"] = {
        "body": answer.body,
        "agency": {"slug": answer.agency.slug, "name": answer.agency.name},
        "signer": {"name": answer.signer_name, "title": answer.signer_title},
        "answered_at": answer.created_at.isoformat(),
        "url": url_for("answers.show", answer_id=answer.id, _external=True),
    } if answer else None
    owed = answer_services.owed_for(idea_services.SUBJECT, idea.id)
    data["owed"] = {"due_on": owed.due_on.isoformat(), "state": owed.state} if owed else None
    return jsonify(data)


def _dialogue_json(session: DialogueSession) -> dict:
    minutes = session.minutes
    return {
        "id": session.id,
        "title": session.title,
        "status": session.status,
        "status_label": session.status_label,
        "agency": {"slug": session.agency.slug, "name": session.agency.name},
        "topic": {"slug": session.topic.slug, "name": session.topic.name},
        "starts_at": session.starts_at.isoformat(),
        "ends_at": session.ends_at.isoformat(),
        "place": session.place,
        "online_url": session.online_url,
        "recorded_after": session.recorded_after,  # recorded after it took place: no registration (nulls below)
        "capacity": session.capacity,
        "seats_left": session.seats_left,
        "registration_opens_at": session.registration_opens_at.isoformat() if session.registration_opens_at else None,
        "registration_closes_at": session.registration_closes_at.isoformat() if session.registration_closes_at else None,
        "questions_allowed": session.questions_allowed,
        "minutes_published": minutes is not None and minutes.is_published,
        "url": url_for("dialogues.show", session_id=session.id, _external=True),
        "calendar_url": url_for("dialogues.ics", session_id=session.id, _external=True),
    }


def _minutes_json(session: DialogueSession) -> dict:
    minutes = session.minutes
    return {
        "attendance": {"citizens": minutes.citizens, "businesses": minutes.businesses, "online": minutes.online},
        "agenda": minutes.agenda,
        "summary": minutes.summary,
        "published_at": minutes.published_at.isoformat(),
        "items": [{
            "id": i.id,
            "asked_by": i.asked_by or None,  # empty: asked anonymously
            "question": i.question,
            "answered_by": {"name": i.answered_by_name, "title": i.answered_by_title} if i.answered_by_name else None,
            "answer": i.answer,
            "follow_up": i.follow_up,
        } for i in minutes.items],
        "revisions": [{
            "at": r.created_at.isoformat(),
            "note": r.note or None,  # none: the publication itself
            "changed": [key for key in r.changed.split(",") if key],
        } for r in minutes.revisions],
        "scan_url": url_for("dialogues.scan", session_id=session.id, filename=minutes.scan.filename, _external=True)
        if minutes.scan else None,
    }


@bp.route("/dialogues")
def dialogues():
    filters = dialogue_services.ListFilters.from_args(request.args)
    sessions, total, page, pages = dialogue_services.public_list(filters)
    return jsonify(
        items=[_dialogue_json(s) for s in sessions], total=total, page=page, pages=pages,
        per_page=dialogue_services.PER_PAGE,
    )


@bp.route("/dialogues/<int:session_id>")
def dialogue(session_id: int):
    session = db.session.get(DialogueSession, session_id)
    if session is None:
        abort(404)
    data = _dialogue_json(session)
    data["description"] = session.description
    data["officials"] = [{"name": o.name, "title": o.title} for o in session.officials]
    data["questions"] = [{
        "id": v.question.id,
        "body": v.question.body,
        "votes": v.votes,
        "selected": v.question.selected,
        "asked_by": None if v.question.anonymous else v.question.author.public_name,
        # its answer in the published minutes (None: not taken up, or the minutes are not out yet)
        "answer_url": url_for("dialogues.minutes", session_id=session.id, _anchor=f"item-{v.item_id}", _external=True)
        if v.item_id else None,
    } for v in dialogue_services.question_list(None, session)]  # merged questions are left out
    published = data["minutes_published"]
    data["minutes"] = _minutes_json(session) if published else None  # a draft is not public
    data["commitments"] = [{
        "id": c.id,
        "description": c.description,
        "owner": {"slug": c.owner.slug, "name": c.owner.name},
        "due_on": c.due_on.isoformat(),
        "status": c.status,
        "status_label": c.status_label,
        "overdue": c.is_overdue,
        "done_on": c.done_on.isoformat() if c.done_on else None,
        "url": url_for("dialogues.commitment", commitment_id=c.id, _external=True),
    } for c in (dialogue_services.public_commitments(session_id=session.id) if published else [])]
    return jsonify(data)


@bp.route("/search")
def search():
    """The same results as /search, as JSON (snippets are escaped HTML with <mark> around
    matched words)."""
    from ..search import views as search_views

    found = search_views.run(request.args)
    if found.unavailable:
        return jsonify(error="search_unavailable", message=_("Tìm kiếm tạm thời không hoạt động. Vui lòng thử lại sau ít phút.")), 503
    results = found.results
    return jsonify(
        query=found.text, errors=found.errors, sort=found.sort, page=found.page, pages=found.pages,
        per_page=search_views.PER_PAGE, total=results.total if results else 0,
        complete=results.complete if results else 0, suggestion=results.suggestion if results else None,
        items=[{
            "id": hit.id, "kind": hit.kind, "title": hit.title, "url": url_for("main.home", _external=True).rstrip("/") + hit.url,
            "day": hit.day.isoformat() if hit.day else None, "snippet": str(hit.snippet),
        } for hit in (results.hits if results else [])],
    )
