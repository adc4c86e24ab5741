"""After the session: a question sent beforehand links to its answer in the published minutes
(or says honestly that it was not taken up); questions carry one number; a commitment not yet
begun and one dropped read differently everywhere they are shown; and every htmx action on a
session's page sends back every count it changed (with and without htmx)."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from civic.dialogues import services
from tests.conftest import post_form
from tests.dialogues.conftest import NOW, make_session
from tests.factories import make_agency, make_staff, make_user


@pytest.fixture(autouse=True)
def frozen(clock):
    clock(NOW)
    return clock


def sign_out(client) -> None:
    post_form(client, "/logout")


def _questions_box(html: str) -> str:
    start = html.index('<section id="questions"')
    return html[start:html.index("</section>", start)]


def _question(html: str, question_id: int) -> str:
    box = _questions_box(html)
    start = box.index(f'id="question-{question_id}"')
    return box[start:box.index("</li>", start)]


def test_questions_link_to_their_answer_once_the_minutes_are_published(client, db, topic, frozen):
    agency = make_agency()
    staff = make_staff(agency)
    session = make_session(db, agency, topic, staff)
    taken, skipped = make_user(), make_user()
    for user in (taken, skipped):
        services.register(user, session)
    answered = services.ask(taken, session, "Khi nào cấp sổ đỏ khu tái định cư Tân Tạo?")
    not_taken = services.ask(skipped, session, "Có mở thêm điểm tiếp dân vào thứ Bảy không?")
    services.select_question(staff, answered, session, True)
    services.select_question(staff, not_taken, session, True)
    db.session.commit()
    before = client.get(f"/dialogues/{session.id}").get_data(as_text=True)
    assert "Sẽ được trả lời tại buổi đối thoại" in _question(before, answered.id)
    frozen.advance(timedelta(days=10, hours=4))
    held = client.get(f"/dialogues/{session.id}").get_data(as_text=True)
    assert "Sẽ được trả lời tại buổi đối thoại" not in held  # the session is over: no future tense
    assert "biên bản chưa công bố" in _question(held, answered.id)
    minutes = services.start_minutes(staff, session)
    item = services.add_item(staff, minutes, {
        "question_id": str(answered.id), "question": answered.body, "answered_by_name": "Nguyễn Văn An",
        "answered_by_title": "Phó Chủ tịch UBND quận", "answer": "Quận hoàn thành trong quý II."})
    services.publish_minutes(staff, minutes)
    db.session.commit()
    after = client.get(f"/dialogues/{session.id}").get_data(as_text=True)
    assert "Sẽ được trả lời tại buổi đối thoại" not in after
    linked = _question(after, answered.id)
    assert f'href="/dialogues/{session.id}/minutes#item-{item.id}"' in linked and "Xem câu trả lời trong biên bản" in linked
    honest = _question(after, not_taken.id)
    assert "href=\"/dialogues/" not in honest and "không được đưa ra tại buổi đối thoại" in honest
    # the minutes have the anchor and point back to the question sent beforehand
    record = client.get(f"/dialogues/{session.id}/minutes").get_data(as_text=True)
    assert f'id="item-{item.id}"' in record and f'href="/dialogues/{session.id}#question-{answered.id}"' in record
    # the open data says the same
    questions = {q["id"]: q for q in client.get(f"/api/v1/dialogues/{session.id}").get_json()["questions"]}
    assert questions[answered.id]["answer_url"] == f"http://localhost/dialogues/{session.id}/minutes#item-{item.id}"
    assert questions[not_taken.id]["answer_url"] is None


def test_questions_are_numbered_once(client, db, topic):
    agency = make_agency()
    session = make_session(db, agency, topic)
    for n in range(3):
        user = make_user()
        services.register(user, session)
        services.ask(user, session, f"Câu hỏi thứ {n} về thủ tục đất đai.")
    db.session.commit()
    box = _questions_box(client.get(f"/dialogues/{session.id}").get_data(as_text=True))
    assert "<ol" not in box  # the typed number is the only numbering
    assert len(re.findall(r"Câu hỏi số \d+ ·", box)) == 3


def test_a_dropped_commitment_and_one_not_yet_begun_read_differently(client, db, topic, frozen):
    agency = make_agency()
    staff = make_staff(agency)
    session = make_session(db, agency, topic, staff)
    frozen.advance(timedelta(days=10, hours=4))
    minutes = services.start_minutes(staff, session)
    services.save_minutes(staff, minutes, {"summary": "Kết luận của Chủ tịch UBND quận."})
    waiting = services.add_commitment(staff, minutes, {"description": "Công khai danh sách hồ sơ tồn đọng.",
                                                       "owner": agency.slug, "due_on": "30/06/2026"})
    dropped = services.add_commitment(staff, minutes, {"description": "Mở điểm tiếp dân thứ Bảy tại phường.",
                                                       "owner": agency.slug, "due_on": "30/06/2026"})
    services.publish_minutes(staff, minutes)
    services.track(staff, dropped, "dropped", "Thành phố đã mở dịch vụ công trực tuyến cả ngày thứ Bảy.")
    db.session.commit()
    pages = {
        "minutes": client.get(f"/dialogues/{session.id}/minutes").get_data(as_text=True),
        "session": client.get(f"/dialogues/{session.id}").get_data(as_text=True),
        "waiting": client.get(f"/dialogues/commitments/{waiting.id}").get_data(as_text=True),
        "dropped": client.get(f"/dialogues/commitments/{dropped.id}").get_data(as_text=True),
        "agency": client.get(f"/agencies/{agency.slug}").get_data(as_text=True),
        "accountability": client.get("/accountability").get_data(as_text=True),
    }
    for name, html in pages.items():
        assert "Chưa thực hiện" not in html, name   # it read like "dropped"
        assert re.search(r"Không thực hiện(?! \(đã huỷ cam kết\))(?! được yêu cầu)", html) is None, name
    for name in ("minutes", "session", "agency"):
        assert "Chưa bắt đầu" in pages[name] and "Không thực hiện (đã huỷ cam kết)" in pages[name], name
    assert "Chưa bắt đầu" in pages["waiting"] and "Không thực hiện (đã huỷ cam kết)" in pages["dropped"]
    assert "Không thực hiện (đã huỷ cam kết)" in pages["accountability"]


def test_staff_see_the_same_labels_when_tracking(client, db, topic, signed_in, frozen):
    agency = make_agency()
    staff = make_staff(agency)
    session = make_session(db, agency, topic, staff)
    frozen.advance(timedelta(days=10, hours=4))
    minutes = services.start_minutes(staff, session)
    services.save_minutes(staff, minutes, {"summary": "Kết luận."})
    commitment = services.add_commitment(staff, minutes, {"description": "Công khai danh sách hồ sơ.",
                                                          "owner": agency.slug, "due_on": "30/06/2026"})
    services.publish_minutes(staff, minutes)
    db.session.commit()
    signed_in(staff)
    form = client.get(f"/dialogues/commitments/{commitment.id}").get_data(as_text=True)
    assert "Chưa bắt đầu" in form and "Không thực hiện (đã huỷ cam kết)" in form and "Chưa thực hiện" not in form


# --- htmx: every count an action changes comes back with it ---------------------------------

def _registration_box(html: str) -> str:
    start = html.index('<section id="registration"')
    return html[start:html.index("</section>", start)]


def test_registering_and_cancelling_send_back_the_counts(client, db, topic, signed_in):
    session = make_session(db, make_agency(), topic, capacity="2")
    first, second, third = make_user(), make_user(), make_user()
    signed_in(first)
    html = post_form(client, f"/dialogues/{session.id}/register", {"mode": "in_person"}, htmx=True).get_data(as_text=True)
    box = _registration_box(html)
    assert "đã có 1 người đăng ký" in box and "còn 1 chỗ" in box
    assert 'id="questions"' in html and 'data-hx-swap-oob="true"' in html  # the question box: now allowed to ask
    assert "Câu hỏi của bạn" in _questions_box(html)
    sign_out(client)
    signed_in(second)
    assert post_form(client, f"/dialogues/{session.id}/register", {"mode": "online"}).status_code == 303
    page = _registration_box(client.get(f"/dialogues/{session.id}").get_data(as_text=True))
    assert "đã có 2 người đăng ký" in page and "đã đủ chỗ" in page
    sign_out(client)
    signed_in(third)
    waiting = _registration_box(post_form(client, f"/dialogues/{session.id}/register", {"mode": "online"},
                                          htmx=True).get_data(as_text=True))
    assert "đã có 2 người đăng ký" in waiting and "vị trí 1 trong danh sách chờ" in waiting
    sign_out(client)
    signed_in(first)
    cancelled = post_form(client, f"/dialogues/{session.id}/cancel", htmx=True).get_data(as_text=True)
    box = _registration_box(cancelled)
    assert "Đã huỷ đăng ký." in box and "đã có 2 người đăng ký" in box  # the waiting person moved up
    assert "Câu hỏi của bạn" not in _questions_box(cancelled)  # no longer registered: no question form
    sign_out(client)
    signed_in(third)
    assert "Đã đăng ký" in _registration_box(client.get(f"/dialogues/{session.id}").get_data(as_text=True))


def test_votes_and_questions_send_back_the_counts(client, db, topic, signed_in):
    session = make_session(db, make_agency(), topic)
    asker, voter, other = make_user(), make_user(), make_user()
    services.register(asker, session)
    question = services.ask(asker, session, "Khi nào cấp sổ đỏ khu tái định cư Tân Tạo?")
    services.vote_question(other, question, session)
    db.session.commit()
    signed_in(voter)
    html = post_form(client, f"/dialogues/questions/{question.id}/vote", htmx=True).get_data(as_text=True)
    item = _question(html, question.id)
    assert re.search(r'<span class="count">2</span>', item) and 'aria-pressed="true"' in item
    withdrawn = post_form(client, f"/dialogues/questions/{question.id}/vote/withdraw", htmx=True).get_data(as_text=True)
    assert re.search(r'<span class="count">1</span>', _question(withdrawn, question.id))
    assert post_form(client, f"/dialogues/questions/{question.id}/vote").status_code == 303
    page = client.get(f"/dialogues/{session.id}").get_data(as_text=True)
    assert re.search(r'<span class="count">2</span>', _question(page, question.id))
    sign_out(client)
    signed_in(asker)
    asked = post_form(client, f"/dialogues/{session.id}/questions", {"body": "Có mở thêm điểm tiếp dân không?"},
                      htmx=True).get_data(as_text=True)
    assert "Đã gửi câu hỏi." in asked and "Có mở thêm điểm tiếp dân không?" in _questions_box(asked)
    assert "2 câu hỏi" in _questions_box(asked)
    plain = post_form(client, f"/dialogues/{session.id}/questions", {"body": "Một câu hỏi nữa về sổ đỏ?"})
    assert plain.status_code == 303
    assert "3 câu hỏi" in _questions_box(client.get(f"/dialogues/{session.id}").get_data(as_text=True))


def test_a_question_taken_up_in_the_minutes_is_not_merged_away(app, db, topic, frozen):
    from civic.core.services import ServiceError

    agency = make_agency()
    staff = make_staff(agency)
    session = make_session(db, agency, topic, staff)
    askers = [make_user(), make_user()]
    for user in askers:
        services.register(user, session)
    first = services.ask(askers[0], session, "Khi nào cấp sổ đỏ khu tái định cư Tân Tạo?")
    second = services.ask(askers[1], session, "Bao giờ có sổ đỏ ở khu Tân Tạo?")
    frozen.advance(timedelta(days=10, hours=4))
    minutes = services.start_minutes(staff, session)
    services.add_item(staff, minutes, {"question_id": str(second.id), "question": second.body})
    db.session.commit()
    with pytest.raises(ServiceError) as refused:
        services.merge_question(staff, second, first, session)  # its link to the answer would break
    assert refused.value.field == "target"
    db.session.rollback()
    services.merge_question(staff, first, second, session)      # the other way round is fine
    db.session.commit()
    with pytest.raises(ServiceError) as merged:
        services.add_item(staff, minutes, {"question_id": str(first.id), "question": first.body})
    assert merged.value.field == "question_id"
    db.session.rollback()
