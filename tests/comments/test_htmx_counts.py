"""Counts stay true after htmx actions: posting a comment or a reply, voting on a comment,
supporting an idea update, out of band, every count the page shows that moved (the list's
"N ý kiến chính", the header's "N ý kiến", the section's count, "Xem N trả lời", the idea's
answer and history), the inline reply form closes; every out-of-band element has its target on
the page the request came from (htmx reports a missing one as an error). Without htmx, the 303
leads to a page with the same numbers."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from civic.comments import services as comments
from civic.comments.models import Comment
from civic.consultations import services as consultations
from tests.comments.test_permalinks import idea_subject
from tests.conftest import post_form
from tests.factories import make_consultation, make_user

OOB = re.compile(r'<(\w+)([^>]*)data-hx-swap-oob="([^"]*)"')


def oob_targets(fragment: str) -> list[str]:
    """The ids the fragment's out-of-band elements swap into."""
    targets = []
    for _tag, attributes, how in OOB.findall(fragment):
        if ":" in how:
            targets.append(how.split(":", 1)[1].lstrip("#"))
        else:
            targets.append(re.search(r'id="([^"]+)"', attributes).group(1))
    return targets


def assert_targets_on(fragment: str, page: str) -> None:
    for target in oob_targets(fragment):
        assert f'id="{target}"' in page, f"#{target} is not on the page"


class _Element(HTMLParser):
    """The inner HTML of the out-of-band element with this id (its nested elements included)."""

    VOID = {"input", "br", "img", "hr", "meta", "link"}

    def __init__(self, element_id: str):
        super().__init__(convert_charrefs=False)
        self.element_id, self.depth, self.start, self.inner = element_id, 0, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.start is None and attrs.get("id") == self.element_id and "data-hx-swap-oob" in attrs:
            self.start = self._offset() + len(self.get_starttag_text())
            self.depth = 1
        elif self.start is not None and self.inner is None and tag not in self.VOID:
            self.depth += 1

    def handle_endtag(self, tag):
        if self.start is not None and self.inner is None and tag not in self.VOID:
            self.depth -= 1
            if self.depth == 0:
                self.inner = self.rawdata[self.start:self._offset()]

    def _offset(self) -> int:
        line, column = self.getpos()
        return sum(len(row) for row in self.rawdata.splitlines(keepends=True)[:line - 1]) + column


def oob_element(fragment: str, element_id: str) -> str:
    parser = _Element(element_id)
    parser.feed(fragment)
    parser.close()
    assert parser.inner is not None, f"no out-of-band #{element_id}"
    return parser.inner.strip()


@pytest.fixture
def draft(app, db):
    consultation = make_consultation()
    version = consultations.current_version(consultation)
    article = next(s for s in version.sections if s.label == "Điều 2")
    return consultation, article


def test_posting_a_comment_updates_every_count_on_the_consultation_page(draft, db, client, signed_in):
    consultation, article = draft
    signed_in(make_user())
    url = f"/consultations/{consultation.id}?section={article.id}"
    page = client.get(url).get_data(as_text=True)
    assert "0 ý kiến chính" in page and 'id="comments-empty"' in page
    response = post_form(client, f"/consultations/{consultation.id}/comments",
                         {"body": "Góp ý thứ nhất về Điều 2.", "section_id": str(article.id)},
                         htmx=True, headers={"HX-Current-URL": f"http://localhost{url}"})
    assert response.status_code == 200
    fragment = response.get_data(as_text=True)
    assert oob_element(fragment, "comment-total") == "1 ý kiến chính"
    assert oob_element(fragment, "comment-count") == "1 ý kiến"
    assert "1 ý kiến" in oob_element(fragment, f"section-tools-{article.id}")
    assert '<p id="comments-empty" data-hx-swap-oob="delete">' in fragment
    assert '<div id="comment-form" class="comment-form-box">' in fragment and "Mã tiếp nhận" in fragment  # a fresh form
    assert_targets_on(fragment, page)

    # Without htmx: 303, and the page it leads to shows the same numbers, one more.
    plain = post_form(client, f"/consultations/{consultation.id}/comments",
                      {"body": "Góp ý thứ hai về Điều 2.", "section_id": str(article.id)})
    assert plain.status_code == 303
    page = client.get(plain.headers["Location"].split("#")[0]).get_data(as_text=True)
    assert "2 ý kiến chính" in page and '<span id="comment-count">2 ý kiến</span>' in page
    assert re.search(rf'id="section-tools-{article.id}">\s*<a[^>]*>2 ý kiến<', page)
    # The second htmx comment, sent from the unfiltered page, counts the whole list.
    page = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    third = post_form(client, f"/consultations/{consultation.id}/comments", {"body": "Góp ý chung."}, htmx=True,
                      headers={"HX-Current-URL": f"http://localhost/consultations/{consultation.id}"}).get_data(as_text=True)
    assert oob_element(third, "comment-total") == "3 ý kiến chính" and oob_element(third, "comment-count") == "3 ý kiến"
    assert "comments-empty" not in third and "section-tools" not in third  # no section: no section count
    assert_targets_on(third, page)


def test_a_reply_updates_the_reply_count_and_closes_its_form(draft, db, client, signed_in):
    consultation, article = draft
    author = make_user()
    top = comments.post_comment(author, "consultation", consultation, "Ý kiến có hai trả lời.", section_id=article.id)
    for n in (1, 2):
        comments.post_comment(make_user(), "consultation", consultation, f"Trả lời số {n}.", parent=top)
    db.session.commit()
    signed_in(make_user())
    url = f"/consultations/{consultation.id}"
    page = client.get(url).get_data(as_text=True)
    assert "Xem 2 trả lời" in page and '<span id="comment-count">3 ý kiến</span>' in page
    form = client.get(f"/comments/{top.id}/reply", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert f'<div id="reply-form-{top.id}" class="comment-form-box">' in form
    response = post_form(client, f"/consultations/{consultation.id}/comments",
                         {"body": "Trả lời số 3.", "parent_id": str(top.id)},
                         htmx=True, headers={"HX-Current-URL": f"http://localhost{url}"})
    fragment = response.get_data(as_text=True)
    replies = oob_element(fragment, f"replies-{top.id}")
    assert all(f"Trả lời số {n}." in replies for n in (1, 2, 3)) and "Xem 2 trả lời" not in replies
    assert oob_element(fragment, "comment-count") == "4 ý kiến"
    assert "1 ý kiến" not in fragment and "4 ý kiến" in oob_element(fragment, f"section-tools-{article.id}")
    # The form closed: in its place, the receipt number, announced and focused.
    assert f'<div id="reply-form-{top.id}" class="comment-form-box">' not in fragment
    assert re.search(rf'<p id="reply-form-{top.id}" class="flash flash-success" role="status"[^>]*>Đã tiếp nhận', fragment)
    assert "comment-total" not in fragment  # a reply is not a top-level comment
    assert_targets_on(fragment, page)

    # Without htmx: the page counts three replies.
    plain = post_form(client, f"/consultations/{consultation.id}/comments", {"body": "Trả lời số 4.", "parent_id": str(top.id)})
    assert plain.status_code == 303
    page = client.get(url).get_data(as_text=True)
    assert "Xem 4 trả lời" in page and '<span id="comment-count">5 ý kiến</span>' in page


def test_a_reply_from_the_thread_page_keeps_its_form_and_touches_only_that_page(draft, db, client, signed_in):
    consultation, _article = draft
    top = comments.post_comment(make_user(), "consultation", consultation, "Ý kiến gốc.")
    db.session.commit()
    signed_in(make_user())
    thread = f"/comments/{top.id}/replies"
    page = client.get(thread).get_data(as_text=True)
    assert page.count(f'id="reply-form-{top.id}"') == 1  # no second form from the comment's own link
    response = post_form(client, f"/consultations/{consultation.id}/comments", {"body": "Trả lời trên trang chuỗi.",
                         "parent_id": str(top.id)}, htmx=True, headers={"HX-Current-URL": f"http://localhost{thread}"})
    fragment = response.get_data(as_text=True)
    assert f'<div id="reply-form-{top.id}" class="comment-form-box">' in fragment and "Mã tiếp nhận" in fragment  # fresh, for the next reply
    assert "Trả lời trên trang chuỗi." in oob_element(fragment, f"replies-{top.id}")
    assert "comment-count" not in fragment  # the thread page has no header count
    assert_targets_on(fragment, page)


def test_comment_votes_show_the_new_tally(draft, db, client, signed_in):
    consultation, _article = draft
    comment = comments.post_comment(make_user(), "consultation", consultation, "Ý kiến được tán thành.")
    db.session.commit()
    signed_in(make_user())
    fragment = post_form(client, f"/comments/{comment.id}/vote", {"value": "up"}, htmx=True).get_data(as_text=True)
    assert f'id="comment-votes-{comment.id}"' in fragment
    assert re.search(r'value="up"[^>]*aria-pressed="true"><span aria-hidden="true">▲</span> Tán thành <span class="count">1</span>', fragment)
    assert post_form(client, f"/comments/{comment.id}/vote", {"value": "down"}).status_code == 303
    page = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert re.search(r'Không tán thành <span class="count">1</span>', page)
    assert re.search(r'▲</span> Tán thành <span class="count">0</span>', page)


def test_idea_comments_and_supports_update_their_counts(app, db, client, signed_in):
    from civic.core import settings
    from civic.ideas import services as ideas

    _type, idea = idea_subject(db)
    settings.set_value("idea_support_threshold", 1)
    idea.threshold = 2
    db.session.commit()
    signed_in(make_user())
    url = f"/ideas/{idea.id}"
    page = client.get(url).get_data(as_text=True)
    fragment = post_form(client, f"/ideas/{idea.id}/comments", {"body": "Ý kiến về sáng kiến."}, htmx=True,
                         headers={"HX-Current-URL": f"http://localhost{url}"}).get_data(as_text=True)
    assert oob_element(fragment, "comment-total") == "1 ý kiến chính"
    assert '<p id="comments-empty" data-hx-swap-oob="delete">' in fragment
    assert_targets_on(fragment, page)

    ideas.support(make_user(), idea)
    db.session.commit()
    page = client.get(url).get_data(as_text=True)
    assert "1 lượt ủng hộ / 2" in page and "Cơ quan trả lời chính thức khi sáng kiến đạt ngưỡng ủng hộ." in page
    # This support reaches the threshold: the box counts it, the answer becomes owed, the history says so.
    response = post_form(client, f"/ideas/{idea.id}/support", htmx=True, headers={"HX-Current-URL": f"http://localhost{url}"})
    assert response.status_code == 200
    fragment = response.get_data(as_text=True)
    assert fragment.lstrip().startswith('<section id="support"') and "2 lượt ủng hộ / 2" in fragment
    assert 'value="2"' in fragment  # the progress bar
    answer = oob_element(fragment, "answer")
    assert "Cần trả lời" in answer and "hạn trả lời" in answer
    assert "Đạt ngưỡng 2 lượt ủng hộ." in oob_element(fragment, "history")
    assert_targets_on(fragment, page)
    # Without htmx, the page shows the same.
    assert post_form(client, f"/ideas/{idea.id}/support/withdraw").status_code == 303
    page = client.get(url).get_data(as_text=True)
    assert "1 lượt ủng hộ / 2" in page and "Đạt ngưỡng 2 lượt ủng hộ." in page and "Cần trả lời" in page
    assert db.session.scalar(select(Comment.body)) == "Ý kiến về sáng kiến."
