"""The audit log as an administrator reads it: each action by its name in the reader's language,
before/after values as written (Vietnamese, not \\u escapes) — for new rows and for rows stored
escaped before."""
from __future__ import annotations

import ast
import json
from html import unescape
from pathlib import Path

import pytest
from sqlalchemy import select, text

from civic.core import audit
from civic.core.audit import ACTION_LABELS, AuditEntry
from tests.factories import make_user

CIVIC = Path(__file__).resolve().parents[2] / "civic"


def recorded_actions() -> dict[str, str]:
    """Every action key passed to the audit module's `record()` anywhere in the code
    ({key: where}); a call whose key is not a plain string fails the test."""
    found: dict[str, str] = {}
    for path in sorted(CIVIC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        imported_record = any(
            isinstance(node, ast.ImportFrom) and node.module and node.module.endswith("audit")
            and any(alias.name == "record" for alias in node.names)
            for node in ast.walk(tree)
        )
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            via_module = (isinstance(func, ast.Attribute) and func.attr == "record"
                          and isinstance(func.value, ast.Name) and func.value.id in ("audit", "_audit"))
            direct = imported_record and isinstance(func, ast.Name) and func.id == "record"
            if not (via_module or direct):
                continue
            where = f"{path.relative_to(CIVIC.parent)}:{node.lineno}"
            key = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "action"), None)
            assert isinstance(key, ast.Constant) and isinstance(key.value, str), \
                f"{where}: the audit action must be a plain string, so it can be given a label"
            found.setdefault(key.value, where)
    return found


def test_the_collector_finds_the_actions_the_code_records():
    found = recorded_actions()
    assert {"answer.give", "consultation.publish", "idea.status", "workday.set", "setting.set"} <= set(found)
    assert len(found) >= 40


def test_every_recorded_action_has_a_label():
    missing = {key: where for key, where in recorded_actions().items() if key not in ACTION_LABELS}
    assert missing == {}, f"add these to ACTION_LABELS in civic/core/audit.py: {missing}"


def test_no_label_for_an_action_nobody_records():
    assert set(ACTION_LABELS) - set(recorded_actions()) == set()


@pytest.fixture
def admin(client, signed_in):
    user = make_user("admin", display_name="Quản trị")
    signed_in(user)
    return user


def test_audit_page_shows_action_names_and_vietnamese_as_written(client, db, admin):
    audit.record("answer.give", None, after={"body": "Sở đã tiếp thu ý kiến về đất đai", "on_time": True},
                 summary="Trả lời về thủ tục đất đai", actor=admin)
    audit.record("consultation.extend", None, before={"closes_on": "2026-12-01"}, after={"closes_on": "2026-12-15"}, actor=admin)
    db.session.commit()
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "Trả lời ý kiến" in page and "Gia hạn lấy ý kiến" in page
    assert "answer.give" not in page.replace('value="answer.give"', "")  # only the filter's value
    assert "Sở đã tiếp thu ý kiến về đất đai" in unescape(page)
    assert "\\u" not in page and "u1ea5" not in page
    assert "<dd>Có</dd>" in page  # True, in words
    # The filter offers the actions by name, keeping the key as the value.
    assert '<option value="answer.give" >Trả lời ý kiến</option>' in page or \
        '<option value="answer.give">Trả lời ý kiến</option>' in page
    assert client.get("/admin/audit?action=answer.give").status_code == 200
    # The dashboard's recent entries read the same way.
    assert "Trả lời ý kiến" in client.get("/admin").get_data(as_text=True)


def test_rows_stored_with_escapes_before_read_as_written(client, db, admin):
    """Rows written before the change hold JSON with \\u escapes; the page shows the text."""
    escaped = json.dumps({"name": "Sở Tư pháp"})  # ensure_ascii: {"name": "S\u1edf T\u01b0 ph\u00e1p"}
    assert "\\u" in escaped
    db.session.execute(
        text("INSERT INTO audit_log (created_at, actor_label, action, object_type, object_id, summary, after) "
             "VALUES (CURRENT_TIMESTAMP, 'cli', 'agency.create', 'agencies', 7, '', :after)"),
        {"after": escaped},
    )
    db.session.commit()
    page = unescape(client.get("/admin/audit").get_data(as_text=True))
    assert "Sở Tư pháp" in page and "\\u1edf" not in page
    assert "Thêm cơ quan" in page and "Cơ quan #7" in page


def test_new_rows_store_vietnamese_without_escapes(db, admin):
    entry = audit.record("topic.create", None, after={"name": "Đất đai"}, actor=admin)
    db.session.commit()
    raw = db.session.execute(text("SELECT CAST(after AS TEXT) FROM audit_log WHERE id = :id"), {"id": entry.id}).scalar()
    assert "Đất đai" in raw and "\\u" not in raw
    assert db.session.scalar(select(AuditEntry.after).where(AuditEntry.id == entry.id)) == {"name": "Đất đai"}


def test_action_names_follow_the_readers_language(client, db, admin):
    audit.record("idea.status", None, before={"status": "published"}, after={"status": "under_review"}, actor=admin)
    db.session.commit()
    client.set_cookie("lang", "en")
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "Change an idea&#39;s status" in page or "Change an idea's status" in page


def test_unknown_action_shows_its_key(client, db, admin):
    audit.record("legacy.thing", None, actor=admin)
    db.session.commit()
    assert "legacy.thing" in client.get("/admin/audit").get_data(as_text=True)
