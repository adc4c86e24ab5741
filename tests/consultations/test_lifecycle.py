"""Staff side: create, split, publish (minimum period), revise with a changelog, extend,
attachments; statuses across a frozen clock."""
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from civic.consultations import services
from civic.consultations.models import Consultation, ConsultationVersion
from civic.core import settings
from civic.core.audit import AuditEntry
from civic.core.services import ServiceError
from tests.conftest import post_form, post_multipart
from tests.factories import DRAFT_TEXT, HOSTILE, make_agency, make_consultation, make_staff, make_user


def actions(db):
    return [e.action for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def form(**changes):
    today = date(2026, 12, 1)
    data = {"title": "Dự thảo Quy định về dịch vụ công trực tuyến", "kind": "regulation", "summary": "Tóm tắt ngắn.",
            "opens_on": today.isoformat(), "closes_on": (today + timedelta(days=19)).isoformat(), "body": DRAFT_TEXT.format(hostile="")}
    data.update(changes)
    return data


@pytest.fixture
def staff_client(client, signed_in):
    agency = make_agency(slug="so-noi-vu")
    staff = make_staff(agency)
    signed_in(staff)
    return client, agency, staff


def test_status_follows_the_dates(app, clock):
    clock(datetime(2026, 11, 30, 10, tzinfo=timezone.utc))
    c = make_consultation(status="draft")
    assert c.status == "draft"
    c.opens_on, c.closes_on = date(2026, 12, 1), date(2026, 12, 20)
    services.publish(c)
    assert c.status == "scheduled"
    clock(datetime(2026, 11, 30, 17, 30, tzinfo=timezone.utc))  # 00:30 on 1 Dec in Viet Nam
    assert c.status == "open"
    clock(datetime(2026, 12, 20, 16, 59, tzinfo=timezone.utc))  # 23:59 on the closing day
    assert c.status == "open" and c.days_left == 1
    clock(datetime(2026, 12, 20, 17, 0, tzinfo=timezone.utc))  # midnight: closed
    assert c.status == "closed"
    c.concluded_at = datetime(2026, 12, 25, tzinfo=timezone.utc)
    assert c.status == "concluded"


def test_create_splits_the_body_and_is_audited(staff_client, db, clock):
    clock(datetime(2026, 11, 30, 3, tzinfo=timezone.utc))
    client, agency, staff = staff_client
    response = post_form(client, "/consultations/new", form(agency_id=str(agency.id)))
    assert response.status_code == 303, response.get_data(as_text=True)
    consultation = db.session.scalar(select(Consultation))
    assert consultation.agency_id == agency.id and consultation.published_at is None
    labels = [s.label for s in consultation.versions[0].sections]
    assert labels[:4] == ["Phần mở đầu", "Chương I", "Điều 1", "Điều 2"]
    assert "Khoản 1 Điều 2" in labels and labels[-1] == "Điều 3"
    assert actions(db) == ["consultation.create"]
    page = client.get(response.headers["Location"])
    assert page.status_code == 200 and "Kiểm tra cách chia phần" in page.get_data(as_text=True)


def test_drafts_are_visible_to_their_agency_staff_only(client, signed_in, db):
    consultation = make_consultation(status="draft")
    assert client.get(f"/consultations/{consultation.id}").status_code == 302 or client.get(f"/consultations/{consultation.id}").status_code == 403
    signed_in(make_user())
    assert client.get(f"/consultations/{consultation.id}").status_code == 403
    assert consultation.title not in client.get("/consultations").get_data(as_text=True)


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"title": ""}, "title", "Vui lòng nhập tên dự thảo"),
        ({"kind": "law"}, "kind", "Vui lòng chọn loại dự thảo"),
        ({"summary": " "}, "summary", "Vui lòng nhập tóm tắt"),
        ({"opens_on": "11/30/2026"}, "opens_on", "ngày/tháng/năm"),
        ({"closes_on": "2026-11-01"}, "closes_on", "Ngày kết thúc phải sau ngày bắt đầu"),
        ({"body": ""}, "body", "Vui lòng dán nội dung dự thảo"),
        ({"topics": "999"}, "topics", "Lĩnh vực không tồn tại"),
        ({"agency_id": "999999"}, "agency_id", "cơ quan bạn công tác"),
    ],
)
def test_create_bad_input(staff_client, db, changes, field, message):
    client, agency, staff = staff_client
    data = form(agency_id=str(agency.id))
    data.update(changes)
    response = post_form(client, "/consultations/new", data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalars(select(Consultation)).all() == []


def test_staff_cannot_create_for_an_agency_they_do_not_belong_to(staff_client, db):
    client, agency, staff = staff_client
    other = make_agency()
    response = post_form(client, "/consultations/new", form(agency_id=str(other.id)))
    assert response.status_code == 422
    assert db.session.scalars(select(Consultation)).all() == []


@pytest.mark.parametrize("role", ["anonymous", "citizen", "business", "moderator", "admin"])
def test_only_staff_reach_the_staff_pages(client, signed_in, role):
    from tests.factories import ROLE_FACTORIES

    consultation = make_consultation(status="draft")
    user = ROLE_FACTORIES[role]()
    if user:
        signed_in(user)
    for url in ("/consultations/new", "/consultations/manage", f"/consultations/{consultation.id}/edit",
                f"/consultations/{consultation.id}/publish", f"/consultations/{consultation.id}/sections"):
        assert client.get(url).status_code in (302, 403), url


def test_publishing_enforces_the_minimum_period(staff_client, db, clock):
    clock(datetime(2026, 11, 30, 3, tzinfo=timezone.utc))
    client, agency, staff = staff_client
    post_form(client, "/consultations/new", form(agency_id=str(agency.id), closes_on="2026-12-19"))
    consultation = db.session.scalar(select(Consultation))
    refused = post_form(client, f"/consultations/{consultation.id}/publish")
    assert refused.status_code == 422
    assert "19 ngày, ít hơn mức tối thiểu 20 ngày" in refused.get_data(as_text=True)
    assert db.session.get(Consultation, consultation.id).published_at is None
    settings.set_value("min_open_days.regulation", "15")
    db.session.commit()
    assert post_form(client, f"/consultations/{consultation.id}/publish").status_code == 303
    published = db.session.get(Consultation, consultation.id)
    assert published.published_at is not None and published.announced_closes_on == date(2026, 12, 19)
    assert published.status == "scheduled"
    assert "consultation.publish" in actions(db)
    assert post_form(client, f"/consultations/{consultation.id}/publish").status_code == 403  # not a draft any more


def test_publishing_with_a_past_opening_date_is_refused(app, clock):
    clock(datetime(2026, 11, 30, 3, tzinfo=timezone.utc))
    consultation = make_consultation(status="draft")
    consultation.opens_on = date(2026, 11, 20)
    consultation.closes_on = date(2026, 12, 31)
    with pytest.raises(ServiceError, match="đã qua"):
        services.publish(consultation)


def test_review_and_adjust_the_split(staff_client, db):
    client, agency, staff = staff_client
    consultation = make_consultation(agency, status="draft", creator=staff)
    version = consultation.versions[0]
    count = len(version.sections)
    data = {"count": str(count)}
    for i, s in enumerate(version.sections):
        data[f"heading-{i}"] = s.heading
        data[f"body-{i}"] = s.body
    data["heading-2"] = "Điều 1. Phạm vi áp dụng"
    data["merge-3"] = "1"  # fold the next section into "Điều 1"
    response = post_form(client, f"/consultations/{consultation.id}/sections", data)
    assert response.status_code == 303
    version = db.session.get(ConsultationVersion, version.id)
    assert len(version.sections) == count - 1
    assert version.sections[2].heading == "Điều 1. Phạm vi áp dụng"
    assert [s.position for s in version.sections] == list(range(count - 1))
    stale = post_form(client, f"/consultations/{consultation.id}/sections", {"heading-0": "x", "count": str(count)})
    assert stale.status_code == 422 and "tải lại trang" in stale.get_data(as_text=True)


def test_revision_with_changelog_and_diff(staff_client, db):
    client, agency, staff = staff_client
    consultation = make_consultation(agency, creator=staff)
    new_text = DRAFT_TEXT.format(hostile=HOSTILE).replace("Các sở, ngành", "Các sở, ban, ngành")
    assert post_form(client, f"/consultations/{consultation.id}/revise", {"body": new_text}).status_code == 303
    no_changelog = post_form(client, f"/consultations/{consultation.id}/revise", {"changelog": ""})
    assert no_changelog.status_code == 422 and "nêu nội dung sửa đổi" in no_changelog.get_data(as_text=True)
    assert post_form(client, f"/consultations/{consultation.id}/revise", {"changelog": "Sửa Điều 3: thêm “ban”."}).status_code == 303
    consultation = db.session.get(Consultation, consultation.id)
    assert [v.number for v in consultation.versions if v.is_published] == [1, 2]
    page = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert "Dự thảo lần 2" in page and "So sánh với lần 1" in page
    inline = client.get(f"/consultations/{consultation.id}/versions/2/diff").get_data(as_text=True)
    assert "<ins>ban, </ins>" in inline or "<ins>ban,</ins>" in inline or "<ins>" in inline
    assert "<script>alert" not in inline
    side = client.get(f"/consultations/{consultation.id}/versions/2/diff?view=side")
    assert side.status_code == 200 and "diff-side" in side.get_data(as_text=True)
    assert client.get(f"/consultations/{consultation.id}/versions/1/diff").status_code == 404
    assert client.get(f"/consultations/{consultation.id}/versions/1").status_code == 200
    assert client.get(f"/consultations/{consultation.id}/versions/9").status_code == 404
    assert actions(db)[-2:] == ["consultation.revise", "consultation.publish_version"]


def test_unpublished_revision_is_hidden_from_the_public(client, db, app):
    consultation = make_consultation()
    services.start_revision(consultation.versions[0].consultation.agency and make_staff(consultation.agency), consultation, {"body": "Điều 1. Mới\nNội dung mới."})
    db.session.commit()
    assert client.get(f"/consultations/{consultation.id}/versions/2").status_code == 404
    assert "Nội dung mới" not in client.get(f"/consultations/{consultation.id}").get_data(as_text=True)


def test_extend_but_never_shorten(staff_client, db):
    client, agency, staff = staff_client
    consultation = make_consultation(agency, creator=staff)
    closes = consultation.closes_on
    shorter = post_form(client, f"/consultations/{consultation.id}/extend", {"closes_on": (closes - timedelta(days=1)).isoformat(), "reason": "x"})
    assert shorter.status_code == 422 and "Chỉ có thể gia hạn" in shorter.get_data(as_text=True)
    no_reason = post_form(client, f"/consultations/{consultation.id}/extend", {"closes_on": (closes + timedelta(days=10)).isoformat(), "reason": ""})
    assert no_reason.status_code == 422
    ok = post_form(client, f"/consultations/{consultation.id}/extend", {"closes_on": (closes + timedelta(days=10)).isoformat(), "reason": "Nhiều doanh nghiệp đề nghị thêm thời gian."})
    assert ok.status_code == 303
    consultation = db.session.get(Consultation, consultation.id)
    assert consultation.closes_on == closes + timedelta(days=10) and consultation.was_extended
    page = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert "Đã gia hạn" in page and "Nhiều doanh nghiệp đề nghị thêm thời gian." in page
    assert "consultation.extend" in actions(db)


def test_staff_of_another_agency_cannot_manage(client, signed_in, db):
    consultation = make_consultation()
    signed_in(make_staff(make_agency()))
    assert client.get(f"/consultations/{consultation.id}/extend").status_code == 403
    assert post_form(client, f"/consultations/{consultation.id}/revise", {"body": "Điều 1. X"}).status_code == 403


def test_staff_of_a_parent_agency_can_manage(client, signed_in, db):
    city = make_agency()
    district = make_agency(parent=city)
    consultation = make_consultation(district)
    signed_in(make_staff(city))
    assert client.get(f"/consultations/{consultation.id}/extend").status_code == 200


def _pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_attachments_checked_from_content_and_served_safely(staff_client, db):
    import io

    client, agency, staff = staff_client
    consultation = make_consultation(agency, creator=staff)
    url = f"/consultations/{consultation.id}/attachments"
    disguised = post_multipart(client, url, {"file": (io.BytesIO(b"<html><script>alert(1)</script></html>"), "bao-cao.pdf")})
    assert disguised.status_code == 422 and "Loại tệp không được chấp nhận" in disguised.get_data(as_text=True)
    empty = post_multipart(client, url, {})
    assert empty.status_code == 422
    ok = post_multipart(client, url, {"file": (io.BytesIO(_pdf()), "Tờ trình dự thảo.pdf")})
    assert ok.status_code == 303
    consultation = db.session.get(Consultation, consultation.id)
    [attachment] = consultation.attachments
    assert attachment.filename == "Tờ trình dự thảo.pdf" and attachment.kind == "pdf"
    served = client.get(f"/consultations/{consultation.id}/attachments/{attachment.id}/{attachment.filename}")
    assert served.status_code == 200 and served.data == _pdf()
    assert served.headers["Content-Type"] == "application/pdf"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert served.headers["Content-Disposition"].startswith("inline; filename=")
    assert "sandbox" in served.headers["Content-Security-Policy"]
    assert served.headers["Cache-Control"] == "public, max-age=86400"          # a published draft's: anyone's
    draft = make_consultation(agency, creator=staff, status="draft")
    assert post_multipart(client, f"/consultations/{draft.id}/attachments",
                          {"file": (io.BytesIO(_pdf()), "Dự thảo nội bộ.pdf")}).status_code == 303
    [private] = db.session.get(Consultation, draft.id).attachments
    served = client.get(f"/consultations/{draft.id}/attachments/{private.id}/{private.filename}")
    assert served.status_code == 200 and served.headers["Cache-Control"] == "private, no-store"   # never in a shared cache
    assert client.get(f"/consultations/{consultation.id + 1}/attachments/{attachment.id}/x.pdf").status_code == 404
    assert post_form(client, f"/consultations/{consultation.id}/attachments/{attachment.id}/delete").status_code == 303
    assert actions(db)[-2:] == ["attachment.add", "attachment.remove"]


def test_oversize_attachment_is_refused(staff_client, db, app):
    import io

    client, agency, staff = staff_client
    consultation = make_consultation(agency, creator=staff)
    big = _pdf() + b"0" * (20 * 1024 * 1024)
    response = post_multipart(client, f"/consultations/{consultation.id}/attachments", {"file": (io.BytesIO(big), "lon.pdf")})
    assert response.status_code == 422 and "Tệp quá lớn" in response.get_data(as_text=True)
    app.config["MAX_CONTENT_LENGTH"] = 1024
    too_big = post_multipart(client, f"/consultations/{consultation.id}/attachments", {"file": (io.BytesIO(big), "lon.pdf")})
    assert too_big.status_code == 413
    assert db.session.get(Consultation, consultation.id).attachments == []
