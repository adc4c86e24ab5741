"""The demo ideas: every stage present, one over its threshold with an answer owed."""
from sqlalchemy import select

from civic.answers import services as answers
from civic.ideas.models import STATUSES, Idea


def test_demo_ideas_cover_the_stages(app, db, runner):
    result = runner.invoke(args=["seed", "demo"])
    assert result.exit_code == 0, result.output
    ideas = db.session.scalars(select(Idea)).all()
    statuses = {idea.status for idea in ideas}
    assert {"submitted", "declined", "published", "accepted", "implemented", "expired"} <= statuses <= set(STATUSES)
    owed = [idea for idea in ideas if idea.reached_on and answers.owed_for("idea", idea.id)]
    assert any(answers.answer_for("idea", idea.id) is None for idea in owed)  # one still waits for its answer
