"""Outgoing mail goes through an outbox table, so nothing is lost when the mail server is down.

`queue()` adds a message to the caller's transaction; `deliver_pending()` (the
`flask --app civic mail send` command) sends what is pending through MAIL_URL
(smtp:// or smtps://user:password@host:port) or, with no MAIL_URL, writes it to the log.
"""
from __future__ import annotations

import logging
import smtplib
import ssl
from datetime import datetime
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from flask import current_app, g, has_request_context
from sqlalchemy import LargeBinary, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .models import UTCDateTime
from .timeutil import utcnow

log = logging.getLogger("civic.mail")

MAX_ATTEMPTS = 8


class OutboxMessage(db.Model):
    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    to_address: Mapped[str] = mapped_column(String(320), nullable=False)
    # Built from titles (a consultation's title alone may be 300 characters): kept whole.
    subject: Mapped[str] = mapped_column(Text, nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    # What the message is about, so a test or an admin can find it: "confirm-email", ...
    kind: Mapped[str] = mapped_column(String(50), nullable=False, index=True)
    status: Mapped[str] = mapped_column(String(10), default="pending", nullable=False, index=True)
    attempts: Mapped[int] = mapped_column(default=0, nullable=False)
    last_error: Mapped[str | None] = mapped_column(String(500))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # One optional file (an invitation's .ics): name, MIME type ("text/calendar"), bytes.
    attachment_name: Mapped[str | None] = mapped_column(String(200))
    attachment_type: Mapped[str | None] = mapped_column(String(100))
    attachment: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)


def queue(to_address: str, subject: str, body: str, kind: str,
          attachment: tuple[str, str, bytes] | None = None) -> OutboxMessage:
    """Add a message to the outbox in the caller's transaction; `attachment` is
    (file name, MIME type, bytes)."""
    message = OutboxMessage(to_address=to_address, subject=subject, body=body, kind=kind)
    if attachment is not None:
        message.attachment_name, message.attachment_type, message.attachment = attachment
    db.session.add(message)
    if has_request_context():
        g._mail_queued = True
    return message


def _transport():
    url = current_app.config.get("MAIL_URL") or ""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in {"smtp", "smtps"}:
        raise ValueError("MAIL_URL must start with smtp:// or smtps://")
    return parts


def _send_smtp(parts, message: OutboxMessage) -> None:
    email = EmailMessage()
    email["From"] = current_app.config["MAIL_FROM"]
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email.set_content(message.body)
    if message.attachment is not None:
        maintype, _, subtype = (message.attachment_type or "application/octet-stream").partition("/")
        email.add_attachment(message.attachment, maintype=maintype, subtype=subtype, filename=message.attachment_name)
    port = parts.port or (465 if parts.scheme == "smtps" else 587)
    context = ssl.create_default_context()
    if parts.scheme == "smtps":
        client = smtplib.SMTP_SSL(parts.hostname, port, timeout=20, context=context)
    else:
        client = smtplib.SMTP(parts.hostname, port, timeout=20)
    with client:
        if parts.scheme == "smtp" and port != 25:
            client.starttls(context=context)
        if parts.username:
            client.login(unquote(parts.username), unquote(parts.password or ""))
        client.send_message(email)


def deliver_pending(limit: int = 500) -> tuple[int, int]:
    """Send pending messages; returns (sent, failed). Commits after each message."""
    parts = _transport()
    sent = failed = 0
    ids = db.session.scalars(
        select(OutboxMessage.id)
        .where(OutboxMessage.status == "pending")
        .order_by(OutboxMessage.id)
        .limit(limit)
    ).all()
    for message_id in ids:
        message = db.session.get(OutboxMessage, message_id)
        if message is None or message.status != "pending":
            continue
        message.attempts += 1
        try:
            if parts is None:
                log.info(
                    "mail to=%s subject=%r\n%s", message.to_address, message.subject, message.body
                )
            else:
                _send_smtp(parts, message)
        except (OSError, smtplib.SMTPException) as exc:
            message.last_error = str(exc)[:500]
            if message.attempts >= MAX_ATTEMPTS:
                message.status = "failed"
            failed += 1
            log.warning("mail %s not sent (attempt %s): %s", message.id, message.attempts, exc)
        else:
            message.status = "sent"
            message.sent_at = utcnow()
            sent += 1
        db.session.commit()
    return sent, failed
