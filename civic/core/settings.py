"""Site settings an admin can change (minimum open periods, deadlines...), with defaults.

Each setting is declared once here with its default and bounds; the database holds only the
values an admin changed. Reads are one query per request at most (cached on `g`)."""
from __future__ import annotations

from dataclasses import dataclass

from flask import g, has_request_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, String, select
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .models import TimestampMixin
from .services import ServiceError


class SiteSetting(TimestampMixin, db.Model):
    __tablename__ = "site_settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[int | str | None] = mapped_column(JSON)


@dataclass(frozen=True)
class SettingSpec:
    key: str
    label: object
    default: int
    minimum: int
    maximum: int


SPECS: dict[str, SettingSpec] = {}


def declare(key: str, label, default: int, minimum: int, maximum: int) -> SettingSpec:
    """Features declare their settings at import time."""
    spec = SettingSpec(key, label, default, minimum, maximum)
    SPECS[key] = spec
    return spec


declare("answer_deadline_working_days", _l("Hạn trả lời (ngày làm việc)"), 15, 1, 60)


def _stored() -> dict:
    if has_request_context() and "_site_settings" in g:
        return g._site_settings
    values = dict(db.session.execute(select(SiteSetting.key, SiteSetting.value)).all())
    if has_request_context():
        g._site_settings = values
    return values


def get(key: str) -> int:
    spec = SPECS[key]
    value = _stored().get(key)
    return value if isinstance(value, int) else spec.default


def set_value(key: str, raw) -> int:
    from . import audit

    spec = SPECS.get(key)
    if spec is None:
        raise ServiceError(_l("Thiết lập không tồn tại."))
    try:
        value = int(str(raw).strip())
    except ValueError as exc:
        raise ServiceError(_l("Vui lòng nhập một số nguyên."), key) from exc
    if not spec.minimum <= value <= spec.maximum:
        raise ServiceError(
            _l("Giá trị phải từ %(lo)s đến %(hi)s.", lo=spec.minimum, hi=spec.maximum), key
        )
    row = db.session.get(SiteSetting, key)
    before = get(key)
    if row is None:
        row = SiteSetting(key=key, value=value)
        db.session.add(row)
    else:
        row.value = value
    if has_request_context():
        g.pop("_site_settings", None)
    if before != value:
        audit.record("setting.set", None, before={key: before}, after={key: value}, summary=key)
    return value
