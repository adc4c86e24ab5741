"""The registry of content kinds: a kind registered here, in the test suite, gets comments,
votes, an owed answer, search and a page generation without touching any feature package."""
from __future__ import annotations

import pytest
from sqlalchemy import String, Text, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from civic.accounts.permissions import can_participate
from civic.agencies.models import Agency
from civic.answers import services as answer_services
from civic.answers.models import OwedAnswer
from civic.comments import services as comment_services
from civic.comments.models import Comment
from civic.core import changes, content
from civic.core.permissions import Decision, allow
from civic.core.services import ServiceError
from civic.search import service as search_service
from civic.search.documents import Filters, SearchDocument, Source, Trigger
from civic.search.query import parse
from civic.votes import services as votes
from civic.votes.models import Vote
from tests.factories import make_agency, make_staff, make_user


class _Base(DeclarativeBase):
    """A registry of its own: the extra table never enters the application's metadata."""


class Petition(_Base):
    __tablename__ = "test_petitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column()
    author_id: Mapped[int] = mapped_column()
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    public: Mapped[bool] = mapped_column(default=True)


def _load(petition_id):
    from civic.extensions import db

    return db.session.get(Petition, petition_id)


def _agency(petition):
    from civic.extensions import db

    return db.session.get(Agency, petition.agency_id)


def _documents(ids):
    out = {}
    for petition_id in ids:
        petition = _load(petition_id)
        key = f"petition:{petition_id}"
        out[key] = None if petition is None or not petition.public else SearchDocument(
            id=key, kind="petition", title=petition.title, body=petition.body,
            url=f"/petitions/{petition_id}", agency=_agency(petition).slug)
    return out


def _can_comment(user, petition) -> Decision:
    return can_participate(user, "comment") if petition.public else Decision(False, "closed")


PETITION = content.Kind(
    name="petition",
    label="petition",
    model=Petition,
    load=_load,
    is_public=lambda petition: petition is not None and petition.public,
    agency=_agency,
    url=lambda petition: f"/petitions/{petition.id}",
    title=lambda petition: petition.title,
    page_cached=True,
    commentable=content.Commentable(
        can_comment=_can_comment, can_vote_comments=_can_comment,
        post_url=lambda petition: f"/petitions/{petition.id}/comments", search_watch=("title", "public")),
    votable=content.Votable(values=("support",), can_vote=lambda user, petition: allow()),
    answerable=content.Answerable(author_id=lambda petition: petition.author_id, back_label="back",
                                  shown_where="on the petition", search_watch=("public",)),
    searchable=content.Searchable(
        sources=(Source(kind="petition", label="Petitions", documents=_documents,
                        all_ids=lambda: [p.id for p in _all()]),),
        triggers=(Trigger(Petition, ("title", "body", "public"), lambda p: [("petition", p.id)]),),
    ),
)


def _all():
    from civic.extensions import db

    return db.session.scalars(select(Petition)).all()


@pytest.fixture
def petition_kind(app, db):
    _Base.metadata.create_all(db.engine)
    content.register(PETITION)
    search_service.reindex()
    yield PETITION
    content.unregister("petition")
    db.session.rollback()
    _Base.metadata.drop_all(db.engine)
    search_service.close_backends()


def _found(words: str) -> list[str]:
    return [hit.url for hit in search_service.search(parse(words), Filters()).hits]


def _committed(db):
    db.session.commit()
    changes.flush()


def test_an_extra_kind_gets_comments_votes_an_owed_answer_and_search(app, db, petition_kind):
    agency = make_agency()
    author, neighbour = make_user(), make_user()
    staff = make_staff(agency)
    petition = Petition(agency_id=agency.id, author_id=author.id, title="Kiến nghị lát gạch vỉa hè phố Hàng Gà",
                        body="Vỉa hè bị bong tróc nhiều đoạn, người đi bộ phải xuống lòng đường.")
    db.session.add(petition)
    _committed(db)

    # search: its own source, through the registry
    assert _found("lat gach via he") == [f"/petitions/{petition.id}"]

    # comments: posted, shown under it, found by search with its title
    comment = comment_services.post_comment(neighbour, "petition", petition, "Tôi đồng ý, đoạn trước số 12 rất nguy hiểm.")
    _committed(db)
    assert db.session.scalars(select(Comment).where(Comment.subject_type == "petition")).one().id == comment.id
    assert f"/comments/{comment.id}" in _found("doan truoc so 12 nguy hiem")[0]
    with pytest.raises(ServiceError):   # sections: the kind has none
        comment_services.post_comment(neighbour, "petition", petition, "Về mục 2.", section_id=1)
    db.session.rollback()

    # votes: the values the kind takes, and no others
    votes.set_vote(neighbour, "petition", petition.id, "support")
    _committed(db)
    assert votes.tallies("petition", [petition.id])[petition.id] == {"support": 1}
    with pytest.raises(ServiceError):
        votes.set_vote(author, "petition", petition.id, "against")
    db.session.rollback()
    assert db.session.scalar(select(Vote).where(Vote.user_id == author.id)) is None

    # an owed answer: the agency's staff see it in their queue, named by the kind's label
    answer_services.mark_owed(staff, "petition", petition)
    _committed(db)
    owed = db.session.scalars(select(OwedAnswer)).one()
    assert (owed.subject_type, owed.agency_id) == ("petition", agency.id)
    rows, total, _, _ = answer_services.owed_queue({agency.id})
    assert total == 1 and rows[0].subject.id == petition.id and rows[0].adapter.label == "petition"
    answer = answer_services.give_answer(staff, "petition", petition, {
        "body": "Sở Xây dựng sẽ lát lại vỉa hè trong quý I.", "signer_name": "Nguyễn Văn An", "signer_title": "Phó Giám đốc"})
    _committed(db)
    assert _found("lat lai via he trong quy")[0] == f"/answers/{answer.id}"

    # a change to the petition re-indexes what follows it (its comments carry its title)
    petition.title = "Kiến nghị sửa vỉa hè phố Hàng Gà và phố Hàng Điếu"
    _committed(db)
    assert any(f"/comments/{comment.id}" in url for url in _found("hang dieu"))

    # hiding it takes it, its comments and its answer out of search
    petition.public = False
    _committed(db)
    assert _found("via he hang ga hang dieu lat lai nguy hiem") == []


def test_every_change_to_what_its_page_shows_bumps_its_page_generation(app, db, petition_kind):
    from civic.extensions import db as _db

    agency = make_agency()
    author = make_user()
    petition = Petition(agency_id=agency.id, author_id=author.id, title="Kiến nghị", body="Nội dung.")
    _db.session.add(petition)
    _committed(_db)

    def generation():
        return _db.session.scalar(select(changes.page_generation("petition", petition.id)))

    seen = [generation()]
    comment = comment_services.post_comment(make_user(), "petition", petition, "Ý kiến thứ nhất.")
    _committed(_db)
    seen.append(generation())
    votes.set_vote(author, "comment", comment.id, "up")     # a vote on one of its comments
    _committed(_db)
    seen.append(generation())
    votes.set_vote(author, "petition", petition.id, "support")   # a vote on it
    _committed(_db)
    seen.append(generation())
    petition.body = "Nội dung đã sửa."
    _committed(_db)
    seen.append(generation())
    assert seen == sorted(set(seen)) and len(seen) == 5            # each change: a new key
    petition.body = "Nội dung đã sửa."                              # no change: the same key
    _committed(_db)
    assert generation() == seen[-1]


def test_a_kind_registered_after_the_app_started_is_still_indexed(app, db):
    """No import-order guard: registering later rebuilds what is built from the registry."""
    _Base.metadata.create_all(db.engine)
    try:
        search_service.reindex()
        content.register(PETITION)
        agency, author = make_agency(), make_user()
        petition = Petition(agency_id=agency.id, author_id=author.id, title="Kiến nghị trồng cây xà cừ", body="Trồng thêm cây.")
        db.session.add(petition)
        _committed(db)
        assert _found("cay xa cu") == [f"/petitions/{petition.id}"]
    finally:
        content.unregister("petition")
        db.session.rollback()
        _Base.metadata.drop_all(db.engine)
        search_service.close_backends()
