"""The receipt lookup form (`/receipts?number=`): a GET form, so no CSRF token."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField

from ..core.forms import Form
from .receipts import MAX_INPUT


class ReceiptLookupForm(Form):
    number = StringField(
        _l("Mã tiếp nhận"),
        description=_l("Ví dụ GY-2026-000123. Có thể gõ chữ thường, có hoặc không có dấu gạch ngang."),
        render_kw={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters",
                   "maxlength": MAX_INPUT, "size": 20},
    )
