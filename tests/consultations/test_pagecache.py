"""Anonymous consultation pages come from the page cache, and never stale."""
from sqlalchemy import select

from civic.comments.models import Comment
from civic.core import pagecache
from tests.conftest import count_queries, login, post_form
from tests.factories import make_consultation, make_staff, make_user


def test_cached_page_changes_with_every_visible_change(app, db, client):
    consultation = make_consultation()
    url = f"/consultations/{consultation.id}"
    first = client.get(url).get_data(as_text=True)
    with count_queries() as counter:
        again = client.get(url).get_data(as_text=True)
    assert again == first and counter.count <= 2  # one small query decides the key
    citizen = app.test_client()
    login(citizen, make_user())
    post_form(citizen, f"/consultations/{consultation.id}/comments", {"body": "Ý kiến mới nhất"})
    assert "Ý kiến mới nhất" in client.get(url).get_data(as_text=True)
    post_form(citizen, f"/consultations/{consultation.id}/vote", {"value": "agree"})
    assert "Đồng ý: <strong>1</strong>" in client.get(url).get_data(as_text=True)
    comment = db.session.scalar(select(Comment))
    voter = app.test_client()
    login(voter, make_user())
    post_form(voter, f"/comments/{comment.id}/vote", {"value": "up"})
    assert "▲ 1" in client.get(url).get_data(as_text=True)
    post_form(citizen, f"/comments/{comment.id}/withdraw")
    assert "Ý kiến mới nhất" not in client.get(url).get_data(as_text=True)
    staff = app.test_client()
    login(staff, make_staff(consultation.agency))
    from datetime import timedelta

    post_form(staff, f"/consultations/{consultation.id}/extend", {"closes_on": (consultation.closes_on + timedelta(days=7)).isoformat(), "reason": "Gia hạn thêm một tuần."})
    assert "Gia hạn thêm một tuần." in client.get(url).get_data(as_text=True)


def test_signed_in_pages_and_pages_with_messages_are_not_cached(app, db, client):
    consultation = make_consultation()
    url = f"/consultations/{consultation.id}"
    user = make_user()
    login(client, user)
    client.get(url)
    assert pagecache._entries == {}
    post_form(client, "/logout")  # leaves a flash message for the next page
    page = client.get(url).get_data(as_text=True)
    assert "Bạn đã đăng xuất" in page and pagecache._entries == {}
    assert "Bạn đã đăng xuất" not in client.get(url).get_data(as_text=True)
    assert len(pagecache._entries) == 1


def test_language_and_preferences_are_part_of_the_key(app, client):
    consultation = make_consultation()
    url = f"/consultations/{consultation.id}"
    assert 'lang="vi"' in client.get(url).get_data(as_text=True)
    client.set_cookie("lang", "en")
    assert 'lang="en"' in client.get(url).get_data(as_text=True)
    client.set_cookie("contrast", "high")
    assert "contrast-high" in client.get(url).get_data(as_text=True)
    fragment = client.get(f"{url}?page=1&fragment=comments", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in fragment


def test_drafts_are_never_cached(app, client):
    draft = make_consultation(status="draft")
    assert client.get(f"/consultations/{draft.id}").status_code in (302, 403)
    assert pagecache._entries == {}


def test_an_agency_change_refreshes_its_cached_pages(app, db, client):
    consultation = make_consultation()
    url = f"/consultations/{consultation.id}"
    client.get(url)
    agency = consultation.agency
    agency.name = "Sở Nội vụ (tên mới)"
    db.session.commit()
    assert "Sở Nội vụ (tên mới)" in client.get(url).get_data(as_text=True)


def test_a_renamed_or_deleted_account_shows_at_once_on_cached_pages(app, db, client):
    from tests.factories import PASSWORD

    consultation = make_consultation()
    url = f"/consultations/{consultation.id}"
    person = make_user(display_name="Trần Văn Bình")
    business = make_user("business", display_name="Lê Thị Hoa", organisation_name="Công ty TNHH Sen Vàng")
    for user, body in ((person, "Ý kiến của anh Bình"), (business, "Ý kiến của doanh nghiệp")):
        author = app.test_client()
        login(author, user)
        post_form(author, f"/consultations/{consultation.id}/comments", {"body": body})
    page = client.get(url).get_data(as_text=True)
    assert "Trần Văn Bình" in page and "Công ty TNHH Sen Vàng" in page
    assert client.get(url).get_data(as_text=True) == page          # served from the cache
    author = app.test_client()
    login(author, person)
    assert post_form(author, "/account", {"display_name": "Trần Bình"}).status_code == 303
    page = client.get(url).get_data(as_text=True)
    assert "Trần Bình" in page and "Trần Văn Bình" not in page      # renamed: at once
    company = app.test_client()
    login(company, business)
    assert post_form(company, "/account/delete", {"password": PASSWORD, "confirm": "y"}).status_code == 303
    page = client.get(url).get_data(as_text=True)
    assert "Công ty TNHH Sen Vàng" not in page and "Tài khoản đã xoá" in page   # deleted: at once


def test_answers_and_topic_names_show_at_once_on_cached_pages(app, db, client):
    """No service says "this page changed": an answer to one of its comments, or a topic
    renamed, changes the cached page's key in the same transaction (the change stream)."""
    from civic.answers import services as answer_services
    from civic.comments import services as comment_services

    from civic.topics.models import Topic

    consultation = make_consultation()
    consultation.topics.append(Topic(name="Giao thông đô thị", slug="giao-thong-do-thi"))
    url = f"/consultations/{consultation.id}"
    comment = comment_services.post_comment(make_user(), "consultation", consultation, "Đề nghị làm rõ thời hạn.")
    db.session.commit()
    assert "Đề nghị làm rõ thời hạn." in client.get(url).get_data(as_text=True)
    staff = make_staff(consultation.agency)
    answer_services.give_answer(staff, "comment", comment, {
        "body": "Thời hạn là 15 ngày làm việc kể từ ngày nhận đủ hồ sơ.", "signer_name": "Trần Thị Bình",
        "signer_title": "Trưởng phòng"})
    db.session.commit()
    assert "Thời hạn là 15 ngày làm việc" in client.get(url).get_data(as_text=True)
    topic = consultation.topics[0]
    topic.name = "Lĩnh vực đã đổi tên"
    db.session.commit()
    assert "Lĩnh vực đã đổi tên" in client.get(url).get_data(as_text=True)
