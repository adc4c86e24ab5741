"""Reform ideas, service level: submission and its checks, review by moderators or the target
agency's staff, supports (once, not one's own, withdrawable until answered), the threshold
making exactly one answer owed even under concurrent supports, status transitions by role,
expiry, merging duplicates."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from civic.accounts.models import ADMIN, BUSINESS, MODERATOR
from civic.answers import services as answers
from civic.answers.models import OwedAnswer
from civic.topics.models import Topic
from civic.core import settings
from civic.core.services import ServiceError
from civic.core.timeutil import local_today
from civic.ideas import services
from civic.ideas.models import (
    ACCEPTED, DECLINED, EXPIRED, IMPLEMENTED, MERGED, NOT_ACCEPTED, PUBLISHED, SUBMITTED, UNDER_REVIEW,
    Idea, IdeaEvent, IdeaSupport,
)
from tests.conftest import race
from tests.factories import HOSTILE, make_agency, make_staff, make_user


@pytest.fixture
def topic(db):
    topic = Topic(name="Hành chính công", slug="hanh-chinh-cong")
    db.session.add(topic)
    db.session.commit()
    return topic


def data(the_topic, agency=None, **changes):
    values = {
        "title": "Cấp phiếu lý lịch tư pháp trực tuyến toàn trình",
        "problem": "Người dân phải đến trụ sở hai lần để nộp hồ sơ và nhận phiếu lý lịch tư pháp.",
        "solution": "Cho nộp hồ sơ, thanh toán lệ phí và nhận phiếu điện tử hoàn toàn trên cổng dịch vụ công.",
        "topic": the_topic.slug,
        "agency": agency.slug if agency else "",
    }
    values.update(changes)
    return values


def published_idea(db, topic, agency, author=None, threshold=3):
    settings.set_value("idea_support_threshold", threshold)
    author = author or make_user()
    idea = services.submit(author, data(topic, agency))
    services.publish(make_staff(agency), idea)
    db.session.commit()
    return idea


def test_submit_checks_every_field_and_stores_nothing_half(app, db, topic):
    author = make_user()
    bad = [
        ({"title": ""}, "title"), ({"title": "x" * 201}, "title"), ({"problem": "ngắn"}, "problem"),
        ({"solution": "y" * 5001}, "solution"), ({"topic": "khong-co"}, "topic"), ({"agency": "khong-co"}, "agency"),
    ]
    for change, field in bad:
        with pytest.raises(ServiceError) as error:
            services.submit(author, {**data(topic), **change})
        assert error.value.field == field
        db.session.rollback()
    assert db.session.scalar(select(func.count(Idea.id))) == 0
    idea = services.submit(author, data(topic, title=f"  Ý tưởng {HOSTILE}  "))
    db.session.commit()
    assert idea.status == SUBMITTED and not idea.is_public and idea.title.startswith("Ý tưởng")
    assert [e.status for e in idea.events] == [SUBMITTED]


@pytest.mark.parametrize("role", ["staff", "moderator", "admin"])
def test_only_citizens_and_businesses_submit(app, db, topic, role):
    with pytest.raises(ServiceError):
        services.submit(make_user(role=role), data(topic))
    assert services.submit(make_user(role=BUSINESS), data(topic)).status == SUBMITTED


def test_review_by_moderators_or_the_target_agency_and_the_author_is_told(app, db, topic):
    agency, other = make_agency(), make_agency()
    idea = services.submit(make_user(), data(topic, agency))
    with pytest.raises(ServiceError):
        services.publish(make_staff(other), idea)
    with pytest.raises(ServiceError):
        services.publish(make_user(), idea)
    services.publish(make_staff(agency), idea)
    db.session.commit()
    assert idea.status == PUBLISHED and idea.threshold == settings.get("idea_support_threshold")
    assert idea.window_ends_on == local_today() + timedelta(days=settings.get("idea_support_window_days"))
    with pytest.raises(ServiceError):  # reviewed once
        services.decline(make_user(role=MODERATOR), idea, "duplicate")
    second = services.submit(make_user(), data(topic))
    with pytest.raises(ServiceError) as error:
        services.decline(make_user(role=MODERATOR), second, "not a reason")
    assert error.value.field == "reason"
    services.decline(make_user(role=MODERATOR), second, "not_reform", "Đây là khiếu nại cá nhân.")
    db.session.commit()
    assert second.status == DECLINED and not second.is_public
    assert second.events[-1].reason == "not_reform"
    from civic.core.mail import OutboxMessage
    subjects = [m.subject for m in db.session.scalars(select(OutboxMessage))]
    assert "Sáng kiến của bạn đã được đăng" in subjects and "Sáng kiến của bạn chưa được đăng" in subjects


def test_supports_once_not_ones_own_and_withdrawable_until_answered(app, db, topic):
    agency = make_agency()
    author = make_user()
    idea = published_idea(db, topic, agency, author=author, threshold=100)
    with pytest.raises(ServiceError):
        services.support(author, idea)
    fan = make_user()
    services.support(fan, idea)
    services.support(fan, idea)  # a second tab
    db.session.commit()
    assert idea.support_count == 1 == db.session.scalar(select(func.count(IdeaSupport.id)))
    services.withdraw_support(fan, idea)
    db.session.commit()
    assert idea.support_count == 0
    services.support(fan, idea)
    staff = make_staff(agency)
    answers.give_answer(staff, "idea", idea, {"body": "Sở Tư pháp tiếp thu và sẽ triển khai trong quý tới.",
                                               "signer_name": "Nguyễn Văn Bình", "signer_title": "Giám đốc"})
    db.session.commit()
    with pytest.raises(ServiceError):
        services.withdraw_support(fan, idea)


def test_declined_and_closed_ideas_take_no_support(app, db, topic, clock):
    agency = make_agency()
    declined = services.submit(make_user(), data(topic, agency))
    services.decline(make_staff(agency), declined, "duplicate")
    db.session.commit()
    with pytest.raises(ServiceError):
        services.support(make_user(), declined)
    idea = published_idea(db, topic, agency, threshold=100)
    clock.advance(timedelta(days=settings.get("idea_support_window_days") + 1))
    assert services.status_for_display(idea) == EXPIRED
    with pytest.raises(ServiceError):
        services.support(make_user(), idea)
    assert services.close_expired() == 1
    db.session.commit()
    assert idea.status == EXPIRED and idea.events[-1].status == EXPIRED


def test_reaching_the_threshold_makes_one_answer_owed(app, db, topic):
    agency = make_agency()
    idea = published_idea(db, topic, agency, threshold=2)
    services.support(make_user(), idea)
    db.session.commit()
    assert idea.reached_on is None and answers.owed_for("idea", idea.id) is None
    services.support(make_user(), idea)
    db.session.commit()
    owed = answers.owed_for("idea", idea.id)
    assert idea.reached_on == local_today() and owed is not None and owed.agency_id == agency.id
    assert owed.due_on > local_today()
    services.support(make_user(), idea)  # past the threshold: still one owed answer
    db.session.commit()
    assert db.session.scalar(select(func.count(OwedAnswer.id))) == 1


def test_an_idea_without_agency_is_owed_once_an_admin_assigns_one(app, db, topic):
    settings.set_value("idea_support_threshold", 1)
    idea = services.submit(make_user(), data(topic))
    services.publish(make_user(role=MODERATOR), idea)
    services.support(make_user(), idea)
    db.session.commit()
    assert idea.reached_on is not None and answers.owed_for("idea", idea.id) is None
    agency = make_agency()
    with pytest.raises(ServiceError):
        services.assign_agency(make_staff(agency), idea, agency)
    services.assign_agency(make_user(role=ADMIN), idea, agency)
    db.session.commit()
    assert answers.owed_for("idea", idea.id).agency_id == agency.id


def test_concurrent_supports_cross_the_threshold_exactly_once(app, db, topic):
    agency = make_agency()
    idea = published_idea(db, topic, agency, threshold=5)
    emails = [make_user().email for _ in range(8)]
    row_id = idea.id
    db.session.commit()
    assert race(app, lambda user: services.support(user, db.session.get(Idea, row_id)), emails) == []
    fresh = db.session.get(Idea, idea.id)
    db.session.refresh(fresh)
    assert fresh.support_count == 8 == db.session.scalar(select(func.count(IdeaSupport.id)).where(IdeaSupport.idea_id == idea.id))
    assert db.session.scalar(select(func.count(OwedAnswer.id))) == 1
    assert db.session.scalar(select(func.count(IdeaEvent.id)).where(IdeaEvent.idea_id == idea.id, IdeaEvent.reason == "threshold")) == 1


def test_status_transitions_allowed_and_refused_by_role(app, db, topic):
    agency, other = make_agency(), make_agency()
    idea = published_idea(db, topic, agency)
    staff, outsider = make_staff(agency), make_staff(other)
    with pytest.raises(ServiceError):
        services.change_status(outsider, idea, UNDER_REVIEW)
    with pytest.raises(ServiceError):
        services.change_status(staff, idea, ACCEPTED, "Tiếp thu toàn bộ đề xuất.")  # not from published
    services.change_status(staff, idea, UNDER_REVIEW)
    with pytest.raises(ServiceError) as error:
        services.change_status(staff, idea, NOT_ACCEPTED, "")
    assert error.value.field == "note"
    services.change_status(staff, idea, ACCEPTED, "Tiếp thu, giao Sở Tư pháp thực hiện.")
    with pytest.raises(ServiceError):
        services.change_status(staff, idea, IMPLEMENTED, "Đã triển khai trên cổng dịch vụ công.", on=local_today() + timedelta(days=3))
    services.change_status(staff, idea, IMPLEMENTED, "Đã triển khai trên cổng dịch vụ công.", on=local_today())
    db.session.commit()
    assert [e.status for e in idea.events] == [SUBMITTED, PUBLISHED, UNDER_REVIEW, ACCEPTED, IMPLEMENTED]
    assert idea.implemented_on == local_today()
    with pytest.raises(ServiceError):
        services.change_status(staff, idea, UNDER_REVIEW)


def test_merging_moves_supports_without_double_counting(app, db, topic):
    agency = make_agency()
    target_author = make_user()
    target = published_idea(db, topic, agency, author=target_author, threshold=100)
    duplicate = published_idea(db, topic, agency, threshold=100)
    both, only_dup = make_user(), make_user()
    for user in (both, only_dup, target_author):
        services.support(user, duplicate)
    services.support(both, target)
    db.session.commit()
    staff = make_staff(agency)
    with pytest.raises(ServiceError):
        services.merge(staff, target, target)
    services.merge(staff, duplicate, target)
    db.session.commit()
    assert target.support_count == 2  # both (once) and only_dup; the target's own author is not counted
    assert duplicate.status == MERGED and duplicate.merged_into_id == target.id and duplicate.support_count == 0
    other = published_idea(db, topic, agency, threshold=100)
    with pytest.raises(ServiceError):
        services.merge(staff, other, duplicate)  # into a merged idea
    with pytest.raises(ServiceError):
        services.merge(make_staff(make_agency()), other, target)  # not their agency
