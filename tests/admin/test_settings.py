from sqlalchemy import select

from civic.topics.models import Topic
from civic.core import settings
from civic.core.audit import AuditEntry
from tests.conftest import post_form
from tests.factories import make_user


def test_settings_page_validates_and_audits(client, db, signed_in):
    signed_in(make_user("admin"))
    assert client.get("/admin/settings").status_code == 200
    bad = post_form(client, "/admin/settings", {"min_open_days.regulation": "0", "min_open_days.plan": "abc"})
    assert bad.status_code == 422
    page = bad.get_data(as_text=True)
    assert "Giá trị phải từ 1 đến 365" in page and "Vui lòng nhập một số nguyên" in page
    assert settings.get("min_open_days.regulation") == 20
    ok = post_form(client, "/admin/settings", {"min_open_days.regulation": "30", "answer_deadline_working_days": "15"})
    assert ok.status_code == 303
    assert settings.get("min_open_days.regulation") == 30
    entries = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "setting.set")).all()
    assert [(e.before, e.after) for e in entries] == [({"min_open_days.regulation": 20}, {"min_open_days.regulation": 30})]


def test_topics_page(client, db, signed_in):
    signed_in(make_user("admin"))
    assert post_form(client, "/admin/topics", {"name": "Giao thông"}).status_code == 303
    again = post_form(client, "/admin/topics", {"name": "Giao thông"})
    assert again.status_code == 422 and "đã có" in again.get_data(as_text=True)
    empty = post_form(client, "/admin/topics", {"name": " "})
    assert empty.status_code == 422
    assert db.session.scalars(select(Topic.name)).all() == ["Giao thông"]
    assert "Giao thông" in client.get("/admin/topics").get_data(as_text=True)


def test_settings_and_topics_are_for_admins(client, signed_in):
    signed_in(make_user("moderator"))
    assert client.get("/admin/settings").status_code == 403
    assert client.get("/admin/topics").status_code == 403
