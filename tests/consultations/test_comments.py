"""Comments on consultations: posting, sections, replies to three levels, edits within 15
minutes, withdrawal, receipts, htmx and plain variants, closed consultations."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from civic.comments.models import Comment
from tests.conftest import post_form
from tests.factories import HOSTILE, make_consultation, make_staff, make_user


def comments(db):
    return db.session.scalar(select(func.count(Comment.id)))


@pytest.fixture
def open_consultation(app):
    return make_consultation()


@pytest.fixture
def citizen(client, signed_in):
    user = make_user()
    signed_in(user)
    return user


def post(client, consultation, htmx=False, **data):
    return post_form(client, f"/consultations/{consultation.id}/comments", data, htmx=htmx)


def test_post_a_comment_and_get_a_receipt(client, db, open_consultation, citizen):
    response = post(client, open_consultation, body=f"Tôi đề nghị bổ sung quy định. {HOSTILE}")
    assert response.status_code == 303
    comment = db.session.scalar(select(Comment))
    assert re.fullmatch(r"GY-\d{4}-\d{6}", comment.receipt)
    assert comment.author_id == citizen.id and comment.depth == 0 and comment.section_id is None
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert comment.receipt in page and "Đã tiếp nhận ý kiến của bạn" in page
    assert "<script>alert" not in page
    receipt = client.get(f"/receipts/{comment.receipt}")
    assert receipt.status_code == 200 and "Đã tiếp nhận" in receipt.get_data(as_text=True)


def test_receipts_are_unique_sequential_and_public_without_private_data(client, db, open_consultation, citizen, app):
    for n in range(3):
        post(client, open_consultation, body=f"Ý kiến số {n}")
    numbers = db.session.scalars(select(Comment.receipt).order_by(Comment.id)).all()
    serials = [int(n.rsplit("-", 1)[1]) for n in numbers]
    assert serials == [serials[0], serials[0] + 1, serials[0] + 2]
    anonymous = app.test_client()
    page = anonymous.get(f"/receipts/{numbers[0].lower()}").get_data(as_text=True)
    assert numbers[0] in page and citizen.email not in page and "Ý kiến số 0" not in page
    assert anonymous.get("/receipts/GY-1999-000001").status_code == 404
    assert anonymous.get("/receipts/" + "x" * 500).status_code == 404


def test_comment_on_a_section(client, db, open_consultation, citizen):
    section = open_consultation.versions[0].sections[2]
    assert post(client, open_consultation, body="Góp ý điều 1.", section_id=str(section.id)).status_code == 303
    assert db.session.scalar(select(Comment.section_id)) == section.id
    page = client.get(f"/consultations/{open_consultation.id}?section={section.id}").get_data(as_text=True)
    assert "Góp ý điều 1." in page and "Đang xem ý kiến về" in page


def test_section_of_another_consultation_is_refused(client, db, open_consultation, citizen):
    other = make_consultation(open_consultation.agency)
    foreign = other.versions[0].sections[1]
    response = post(client, open_consultation, body="Sai phần.", section_id=str(foreign.id))
    assert response.status_code == 422
    assert "không thuộc dự thảo này" in response.get_data(as_text=True)
    assert post(client, open_consultation, body="x", section_id="abc").status_code == 400
    assert post(client, open_consultation, body="x", section_id="99999999").status_code == 422
    assert comments(db) == 0


@pytest.mark.parametrize("body, message", [("", "Vui lòng nhập nội dung ý kiến"), ("   \n\x00 ", "Vui lòng nhập nội dung ý kiến"), ("ạ" * 5001, "tối đa 5.000 ký tự")])
def test_bad_comment_bodies(client, db, open_consultation, citizen, body, message):
    response = post(client, open_consultation, body=body)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert comments(db) == 0


def test_5000_characters_is_fine_and_text_is_nfc(client, db, open_consultation, citizen):
    import unicodedata

    body = unicodedata.normalize("NFD", "Đề nghị ") + "a" * 4992
    assert len(unicodedata.normalize("NFC", body)) == 5000
    assert post(client, open_consultation, body=body).status_code == 303
    stored = db.session.scalar(select(Comment.body))
    assert stored == unicodedata.normalize("NFC", body)


def test_replies_nest_three_levels_and_no_deeper(client, db, open_consultation, citizen):
    post(client, open_consultation, body="Cấp 1")
    top = db.session.scalar(select(Comment))
    post(client, open_consultation, body="Cấp 2", parent_id=str(top.id))
    second = db.session.scalar(select(Comment).where(Comment.parent_id == top.id))
    response = post(client, open_consultation, body="Cấp 3", parent_id=str(second.id))
    assert response.status_code == 303
    third = db.session.scalar(select(Comment).where(Comment.parent_id == second.id))
    assert (second.depth, third.depth) == (1, 2)
    deeper = post(client, open_consultation, body="Cấp 4", parent_id=str(third.id))
    assert deeper.status_code == 400
    assert "tối đa 3 cấp" in deeper.get_data(as_text=True)
    assert comments(db) == 3
    thread = client.get(f"/comments/{top.id}/replies")
    assert thread.status_code == 200 and "Cấp 2" in thread.get_data(as_text=True)


def test_reply_to_a_comment_of_another_consultation_is_refused(client, db, open_consultation, citizen):
    other = make_consultation(open_consultation.agency)
    post(client, other, body="Ở dự thảo khác")
    foreign = db.session.scalar(select(Comment))
    response = post(client, open_consultation, body="Trả lời lạc chỗ", parent_id=str(foreign.id))
    assert response.status_code == 400
    assert post(client, open_consultation, body="x", parent_id="999999").status_code == 400
    assert post(client, open_consultation, body="x", parent_id="1 OR 1=1").status_code == 400
    assert comments(db) == 1


@pytest.mark.parametrize("status, message", [("closed", "Đã hết thời gian lấy ý kiến"), ("scheduled", "chưa đến thời gian"), ("concluded", "Đã hết thời gian")])
def test_no_comments_outside_the_open_period(client, db, citizen, status, message):
    consultation = make_consultation(status=status)
    response = post(client, consultation, body="Muộn rồi")
    assert response.status_code == 403
    assert message in response.get_data(as_text=True)
    assert comments(db) == 0
    page = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert message in page and 'name="body"' not in page


@pytest.mark.parametrize("role, message", [("staff", "Chỉ người dân và doanh nghiệp"), ("moderator", "Chỉ người dân và doanh nghiệp"), ("admin", "Chỉ người dân và doanh nghiệp")])
def test_only_citizens_and_businesses_comment(client, db, signed_in, open_consultation, role, message):
    from tests.factories import ROLE_FACTORIES

    signed_in(ROLE_FACTORIES[role]())
    response = post(client, open_consultation, body="Ý kiến")
    assert response.status_code == 403 and message in response.get_data(as_text=True)
    assert comments(db) == 0


def test_unconfirmed_accounts_confirm_first(client, db, signed_in, open_consultation):
    signed_in(make_user(confirmed=False))
    response = post(client, open_consultation, body="Ý kiến")
    assert response.status_code == 403 and "xác nhận địa chỉ email" in response.get_data(as_text=True)


def test_anonymous_posting_goes_to_login(client, db, open_consultation):
    response = post(client, open_consultation, body="Ý kiến")
    assert response.status_code == 303 and "/login?next=" in response.headers["Location"]
    htmx = post(client, open_consultation, htmx=True, body="Ý kiến")
    assert htmx.status_code == 401 and htmx.headers["HX-Redirect"].startswith("/login?next=")
    assert comments(db) == 0


def test_business_comments_show_the_organisation(client, db, signed_in, open_consultation):
    business = make_user("business", organisation_name="Công ty TNHH Bình Minh")
    signed_in(business)
    post(client, open_consultation, body="Doanh nghiệp góp ý.")
    page = client.get(f"/consultations/{open_consultation.id}").get_data(as_text=True)
    assert "Công ty TNHH Bình Minh" in page and 'class="badge">Doanh nghiệp' in page


def test_htmx_post_returns_a_fresh_form_and_the_comment_out_of_band(client, db, open_consultation, citizen):
    response = post(client, open_consultation, htmx=True, body="Qua htmx")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "<html" not in body
    assert 'data-hx-swap-oob="afterbegin:#comment-list"' in body and "Qua htmx" in body
    assert "Mã tiếp nhận" in body and 'id="comment-form"' in body
    assert "HX-Request" in response.headers["Vary"]
    top = db.session.scalar(select(Comment))
    reply = post(client, open_consultation, htmx=True, body="Trả lời qua htmx", parent_id=str(top.id))
    assert f'id="replies-{top.id}" data-hx-swap-oob="true"' in reply.get_data(as_text=True)
    bad = post(client, open_consultation, htmx=True, body="")
    assert bad.status_code == 422 and bad.get_data(as_text=True).lstrip().startswith('<div id="comment-form" class="comment-form-box">\n<form')


def test_show_replies_and_more_comments_as_fragments_and_pages(client, db, open_consultation, citizen):
    for n in range(23):
        post(client, open_consultation, body=f"Ý kiến thứ {n:02d}")
    top = db.session.scalar(select(Comment).order_by(Comment.id))
    post(client, open_consultation, body="Một trả lời", parent_id=str(top.id))
    page1 = client.get(f"/consultations/{open_consultation.id}").get_data(as_text=True)
    assert "Ý kiến thứ 00" in page1 and "Ý kiến thứ 19" in page1 and "Ý kiến thứ 20" not in page1
    assert "Xem thêm ý kiến" in page1 and "Xem 1 trả lời" in page1 and "Một trả lời" not in page1
    more = client.get(f"/consultations/{open_consultation.id}?page=2&fragment=comments", headers={"HX-Request": "true"})
    fragment = more.get_data(as_text=True)
    assert "<html" not in fragment and "Ý kiến thứ 22" in fragment and "Ý kiến thứ 00" not in fragment
    plain = client.get(f"/consultations/{open_consultation.id}?page=2")
    assert "<html" in plain.get_data(as_text=True) and "Ý kiến thứ 22" in plain.get_data(as_text=True)
    replies = client.get(f"/comments/{top.id}/replies", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "Một trả lời" in replies and "<html" not in replies
    full = client.get(f"/comments/{top.id}/replies").get_data(as_text=True)
    assert "<html" in full and "Một trả lời" in full and "Trả lời ý kiến này" in full
    newest = client.get(f"/consultations/{open_consultation.id}?sort=newest").get_data(as_text=True)
    assert newest.index("Ý kiến thứ 22") < newest.index("Ý kiến thứ 10")
    assert client.get(f"/consultations/{open_consultation.id}?sort=bogus&page=abc").status_code == 200
    assert client.get(f"/consultations/{open_consultation.id}?page=999").status_code == 200


def test_edit_within_fifteen_minutes_only(client, db, open_consultation, citizen, clock):
    from civic.core.timeutil import utcnow

    clock(utcnow())
    post(client, open_consultation, body="Bản đầu")
    comment = db.session.scalar(select(Comment))
    assert client.get(f"/comments/{comment.id}/edit").status_code == 200
    response = post_form(client, f"/comments/{comment.id}/edit", {"body": "Bản sửa"})
    assert response.status_code == 303
    assert db.session.get(Comment, comment.id).body == "Bản sửa"
    assert db.session.get(Comment, comment.id).edited_at is not None
    htmx = post_form(client, f"/comments/{comment.id}/edit", {"body": "Bản sửa qua htmx"}, htmx=True)
    assert htmx.status_code == 200 and "Bản sửa qua htmx" in htmx.get_data(as_text=True) and "<html" not in htmx.get_data(as_text=True)
    empty = post_form(client, f"/comments/{comment.id}/edit", {"body": ""})
    assert empty.status_code == 422
    clock.advance(timedelta(minutes=16))
    late = post_form(client, f"/comments/{comment.id}/edit", {"body": "Quá muộn"})
    assert late.status_code == 403
    assert db.session.get(Comment, comment.id).body == "Bản sửa qua htmx"


def test_others_cannot_edit_or_withdraw(client, db, signed_in, open_consultation, citizen, app):
    post(client, open_consultation, body="Của tôi")
    comment = db.session.scalar(select(Comment))
    other = app.test_client()
    from tests.conftest import login

    login(other, make_user())
    assert post_form(other, f"/comments/{comment.id}/edit", {"body": "Giả mạo"}).status_code == 403
    assert post_form(other, f"/comments/{comment.id}/withdraw").status_code == 403
    assert db.session.get(Comment, comment.id).body == "Của tôi"


def test_withdraw_keeps_the_receipt_and_replies(client, db, open_consultation, citizen):
    post(client, open_consultation, body="Sẽ rút lại")
    comment = db.session.scalar(select(Comment))
    assert client.get(f"/comments/{comment.id}/withdraw").status_code == 200
    assert post_form(client, f"/comments/{comment.id}/withdraw").status_code == 303
    stored = db.session.get(Comment, comment.id)
    assert stored.status == "withdrawn" and stored.withdrawn_at is not None
    page = client.get(f"/consultations/{open_consultation.id}").get_data(as_text=True)
    assert "Sẽ rút lại" not in page and "đã được tác giả rút lại" in page
    assert "Tác giả đã rút lại" in client.get(f"/receipts/{comment.receipt}").get_data(as_text=True)
    again = post_form(client, f"/comments/{comment.id}/withdraw")      # repeat-safe: the same answer
    assert again.status_code == 303 and db.session.get(Comment, comment.id).withdrawn_at == stored.withdrawn_at
    assert post(client, open_consultation, body="Trả lời", parent_id=str(comment.id)).status_code == 400


def test_comments_of_drafts_are_not_reachable(client, db):
    draft = make_consultation(status="draft")
    comment = Comment(subject_type="consultation", subject_id=draft.id, author_id=make_user().id, body="x", receipt="GY-2026-999999")
    db.session.add(comment)
    db.session.commit()
    assert client.get(f"/comments/{comment.id}").status_code == 404
    assert client.get(f"/comments/{comment.id}/replies").status_code == 404
    page = client.get("/receipts/GY-2026-999999").get_data(as_text=True)
    assert draft.title not in page


def test_staff_see_comment_counts_in_their_list(client, db, signed_in, open_consultation):
    staff = make_staff(open_consultation.agency)
    signed_in(staff)
    page = client.get("/consultations/manage")
    assert page.status_code == 200 and "Dự thảo" in page.get_data(as_text=True)
