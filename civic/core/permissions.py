"""Permissions are named functions returning a Decision: (allowed, reason).

Views call them and abort with the reason, templates use them to show or hide a button with
the reason as a hint, and tests walk every role through them.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from flask import abort


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed

    def __iter__(self):
        yield self.allowed
        yield self.reason


def allow() -> Decision:
    return Decision(True, "")


def deny(reason) -> Decision:
    return Decision(False, str(reason))


def require(decision: Decision) -> None:
    """Abort with 403 and the decision's reason unless it allows."""
    if not decision.allowed:
        abort(403, description=decision.reason)


# Named rules for templates: features register them from create_app, and templates ask
# `can("administer")` or `can("act_for_agency", agency)` of the person viewing the page.
RULES: dict[str, Callable[..., Decision]] = {}


def register_rule(name: str, rule: Callable[..., Decision]) -> None:
    RULES[name] = rule


def can(name: str, *objects) -> bool:
    """Whether the current person may do what the named rule says (an unknown name: never)."""
    from flask_login import current_user

    rule = RULES.get(name)
    return bool(rule is not None and rule(current_user, *objects))
