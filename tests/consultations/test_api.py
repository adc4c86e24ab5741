from sqlalchemy import select

from civic.comments.models import Comment
from tests.conftest import count_queries, login, post_form
from tests.factories import make_consultation, make_user


def test_consultation_list_and_detail_json(client, db, app):
    consultation = make_consultation()
    draft = make_consultation(status="draft")
    voter = app.test_client()
    login(voter, make_user())
    post_form(voter, f"/consultations/{consultation.id}/vote", {"value": "agree"})
    post_form(voter, f"/consultations/{consultation.id}/comments", {"body": "Ý kiến công khai"})
    listing = client.get("/api/v1/consultations").get_json()
    assert listing["total"] == 1 and listing["items"][0]["id"] == consultation.id
    assert listing["items"][0]["comments"] == 1 and listing["items"][0]["status"] == "open"
    detail = client.get(f"/api/v1/consultations/{consultation.id}").get_json()
    assert detail["tally"] == {"agree": 1, "disagree": 0}
    assert detail["version"] == 1 and detail["sections"][0]["label"] == "Phần mở đầu"
    assert client.get(f"/api/v1/consultations/{draft.id}").status_code == 404
    missing = client.get("/api/v1/consultations/999999")
    assert missing.status_code == 404 and missing.get_json() == {
        "error": "Không tìm thấy trang", "message": "Trang bạn tìm không tồn tại hoặc đã được chuyển đi.", "status": 404}
    filtered = client.get("/api/v1/consultations?status=closed&page=abc").get_json()
    assert filtered["total"] == 0 and filtered["items"] == []


def test_comments_json_hides_withdrawn_text(client, db, app):
    consultation = make_consultation()
    author = make_user()
    writer = app.test_client()
    login(writer, author)
    post_form(writer, f"/consultations/{consultation.id}/comments", {"body": "Sẽ rút"})
    post_form(writer, f"/consultations/{consultation.id}/comments", {"body": "Còn giữ"})
    withdrawn = db.session.scalar(select(Comment).where(Comment.body == "Sẽ rút"))
    post_form(writer, f"/comments/{withdrawn.id}/withdraw")
    data = client.get(f"/api/v1/consultations/{consultation.id}/comments").get_json()
    bodies = {item["receipt"]: item["body"] for item in data["items"]}
    assert bodies[withdrawn.receipt] is None and "Còn giữ" in bodies.values()
    assert all(author.email not in str(item) for item in data["items"])
    url = f"/api/v1/consultations/{consultation.id}/comments"
    with count_queries() as few:
        client.get(url)
    for n in range(25):
        post_form(writer, f"/consultations/{consultation.id}/comments", {"body": f"Thêm {n}"})
    with count_queries() as many:
        client.get(url)
    assert many.count == few.count <= 12
