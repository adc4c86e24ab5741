"""Dialogue sessions (hội nghị đối thoại): scheduling, registration with a waiting list,
questions beforehand, minutes with their revisions, and the commitments made in the room."""
from flask import Blueprint

bp = Blueprint("dialogues", __name__)

from . import views  # noqa: E402,F401
