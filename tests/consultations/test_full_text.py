"""No part of a draft is ever shortened. A clause's text is its heading (its whole first line):
a pasted 730-character khoản lost its end on import (String(500)). A clause of 5,000
characters is read back whole on the consultation page, its version page, the review of the
split, the version diff, the search index (found by a word near its end) and the synthesis
report (page and CSV). The same for the other texts staff and people write: refused with a
message when too long, never cut."""
from __future__ import annotations

import csv
import json
import io
import re
from datetime import timedelta
from html import escape

import pytest
from sqlalchemy import select

from civic.comments.services import post_comment
from civic.consultations.models import Consultation, Section
from civic.consultations.parsing import split_sections
from civic.core import mail
from civic.core.audit import AuditEntry
from civic.core.timeutil import local_today
from civic.reports.models import SynthesisReport
from tests.conftest import post_form
from tests.factories import make_agency, make_consultation, make_staff, make_user

MARKER = "zyxcuoikhoan"  # a word found only near the end of the long clause


def long_clause(length: int = 5000) -> str:
    """"1. …" — one line of exactly `length` characters whose last words are unique."""
    words, n = ["1. Cơ quan tiếp nhận hồ sơ có trách nhiệm:"], 0
    ending = f" Quá thời hạn này hồ sơ bị từ chối tiếp nhận, {MARKER} kết thúc khoản."
    while len(" ".join(words)) + len(ending) < length:
        n += 1
        words.append(f"nội dung thứ {n} về thời hạn giải quyết thủ tục hành chính;")
    text = " ".join(words)
    text = text[: length - len(ending)].rstrip() + ending
    while len(text) < length:  # pad inside the text, before the ending
        text = text.replace(ending, " x" + ending, 1) if len(text) + 2 <= length else text.replace(ending, "x" + ending, 1)
    assert len(text) == length
    return text


CLAUSE = long_clause()


def draft_text(clause: str = CLAUSE, first_article: str = "Quy định này quy định việc tiếp nhận hồ sơ.") -> str:
    return (
        "Chương I\nQUY ĐỊNH CHUNG\n"
        f"Điều 1. Phạm vi điều chỉnh\n{first_article}\n"
        "Điều 2. Tiếp nhận hồ sơ\n"
        f"{clause}\n"
        "a) Kiểm tra tính đầy đủ của hồ sơ;\n"
        "2. Khoản hai ngắn.\n"
    )


def clause_section(db, consultation_id: int, number: int | None = None) -> Section:
    consultation = db.session.get(Consultation, consultation_id)
    versions = [v for v in consultation.versions if number is None or v.number == number]
    return next(s for s in versions[-1].sections if s.label == "Khoản 1 Điều 2")


def test_the_parser_keeps_a_5000_character_clause_whole():
    sections = split_sections(draft_text())
    [clause] = [s for s in sections if s.label == "Khoản 1 Điều 2"]
    assert clause.heading == CLAUSE and clause.body == "a) Kiểm tra tính đầy đủ của hồ sơ;"


def test_a_5000_character_clause_is_imported_and_shown_whole(app, db, client, signed_in):
    agency = make_agency()
    staff = make_staff(agency)
    signed_in(staff)
    today = local_today()
    response = post_form(client, "/consultations/new", {
        "agency_id": str(agency.id), "title": "Dự thảo dài", "kind": "regulation", "summary": "Tóm tắt.",
        "opens_on": today.strftime("%d/%m/%Y"), "closes_on": (today + timedelta(days=29)).strftime("%d/%m/%Y"),
        "body": draft_text(),
    })
    assert response.status_code == 303, response.get_data(as_text=True)[:3000]
    consultation = db.session.scalar(select(Consultation))
    section = clause_section(db, consultation.id)
    assert section.heading == CLAUSE  # stored whole (String(500) cut it to its first 500 characters)

    # The review of the split shows it whole, and saving the review keeps it whole.
    review = client.get(f"/consultations/{consultation.id}/sections").get_data(as_text=True)
    assert escape(CLAUSE, quote=False) in review
    version = consultation.versions[0]
    data = {"count": str(len(version.sections))}
    for i, s in enumerate(version.sections):
        data[f"heading-{i}"], data[f"body-{i}"] = s.heading, s.body
    assert post_form(client, f"/consultations/{consultation.id}/sections", data).status_code == 303
    assert clause_section(db, consultation.id).heading == CLAUSE

    assert post_form(client, f"/consultations/{consultation.id}/publish").status_code == 303
    for url in (f"/consultations/{consultation.id}", f"/consultations/{consultation.id}/versions/1"):
        page = client.get(url).get_data(as_text=True)
        assert escape(CLAUSE, quote=False) in page, url


def test_a_long_clause_is_whole_in_the_diff_search_and_report(app, db, client, signed_in):
    consultation = make_consultation(body=draft_text())
    staff = make_staff(consultation.agency)
    signed_in(staff)
    # A revision that changes the first article: the diff shows the clause, unchanged and whole.
    revised = draft_text(first_article="Quy định này quy định việc tiếp nhận và trả kết quả hồ sơ.")
    assert post_form(client, f"/consultations/{consultation.id}/revise", {"body": revised}).status_code == 303
    assert post_form(client, f"/consultations/{consultation.id}/revise", {"changelog": "Sửa Điều 1."}).status_code == 303
    for view in ("", "?view=side"):
        diff = client.get(f"/consultations/{consultation.id}/versions/2/diff{view}").get_data(as_text=True)
        assert escape(CLAUSE, quote=False) in re.sub(r"</?(?:ins|del)>", "", diff), view

    # Search: a word that only occurs near the end of the clause finds it, and the snippet
    # shows that word.
    found = client.get(f"/search?q={MARKER}").get_data(as_text=True)
    assert "Khoản 1 Điều 2" in found, found[:3000]
    assert f"<mark>{MARKER}</mark>" in found
    api = client.get(f"/api/v1/search?q={MARKER}").get_json()
    [hit] = [hit for hit in api["items"] if hit["kind"] == "section"]
    assert hit["title"] == "Khoản 1 Điều 2" and f"<mark>{MARKER}</mark>" in hit["snippet"]

    # The synthesis report, page and CSV, carries the clause commented on in full.
    section = clause_section(db, consultation.id, 2)
    citizen = make_user()
    post_comment(citizen, "consultation", db.session.get(Consultation, consultation.id), "Đề nghị rút ngắn thời hạn.",
                 section_id=section.id)
    db.session.commit()
    closed = db.session.get(Consultation, consultation.id)
    closed.opens_on, closed.closes_on = local_today() - timedelta(days=40), local_today() - timedelta(days=1)
    db.session.commit()
    assert post_form(client, f"/consultations/{consultation.id}/report/publish", {"confirm_noted": "1"}).status_code == 303
    assert db.session.scalar(select(SynthesisReport)).is_published
    report = client.get(f"/consultations/{consultation.id}/report").get_data(as_text=True)
    assert escape(CLAUSE, quote=False) in report
    rows = list(csv.reader(io.StringIO(client.get(f"/consultations/{consultation.id}/report.csv").data.decode("utf-8-sig"))))
    [row] = [r for r in rows[1:] if r[3] == "Đề nghị rút ngắn thời hạn."]
    assert row[1] == "Khoản 1 Điều 2"
    assert CLAUSE in row[-1] and rows[0][-1] == "Nội dung phần được góp ý"


def test_the_demo_drafts_are_stored_whole(app, db, runner):
    """The demo's Khoản 2 Điều 5 (528 characters) ended "…Quá thời hạn này": every demo draft
    now reads back, section by section, every word of its text."""
    result = runner.invoke(args=["seed", "demo"])
    assert result.exit_code == 0, result.output
    versions = [v for c in db.session.scalars(select(Consultation)) for v in c.versions]
    assert versions
    longest = 0
    for version in versions:
        words = " ".join(f"{s.heading} {s.body}" for s in version.sections if s.kind != "preamble").split()
        expected = " ".join(s.heading + " " + s.body for s in split_sections(version.body_text) if s.kind != "preamble").split()
        assert words == expected
        longest = max([longest] + [len(s.heading) for s in version.sections])
    assert longest > 500  # the demo does have a clause longer than the old column


# --- other texts: kept whole, or refused with a message --------------------------------------

def test_mail_subjects_built_from_long_titles_are_stored_whole(app, db):
    subject = "Xác nhận đăng ký dự đối thoại: " + "Đối thoại về cải cách hành chính " * 12
    assert len(subject) > 300
    mail.queue("a@example.com", subject, "Nội dung.", "test")
    db.session.commit()  # String(300) refused it on PostgreSQL (the whole transaction failed)
    assert db.session.scalar(select(mail.OutboxMessage.subject)) == subject


def test_audit_keeps_a_long_extension_reason_whole(app, db, client, signed_in):
    consultation = make_consultation()
    signed_in(make_staff(consultation.agency))
    reason = "Nhiều doanh nghiệp đề nghị thêm thời gian để góp ý. " * 30
    assert len(reason.strip()) < 2000
    new_date = (consultation.closes_on + timedelta(days=10)).strftime("%d/%m/%Y")
    assert post_form(client, f"/consultations/{consultation.id}/extend", {"closes_on": new_date, "reason": reason}).status_code == 303
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "consultation.extend"))
    assert entry.summary == reason.strip()  # it was cut to 200 characters


@pytest.mark.parametrize(
    "url, data, message",
    [
        ("/consultations/{id}/extend", {"closes_on": "+10", "reason": "Lý do. " * 400},
         "Lý do gia hạn dài tối đa 2.000 ký tự (hiện có 2799 ký tự)."),
        ("/consultations/{id}/revise", {"body": "Điều 1. Mới\nNội dung.", "changelog": "Sửa. " * 2001},
         "Nội dung sửa đổi dài tối đa 10.000 ký tự (hiện có 10004 ký tự)."),
    ],
)
def test_over_long_staff_texts_are_refused_not_cut(app, db, client, signed_in, url, data, message):
    consultation = make_consultation()
    signed_in(make_staff(consultation.agency))
    data = dict(data)
    if data.get("closes_on") == "+10":
        data["closes_on"] = (consultation.closes_on + timedelta(days=10)).strftime("%d/%m/%Y")
    before = db.session.get(Consultation, consultation.id).closes_on
    response = post_form(client, url.format(id=consultation.id), data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    consultation = db.session.get(Consultation, consultation.id)
    assert consultation.closes_on == before and len(consultation.versions) == 1


def test_over_long_title_and_summary_are_refused_with_their_length(app, db, client, signed_in):
    agency = make_agency()
    signed_in(make_staff(agency))
    today = local_today()
    response = post_form(client, "/consultations/new", {
        "agency_id": str(agency.id), "title": "Tên " * 80, "kind": "regulation", "summary": "Tóm tắt dài. " * 300,
        "opens_on": today.strftime("%d/%m/%Y"), "closes_on": (today + timedelta(days=29)).strftime("%d/%m/%Y"),
        "body": draft_text(),
    })
    text = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Tên dự thảo dài tối đa 300 ký tự (hiện có 319 ký tự)." in text
    assert "Tóm tắt dài tối đa 3.000 ký tự (hiện có 3899 ký tự)." in text
    assert 'maxlength="300"' not in text  # the browser would cut a pasted title silently
    assert db.session.scalars(select(Consultation)).all() == []


# --- the migration ------------------------------------------------------------------------------

from tests.test_migrations import empty_database  # noqa: E402,F401  (fixture: SQLite and PostgreSQL)


def test_the_migration_keeps_every_word_both_ways(empty_database, tmp_path):
    """Upgrade: long texts fit. Downgrade: the old String(500) heading keeps every word (its end
    opens the body); the system columns are shortened visibly, an audit summary kept whole in
    its record."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    from civic.extensions import db as _db
    from tests.conftest import make_test_app

    app = make_test_app(empty_database, tmp_path)
    with app.app_context():
        upgrade(revision="0010_drafts_full_text")
        conn = _db.session
        conn.execute(text("INSERT INTO agencies (id, name, slug, kind, description, website, address, apology, created_at, updated_at) "
                          "VALUES (1, 'Sở', 'so', 'city', '', '', '', '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
        conn.execute(text("INSERT INTO consultations (id, agency_id, title, kind, summary, opens_on, closes_on, activity, created_at, updated_at) "
                          "VALUES (1, 1, 'Dự thảo', 'regulation', '', '2026-12-01', '2026-12-31', 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
        conn.execute(text("INSERT INTO consultation_versions (id, consultation_id, number, body_text, changelog, created_at) "
                          "VALUES (1, 1, 1, '', '', CURRENT_TIMESTAMP)"))
        conn.execute(text("INSERT INTO sections (id, version_id, position, level, kind, label, heading, body) "
                          "VALUES (1, 1, 0, 4, 'clause', 'Khoản 1 Điều 2', :heading, 'a) Điểm a.')"), {"heading": CLAUSE})
        summary_text = "Lý do gia hạn rất dài. " * 40
        conn.execute(text("INSERT INTO audit_log (id, created_at, actor_label, action, summary) "
                          "VALUES (1, CURRENT_TIMESTAMP, :label, 'consultation.extend', :summary)"),
                     {"label": "a" * 250 + "@example.com (#1)", "summary": summary_text})
        conn.execute(text("INSERT INTO outbox (id, created_at, to_address, subject, body, kind, status, attempts) "
                          "VALUES (1, CURRENT_TIMESTAMP, 'a@example.com', :subject, 'x', 'test', 'pending', 0)"),
                     {"subject": "Đối thoại " * 40})
        conn.commit()
        assert conn.execute(text("SELECT heading FROM sections")).scalar_one() == CLAUSE
        conn.commit()  # end the read, so the next one sees what the downgrade wrote

        downgrade(revision="0009_dialogues_past_sessions")
        heading, body = conn.execute(text("SELECT heading, body FROM sections")).one()
        assert len(heading) <= 500
        assert f"{heading} {body}".split() == f"{CLAUSE} a) Điểm a.".split()  # not a word lost
        label, summary, after = conn.execute(text("SELECT actor_label, summary, after FROM audit_log")).one()
        assert len(label) <= 255 and label.endswith("…")
        assert len(summary) <= 500 and summary.endswith("…")

        assert (json.loads(after) if isinstance(after, str) else after)["summary_full"] == summary_text
        subject = conn.execute(text("SELECT subject FROM outbox")).scalar_one()
        assert len(subject) <= 300 and subject.endswith("…")
        conn.commit()
        _db.session.remove()

        upgrade()
        assert conn.execute(text("SELECT heading FROM sections")).scalar_one() == heading
        conn.commit()
        _db.engine.dispose()
