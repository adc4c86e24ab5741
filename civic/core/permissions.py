"""Permissions are named functions returning a Decision: (allowed, reason).

Views call them and abort with the reason, templates use them to show or hide a button with
the reason as a hint, and tests walk every role through them.
"""
from __future__ import annotations

from dataclasses import dataclass

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
