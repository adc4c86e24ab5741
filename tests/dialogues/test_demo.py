"""The demo dialogue sessions: one held with published, revised minutes and commitments in every
state, one upcoming and open for registration, one announced with registration not yet open."""
from sqlalchemy import select

from civic.answers.models import OwedAnswer
from civic.dialogues import services
from civic.dialogues.models import MINUTES_PUBLISHED, REGISTRATION_OPEN, SCHEDULED, DialogueSession


def test_demo_dialogues(app, db, runner):
    result = runner.invoke(args=["seed", "demo"])
    assert result.exit_code == 0, result.output
    sessions = db.session.scalars(select(DialogueSession).order_by(DialogueSession.id)).all()
    assert [s.status for s in sessions] == [MINUTES_PUBLISHED, REGISTRATION_OPEN, SCHEDULED]
    held = sessions[0]
    assert len(held.minutes.items) == 3 and len(held.minutes.revisions) == 2
    states = {c.status_label for c in services.public_commitments(session_id=held.id)}
    assert states == {"Đã hoàn thành", "Đang thực hiện", "Quá hạn", "Không thực hiện (đã huỷ cam kết)"}
    assert db.session.scalar(select(OwedAnswer.id).where(OwedAnswer.subject_type == services.ITEM_SUBJECT)) is not None
    assert services.question_list(None, sessions[1])[0].votes == 1
    again = runner.invoke(args=["seed", "demo"])
    assert "demo dialogue sessions: already loaded" in again.output
    assert len(db.session.scalars(select(DialogueSession)).all()) == 3
