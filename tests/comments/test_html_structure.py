"""The pages of comments, answers and ideas are well-formed where the W3C checker is strict:
no block element (a form, a div, a list…) inside a <p>, every required <select> starts with an
empty option, no id twice. Seen by the staff who answer (their actions under each comment),
the author (the rating form), and on the forms with their errors."""
from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone
from html.parser import HTMLParser

from sqlalchemy import select

from civic.accounts.models import ADMIN
from civic.answers.models import Answer
from civic.comments import services as comments
from tests.comments.test_permalinks import idea_subject
from tests.conftest import login, post_form
from tests.factories import make_consultation, make_staff, make_user

BLOCKS = {"address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset", "figure", "footer", "form",
          "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "main", "nav", "ol", "p", "pre", "section", "table", "ul"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Structure(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.ids: Counter = Counter()
        self.select: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids[attrs["id"]] += 1
        if tag in BLOCKS and "p" in self.stack:
            self.problems.append(f"<{tag}> inside <p> at line {self.getpos()[0]}")
        if tag == "select":
            self.select = {"required": "required" in attrs, "first": None, "line": self.getpos()[0]}
        if tag == "option" and self.select is not None and self.select["first"] is None:
            self.select["first"] = attrs.get("value")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag == "select" and self.select is not None:
            if self.select["required"] and self.select["first"] != "":
                self.problems.append(f"required <select> at line {self.select['line']} without an empty first option")
            self.select = None
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass


def problems_of(html: str) -> list[str]:
    parser = Structure()
    parser.feed(html)
    parser.close()
    return parser.problems + [f'id="{i}" used {n} times' for i, n in parser.ids.items() if n > 1]


def test_comment_answer_and_idea_pages_are_well_formed(app, db, clock):
    clock(datetime(2026, 11, 23, 2, tzinfo=timezone.utc))
    consultation = make_consultation()
    staff = make_staff(consultation.agency)
    author = make_user()
    top = comments.post_comment(author, "consultation", consultation, "Ý kiến gốc")
    reply = comments.post_comment(make_user(), "consultation", consultation, "Trả lời", parent=top)
    other = comments.post_comment(author, "consultation", consultation, "Ý kiến khác")
    comments.post_comment(author, "consultation", consultation, "Ý kiến chưa ai xử lý")
    db.session.commit()
    _type, idea = idea_subject(db)
    comments.post_comment(make_user(), "idea", idea, "Ý kiến về sáng kiến")
    db.session.commit()
    staff_client, author_client, admin = app.test_client(), app.test_client(), app.test_client()
    login(staff_client, staff)
    login(author_client, author)
    login(admin, make_user(role=ADMIN))
    post_form(staff_client, f"/answers/comment/{other.id}/owe")
    post_form(staff_client, f"/answers/comment/{top.id}/new", {"body": "Trả lời chính thức", "signer_name": "A", "signer_title": "B"})
    answer = db.session.scalar(select(Answer))
    pages = {
        "consultation, staff": staff_client.get(f"/consultations/{consultation.id}"),
        "consultation, author": author_client.get(f"/consultations/{consultation.id}"),
        "thread": author_client.get(f"/comments/{top.id}/replies"),
        "reply thread": author_client.get(f"/comments/{reply.id}/replies"),
        "answer form": post_form(staff_client, f"/answers/comment/{other.id}/new", {}),
        "correction form": post_form(staff_client, f"/answers/{answer.id}/correct", {}),
        "answer": author_client.get(f"/answers/{answer.id}"),
        "rating form": post_form(author_client, f"/answers/{answer.id}/rate", {}),
        "owed": staff_client.get("/answers/owed"),
        "comment edit": post_form(author_client, f"/comments/{other.id}/edit", {"body": ""}),
        "comment form page": post_form(author_client, f"/consultations/{consultation.id}/comments", {"body": ""}),
        "idea, author": author_client.get(f"/ideas/{idea.id}"),
        "idea, staff": staff_client.get(f"/ideas/{idea.id}"),
        "idea form": post_form(author_client, "/ideas/new", {}),
        "idea status form": post_form(staff_client, f"/ideas/{idea.id}/status", {}),
        "idea merge form": post_form(staff_client, f"/ideas/{idea.id}/merge", {}),
        "idea agency form": post_form(admin, f"/ideas/{idea.id}/agency", {"agency": ""}),
    }
    found = {name: problems_of(response.get_data(as_text=True)) for name, response in pages.items()}
    assert {name: p for name, p in found.items() if p} == {}
    staff_page = pages["consultation, staff"].get_data(as_text=True)
    assert "staff-actions" in staff_page and "Đánh dấu cần trả lời" in staff_page  # the staff's actions were there
