"""/search (a page that updates as one types with htmx, and a plain form without JavaScript)
and the shared request handling that `/api/v1/search` uses too."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Callable

from flask import redirect, request, url_for
from flask_babel import gettext as _

from ..core.htmx import is_htmx, render_page_or_partial
from ..core.timeutil import read_date
from . import bp, service
from .analysis import MAX_QUERY_CHARS, clean_query
from .documents import Filters, Results, facets, kind_labels
from .query import MAX_TERMS, Query, parse

PER_PAGE = 20
MAX_PAGE = 500
SORTS = ("relevance", "date")
SLUG = re.compile(r"[a-z0-9-]{1,100}")


@dataclass
class SearchRequest:
    text: str
    query: Query
    filters: Filters
    sort: str
    page: int
    errors: list[str] = field(default_factory=list)
    results: Results | None = None
    unavailable: bool = False

    def args(self, **changes) -> dict:
        """The query string of this search, with changes (for links)."""
        values = {
            "q": self.text, "kind": self.filters.kind, "agency": self.filters.agency, "topic": self.filters.topic,
            "status": self.filters.status,
            "from": self.filters.date_from.isoformat() if self.filters.date_from else "",
            "to": self.filters.date_to.isoformat() if self.filters.date_to else "",
            "sort": "" if self.sort == "relevance" else self.sort, "page": self.page if self.page > 1 else "",
        }
        values.update(changes)
        return {key: value for key, value in values.items() if value not in ("", None, 1)}

    @property
    def pages(self) -> int:
        if not self.results:
            return 0
        return min(MAX_PAGE, max(1, -(-self.results.total // PER_PAGE)))


def _date(value: str | None, label: str, errors: list[str]) -> date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return read_date(value[:12])
    except (ValueError, OverflowError):
        errors.append(_("%(field)s không hợp lệ: hãy nhập ngày theo dạng ngày/tháng/năm, ví dụ 30/11/2026.", field=label))
        return None


def _slug(value: str | None) -> str:
    value = (value or "").strip()
    return value if SLUG.fullmatch(value) else ""


def _choice(value: str | None, allowed) -> str:
    value = (value or "").strip()
    return value if value in allowed else ""


def read_request(args) -> SearchRequest:
    """Everything the page and the API read from the query string, checked; bad values become
    messages and are ignored, never an error page."""
    errors: list[str] = []
    text = clean_query(args.get("q"))
    filters = Filters(
        kind=_choice(args.get("kind"), kind_labels()),
        agency=_slug(args.get("agency")) if "agency" in facets() else "",
        topic=_slug(args.get("topic")) if "topic" in facets() else "",
        status=_choice(args.get("status"), ("scheduled", "open", "closed", "concluded")),
        date_from=_date(args.get("from"), _("Từ ngày"), errors),
        date_to=_date(args.get("to"), _("Đến ngày"), errors),
    )
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        errors.append(_("Ngày bắt đầu phải trước ngày kết thúc."))
        filters = Filters(kind=filters.kind, agency=filters.agency, topic=filters.topic, status=filters.status)
    sort = _choice(args.get("sort"), SORTS) or "relevance"
    try:
        page = int(args.get("page") or 1)
    except ValueError:
        page = 1
    page = max(1, min(page, MAX_PAGE))
    if len(clean_query(args.get("q"), limit=10_000)) > MAX_QUERY_CHARS:
        errors.append(_("Từ khoá quá dài: chỉ %(n)s ký tự đầu được dùng.", n=MAX_QUERY_CHARS))
    query = parse(text)
    if query.cut:
        errors.append(_("Câu tìm kiếm có quá nhiều từ: chỉ %(n)s từ đầu được dùng.", n=MAX_TERMS))
    return SearchRequest(text=text, query=query, filters=filters, sort=sort, page=page, errors=errors)


# Shortcuts: a feature may recognise a whole query as the name of one thing (a receipt number
# `GY-2026-000123`) and say where it is; /search then takes the visitor there instead of
# listing results. Registered from create_app (search imports no feature).
SHORTCUTS: dict[str, Callable[[str], str | None]] = {}


def register_shortcut(name: str, target: Callable[[str], str | None]) -> None:
    SHORTCUTS[name] = target


def shortcut(text: str) -> str | None:
    """Where a query that names one thing leads, or None to search as usual."""
    if not text:
        return None
    for target in SHORTCUTS.values():
        location = target(text)
        if location:
            return location
    return None


def run(args) -> SearchRequest:
    search = read_request(args)
    if not search.query:
        return search
    if not service.available():
        search.unavailable = True
        return search
    try:
        search.results = service.search(search.query, search.filters, sort=search.sort, page=search.page, per_page=PER_PAGE)
    except Exception:  # a broken index: say search is unavailable and keep the site up
        service.log.exception("search failed")
        search.unavailable = True
    return search


@bp.route("/search")
def search():
    location = shortcut(clean_query(request.args.get("q")))
    if location:  # with htmx (typing in the search page) the browser goes there too
        if is_htmx():
            return "", 200, {"HX-Redirect": location}
        return redirect(location, code=303)
    found = run(request.args)
    choices = {name: (facet.label, facet.choices()) for name, facet in facets().items()}
    response = render_page_or_partial(
        "search/index.html", "search/_results.html", 503 if found.unavailable and not is_htmx() else 200,
        search=found, facets=choices, kind_labels=kind_labels(),
        page_url=lambda n: url_for("search.search", **found.args(page=n)),
    )
    if is_htmx():  # the address bar shows this search without its empty fields
        response.headers["HX-Push-Url"] = url_for("search.search", **found.args())
    return response
