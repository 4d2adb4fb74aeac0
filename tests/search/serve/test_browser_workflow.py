"""The analyst's tools on the search page, in Chromium: the year chart, true multi-year
selection, export buttons, the feed link, clean URLs, the sort label, the document page."""

from __future__ import annotations

import csv
import io
import json
import re
from urllib.parse import parse_qs, quote, urlsplit

import feedparser
import httpx
import pytest
import rispy
from test_browser import CHROMIUM, Watch, browser  # noqa: F401  (the module's browser fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="browser tests need /usr/bin/chromium"),
]


@pytest.fixture()
def page(browser, live_server):  # noqa: F811
    ctx = browser.new_context(viewport={"width": 1280, "height": 1000}, accept_downloads=True)
    pg = ctx.new_page()
    pg.set_default_timeout(15_000)
    pg.watch = Watch(pg, live_server.url)
    yield pg
    ctx.close()


def _total(page) -> int:
    return int(page.get_attribute("#total", "data-total"))


def _params(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query, keep_blank_values=True)


def _api(live_server, **params) -> dict:
    return httpx.get(live_server.url + "/api/search", params=params).json()


def test_year_chart_bars_filter_by_year(page, live_server):
    page.goto(live_server.url + "/?q=migrant")
    hist = _api(live_server, q="migrant", year_histogram="true")["year_histogram"]
    bars = page.locator(".year-chart .bar")
    drawn = {b.get_attribute("data-year"): int(b.get_attribute("data-count")) for b in bars.all()}
    assert drawn == {v["value"]: v["count"] for v in hist if v["count"]}
    # taller bars for more documents
    heights = {b.get_attribute("data-year"): float(b.get_attribute("height")) for b in bars.all()}
    most = max(drawn, key=drawn.get)
    assert heights[most] == max(heights.values())
    year = min(drawn)
    page.locator(f'.year-chart .bar[data-year="{year}"]').click()
    page.wait_for_url(re.compile(rf"[?&]year={year}"))
    assert _params(page)["year"] == [year]
    assert _total(page) == drawn[year]
    assert page.locator(f'.year-chart .bar.picked[data-year="{year}"]').count() == 1
    assert page.locator(f"#f-year-{year}").is_checked()
    page.watch.assert_clean()


def test_ticking_two_years_is_those_two_years(page, live_server):
    years = {v["value"]: v["count"] for v in _api(live_server)["facets"]["years"]}
    ends = sorted(years)[0], sorted(years)[-1]
    assert len(years) >= 3, "the served index needs three years for this test"
    page.goto(live_server.url + "/")
    page.locator(f"#f-year-{ends[0]}").check()
    page.wait_for_url(re.compile(rf"[?&]year={ends[0]}"))
    page.locator(f"#f-year-{ends[1]}").check()
    page.wait_for_url(re.compile(rf"year={ends[0]}.*year={ends[1]}|year={ends[1]}.*year={ends[0]}"))
    assert _total(page) == years[ends[0]] + years[ends[1]]
    between = [y for y in years if ends[0] < y < ends[1]]
    assert between and not page.locator(f"#f-year-{between[0]}").is_checked()
    assert page.locator(".chips").inner_text().count("Year: ") == 2
    page.watch.assert_clean()


def test_export_buttons_download_the_whole_search(page, live_server):
    page.goto(live_server.url + "/?q=migrant&country=ASEAN")
    total = _total(page)
    assert total > 10  # more than the page shows
    with page.expect_download() as dl:
        page.get_by_role("link", name="CSV", exact=True).click()
    rows = list(csv.DictReader(io.StringIO(dl.value.path().read_text("utf-8"))))
    assert len(rows) == total and dl.value.suggested_filename == "migsearch-migrant.csv"
    with page.expect_download() as dl:
        page.get_by_role("link", name="RIS", exact=True).click()
    entries = rispy.loads(dl.value.path().read_text("utf-8"))
    assert len(entries) == total
    assert entries[0]["notes"][0].startswith(
        "Found with migsearch: query 'migrant'; countries ASEAN"
    )
    labels = page.locator(".actions .export").all_inner_texts()
    assert labels == ["CSV", "JSONL", "RIS", "BibTeX"]
    page.watch.assert_clean()


def test_the_page_links_the_feed_of_its_search(page, live_server):
    page.goto(live_server.url + "/?q=migrant&country=THA&sort=oldest&page=2")
    head = page.locator('link[rel="alternate"][type="application/atom+xml"]')
    href = head.get_attribute("href")
    assert href == "/api/feed?q=migrant&country=THA"
    assert page.get_by_role("link", name="Feed of new matches").get_attribute("href") == href
    feed = feedparser.parse(httpx.get(live_server.url + href).content)
    assert feed.bozo == 0 and feed.entries
    newest = _api(live_server, q="migrant", country="THA", sort="newest", limit=20)
    assert [e.title for e in feed.entries] == [h["title"] for h in newest["hits"]]


def test_urls_carry_no_empty_parameters(page, live_server):
    page.goto(live_server.url + "/")
    page.get_by_label("Search terms").fill("migrant")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"\?q=migrant$"))
    page.select_option("#limit", "20")
    page.wait_for_url(re.compile(r"limit=20"))
    assert _params(page) == {"q": ["migrant"], "limit": ["20"]}
    page.select_option("#limit", "10")  # back to the default: out of the URL
    page.wait_for_url(re.compile(r"\?q=migrant$"))


def test_urls_carry_no_empty_parameters_without_javascript(browser, live_server):  # noqa: F811
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    try:
        page.goto(live_server.url + "/?q=migrant")
        page.get_by_role("button", name="Apply filters").click()
        page.wait_for_load_state()
        # the form sent its empty fields; the server answered with the same search without them
        assert urlsplit(page.url).query == "q=migrant"
        assert _total(page) == _api(live_server, q="migrant")["total"]
    finally:
        ctx.close()


def test_the_sort_label_is_true_when_browsing(page, live_server):
    page.goto(live_server.url + "/")
    chosen = page.locator("#sort option:checked").inner_text()
    assert chosen == "Newest first"
    assert "Best match" not in page.locator("#sort").inner_text()
    dates = page.locator(".hit-meta time").evaluate_all("els => els.map(e => e.dateTime)")
    assert dates == sorted(dates, reverse=True)
    page.goto(live_server.url + "/?q=migrant")
    assert page.locator("#sort option:checked").inner_text() == "Best match"


def test_document_page_has_the_original_similar_documents_and_citations(page, live_server):
    hit = next(h for h in _api(live_server, q="migrant", limit=50)["hits"])
    doc = httpx.get(live_server.url + "/api/documents/" + hit["id"]).json()
    page.goto(live_server.url + "/?q=migrant")
    page.locator(f'.record-link[href^="/documents/{hit["id"]}"]').click()
    page.wait_for_url(re.compile(r"/documents/"))
    # the summary is not shown twice when it is the opening of the text
    body_text = page.locator(".doc-body").inner_text()
    if page.locator(".doc-summary").count():
        assert not " ".join(body_text.split()).startswith(
            " ".join(page.locator(".doc-summary").inner_text().split())
        )
    similar = httpx.get(live_server.url + "/api/similar/" + hit["id"], params={"limit": 5}).json()
    assert page.locator(".similar-link").all_inner_texts() == [
        h["title"] or "Untitled document" for h in similar["hits"]
    ]
    with page.expect_download() as dl:
        page.get_by_role("link", name="BibTeX").click()
    assert dl.value.path().read_text("utf-8").count("@") == 2  # a @comment and the entry
    # a similar document opens with the way back to the same results
    page.locator(".similar-link").first.click()
    page.wait_for_url(re.compile(r"/documents/.*back="))
    page.get_by_role("link", name="← Back to results").click()
    page.wait_for_url(re.compile(r"\?q=migrant"))
    page.watch.assert_clean()
    assert doc["id"] == hit["id"]


def test_document_page_links_the_original(page, live_server):
    export = httpx.get(live_server.url + "/api/export", params={"format": "jsonl"}).text
    docs = [json.loads(line) for line in export.splitlines()]
    web = next(d for d in docs if (d["url"] or "").startswith("https://"))
    page.goto(live_server.url + "/documents/" + quote(web["id"], safe=""))
    link = page.locator(".original-link")
    assert link.get_attribute("href") == web["url"]
    assert link.get_attribute("rel") == "noopener noreferrer nofollow"
    assert link.inner_text() == "Open the original on www.ilo.org"
    # a javascript: address is never a link
    bad = next(d for d in docs if (d["url"] or "").startswith("javascript:"))
    page.goto(live_server.url + "/documents/" + quote(bad["id"], safe=""))
    assert page.locator(".original-link").count() == 0
    page.watch.assert_clean()
