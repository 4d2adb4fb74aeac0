"""The search page in a real headless Chromium against a real ``migsearch serve``.

Debian's chromium (/usr/bin/chromium) is driven through Playwright; Playwright's
own browser download is never used. Screenshots land in tests/artifacts/.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from server_fixtures import Server, build_index
from support import ROOT

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="browser tests need Debian's chromium at /usr/bin/chromium "
        "(apt-get install -y chromium)",
    ),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


class Watch:
    """What a page did that it should not: third-party requests, console errors, dialogs."""

    def __init__(self, page, base: str) -> None:
        self.foreign: list[str] = []
        self.console_errors: list[str] = []
        self.dialogs: list[str] = []
        page.on(
            "request",
            lambda r: None if r.url.startswith(base + "/") else self.foreign.append(r.url),
        )
        page.on(
            "console",
            lambda m: self.console_errors.append(m.text) if m.type == "error" else None,
        )
        page.on("pageerror", lambda e: self.console_errors.append(str(e)))

        def on_dialog(d) -> None:
            self.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", on_dialog)

    def assert_clean(self) -> None:
        assert self.foreign == [], "third-party requests"
        assert self.console_errors == [], "console errors (a CSP violation shows here)"
        assert self.dialogs == [], "a dialog opened"


@pytest.fixture()
def page(browser, live_server: Server):
    ctx = browser.new_context(viewport={"width": 1280, "height": 1000})
    pg = ctx.new_page()
    pg.set_default_timeout(15_000)
    pg.watch = Watch(pg, live_server.url)
    yield pg
    ctx.close()


def _total(page) -> int:
    return int(page.get_attribute("#total", "data-total"))


def _facet_counts(page, name: str) -> dict[str, int]:
    out = {}
    for li in page.locator(f"#facet-{name} li").all():
        value = li.locator("input").get_attribute("value")
        out[value] = int(li.locator(".count").get_attribute("data-count"))
    return out


def _hit_titles(page) -> list[str]:
    return page.locator(".hit-title").all_inner_texts()


def _params(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def test_type_query_page_tick_country_and_open_document(page, live_server):
    base = live_server.url
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(base + "/")
    assert page.title() == "Resources on labour migration"

    # type a query
    page.get_by_label("Search terms").fill("migrant")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"[?&]q=migrant"))
    total = _total(page)
    assert total > 10, "the corpus should give more than one page of hits"
    first_page = _hit_titles(page)
    assert len(first_page) == 10
    assert page.locator(".snippet b").count() > 0, "highlighted matches"
    page.screenshot(path=str(ARTIFACTS / "search-desktop.png"), full_page=True)

    # page 2
    page.get_by_role("link", name="Next →").click()
    page.wait_for_url(re.compile(r"[?&]page=2"))
    assert page.locator('.pager a[aria-current="page"]').inner_text() == "2"
    second_page = _hit_titles(page)
    assert second_page and not set(second_page) & set(first_page)
    assert page.locator(".range").inner_text().startswith("Showing 11–")

    # tick a country: the form submits itself (JS) and starts again at page 1
    countries = _facet_counts(page, "country")
    code, expected = next((c, n) for c, n in countries.items() if 0 < n < total)
    themes_before = _facet_counts(page, "theme")
    page.locator(f"#f-country-{code}").check()
    page.wait_for_url(re.compile(rf"[?&]country={code}"))
    assert "page" not in _params(page)
    assert _params(page)["q"] == ["migrant"]
    assert page.locator(f"#f-country-{code}").is_checked()
    assert _total(page) == expected
    assert len(_hit_titles(page)) == min(expected, 10)
    assert _facet_counts(page, "theme") != themes_before, "theme counts follow the country"
    # multi-select: the other countries keep their counts
    assert _facet_counts(page, "country") == countries
    api = httpx.get(base + "/api/search", params={"q": "migrant", "country": code}).json()
    assert _hit_titles(page) == [h["title"] or "Untitled document" for h in api["hits"]]

    # the URL is the whole state: a fresh tab on it shows the same page
    shared = page.context.new_page()
    shared.goto(page.url)
    assert _total(shared) == expected and shared.locator(f"#f-country-{code}").is_checked()
    shared.close()

    # open a document and come back
    title = _hit_titles(page)[0]
    page.locator(".record-link").first.click()
    page.wait_for_url(re.compile(r"/documents/"))
    assert page.locator("#doc-title").inner_text() == title
    page.screenshot(path=str(ARTIFACTS / "document.png"), full_page=True)
    page.get_by_role("link", name="← Back to results").click()
    page.wait_for_url(re.compile(rf"[?&]country={code}"))
    assert _total(page) == expected
    page.watch.assert_clean()


def test_filters_work_without_javascript(browser, live_server):
    ctx = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 1000})
    page = ctx.new_page()
    watch = Watch(page, live_server.url)
    try:
        page.goto(live_server.url + "/?q=migrant")
        apply = page.get_by_role("button", name="Apply filters")
        assert apply.is_visible(), "without JS the Apply button is how filters are sent"
        themes = _facet_counts(page, "theme")
        theme, expected = next(iter(themes.items()))
        page.locator(f"#f-theme-{theme}").check()
        page.wait_for_timeout(300)
        assert "theme=" not in page.url, "nothing submits by itself without JS"
        apply.click()
        page.wait_for_url(re.compile(rf"[?&]theme={theme}"))
        assert _total(page) == expected
        page.select_option("#sort", "newest")
        page.get_by_role("button", name="Apply", exact=True).click()
        page.wait_for_url(re.compile(r"[?&]sort=newest"))
        dates = page.locator(".hit-meta time").evaluate_all(
            "els => els.map(e => e.getAttribute('datetime'))"
        )
        assert dates == sorted(dates, reverse=True)
        watch.assert_clean()
    finally:
        ctx.close()


def test_readable_on_a_phone(browser, live_server):
    ctx = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = ctx.new_page()
    try:
        page.goto(live_server.url + "/?q=migrant+workers&country=ASEAN")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "search-phone.png"))
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, "no horizontal scrolling on a phone"
        # results come first, the criteria below them
        results = page.locator(".results").bounding_box()
        criteria = page.locator(".criteria").bounding_box()
        assert criteria["y"] > results["y"]
        # and the first hit's title and the start of its snippet are on the first screen
        first = page.locator(".hit").first
        title = first.locator(".hit-title").bounding_box()
        assert title["y"] + title["height"] < 844, "the first hit is below the first screen"
        assert first.locator(".hit-meta").bounding_box()["y"] < 844
        assert page.locator("#f-region-ASEAN").is_checked()
    finally:
        ctx.close()


def test_hostile_page_runs_no_script(page, live_server):
    base = live_server.url
    page.goto(base + "/?q=xylophonecanary")
    assert _total(page) == 2
    titles = _hit_titles(page)
    assert any("<script>" in t for t in titles), "the markup shows as text"
    assert any("<img src=x onerror=" in t for t in titles)
    _assert_no_script_ran(page)
    page.screenshot(path=str(ARTIFACTS / "hostile-results.png"), full_page=True)

    links = page.locator(".record-link").evaluate_all("els => els.map(e => e.href)")
    assert len(links) == 2
    for link in links:
        page.goto(link)
        assert "<" in page.locator("#doc-title").inner_text()
        _assert_no_script_ran(page)
    page.watch.assert_clean()


def _assert_no_script_ran(page) -> None:
    page.wait_for_timeout(300)  # an onerror handler would fire after the image fails
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.title() != "pwned", "the payload would set document.title"
    assert page.evaluate("document.images.length") == 0
    scripts = page.evaluate("Array.from(document.scripts).map(s => s.getAttribute('src'))")
    assert scripts == ["/static/app.js"]
    assert page.locator("iframe, object, embed, foreignObject").count() == 0
    # the only SVG is the page's own year chart, if the hits have dates
    assert page.locator("svg:not(.year-chart-svg)").count() == 0
    assert page.locator("svg script, svg [onload], svg [onclick]").count() == 0
    assert page.locator('a[href^="javascript:" i]').count() == 0
    assert page.watch.dialogs == []


#: each criteria box: its facet in the API, its filter parameter
BOXES = {
    "region": ("regions", "country"),
    "country": ("countries", "country"),
    "corridor": ("corridors", "corridor"),
    "group": ("groups", "group"),
    "theme": ("themes", "theme"),
    "type": ("types", "type"),
}


def test_every_facet_is_multi_select_with_counts_that_ignore_its_own_filter(page, live_server):
    checked = _check_multi_select(page, live_server.url, "migrant", BOXES)
    # the type box needs two types; the sample corpus has none
    assert set(BOXES) - checked == {"type"}
    page.watch.assert_clean()


def _check_multi_select(page, base: str, query: str, boxes: dict[str, tuple[str, str]]) -> set[str]:
    """Tick one value of each box, then a second: the hits follow the filter (one value,
    then either), the box keeps its own counts and the other boxes count as the API does.
    Returns the boxes that had two values to tick."""
    api = f"{base}/api/search"
    page.goto(f"{base}/?q={query}")
    total = _total(page)
    checked = set()
    for box, (facet, param) in boxes.items():
        counts = _facet_counts(page, box)
        if len(counts) < 2:
            continue
        checked.add(box)
        (first, n1), (second, n2) = list(counts.items())[:2]
        # tick one value: the total is its count, the box keeps every count
        page.locator(f"#f-{box}-{first}").check()
        page.wait_for_url(re.compile(rf"[?&]{param}={re.escape(first)}"))
        assert _total(page) == n1, box
        assert _facet_counts(page, box) == counts, f"{box} counts ignore its own filter"
        # tick a second: the values OR, the box still unchanged
        page.locator(f"#f-{box}-{second}").check()
        page.wait_for_url(re.compile(rf"{param}={re.escape(second)}"))
        both = httpx.get(api, params={"q": query, param: [first, second]}).json()
        assert _total(page) == both["total"] >= max(n1, n2), box
        assert _facet_counts(page, box) == counts
        # the other facets follow the filter, as the API counts them
        for other, (other_facet, _) in boxes.items():
            if other != box and other_facet not in (facet, "countries", "regions"):
                want = {v["value"]: v["count"] for v in both["facets"][other_facet]}
                shown = _facet_counts(page, other)
                assert {k: want[k] for k in shown} == shown, (box, other)
        # back to the whole result
        page.goto(f"{base}/?q={query}")
        assert _total(page) == total
    return checked


#: Boxes the sample corpus cannot fill (one language, no publishers, no types): a small
#: index of its own has three publishers, three languages, three types and four years.
MORE_BOXES = {
    "type": ("types", "type"),
    "publisher": ("publishers", "publisher"),
    "language": ("languages", "language"),
    "year": ("years", "year"),
}
_TH = (
    "กระทรวงแรงงานประกาศมาตรการใหม่สำหรับแรงงานข้ามชาติในภาคประมง ILO "
    "เรือประมงทุกลำต้องแจ้งเข้าและแจ้งออกที่ท่าเรือ และนายจ้างต้องจ่ายค่าจ้างไม่ต่ำกว่าค่าจ้างขั้นต่ำ"
    "ที่กฎหมายกำหนด แรงงานจากเมียนมาและกัมพูชาทำงานบนเรือประมงในประเทศไทยเป็นจำนวนมาก"
)
_VI = (
    "Người lao động Việt Nam đi làm việc ở Nhật Bản ngày càng tăng theo ILO. Số lượng thực tập "
    "sinh kỹ năng tại Nhật Bản tiếp tục tăng, nhiều người làm việc trong ngành thủy sản và xây "
    "dựng. Trước khi xuất cảnh, hãy đọc kỹ hợp đồng lao động."
)
_EN = (
    "The ILO reports that migrant workers in the fishing and construction sectors of the region "
    "face long hours, wage deductions and recruitment fees paid to brokers before departure."
)
FACET_RECORDS = [
    dict(zip(("id", "title", "text", "publisher", "date", "type"), row, strict=True))
    for row in [
        ("e1", "Fishing", _EN, "ILO", "2019-03-01", "Report"),
        ("e2", "Fees", _EN, "IOM", "2020-05-01", "News"),
        ("e3", "Brokers", _EN, "ASEAN Secretariat", "2021", "Brief"),
        ("t1", "ประมง", _TH, "ILO", "2021-07-01", "Report"),
        ("t2", "แรงงาน", _TH, "IOM", "2018-01-01", "News"),
        ("v1", "Lao động", _VI, "ILO", "2020-02-01", "Report"),
    ]
]


@pytest.fixture(scope="module")
def facet_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    base = tmp_path_factory.mktemp("facets")
    (base / "src").mkdir()
    lines = "\n".join(json.dumps(r, ensure_ascii=False) for r in FACET_RECORDS)
    (base / "src" / "records.jsonl").write_text(lines + "\n", encoding="utf-8")
    assert build_index([base / "src"], base / "index")["failed"] == 0
    server = Server(base / "index", log=base / "server.log")
    server.wait_ready()
    yield server
    server.stop()


def test_type_publisher_language_and_year_boxes_are_multi_select(browser, facet_server):
    ctx = browser.new_context(viewport={"width": 1280, "height": 1000})
    pg = ctx.new_page()
    pg.set_default_timeout(15_000)
    pg.watch = Watch(pg, facet_server.url)
    try:
        assert _check_multi_select(pg, facet_server.url, "ILO", MORE_BOXES) == set(MORE_BOXES)
        pg.watch.assert_clean()
    finally:
        ctx.close()


def test_regions_named_in_text_and_passing_mentions(page, live_server):
    base = live_server.url
    page.goto(base + "/?q=statistics")
    page.locator("#f-region-ASEAN").check()
    page.wait_for_url(re.compile(r"[?&]country=ASEAN"))
    titles = _hit_titles(page)
    assert len(titles) == 2 and all("Statistics" in t or "statistics" in t.lower() for t in titles)
    # the country box counts documents about a country; the box widens it to mentions
    page.goto(base + "/?country=SAU")
    assert _total(page) == 0
    page.locator("#mentions").check()
    page.wait_for_url(re.compile(r"[?&]mentions=1"))
    assert _total(page) == 1
    assert page.locator("#mentions").is_checked()
    broad = httpx.get(base + "/api/search", params={"country": "SAU", "mentions": "true"}).json()
    counts = {v["value"]: v["count"] for v in broad["facets"]["countries"]}
    shown = _facet_counts(page, "country")
    assert shown and {k: counts[k] for k in shown} == shown
    # a hit shows its corridors; a corridor box ticks from the hit's value
    page.goto(base + "/?q=fishers")
    corridor = page.locator(".hit .corridor").first
    assert "→" in corridor.inner_text()
    value = corridor.get_attribute("data-corridor")
    page.locator(f"#f-corridor-{value}").check()
    page.wait_for_url(re.compile(rf"[?&]corridor={value}"))
    assert page.get_by_role("link", name=re.compile("Remove Corridor:")).count() == 1
    page.screenshot(path=str(ARTIFACTS / "search-corridor.png"), full_page=True)
    page.watch.assert_clean()
