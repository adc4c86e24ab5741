"""Reform ideas (hiến kế, sáng kiến cải cách): citizens and businesses propose, others support,
an idea that reaches its threshold is owed an official answer."""
from flask import Blueprint

bp = Blueprint("ideas", __name__)

from . import views  # noqa: E402,F401
