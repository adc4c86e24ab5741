"""Demo reform ideas (civic/demo_data/ideas.toml) at every stage: waiting for review, declined,
gathering supports, over the threshold with an answer owed, under review, accepted and answered,
implemented, not accepted, closed without reaching the threshold, merged into another; with their
discussions. Supports arrive one by one, so the day an idea reached its threshold — and the
deadline of the answer it is owed — is the day its last needed support came in."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select

from ..answers import services as answers
from ..comments import services as comments
from ..core import settings
from ..core.timeutil import LOCAL_TZ, local_today
from ..extensions import db
from ..ideas import services
from ..ideas.models import Idea
from .story import DemoDataError, Story, spread, when

DATA = "ideas"


def already_loaded() -> bool:
    return db.session.scalar(select(Idea.id).limit(1)) is not None


def plan(story: Story, data: dict) -> None:
    ideas: dict[str, Idea] = {}
    first = min(when(item["submitted"], story.today) for item in data["idea"])

    def set_threshold() -> None:
        settings.set_value("idea_support_threshold", data["support_threshold"])

    story.at(first - timedelta(days=1), set_threshold, "the demo site's support threshold")
    for item in data["idea"]:
        _plan_idea(story, data, item, ideas)


def _plan_idea(story: Story, data: dict, item: dict, ideas: dict) -> None:
    key = item["key"]
    submitted = when(item["submitted"], story.today)

    def submit() -> None:
        ideas[key] = services.submit(story.user(item["author"]), {
            "title": item["title"], "problem": item["problem"], "solution": item["solution"],
            "topic": story.topic(item["topic"]).slug, "agency": item.get("agency", "")})

    story.at(submitted, submit, f"idea {key}: submitted")
    reviewer = item.get("reviewer", data["reviewer"])
    if "declined" in item:
        story.at(when(item["declined"], submitted),
                 lambda: services.decline(story.user(reviewer), ideas[key], item["decline_reason"], item["decline_note"]),
                 f"idea {key}: declined")
        return
    if "published" not in item:
        return  # still waiting for review
    published = when(item["published"], submitted)
    story.at(published, lambda: services.publish(story.user(reviewer), ideas[key]), f"idea {key}: published")

    supporters = item.get("supporters", [])
    last = published
    if supporters:
        moments = spread(published, min(when(item["supports_until"], published), story.now), len(supporters))
        for email, moment in zip(supporters, moments):
            story.at(moment, lambda email=email: services.support(story.user(email), ideas[key]),
                     f"idea {key}: supported by {email}")
        last = moments[-1]
    if len(supporters) < data["support_threshold"] and not item.get("step"):
        # The daily job closes ideas whose window ended below the threshold (`ideas close-expired`).
        window_end = published.astimezone(LOCAL_TZ).date() + timedelta(days=settings.get("idea_support_window_days"))
        closing = datetime.combine(window_end + timedelta(days=1), time(0, 15), LOCAL_TZ)
        if closing <= story.now:
            story.at(closing, services.close_expired, f"idea {key}: the window ended")

    for entry in item.get("comment", []):
        story.at(when(entry["at"], published),
                 lambda entry=entry: comments.post_comment(story.user(entry["author"]), services.SUBJECT, ideas[key],
                                                           entry["body"]),
                 f"idea {key}: comment by {entry['author']}")

    staff = item.get("staff")
    for step in item.get("step", []):
        last = when(step["at"], last)
        story.at(last, lambda step=step: _step(story, ideas, key, staff, item["author"], step), f"idea {key}: {step}")


def _step(story: Story, ideas: dict, key: str, staff: str | None, author: str, step: dict) -> None:
    idea = ideas[key]
    if "status" in step:
        on = local_today() if step["status"] == "implemented" else None
        services.change_status(story.user(staff), idea, step["status"], step.get("note", ""), on=on)
    elif "answer" in step:
        official = story.user(staff)
        answers.give_answer(official, services.SUBJECT, idea, {
            "body": step["answer"], "signer_name": step.get("signer", official.display_name),
            "signer_title": step.get("signer_title") or story.job_title(official)})
    elif "rating" in step:
        answer = answers.answer_for(services.SUBJECT, idea.id)
        answers.rate(story.user(author), answer, idea, step["rating"], step.get("comment", ""))
    elif "merge_into" in step:
        services.merge(story.user(staff), idea, ideas[step["merge_into"]])
    else:
        raise DemoDataError(f"idea {key}: a step that does nothing: {step}")
