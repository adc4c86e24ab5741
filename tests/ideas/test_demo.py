"""The demo ideas: every stage present, one over its threshold with an answer owed."""
from sqlalchemy import func, select

from civic.answers import services as answers
from civic.comments.models import Comment
from civic.ideas.models import STATUSES, Idea


def test_demo_ideas_cover_the_stages(app, db, runner):
    result = runner.invoke(args=["seed", "demo"])
    assert result.exit_code == 0, result.output
    ideas = db.session.scalars(select(Idea)).all()
    statuses = {idea.status for idea in ideas}
    assert set(STATUSES) == statuses  # every stage, "not accepted" and "under review" included
    merged = next(idea for idea in ideas if idea.status == "merged")
    assert merged.merged_into_id and merged.support_count == 0
    assert db.session.scalar(select(func.count(Comment.id)).where(Comment.subject_type == "idea")) >= 3
    owed = [idea for idea in ideas if idea.reached_on and answers.owed_for("idea", idea.id)]
    assert any(answers.answer_for("idea", idea.id) is None for idea in owed)  # one still waits for its answer
