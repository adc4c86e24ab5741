"""Vietnamese demo data: real agency names, staff, citizens and businesses, consultations with
comments and answers, reform ideas, dialogue sessions — the content in civic/demo_data/*.toml,
this package only the loading.

`flask --app civic seed demo` loads each part once; running it again changes nothing. The parts
not yet loaded are replayed together as one story in time order (see story.py), so receipt
numbers, ids and the audit log follow the order things happened in. Passwords are random and
printed once, at the time they are created.
"""
from __future__ import annotations

from typing import Callable

from ..core.timeutil import utcnow
from ..extensions import db
from . import accounts, consultations, dialogues, ideas
from .story import DemoDataError, Story, load_data

__all__ = ["DemoDataError", "PARTS", "seed_demo"]

# (name, module): each module has `already_loaded()`, `DATA` (its file) and `plan(story, data)`.
PARTS = [
    ("agencies and accounts", accounts),
    ("consultations", consultations),
    ("reform ideas", ideas),
    ("dialogue sessions", dialogues),
]


def seed_demo(echo: Callable[[str], None] = print) -> None:
    story = Story(utcnow())
    planned = []
    for name, part in PARTS:
        if part.already_loaded():
            echo(f"demo {name}: already loaded")
            continue
        part.plan(story, load_data(part.DATA))
        planned.append(name)
    if not planned:
        return
    story.run()
    db.session.commit()
    for line in story.lines:
        echo(line)
    for name in planned:
        echo(f"demo {name}: loaded")
