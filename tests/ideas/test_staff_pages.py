"""Idea forms and staff pages: submitting (with an attachment, bad input stores nothing), the
author's own list, the review queue (who sees what, a fixed number of queries), publishing and
declining, status changes, merging with a confirmation, an admin assigning an agency, and
comments on an idea with and without htmx."""
from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from civic.accounts.models import ADMIN, MODERATOR
from civic.answers.models import OwedAnswer
from civic.comments.models import Comment
from civic.core.mail import OutboxMessage
from civic.ideas import services
from civic.ideas.models import (
    ACCEPTED, DECLINED, IMPLEMENTED, MERGED, PUBLISHED, SUBMITTED, UNDER_REVIEW, Idea, IdeaAttachment, IdeaEvent,
    IdeaSupport,
)
from tests.conftest import count_queries, post_form, post_multipart
from tests.factories import HOSTILE, make_agency, make_staff, make_user
from tests.ideas.test_pages import make_idea, topic  # noqa: F401  (fixture)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def fields(the_topic, agency=None, **changes):
    values = {
        "title": "Trả kết quả thủ tục hộ tịch qua bưu điện",
        "problem": "Người dân phải quay lại bộ phận một cửa chỉ để nhận giấy khai sinh, mất thêm nửa ngày công.",
        "solution": "Cho chọn nhận kết quả qua bưu điện khi nộp hồ sơ, phí gửi do người dân trả theo giá công ích.",
        "topic": the_topic.slug,
        "agency": agency.slug if agency else "",
    }
    values.update(changes)
    return values


def sign_out(client) -> None:
    assert post_form(client, "/logout").status_code in (302, 303)


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_submission_form_stores_an_idea_with_its_attachment(client, db, topic, signed_in):
    agency = make_agency()
    signed_in(make_user())
    page = client.get("/ideas/new").get_data(as_text=True)
    assert 'name="title"' in page and 'name="attachment"' in page and topic.name in page and agency.slug in page
    response = post_multipart(client, "/ideas/new", {**fields(topic, agency), "attachment": (io.BytesIO(PDF), "đề xuất.pdf")})
    assert response.status_code == 303
    idea = db.session.scalars(select(Idea)).one()
    assert response.headers["Location"].endswith(f"/ideas/{idea.id}")
    assert idea.status == SUBMITTED and idea.agency_id == agency.id and idea.attachment.kind == "pdf"
    # the author sees it (with the notice), others don't, its file too
    html = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "đang chờ kiểm duyệt" in html and idea.attachment.filename in html
    file = client.get(f"/ideas/{idea.id}/attachment/{idea.attachment.filename}")
    assert file.status_code == 200 and file.data == PDF
    assert file.headers["Cache-Control"] == "private, no-store"   # not yet public: no shared cache keeps it
    assert "Trả kết quả thủ tục hộ tịch" in client.get("/ideas/mine").get_data(as_text=True)
    sign_out(client)
    assert client.get(f"/ideas/{idea.id}").status_code == 404
    assert client.get(f"/ideas/{idea.id}/attachment/{idea.attachment.filename}").status_code == 404


@pytest.mark.parametrize("changes, message", [
    ({"title": ""}, "Vui lòng nhập tiêu đề"),
    ({"title": "x" * 201}, "Tiêu đề dài tối đa 200 ký tự."),
    ({"problem": "   "}, "Vấn đề cần ít nhất 20 ký tự."),
    ({"solution": "y" * 5001}, "Giải pháp đề xuất dài tối đa 5000 ký tự."),
    ({"topic": ""}, "Vui lòng chọn lĩnh vực."),
    ({"topic": "khong-co"}, "Vui lòng chọn lĩnh vực."),
    ({"agency": "co-quan-ma"}, "Cơ quan đã chọn không tồn tại."),
])
def test_bad_submissions_are_refused_field_by_field(client, db, topic, signed_in, changes, message):
    signed_in(make_user())
    response = post_multipart(client, "/ideas/new", {**fields(topic), **changes})
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert count(db, Idea) == 0 and count(db, IdeaEvent) == 0


def test_a_bad_attachment_stores_nothing(client, db, topic, signed_in):
    signed_in(make_user())
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    response = post_multipart(client, "/ideas/new", {**fields(topic), "attachment": (io.BytesIO(svg), "hinh.svg")})
    assert response.status_code == 422 and "error-summary" in response.get_data(as_text=True)
    assert count(db, Idea) == 0 and count(db, IdeaAttachment) == 0


def test_who_may_open_the_submission_form(client, db, topic, signed_in):
    anonymous = client.get("/ideas/new")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    signed_in(make_staff(make_agency()))
    refused = client.get("/ideas/new")
    assert refused.status_code == 403 and "Chỉ người dân và doanh nghiệp" in refused.get_data(as_text=True)
    assert post_form(client, "/ideas/new", fields(topic)).status_code == 403 and count(db, Idea) == 0
    no_csrf = client.post("/ideas/new", data=fields(topic))
    assert no_csrf.status_code in (400, 403) and count(db, Idea) == 0


def test_the_review_queue_shows_each_reviewer_their_ideas(client, db, topic, signed_in):
    mine, other = make_agency(), make_agency()
    for_me = make_idea(db, topic, mine, title="Sáng kiến gửi cơ quan của tôi", publish=False)
    for_other = make_idea(db, topic, other, title="Sáng kiến gửi cơ quan khác", publish=False)
    signed_in(make_staff(mine))
    html = client.get("/ideas/review").get_data(as_text=True)
    assert for_me.title in html and for_other.title not in html
    assert "Không có sáng kiến nào đang chờ cơ quan xem xét." in client.get("/ideas/review?tab=manage").get_data(as_text=True)
    for bad in ("tab=drop", "page=abc", "page=-3", "page=99999999999"):
        assert client.get(f"/ideas/review?{bad}").status_code == 200
    sign_out(client)
    signed_in(make_user(role=MODERATOR))
    html = client.get("/ideas/review").get_data(as_text=True)
    assert for_me.title in html and for_other.title in html
    sign_out(client)
    signed_in(make_user())
    assert client.get("/ideas/review").status_code == 403


def test_the_review_queue_runs_a_fixed_number_of_queries(client, db, topic, signed_in):
    agency = make_agency()
    signed_in(make_user(role=MODERATOR))

    def queries(tab):
        client.get(f"/ideas/review?tab={tab}")
        with count_queries() as counter:
            assert client.get(f"/ideas/review?tab={tab}").status_code == 200
        return counter.count

    make_idea(db, topic, agency, publish=False)
    make_idea(db, topic, agency)
    few = queries("submitted"), queries("manage")
    for n in range(25):
        make_idea(db, topic, make_agency(), title=f"Sáng kiến chờ duyệt số {n}", publish=False)
        make_idea(db, topic, agency, title=f"Sáng kiến đã đăng số {n}")
    assert (queries("submitted"), queries("manage")) == few
    assert max(few) <= 8


def test_publish_and_decline_from_the_idea_page(client, db, topic, signed_in):
    agency = make_agency()
    first = make_idea(db, topic, agency, title="Sáng kiến sẽ được đăng", publish=False)
    second = make_idea(db, topic, agency, title="Sáng kiến sẽ không được đăng", publish=False)
    signed_in(make_staff(agency))
    html = client.get(f"/ideas/{first.id}").get_data(as_text=True)
    assert "Đăng công khai" in html and f"/ideas/{first.id}/decline" in html
    response = post_form(client, f"/ideas/{first.id}/publish")
    assert response.status_code == 303 and db.session.get(Idea, first.id).status == PUBLISHED
    again = post_form(client, f"/ideas/{first.id}/publish")  # a second tab
    assert again.status_code == 403 and "đã được xét duyệt" in again.get_data(as_text=True)
    # declining: a reason from the list is required; nothing changes without it
    form = client.get(f"/ideas/{second.id}/decline").get_data(as_text=True)
    assert "Trùng với một sáng kiến đã có" in form and "không hoàn tác" in form
    for bad in ({}, {"reason": "boring"}):
        refused = post_form(client, f"/ideas/{second.id}/decline", bad)
        assert refused.status_code == 422 and "Vui lòng chọn lý do trong danh sách." in refused.get_data(as_text=True)
    assert db.session.get(Idea, second.id).status == SUBMITTED
    mails = count(db, OutboxMessage)
    done = post_form(client, f"/ideas/{second.id}/decline", {"reason": "not_reform", "note": HOSTILE})
    assert done.status_code == 303 and db.session.get(Idea, second.id).status == DECLINED
    assert count(db, OutboxMessage) == mails + 1
    sign_out(client)
    signed_in(db.session.get(type(second.author), second.author_id))
    html = client.get(f"/ideas/{second.id}").get_data(as_text=True)
    assert "Không phải đề xuất cải cách" in html and "<script>alert" not in html
    assert client.get(f"/ideas/{second.id}/decline").status_code == 403


def test_staff_of_another_agency_cannot_act(client, db, topic, signed_in):
    agency = make_agency()
    waiting = make_idea(db, topic, agency, publish=False)
    public = make_idea(db, topic, agency)
    signed_in(make_staff(make_agency()))
    assert client.get(f"/ideas/{waiting.id}").status_code == 404  # not theirs to review, not public
    assert post_form(client, f"/ideas/{waiting.id}/publish").status_code == 404
    html = client.get(f"/ideas/{public.id}").get_data(as_text=True)
    assert "Cập nhật trạng thái" not in html and "Bạn không có thao tác nào" in html
    assert client.get(f"/ideas/{public.id}/status").status_code == 403
    refused = post_form(client, f"/ideas/{public.id}/status", {"new_status": UNDER_REVIEW})
    assert refused.status_code == 403 and db.session.get(Idea, public.id).status == PUBLISHED
    assert post_form(client, f"/ideas/{public.id}/merge", {"target": str(waiting.id)}).status_code == 403
    assert client.get(f"/answers/idea/{public.id}/new").status_code == 403
    assert client.get(f"/ideas/{public.id}/agency").status_code == 403


def test_status_changes_through_the_form(client, db, topic, signed_in, clock):
    agency = make_agency()
    idea = make_idea(db, topic, agency)
    signed_in(make_staff(agency))
    assert post_form(client, f"/ideas/{idea.id}/status", {"new_status": ""}).status_code == 422
    assert post_form(client, f"/ideas/{idea.id}/status", {"new_status": ACCEPTED, "note": "Tiếp thu toàn bộ đề xuất."}).status_code == 422
    assert post_form(client, f"/ideas/{idea.id}/status", {"new_status": UNDER_REVIEW}).status_code == 303
    short = post_form(client, f"/ideas/{idea.id}/status", {"new_status": ACCEPTED, "note": "ok"})
    assert short.status_code == 422 and "ít nhất 10 ký tự" in short.get_data(as_text=True)
    assert post_form(client, f"/ideas/{idea.id}/status", {"new_status": ACCEPTED, "note": "Tiếp thu; triển khai từ quý sau."}).status_code == 303
    page = client.get(f"/ideas/{idea.id}/status").get_data(as_text=True)
    assert "Ngày thực hiện" in page
    for bad_day, message in (("", "Vui lòng nhập ngày thực hiện."), ("31/02/2026", "ngày/tháng/năm"), ("01/01/2099", "tương lai")):
        refused = post_form(client, f"/ideas/{idea.id}/status", {"new_status": IMPLEMENTED, "note": "Đã triển khai tại 12 phường.", "on": bad_day})
        assert refused.status_code == 422 and message in refused.get_data(as_text=True)
    assert db.session.get(Idea, idea.id).status == ACCEPTED
    done = post_form(client, f"/ideas/{idea.id}/status", {"new_status": IMPLEMENTED, "note": "Đã triển khai tại 12 phường.", "on": "2026-01-15"})
    assert done.status_code == 303 and done.headers["Location"].endswith("#history")
    html = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "Đã thực hiện" in html and "Đã triển khai tại 12 phường." in html
    assert client.get(f"/ideas/{idea.id}/status").status_code == 400  # nothing follows "implemented"


def test_merging_asks_for_confirmation_and_refuses_bad_targets(client, db, topic, signed_in):
    agency = make_agency()
    duplicate = make_idea(db, topic, agency, title="Bản trùng: làn xe buýt")
    target = make_idea(db, topic, agency, title="Bản gốc: làn xe buýt")
    supporter = make_user()
    services.support(supporter, duplicate)
    services.support(supporter, target)
    services.support(make_user(), duplicate)
    db.session.commit()
    signed_in(make_staff(agency))
    for raw, message in (("", "Vui lòng nhập số"), ("abc", "chỉ gồm chữ số"), ("999999", "Không có sáng kiến công khai"),
                         (str(duplicate.id), "vào chính nó")):
        refused = post_form(client, f"/ideas/{duplicate.id}/merge", {"target": raw})
        assert refused.status_code == 422 and message in refused.get_data(as_text=True)
    confirm = post_form(client, f"/ideas/{duplicate.id}/merge", {"target": f"#{target.id}"})
    html = confirm.get_data(as_text=True)
    assert confirm.status_code == 200 and 'name="confirm" value="yes"' in html and target.title in html
    assert db.session.get(Idea, duplicate.id).status == PUBLISHED  # nothing until confirmed
    done = post_form(client, f"/ideas/{duplicate.id}/merge", {"target": str(target.id), "confirm": "yes"})
    assert done.status_code == 303 and done.headers["Location"].endswith(f"/ideas/{target.id}")
    assert db.session.get(Idea, duplicate.id).status == MERGED
    assert db.session.get(Idea, target.id).support_count == 2
    assert count(db, IdeaSupport) == 2
    other = make_idea(db, topic, agency, title="Một sáng kiến khác")
    into_merged = post_form(client, f"/ideas/{other.id}/merge", {"target": str(duplicate.id), "confirm": "yes"})
    assert into_merged.status_code == 422 and "chưa bị gộp" in into_merged.get_data(as_text=True)
    assert db.session.get(Idea, other.id).status == PUBLISHED


def test_an_admin_assigns_an_agency_and_the_answer_becomes_owed(client, db, topic, signed_in):
    from civic.core import settings

    agency = make_agency()
    settings.set_value("idea_support_threshold", 1)
    idea = services.submit(make_user(), fields(topic))
    services.publish(make_user(role=MODERATOR), idea)
    services.support(make_user(), idea)
    db.session.commit()
    assert idea.reached_on is not None and count(db, OwedAnswer) == 0
    assert "đang chờ giao cơ quan xử lý" in client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    signed_in(make_user(role=ADMIN))
    assert "Giao cơ quan xử lý" in client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    for bad in ("", "khong-co"):
        assert post_form(client, f"/ideas/{idea.id}/agency", {"agency": bad}).status_code == 422
    assert count(db, OwedAnswer) == 0
    assert post_form(client, f"/ideas/{idea.id}/agency", {"agency": agency.slug}).status_code == 303
    assert db.session.get(Idea, idea.id).agency_id == agency.id and count(db, OwedAnswer) == 1
    assert "hạn trả lời " in client.get(f"/ideas/{idea.id}").get_data(as_text=True)


def test_comments_on_an_idea_with_and_without_htmx(client, db, topic, signed_in):
    agency = make_agency()
    idea = make_idea(db, topic, agency)
    html = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "Thảo luận" in html and "Chưa có ý kiến nào." in html
    signed_in(make_user())
    body = "Nên thí điểm trước ở tuyến Nguyễn Trãi, nơi xe buýt chạy dày nhất."
    plain = post_form(client, f"/ideas/{idea.id}/comments", {"body": body})
    assert plain.status_code == 303 and f"/ideas/{idea.id}" in plain.headers["Location"]
    htmx = post_form(client, f"/ideas/{idea.id}/comments", {"body": f"Ý kiến thứ hai. {HOSTILE}"}, htmx=True)
    fragment = htmx.get_data(as_text=True)
    assert htmx.status_code == 200 and "<html" not in fragment and "Mã tiếp nhận" in fragment and "<script>alert" not in fragment
    html = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert body in html and "2 ý kiến chính" in html
    for bad in ({"body": ""}, {"body": "x" * 5001}):
        assert post_form(client, f"/ideas/{idea.id}/comments", bad).status_code == 422
    assert post_form(client, f"/ideas/{idea.id}/comments", {"body": "Một ý kiến về mục.", "section_id": "3"}).status_code == 400
    assert count(db, Comment) == 2
    # the idea's agency answers a comment; a closed idea takes no more comments
    comment = db.session.scalars(select(Comment).order_by(Comment.id)).first()
    sign_out(client)
    signed_in(make_staff(agency))
    assert f"/answers/comment/{comment.id}/new" in client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    sign_out(client)
    idea = db.session.get(Idea, idea.id)
    idea.status = MERGED
    db.session.commit()
    signed_in(make_user())
    closed = post_form(client, f"/ideas/{idea.id}/comments", {"body": "Ý kiến sau khi đóng lại."})
    assert closed.status_code in (400, 403) and count(db, Comment) == 2
    assert "Sáng kiến này không còn nhận ý kiến." in client.get(f"/ideas/{idea.id}").get_data(as_text=True)


def test_comment_pages_load_more_in_place_and_as_pages(client, db, topic, signed_in):
    from civic.comments import services as comment_services

    idea = make_idea(db, topic, make_agency())
    for n in range(23):
        comment_services.post_comment(make_user(), "idea", idea, f"Ý kiến số {n} về làn xe buýt riêng.")
    db.session.commit()
    html = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "Xem thêm ý kiến" in html and "Ý kiến số 0 " in html and "Ý kiến số 22 " not in html
    more = client.get(f"/ideas/{idea.id}?page=2&fragment=comments", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in more and "Ý kiến số 22 " in more
    full = client.get(f"/ideas/{idea.id}?page=2&fragment=comments").get_data(as_text=True)
    assert "<html" in full and "Ý kiến số 22 " in full


def test_comments_on_ideas_are_found_with_and_without_an_agency(client, db, topic, signed_in):
    from civic.search import service as search_service

    agency = make_agency()
    addressed = make_idea(db, topic, agency)
    unaddressed = services.submit(make_user(), fields(topic, title="Sáng kiến chưa có cơ quan xử lý"))
    services.publish(make_user(role=MODERATOR), unaddressed)
    db.session.commit()
    signed_in(make_user())
    post_form(client, f"/ideas/{addressed.id}/comments", {"body": "Cần thêm biển báo làn ưu tiên ở ngã tư Hàng Xanh."})
    post_form(client, f"/ideas/{unaddressed.id}/comments", {"body": "Đề nghị giao cho Sở Tư pháp vì liên quan hộ tịch lưu động."})
    found = client.get("/search?q=bien+bao+lan+uu+tien&kind=comment").get_data(as_text=True)
    assert "Hàng Xanh" in found and f"agency={agency.slug}" not in found
    assert "Hàng Xanh" in client.get(f"/search?q=bien+bao&kind=comment&agency={agency.slug}").get_data(as_text=True)
    assert "giao cho Sở Tư pháp" in client.get("/search?q=ho+tich+luu+dong").get_data(as_text=True)
    search_service.close_backends()


def test_the_answer_form_for_an_idea_quotes_the_idea(client, db, topic, signed_in):
    agency = make_agency()
    idea = make_idea(db, topic, agency)
    signed_in(make_staff(agency))
    assert "Trả lời chính thức" in client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    form = client.get(f"/answers/idea/{idea.id}/new").get_data(as_text=True)
    assert idea.title in form and "Sơn làn ưu tiên cho xe buýt" in form and "Quay lại sáng kiến" in form
    assert "trên trang sáng kiến" in form and "<script>alert" not in form
    done = post_form(client, f"/answers/idea/{idea.id}/new", {
        "body": "Sở Giao thông vận tải tiếp thu và thí điểm làn ưu tiên trên hai tuyến từ tháng Sáu.",
        "signer_name": "Nguyễn Văn An", "signer_title": "Phó Giám đốc"})
    assert done.status_code == 303 and done.headers["Location"].endswith(f"/ideas/{idea.id}")
    html = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "thí điểm làn ưu tiên" in html and f"/answers/idea/{idea.id}/new" not in html


def test_the_authors_list_runs_a_fixed_number_of_queries(client, db, topic, signed_in):
    from civic.accounts.models import User

    agency = make_agency()
    first = make_idea(db, topic, agency, publish=False)
    author = db.session.get(User, first.author_id)
    signed_in(author)

    def queries():
        client.get("/ideas/mine")
        with count_queries() as counter:
            html = client.get("/ideas/mine").get_data(as_text=True)
        return counter.count, html

    few, html = queries()
    assert first.title in html and "Chờ duyệt" in html
    for n in range(25):
        services.submit(author, fields(topic, agency, title=f"Sáng kiến thứ {n} của cùng một người"))
    db.session.commit()
    many, html = queries()
    assert many == few <= 8 and "Trang 1 / 2" in html
    assert "Sáng kiến thứ 24" in html and first.title not in html  # newest first
    assert first.title in client.get("/ideas/mine?page=2").get_data(as_text=True)


def test_the_authors_list_is_empty_at_first(client, db, signed_in):
    signed_in(make_user())
    html = client.get("/ideas/mine").get_data(as_text=True)
    assert "Bạn chưa gửi sáng kiến nào." in html and "/ideas/new" in html
    assert client.get("/ideas/mine?page=abc").status_code == 200
