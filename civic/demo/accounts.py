"""The agency tree, the topics, and the demo accounts (civic/demo_data/accounts.toml)."""
from __future__ import annotations

import secrets

from sqlalchemy import select

from ..accounts import services as accounts
from ..accounts.models import BUSINESS, CITIZEN
from ..agencies import services as agencies
from ..agencies.models import Agency
from ..topics.models import Topic
from ..core.text import slugify
from ..core.timeutil import utcnow
from ..extensions import db
from .story import Story, when

DATA = "accounts"


def already_loaded() -> bool:
    return db.session.scalar(select(Agency.id).limit(1)) is not None


def _password() -> str:
    return "gopy-" + secrets.token_urlsafe(9)


def plan(story: Story, data: dict) -> None:
    printed: list[tuple[str, str, str]] = []

    def set_up() -> None:
        by_slug: dict[str, Agency] = {}
        for row in data["agency"]:
            by_slug[row["slug"]] = agencies.create_agency({
                "slug": row["slug"], "name": row["name"], "kind": row["kind"],
                "parent_id": by_slug[row["parent"]].id if row.get("parent") else None,
                "description": row.get("description", ""), "address": row.get("address", ""),
                "website": row.get("website", ""), "apology": row.get("apology", ""),
            })
        for name in data["topics"]:
            db.session.add(Topic(name=name, slug=slugify(name)))
        for row in data["staff"]:
            password = _password()
            user = accounts.create_user(row["email"], password, row["role"], row["name"])
            if row.get("agency"):
                agencies.add_membership(user, by_slug[row["agency"]], row.get("title", ""))
            printed.append((row["role"], row["email"], password))

    story.at(when(data["set_up"], story.today), set_up, "agencies, topics and staff accounts")

    def join(row: dict, business: bool) -> None:
        password = _password()
        user = accounts.create_user(row["email"], password, CITIZEN, row["name"])
        if business:
            user.role = BUSINESS
            user.organisation_name = row["organisation"]
            user.tax_code = accounts.normalise_tax_code(row["tax_code"])
        printed.append((BUSINESS if business else CITIZEN, row["email"], password))

    def verify(email: str) -> None:
        story.user(email).organisation_verified_at = utcnow()

    for key, business in (("citizen", False), ("business", True)):
        for row in data[key]:
            joined = when(row["joined"], story.today)
            story.at(joined, lambda row=row, business=business: join(row, business), f"account {row['email']}")
            if business:
                story.at(when(row["verified"], joined), lambda email=row["email"]: verify(email),
                         f"verification of {row['email']}")

    def print_passwords() -> None:
        story.lines.append("Demo accounts (the passwords are shown only this once):")
        story.lines.extend(f"  {role:<10} {email:<40} {password}" for role, email, password in printed)

    story.at(story.now, print_passwords, "the list of demo accounts")
