"""The layout seen through the test client: the header's menus (usable without JavaScript),
the text-size buttons' accessible names, and the list filters of /search, /ideas and
/consultations with their removable chips."""
from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest

from tests.conftest import count_queries
from tests.factories import make_agency, make_staff, make_user

CHIP = re.compile(
    r'<a class="chip" href="([^"]+)"><span class="visually-hidden">Bỏ lọc: </span>(.*?)<span class="chip-x" aria-hidden="true">×</span></a>'
)


def chips(page: str) -> dict[str, dict]:
    """{visible text of each chip: the query of the list it links to}."""
    found = {}
    for href, text in CHIP.findall(page):
        parts = urlsplit(unescape(href))
        found[unescape(text)] = {"path": parts.path, **dict(parse_qsl(parts.query))}
    return found


# --- the header -----------------------------------------------------------------------------

def test_menus_are_details_that_open_without_javascript(client):
    page = client.get("/").get_data(as_text=True)
    header = page[page.index("<header"):page.index("</header>")]
    # The main menu, the display options: <details>/<summary>, closed in the HTML (phones).
    assert re.search(r'<details class="menu menu-nav" data-open-wide>\s*<summary>Danh mục</summary>', header)
    assert re.search(r'<details class="menu menu-prefs">\s*<summary>Hiển thị</summary>', header)
    assert "<details open" not in header
    # Anonymous: sign in and register are plain links.
    assert re.search(r'<ul class="account-links">\s*<li><a href="/login\?next=/">Đăng nhập</a></li>', header)


def test_staff_account_links_fold_into_one_menu_list(client, signed_in):
    agency = make_agency()
    staff = make_staff(agency)
    signed_in(staff)
    page = client.get("/").get_data(as_text=True)
    menu = re.search(r'<details class="menu menu-account">\s*<summary>Tài khoản</summary>\s*<ul class="menu-panel">(.*?)</ul>', page, re.S)
    assert menu, "no account menu"
    items = re.findall(r"<li[^>]*><a href=\"([^\"]+)\">([^<]+)</a></li>", menu.group(1))
    labels = [unescape(text) for _, text in items]
    assert labels[1:] == ["Hoạt động của tôi", "Dự thảo của cơ quan", "Cần trả lời", "Sáng kiến cần xử lý", "Đối thoại của cơ quan", "Đăng xuất"]
    assert labels[0] == staff.public_name  # escaped hostile text, shown whole
    assert ("/logout", "Đăng xuất") in items


def test_text_size_buttons_name_starts_with_their_visible_text(client):
    """WCAG 2.5.3: the accessible name of A−/A/A+ contains what they show (no aria-label)."""
    page = client.get("/").get_data(as_text=True)
    for value, shown, hidden in (("smaller", "A−", "Giảm cỡ chữ"), ("reset", "A", "Cỡ chữ mặc định"), ("larger", "A+", "Tăng cỡ chữ")):
        button = re.search(rf'<button type="submit" name="text_size" value="{value}"[^>]*>(.*?)</button>', page).group(0)
        assert "aria-label" not in button
        assert f'>{shown}<span class="visually-hidden"> {hidden}</span></button>' in button


def test_preferences_form_still_works_from_the_menu(client):
    response = client.post("/preferences", data={"text_size": "larger", "next": "/ideas"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/ideas")
    assert 'class="text-large' in client.get("/ideas").get_data(as_text=True)


# --- list filters and chips ------------------------------------------------------------------

def _topic(name: str):
    from civic.topics.services import create_topic
    from civic.extensions import db

    topic = create_topic(name)
    db.session.commit()
    return topic


def test_ideas_filters_fold_behind_a_details_and_show_removable_chips(client):
    topic = _topic("Đất đai")
    agency = make_agency("Sở Tư pháp", slug="so-tu-phap")
    page = client.get(f"/ideas?topic={topic.slug}&agency={agency.slug}&status=published&sort=newest&page=2").get_data(as_text=True)
    assert re.search(r'<details class="filter-panel" data-open-wide>\s*<summary class="button">Bộ lọc<span id="filter-count" class="filter-count"> \(3\)</span></summary>', page)
    found = chips(page)
    assert set(found) == {"Lĩnh vực: Đất đai", "Cơ quan: Sở Tư pháp", "Trạng thái: Đang nhận ủng hộ"}
    # Each chip leads to the same list without its filter, keeping the others and the sort,
    # from the first page.
    assert found["Lĩnh vực: Đất đai"] == {"path": "/ideas", "agency": agency.slug, "status": "published", "sort": "newest"}
    assert found["Cơ quan: Sở Tư pháp"] == {"path": "/ideas", "topic": topic.slug, "status": "published", "sort": "newest"}
    assert found["Trạng thái: Đang nhận ủng hộ"] == {"path": "/ideas", "topic": topic.slug, "agency": agency.slug, "sort": "newest"}
    assert '<a class="chip-clear" href="/ideas?sort=newest">Bỏ tất cả bộ lọc</a>' in page
    # Following a chip drops the filter (and its chip).
    after = client.get(urlsplit(unescape(CHIP.search(page).group(1))).geturl()).get_data(as_text=True)
    assert len(chips(after)) == 2


def test_live_search_results_replace_the_count_of_active_filters(client):
    """htmx swaps only #search-results: the panel's "Bộ lọc (n)" comes with it, out of band."""
    page = client.get("/search?q=dat+dai&kind=comment").get_data(as_text=True)
    assert '<span id="filter-count" class="filter-count"> (1)</span></summary>' in page
    live = client.get("/search?q=dat+dai&kind=comment&from=01/01/2026", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert '<span id="filter-count" class="filter-count" data-hx-swap-oob="true"> (2)</span>' in live
    none = client.get("/search?q=dat+dai", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert '<span id="filter-count" class="filter-count" data-hx-swap-oob="true"></span>' in none
    assert "data-hx-swap-oob" not in client.get("/search?q=dat+dai&kind=comment").get_data(as_text=True)


def test_no_filter_no_chips_and_the_form_still_submits_without_javascript(client):
    page = client.get("/ideas").get_data(as_text=True)
    assert chips(page) == {} and 'class="chips"' not in page
    assert '<summary class="button">Bộ lọc<span id="filter-count" class="filter-count"></span></summary>' in page
    # The filter form is a plain GET form with its own submit button.
    form = re.search(r'<form method="get" action="/ideas" class="filter-form" role="search"[^>]*>(.*?)</form>', page, re.S).group(1)
    assert '<button type="submit" class="button">Lọc</button>' in form
    assert 'name="topic"' in form and 'name="status"' in form


def test_an_unknown_filter_value_still_gets_a_chip_to_remove_it(client):
    page = client.get("/ideas?topic=khong-co").get_data(as_text=True)
    assert chips(page) == {"Lĩnh vực: khong-co": {"path": "/ideas"}}


def test_consultation_filters_and_chips(client):
    topic = _topic("Giao thông")
    agency = make_agency("UBND quận Bình Tân", slug="binh-tan")
    page = client.get(f"/consultations?status=open&kind=plan&agency={agency.slug}&topic={topic.slug}").get_data(as_text=True)
    assert '<details class="filter-panel" data-open-wide>' in page
    found = chips(page)
    assert set(found) == {"Trạng thái: Đang lấy ý kiến", "Loại dự thảo: Dự thảo kế hoạch", "Cơ quan: UBND quận Bình Tân", "Lĩnh vực: Giao thông"}
    assert found["Loại dự thảo: Dự thảo kế hoạch"] == {"path": "/consultations", "status": "open", "agency": agency.slug, "topic": topic.slug}
    assert found["Trạng thái: Đang lấy ý kiến"] == {"path": "/consultations", "kind": "plan", "agency": agency.slug, "topic": topic.slug}


def test_search_filters_and_chips_in_the_page_and_the_live_fragment(client):
    agency = make_agency("Sở Nội vụ", slug="so-noi-vu")
    url = f"/search?q=cai+cach&kind=consultation&agency={agency.slug}&from=01/11/2026&to=30/11/2026&sort=date"
    page = client.get(url).get_data(as_text=True)
    # The live results stay: the form drives #search-results with htmx.
    assert 'data-hx-get="/search"' in page and 'data-hx-target="#search-results"' in page
    assert '<details class="filter-panel" data-open-wide>' in page
    found = chips(page)
    assert set(found) == {"Loại: Dự thảo", "Cơ quan: Sở Nội vụ", "Từ ngày: 01/11/2026", "Đến ngày: 30/11/2026"}
    assert found["Loại: Dự thảo"] == {"path": "/search", "q": "cai cach", "agency": agency.slug, "from": "2026-11-01", "to": "2026-11-30", "sort": "date"}
    assert found["Từ ngày: 01/11/2026"] == {"path": "/search", "q": "cai cach", "kind": "consultation", "agency": agency.slug, "to": "2026-11-30", "sort": "date"}
    # The htmx fragment carries the chips too (they change as one filters).
    fragment = client.get(url, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert fragment.startswith('<div id="search-results"') and chips(fragment) == found
    # Removing the date filter from its chip works (the ISO date in the link is accepted).
    after = client.get("/search?" + "&".join(f"{k}={v}" for k, v in found["Từ ngày: 01/11/2026"].items() if k != "path"))
    assert set(chips(after.get_data(as_text=True))) == {"Loại: Dự thảo", "Cơ quan: Sở Nội vụ", "Đến ngày: 30/11/2026"}


@pytest.mark.parametrize("path", ["/ideas?status=published&topic=x", "/consultations?status=open&topic=x"])
def test_filtered_lists_keep_their_query_bound(client, path):
    client.get(path)  # warm caches
    with count_queries() as counter:
        assert client.get(path).status_code == 200
    assert counter.count <= 12, counter.statements


def test_citizen_sees_their_name_in_the_account_menu(client, signed_in):
    user = make_user(display_name="Nguyễn Văn An")
    signed_in(user)
    page = client.get("/").get_data(as_text=True)
    assert re.search(r'<details class="menu menu-account">\s*<summary>Tài khoản</summary>\s*<ul class="menu-panel">\s*<li><a href="/account">Nguyễn Văn An</a></li>', page)
