"""No dead anchors: on the comment pages of a consultation and of an idea, seen by a citizen who
can reply, every same-site link with a #fragment opens a page that has an element with that id
(the no-JavaScript "Trả lời" link, "← back" from a thread, "more comments", the error summary…)."""
from __future__ import annotations

import html as htmlmod
import re
from urllib.parse import urljoin, urlsplit

from civic.comments import services as comments
from tests.comments.test_permalinks import consultation_subject, idea_subject, post_many
from tests.factories import make_user

HREF = re.compile(r'<a\s[^>]*?href="([^"]*#[^"]*)"')


def fragment_links(html: str, base: str) -> set[str]:
    links = set()
    for raw in HREF.findall(html):
        url = urljoin(base, htmlmod.unescape(raw))
        parts = urlsplit(url)
        if parts.netloc in ("", "localhost"):
            links.add(parts.path + (f"?{parts.query}" if parts.query else "") + "#" + parts.fragment)
    return links


def dead_anchors(client, pages: list[str]) -> list[str]:
    dead, seen = [], {}
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        for link in fragment_links(response.get_data(as_text=True), "http://localhost" + page):
            target, _, fragment = link.partition("#")
            if target not in seen:
                answer = client.get(target, follow_redirects=True)
                seen[target] = answer.get_data(as_text=True) if answer.status_code == 200 else ""
            if f'id="{fragment}"' not in seen[target]:
                dead.append(f"{page}: {link}")
    return dead


def test_every_fragment_link_on_the_comment_pages_resolves(app, db, client, signed_in):
    pages = []
    for make in (consultation_subject, idea_subject):
        subject_type, subject = make(db)
        author = make_user()
        made = post_many(db, subject_type, subject, author, 23)
        reply = comments.post_comment(make_user(), subject_type, subject, "Một trả lời", parent=made[21])
        comments.post_comment(make_user(), subject_type, subject, "Trả lời của trả lời", parent=reply)
        db.session.commit()
        base = (f"/consultations/{subject.id}" if subject_type == "consultation" else f"/ideas/{subject.id}")
        pages += [base, f"{base}?page=2", f"/comments/{made[0].id}/replies", f"/comments/{made[21].id}/replies",
                  f"/comments/{reply.id}/replies"]
    signed_in(make_user())
    assert dead_anchors(client, pages) == []
