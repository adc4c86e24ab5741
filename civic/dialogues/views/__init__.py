"""Dialogue pages, one module per subject; importing them registers their routes on the
dialogues blueprint (civic/dialogues/__init__.py imports this package)."""
from . import commitments, minutes, questions, registrations, sessions  # noqa: F401
