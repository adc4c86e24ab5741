"""Bounded queries on the list and consultation pages, from 20 to 10,000 comments."""
import re

from sqlalchemy import func, insert, select

from civic.comments.models import Comment
from civic.core.timeutil import utcnow
from civic.votes.models import Vote
from tests.conftest import count_queries
from tests.factories import make_consultation, make_user


def add_comments(db, consultation, authors, n, start=0):
    now = utcnow()
    section_ids = [s.id for s in consultation.versions[0].sections]
    rows = [
        {"subject_type": "consultation", "subject_id": consultation.id, "section_id": section_ids[i % len(section_ids)] if i % 3 else None,
         "depth": 0, "author_id": authors[i % len(authors)].id, "body": f"Ý kiến số {i} về dự thảo, cải cách hành chính.",
         "receipt": f"T{consultation.id}-{i}",
         "status": "published", "created_at": now, "updated_at": now}
        for i in range(start, start + n)
    ]
    db.session.execute(insert(Comment), rows)
    db.session.commit()


def queries(client, url, signed_in_client=None):
    with count_queries() as counter:
        response = client.get(url)
        assert response.status_code == 200
    return counter.count, response.get_data(as_text=True)


def test_consultation_page_is_bounded_from_20_to_10000_comments(app, db, client, signed_in):
    consultation = make_consultation()
    authors = [make_user(), make_user("business")]
    add_comments(db, consultation, authors, 20)
    signed_in(make_user())
    url = f"/consultations/{consultation.id}"
    few, page = queries(client, url)
    assert "Ý kiến số 19" in page
    add_comments(db, consultation, authors, 9980, start=20)
    first = db.session.query(Comment).order_by(Comment.id).first()
    db.session.add_all([Vote(user_id=a.id, subject_type="comment", subject_id=first.id, value="up") for a in authors])
    db.session.commit()

    many, page = queries(client, url)
    assert many == few, (few, many)
    assert few <= 24, few
    print(f"consultation page: {few} queries with 20 and with 10,000 comments")
    assert "Ý kiến số 0 " in page and "Ý kiến số 20 " not in page
    # The table of contents and its per-part counts come from the counts the page already
    # loads: 10,000 comments spread over the sections, no query per section.
    assert '<nav id="toc" class="toc" aria-labelledby="toc-title">' in page
    counts = [int(n.replace(".", "")) for n in re.findall(r'<span class="toc-count">([\d.]+) ý kiến</span>', page)]
    per_section = dict(db.session.execute(
        select(Comment.section_id, func.count()).where(Comment.subject_id == consultation.id).group_by(Comment.section_id)).all())
    labels = [s.label for s in consultation.versions[0].sections]
    sections = consultation.versions[0].sections

    def within(first, last):  # comments on the sections from `first` up to (not including) `last`
        start, end = labels.index(first), labels.index(last) if last else len(labels)
        return sum(per_section.get(s.id, 0) for s in sections[start:end])

    assert counts == [within("Chương I", "Chương II"), within("Điều 1", "Điều 2"), within("Điều 2", "Chương II"),
                      within("Chương II", None), within("Điều 3", None)], counts
    assert "9.980" in page or "10.000" in page or "10000" in page
    for sort in ("newest", "supported"):
        n, _ = queries(client, f"{url}?sort={sort}&page=7")
        assert n == few, (sort, n)


def test_consultation_list_is_bounded(app, db, client):
    first = make_consultation()
    add_comments(db, first, [make_user()], 5)
    few, _ = queries(client, "/consultations")
    for _ in range(12):
        make_consultation(first.agency)
    many, page = queries(client, "/consultations?sort=discussed")
    assert many == few and few <= 8, (few, many)
    assert "5 ý kiến" in page
