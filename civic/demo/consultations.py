"""Demo consultations (civic/demo_data/consultations.toml): each published before it opens, a
revised version where the agency took comments in, comments and replies dated across the open
period, votes, answers the agency owed and gave (on time or late) and their ratings, and the
synthesis report of a closed consultation with an outcome for every comment."""
from __future__ import annotations

import re
from datetime import datetime, time, timedelta

from sqlalchemy import select

from ..answers import services as answers
from ..comments import services as comments
from ..consultations import permissions, services
from ..consultations.models import Consultation
from ..core.timeutil import LOCAL_TZ
from ..extensions import db
from ..reports import services as reports
from ..votes import services as votes
from .story import DemoDataError, Story, spread, when

DATA = "consultations"
SUBJECT = services.SUBJECT
# Where an article of a draft ends: the next article or chapter heading.
_HEADING = re.compile(r"^(?:Điều \d+\.|Chương [IVXLC]+$)")


def already_loaded() -> bool:
    return db.session.scalar(select(Consultation.id).limit(1)) is not None


def revised_text(body: str, articles: list[str]) -> str:
    """The draft with whole articles replaced (each new article starts with its heading line)."""
    lines = body.split("\n")
    for article in articles:
        heading = article.split("\n", 1)[0]
        number = heading.split(".", 1)[0] + "."
        start = next((i for i, line in enumerate(lines) if line.startswith(number)), None)
        if start is None:
            raise DemoDataError(f"the revision replaces {number!r}, which the draft does not have")
        end = next((i for i in range(start + 1, len(lines)) if _HEADING.match(lines[i])), len(lines))
        lines[start:end] = article.split("\n")
    return "\n".join(lines)


def plan(story: Story, data: dict) -> None:
    for item in data["consultation"]:
        _plan_consultation(story, item)


def _plan_consultation(story: Story, item: dict) -> None:
    opens_on = when(item["opens"], story.today).date()
    closes_on = opens_on + timedelta(days=item["days"] - 1)
    open_end = datetime.combine(closes_on, time(23, 59), LOCAL_TZ)
    state: dict = {}

    def staff():
        return story.user(item["staff"])

    def create() -> None:
        state["consultation"] = services.create_consultation(staff(), story.agency(item["agency"]), {
            "title": item["title"], "kind": item["kind"], "summary": item["summary"], "body": item["body"],
            "opens_on": opens_on, "closes_on": closes_on,
            "topics": [str(story.topic(name).id) for name in item["topics"]],
        })

    def publish() -> None:
        services.publish(state["consultation"])

    story.at(when(item["created"], opens_on), create, f"{item['title']}: drafted")
    story.at(when(item["published"], opens_on), publish, f"{item['title']}: published")

    if "revision" in item:
        revision = item["revision"]

        def draft_revision() -> None:
            services.start_revision(staff(), state["consultation"], {
                "body": revised_text(item["body"], revision["articles"])})

        def publish_revision() -> None:
            services.publish_revision(state["consultation"], revision["changelog"])

        story.at(when(revision["drafted"], opens_on), draft_revision, f"{item['title']}: revision drafted")
        story.at(when(revision["published"], opens_on), publish_revision, f"{item['title']}: revision published")

    last_vote = min(open_end, story.now)
    for value in ("agree", "disagree"):
        voters = item.get(value, [])
        first = datetime.combine(opens_on, time(7), LOCAL_TZ)
        for email, moment in zip(voters, spread(first, last_vote, len(voters))):
            story.at(moment, lambda email=email, value=value: _vote_draft(story, state, email, value),
                     f"{item['title']}: {value} by {email}")

    outcomes: list[tuple[dict, dict]] = []  # (comment data, its outcome), in the order written
    for entry in item.get("comment", []):
        _plan_comment(story, state, item, entry, None, when(entry["at"], opens_on), open_end, outcomes)

    if "report" in item:
        _plan_report(story, state, item, closes_on, outcomes)


def _vote_draft(story: Story, state: dict, email: str, value: str) -> None:
    """What the vote view does: the permission, then the vote."""
    consultation, user = state["consultation"], story.user(email)
    decision = permissions.can_vote(user, consultation)
    if not decision:
        raise DemoDataError(f"{email} may not vote on {consultation.title}: {decision.reason}")
    votes.set_vote(user, SUBJECT, consultation.id, value)


def _plan_comment(story: Story, state: dict, item: dict, entry: dict, parent_key, moment: datetime,
                  open_end: datetime, outcomes: list) -> None:
    key = object()  # this comment's place in `state`, filled when it is posted
    if moment > open_end:
        raise DemoDataError(f"a comment on {item['title']} at {moment}, after the consultation closes")

    def post() -> None:
        consultation = state["consultation"]
        parent = state[parent_key] if parent_key is not None else None
        section_id = None
        if parent is None and entry.get("section"):
            section_id = _section_id(consultation, entry["section"])
        state[key] = comments.post_comment(story.user(entry["author"]), SUBJECT, consultation, entry["body"],
                                           section_id=section_id, parent=parent)

    story.at(moment, post, f"comment by {entry['author']} on {item['title']}")
    if "outcome" in entry:
        outcomes.append((key, entry["outcome"]))

    voters = [(email, "up") for email in entry.get("up", [])] + [(email, "down") for email in entry.get("down", [])]
    last = min(moment + timedelta(days=4), open_end, story.now)
    for (email, value), at in zip(voters, spread(moment, last, len(voters))):
        story.at(at, lambda email=email, value=value: comments.vote_on_comment(story.user(email), state[key], value),
                 f"vote by {email}")

    for reply in entry.get("reply", []):
        _plan_comment(story, state, item, reply, key, when(reply["after"], moment), open_end, outcomes)

    if "answer" in entry:
        _plan_answer(story, state, item, entry, key, moment)


def _section_id(consultation: Consultation, label: str) -> int:
    version = services.current_version(consultation)
    found = [s.id for s in version.sections if s.label == label]
    if len(found) != 1:
        raise DemoDataError(f"{consultation.title}: {len(found)} sections labelled {label!r}")
    return found[0]


def _plan_answer(story: Story, state: dict, item: dict, entry: dict, key, commented: datetime) -> None:
    answer = entry["answer"]
    marked = when(answer["marked"], commented)

    def mark() -> None:
        comment = state[key]
        if answers.owed_for("comment", comment.id) is None:
            answers.mark_owed(story.user(item["staff"]), "comment", comment)

    story.at(marked, mark, f"answer owed to {entry['author']}")
    if "at" not in answer:
        return
    answered = when(answer["at"], marked)

    def give() -> None:
        official = story.user(answer.get("staff", item["staff"]))
        state[(key, "answer")] = answers.give_answer(official, "comment", state[key], {
            "body": answer["body"],
            "signer_name": answer.get("signer", official.display_name),
            "signer_title": answer.get("signer_title") or story.job_title(official),
        })

    story.at(answered, give, f"answer to {entry['author']}")
    if "rating" in answer:
        def rate() -> None:
            answers.rate(story.user(entry["author"]), state[(key, "answer")], state[key], answer["rating"],
                         answer.get("rating_comment", ""))

        story.at(when(answer["rated"], answered), rate, f"rating by {entry['author']}")


def _plan_report(story: Story, state: dict, item: dict, closes_on, outcomes: list) -> None:
    report_data = item["report"]
    started = when(report_data["started"], closes_on)
    published = when(report_data["published"], closes_on)

    def start() -> None:
        consultation = state["consultation"]
        state["report"] = reports.start(story.user(item["staff"]), consultation)
        reports.set_introduction(story.user(item["staff"]), consultation, state["report"], report_data["introduction"])

    story.at(started, start, f"{item['title']}: report started")
    for (key, outcome), moment in zip(outcomes, spread(started, published - timedelta(hours=1), len(outcomes))):
        def assign(key=key, outcome=outcome) -> None:
            reports.assign(story.user(item["staff"]), state["consultation"], state["report"], [state[key].id],
                           outcome["outcome"], outcome.get("reasoning", ""))

        story.at(moment, assign, f"{item['title']}: an outcome")

    def publish() -> None:
        reports.publish(story.user(item["staff"]), state["consultation"], state["report"], confirm_noted=False)

    story.at(published, publish, f"{item['title']}: report published")
    for revision in report_data.get("revision", []):
        def revise(revision=revision) -> None:
            reports.set_introduction(story.user(item["staff"]), state["consultation"], state["report"],
                                     revision["introduction"], revision["reason"])

        story.at(when(revision["at"], published), revise, f"{item['title']}: report revised")

