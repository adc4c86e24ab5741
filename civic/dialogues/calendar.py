"""A session as an iCalendar file (RFC 5545), for registrants' calendars."""
from __future__ import annotations

from flask import current_app, has_request_context, url_for
from icalendar import Calendar, Event

from ..core.timeutil import utcnow


def ics(session) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Gop y//Hoi nghi doi thoai//VI")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    host = current_app.config.get("SERVER_NAME") or "gopy.local"
    event.add("uid", f"dialogue-{session.id}@{host}")
    event.add("dtstamp", utcnow())
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.ends_at)
    event.add("summary", session.title)
    lines = [session.description] if session.description else []
    if session.online_url:
        lines.append(session.online_url)
    if has_request_context():
        url = url_for("dialogues.show", session_id=session.id, _external=True)
        event.add("url", url)
        lines.append(url)
    if lines:
        event.add("description", "\n\n".join(lines))
    location = session.place or session.online_url
    if location:
        event.add("location", location)
    event.add("organizer", f"mailto:no-reply@{host}", parameters={"cn": session.agency.name})
    calendar.add_component(event)
    return calendar.to_ical()
