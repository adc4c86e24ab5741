"""Flask CLI: `users create`, `users set-password`, `seed demo`, `mail send`, `changes apply`,
`search reindex`, `search retry`, `ideas close-expired` (and Flask-Migrate's `db upgrade`)."""
from __future__ import annotations

import os

import click
from flask import Flask
from flask.cli import AppGroup

from .accounts.models import ROLES, STAFF
from .core.services import ServiceError
from .extensions import db

users_cli = AppGroup("users", help="Manage accounts.")
seed_cli = AppGroup("seed", help="Load demonstration data.")
mail_cli = AppGroup("mail", help="Send the mail outbox.")
search_cli = AppGroup("search", help="The search index.")
changes_cli = AppGroup("changes", help="The change stream (what the search index and caches follow).")


@changes_cli.command("apply")
def apply_changes_command():
    """Apply the changes that wait (left by a worker that stopped between its commit and the
    index write, or by a write that failed); for cron."""
    from .core import changes

    applied, left = changes.apply_all()
    if left:
        raise click.ClickException(f"applied {applied} changes; {left} still waiting (see the log)")
    click.echo(f"applied {applied} changes; nothing waiting" if applied else "nothing waiting")
ideas_cli = AppGroup("ideas", help="Reform ideas.")


@search_cli.command("reindex")
def reindex_command():
    """Rebuild the search index from the database (the truth)."""
    from .search import service

    count = service.reindex(procs=min(4, os.cpu_count() or 1))
    click.echo(f"indexed {count} documents")


@search_cli.command("retry")
def retry_command():
    """Write the index updates that failed earlier (any later write also retries them)."""
    from .search import service

    waiting = service.queued_count()
    if not waiting:
        click.echo("nothing waiting")
        return
    if not service.retry():
        raise click.ClickException(f"{waiting} updates still waiting: the index could not be written")
    click.echo(f"wrote {waiting} waiting updates")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--password", required=True)
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--agency", "agency_slug", default=None, help="Slug of the agency a staff account belongs to.")
@click.option("--name", "display_name", default="", help="Display name (defaults to the email's local part).")
def create_user_command(email, password, role, agency_slug, display_name):
    """Create a confirmed account with a role."""
    from .accounts import services as accounts
    from .agencies import services as agencies
    from .core import audit

    try:
        if agency_slug and role != STAFF:
            raise ServiceError("--agency applies to staff accounts only")
        agency = None
        if agency_slug:
            agency = agencies.get_by_slug(agency_slug)
            if agency is None:
                raise ServiceError(f"no agency with slug {agency_slug!r}")
        user = accounts.create_user(email, password, role, display_name)
        audit.record("account.create", user, after={"role": role, "agency": agency_slug}, summary=user.email)
        if agency is not None:
            agencies.add_membership(user, agency)
        db.session.commit()
    except ServiceError as error:
        db.session.rollback()
        raise click.ClickException(str(error.message)) from error
    click.echo(f"created {user.email} ({role}{', ' + agency_slug if agency_slug else ''})")


@users_cli.command("set-password")
@click.option("--email", required=True)
@click.option("--password", required=True)
def set_password_command(email, password):
    """Set an account's password (ends its sessions)."""
    from .accounts import services as accounts

    try:
        user = accounts.get_by_email(accounts.normalise_email(email))
        if user is None or user.is_deleted:
            raise ServiceError(f"no account with email {email!r}")
        accounts.set_password(user, accounts.check_password(password, email=user.email, name=user.display_name))
        db.session.commit()
    except ServiceError as error:
        db.session.rollback()
        raise click.ClickException(str(error.message)) from error
    click.echo(f"password set for {user.email}")


@seed_cli.command("demo")
@click.option("--force", is_flag=True, help="Load it even in production (CIVIC_ENV=production).")
def seed_demo_command(force):
    """Load the Vietnamese demo data once; a second run changes nothing. Refused in production
    unless --force: the demo makes accounts with known passwords and prints them."""
    from flask import current_app

    from .demo import seed_demo

    if current_app.config.get("CIVIC_ENV") == "production" and not force:
        raise click.ClickException(
            "refusing to load the demo data in production: it creates accounts with passwords "
            "printed here (use --force on a demonstration server)")
    seed_demo(click.echo)


@mail_cli.command("send")
def mail_send_command():
    """Send pending mail (to MAIL_URL, or to the log when it is not set)."""
    from .core.mail import deliver_pending

    sent, failed = deliver_pending()
    click.echo(f"sent {sent}, failed {failed}")


@ideas_cli.command("close-expired")
def close_expired_command():
    """Close published ideas whose support window ended below the threshold (run daily, from cron)."""
    from flask_babel import gettext as _

    from .ideas import services as ideas
    from .search import service as search_service

    count = ideas.close_expired()
    db.session.commit()
    search_service.flush()  # the index follows the commit, as after a request
    click.echo(_("Đã đóng %(count)s sáng kiến hết hạn nhận ủng hộ mà không đạt ngưỡng.", count=count))


def register_cli(app: Flask) -> None:
    for group in (users_cli, seed_cli, mail_cli, search_cli, changes_cli, ideas_cli):
        app.cli.add_command(group)
