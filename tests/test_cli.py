import logging

from sqlalchemy import func, select

from civic.accounts.models import User
from civic.agencies.models import Agency, Membership
from civic.core.audit import AuditEntry
from civic.core.mail import OutboxMessage, queue
from tests.factories import make_agency


def test_users_create_staff_with_agency(runner, db):
    agency = make_agency(slug="so-noi-vu-tp-hcm")
    result = runner.invoke(args=["users", "create", "--email", "CanBo@Example.com", "--password", "mật khẩu đủ dài 2026", "--role", "staff", "--agency", "so-noi-vu-tp-hcm"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User))
    assert (user.email, user.role) == ("canbo@example.com", "staff")
    assert user.email_confirmed_at is not None
    assert db.session.scalar(select(Membership.agency_id)) == agency.id
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["account.create", "membership.add"]
    assert db.session.scalar(select(AuditEntry.actor_label)) == "cli"


def test_users_create_refuses_bad_input_and_stores_nothing(runner, db):
    make_agency(slug="quan-1")
    cases = [
        ["--email", "a@example.com", "--password", "ngắn", "--role", "citizen"],
        ["--email", "a@example.com", "--password", "mật khẩu đủ dài 2026", "--role", "king"],
        ["--email", "a@example.com", "--password", "mật khẩu đủ dài 2026", "--role", "staff", "--agency", "khong-co"],
        ["--email", "a@example.com", "--password", "mật khẩu đủ dài 2026", "--role", "citizen", "--agency", "quan-1"],
        ["--email", "not-an-email", "--password", "mật khẩu đủ dài 2026", "--role", "admin"],
    ]
    for args in cases:
        result = runner.invoke(args=["users", "create", *args])
        assert result.exit_code != 0, args
    assert db.session.scalar(select(func.count(User.id))) == 0
    ok = runner.invoke(args=["users", "create", "--email", "a@example.com", "--password", "mật khẩu đủ dài 2026", "--role", "admin"])
    assert ok.exit_code == 0
    again = runner.invoke(args=["users", "create", "--email", "A@example.com", "--password", "mật khẩu đủ dài 2026", "--role", "admin"])
    assert again.exit_code != 0 and "đã được dùng" in again.output


def test_users_set_password(runner, db):
    runner.invoke(args=["users", "create", "--email", "a@example.com", "--password", "mật khẩu đủ dài 2026", "--role", "admin"])
    result = runner.invoke(args=["users", "set-password", "--email", "a@example.com", "--password", "một mật khẩu mới 2027"])
    assert result.exit_code == 0
    from civic.accounts.services import authenticate

    assert authenticate("a@example.com", "một mật khẩu mới 2027") is not None
    assert runner.invoke(args=["users", "set-password", "--email", "b@example.com", "--password", "x" * 12]).exit_code != 0


def test_seed_demo_loads_once(runner, db):
    first = runner.invoke(args=["seed", "demo"])
    assert first.exit_code == 0, first.output
    assert "quantri@example.com" in first.output and "gopy-" in first.output
    agencies = db.session.scalar(select(func.count(Agency.id)))
    users = db.session.scalar(select(func.count(User.id)))
    assert agencies >= 10 and users >= 15
    names = set(db.session.scalars(select(Agency.name)))
    assert {"Sở Nội vụ TP.HCM", "Văn phòng UBND Thành phố", "UBND phường Bình Tân", "UBND phường Long Biên"} <= names
    roles = set(db.session.scalars(select(User.role)))
    assert roles == {"citizen", "business", "staff", "moderator", "admin"}
    second = runner.invoke(args=["seed", "demo"])
    assert second.exit_code == 0 and "already loaded" in second.output and "gopy-" not in second.output
    assert db.session.scalar(select(func.count(User.id))) == users


def test_seed_demo_is_refused_in_production_unless_forced(app, runner, db):
    app.config["CIVIC_ENV"] = "production"    # (the app fixture puts the configuration back)
    refused = runner.invoke(args=["seed", "demo"])
    assert refused.exit_code != 0 and "refusing to load the demo data in production" in refused.output
    assert "gopy-" not in refused.output and db.session.scalar(select(func.count(User.id))) == 0
    forced = runner.invoke(args=["seed", "demo", "--force"])
    assert forced.exit_code == 0, forced.output
    assert db.session.scalar(select(func.count(User.id))) >= 15


def test_mail_send_writes_to_the_log_without_a_mail_server(runner, db, caplog):
    queue("nguoidan@example.com", "Xác nhận", "Nội dung thư", "confirm-email")
    db.session.commit()
    logger = logging.getLogger("civic")
    logger.addHandler(caplog.handler)
    logger.setLevel(logging.INFO)
    try:
        result = runner.invoke(args=["mail", "send"])
    finally:
        logger.removeHandler(caplog.handler)
    assert result.exit_code == 0 and "sent 1, failed 0" in result.output
    assert any("nguoidan@example.com" in r.getMessage() for r in caplog.records)
    message = db.session.scalar(select(OutboxMessage))
    assert message.status == "sent" and message.sent_at is not None
    assert "sent 0" in runner.invoke(args=["mail", "send"]).output


def test_mail_that_cannot_be_sent_stays_queued(runner, db, app):
    app.config["MAIL_URL"] = "smtp://127.0.0.1:1"
    queue("nguoidan@example.com", "Xác nhận", "Nội dung", "confirm-email")
    db.session.commit()
    result = runner.invoke(args=["mail", "send"])
    assert "failed 1" in result.output
    message = db.session.scalar(select(OutboxMessage))
    assert message.status == "pending" and message.attempts == 1 and message.last_error
