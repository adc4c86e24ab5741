"""What the role × status matrices share: the person for a role name (relative to the
agency that owns the thing, the agency above it and its author), a client signed in as them,
and "was sent to the login page"."""
from __future__ import annotations

from flask_login import AnonymousUserMixin

from tests.conftest import login
from tests.factories import make_agency, make_staff, make_user


def person(role: str, agency=None, above=None, author=None):
    """anonymous, author, staff_own / staff_above / staff_other (staff of the owning agency,
    of the agency above it, of an unrelated one), or an account of that role."""
    if role == "anonymous":
        return AnonymousUserMixin()
    if role == "author":
        return author
    if role == "staff_own":
        return make_staff(agency)
    if role == "staff_above":
        return make_staff(above)
    if role == "staff_other":
        return make_staff(make_agency())
    return make_user(role)


def client_as(app, user):
    client = app.test_client()
    if not isinstance(user, AnonymousUserMixin):
        login(client, user)
    return client


def sent_to_login(response) -> bool:
    return response.status_code in (302, 303) and "/login" in response.headers["Location"]
