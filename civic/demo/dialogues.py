"""Demo dialogue sessions (civic/demo_data/dialogues.toml): announced, registered for and asked
about beforehand; held, with minutes written after the session, published, revised; commitments
tracked with dated notes; written answers owed for what could not be answered in the room."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from ..core.timeutil import datetime_input, local_date
from ..dialogues import services
from ..dialogues.models import DialogueSession
from ..extensions import db
from .story import Story, spread, when

DATA = "dialogues"


def already_loaded() -> bool:
    return db.session.scalar(select(DialogueSession.id).limit(1)) is not None


def plan(story: Story, data: dict) -> None:
    for item in data["session"]:
        _plan_session(story, item)


def _plan_session(story: Story, item: dict) -> None:
    state: dict = {}
    announced = when(item["announced"], story.today)
    starts = when(item["starts"], story.today)
    ends = when(item["ends"], starts)
    opens = when(item["registration_opens"], announced)
    closes = when(item["registration_closes"], starts)
    title = item["title"]

    def staff():
        return story.user(item["staff"])

    def schedule() -> None:
        state["session"] = services.schedule(staff(), {
            "agency_id": str(story.agency(item["agency"]).id), "topic": story.topic(item["topic"]).slug,
            "title": title, "description": item["description"],
            "starts_at": datetime_input(starts), "ends_at": datetime_input(ends),
            "registration_opens_at": datetime_input(opens), "registration_closes_at": datetime_input(closes),
            "place": item.get("place", ""), "online_url": item.get("online_url", ""),
            "capacity": str(item["capacity"]), "questions_allowed": "y" if item.get("questions_allowed") else "",
        }, [tuple(pair) for pair in item.get("officials", [])])

    story.at(announced, schedule, f"{title}: announced")
    for entry in item.get("registration", []):
        story.at(when(entry["at"], opens),
                 lambda entry=entry: services.register(story.user(entry["who"]), state["session"], entry["mode"],
                                                       organisation=entry.get("organisation")),
                 f"{title}: {entry['who']} registers")
    for entry in item.get("question", []):
        asked = when(entry["at"], opens)

        def ask(entry=entry) -> None:
            state[entry["key"]] = services.ask(story.user(entry["author"]), state["session"], entry["body"],
                                               anonymous=entry.get("anonymous", False))

        story.at(asked, ask, f"{title}: question {entry['key']}")
        voters = entry.get("voters", [])
        for email, moment in zip(voters, spread(asked, min(closes, story.now), len(voters))):
            story.at(moment, lambda email=email, entry=entry: services.vote_question(
                story.user(email), state[entry["key"]], state["session"]), f"{title}: a vote on {entry['key']}")
    selected = [entry["key"] for entry in item.get("question", []) if entry.get("selected")]
    if selected:
        def select_questions() -> None:
            for key in selected:
                services.select_question(staff(), state[key], state["session"], True)

        story.at(when(item["selection"], starts), select_questions, f"{title}: questions selected")
    if "minutes" in item:
        _plan_minutes(story, item, state, starts, ends)


def _plan_minutes(story: Story, item: dict, state: dict, starts, ends) -> None:
    data = item["minutes"]
    title = item["title"]
    written = when(data["written"], ends)
    published = when(data["published"], starts)

    def staff():
        return story.user(item["staff"])

    def write() -> None:
        minutes = services.start_minutes(staff(), state["session"])
        services.save_minutes(staff(), minutes, {key: data[key] for key in ("citizens", "businesses", "online", "agenda", "summary")})
        state["minutes"] = minutes

    story.at(written, write, f"{title}: minutes written")
    items, commitments = data.get("item", []), data.get("commitment", [])
    moments = spread(written, published - timedelta(hours=1), len(items) + len(commitments))
    for entry, moment in zip(items, moments):
        def add_item(entry=entry) -> None:
            question = state[entry["question"]] if entry.get("question") else None
            state[entry["key"]] = services.add_item(staff(), state["minutes"], {
                "question_id": str(question.id) if question else "",
                "question": question.body if question else entry["text"],
                **{key: entry.get(key, "") for key in ("asked_by", "answered_by_name", "answered_by_title", "answer")},
                "follow_up": "y" if entry.get("follow_up") else ""})

        story.at(moment, add_item, f"{title}: minutes item {entry['key']}")
    day = local_date(starts)
    for entry, moment in zip(commitments, moments[len(items):]):
        def add_commitment(entry=entry) -> None:
            state[entry["key"]] = services.add_commitment(staff(), state["minutes"], {
                "description": entry["description"], "owner": entry.get("owner", item["agency"]),
                "due_on": when(entry["due"], day).date().isoformat(),
                "item_id": str(state[entry["item"]].id) if entry.get("item") else ""})

        story.at(moment, add_commitment, f"{title}: commitment {entry['key']}")

    story.at(published, lambda: services.publish_minutes(staff(), state["minutes"]), f"{title}: minutes published")
    for entry in commitments:
        noted = published
        for note in entry.get("note", []):
            noted = when(note["at"], noted)
            story.at(noted, lambda entry=entry, note=note: services.track(
                staff(), state[entry["key"]], note["status"], note["body"]), f"{title}: a note on {entry['key']}")
    for revision in data.get("revision", []):
        def revise(revision=revision) -> None:
            minutes_item = state[revision["item"]]
            fields = {key: getattr(minutes_item, key) for key in (
                "asked_by", "question", "answered_by_name", "answered_by_title", "answer")}
            fields["question_id"] = str(minutes_item.question_id or "")
            fields["follow_up"] = "y" if minutes_item.follow_up else ""
            fields.update(revision["change"])
            services.update_item(staff(), minutes_item, fields, change_note=revision["note"])

        story.at(when(revision["at"], published), revise, f"{title}: minutes revised")
