"""Dates in text and in page metadata: forms, precision, and the traps."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from migsearch.errors import UsageError
from migsearch.indexer.ingest.html import parse_html
from migsearch.indexer.vocabulary.dates import find_date, normalize_date_arg, parse_date, plausible

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
RELIEFWEB = SHARED / "reliefweb-api-sample"


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Published on 27 April 2015 in Bangkok", "2015-04-27"),
        ("02 March 2015", "2015-03-02"),
        ("April 27, 2015", "2015-04-27"),
        ("Sept. 16, 2014", "2014-09-16"),
        ("13-14 November 2014", "2014-11-13"),
        ("27–29 January 2015", "2015-01-27"),
        ("13 November – 2 December 2014", "2014-11-13"),
        ("16th September 2014", "2014-09-16"),
        ("Monday, 27 April 2015", "2015-04-27"),
        ("2015-04-27", "2015-04-27"),
        ("2015/04/27", "2015-04-27"),
        ("27/04/2015", "2015-04-27"),
        ("04/27/2015", "2015-04-27"),
        ("27.04.2015", "2015-04-27"),
        ("1er mars 2015", "2015-03-01"),
        ("5 de mayo de 2015", "2015-05-05"),
    ],
)
def test_find_date_forms(text: str, iso: str) -> None:
    assert find_date(text) == iso


@pytest.mark.parametrize(
    "text",
    [
        "04/05/2015",  # 4 May or April 5: not guessed
        "© 2019 Migration Library",  # a bare year is not a date in running text
        "In 2015 the law changed",
        "31 February 2015",  # no such day
        "Room 12 May Street 2015",  # "12 May Street" is not followed by a year
    ],
)
def test_find_date_refuses(text: str) -> None:
    assert find_date(text) is None


def test_first_date_wins() -> None:
    assert find_date("Updated 3 May 2016; first published 27 April 2015") == "2016-05-03"


def test_month_precision_only_when_asked() -> None:
    assert find_date("Country brief, December 2025") is None
    assert find_date("Country brief, December 2025", partial=True) == "2025-12"
    assert find_date("Brief 27 April 2015, April 2016", partial=True) == "2015-04-27"


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2015", "2015"),
        ("2015-04", "2015-04"),
        ("2015-04-27T09:30:00+07:00", "2015-04-27"),
        ("20150427", "2015-04-27"),
        ("April 2015", "2015-04"),
        ("27 April 2015", "2015-04-27"),
        ("not a date", None),
        ("2015-13-01", None),
    ],
)
def test_parse_date_keeps_precision(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


def test_plausible() -> None:
    today = dt.date(2026, 11, 23)
    assert plausible("2015-04-27", today)
    assert not plausible("2026-11-23", today)  # today's date is a page header, not a stamp
    assert not plausible("2027-01-01", today)
    assert not plausible("1850", today)
    assert plausible("2026-10", today) and not plausible("2026-12", today)


def test_normalize_date_arg() -> None:
    assert normalize_date_arg("2015") == "2015"
    assert normalize_date_arg("2015-04", end=True) > "2015-04-30"
    assert normalize_date_arg("2015-04", end=True) < "2015-05"
    for bad in ("2015-13", "15-04-2015", "April", "2015-02-30"):
        with pytest.raises(UsageError):
            normalize_date_arg(bad)


# --------------------------------------------------------------------------- in pages


def _page(head: str = "", body: str = "") -> str:
    return f"<html><head><title>T</title>{head}</head><body>{body}</body></html>"


PROSE = (
    "<p>Migrant workers in the fishing sector described their recruitment, their wages "
    "and their hours of work at sea to the researchers.</p>"
)


@pytest.mark.parametrize(
    ("head", "iso"),
    [
        ('<meta property="article:published_time" content="2015-04-27T10:00:00Z">', "2015-04-27"),
        ('<meta name="DC.date.issued" content="2014-11">', "2014-11"),
        ('<meta name="dcterms.issued" content="2013">', "2013"),
        ('<meta name="citation_publication_date" content="2015/04/27">', "2015-04-27"),
        ('<meta name="pubdate" content="20150427">', "2015-04-27"),
        ('<meta name="date" content="27 April 2015">', "2015-04-27"),
        (
            '<script type="application/ld+json">{"@graph": [{"@type": "WebPage"}, '
            '{"@type": "Report", "datePublished": "2016-01-05"}]}</script>',
            "2016-01-05",
        ),
    ],
)
def test_date_from_metadata(head: str, iso: str) -> None:
    assert parse_html(_page(head, PROSE)).date == iso


def test_metadata_beats_text() -> None:
    html = _page(
        '<meta name="citation_publication_date" content="2015-04-27">',
        "<h1>Study</h1><p>Updated 3 May 2019</p>" + PROSE,
    )
    assert parse_html(html).date == "2015-04-27"


def test_time_element() -> None:
    html = _page(body='<h1>Study</h1><time datetime="2014-09-16">16 Sep</time>' + PROSE)
    assert parse_html(html).date == "2014-09-16"


def test_date_near_title_not_copyright_or_today() -> None:
    today = dt.datetime.now(dt.UTC).date().strftime("%d %B %Y")
    html = _page(
        body=f"<div class='top'>{today}</div><h1>Study of fishers</h1>"
        "<p class='meta'>16th September 2014</p>"
        + PROSE
        + "<footer>© 2019 Library. Last updated 1 January 2020</footer>"
    )
    assert parse_html(html).date == "2014-09-16"


def test_no_date_rather_than_a_wrong_one() -> None:
    html = _page(body="<h1>Study</h1>" + PROSE + "<footer><p>© 2019 The Library</p></footer>")
    assert parse_html(html).date is None


@pytest.mark.skipif(
    not RELIEFWEB.is_dir(), reason=f"shared ReliefWeb sample not found at {RELIEFWEB}"
)
def test_reliefweb_metadata_dates_parse() -> None:
    reports = []
    for f in sorted(RELIEFWEB.glob("*_reports.json")):
        reports.extend(json.loads(f.read_text(encoding="utf-8"))["reports"])
    assert len(reports) == 50
    ok = sum(parse_date(r["date"]["original"]) == r["date"]["original"][:10] for r in reports)
    assert ok == 50


def test_shown_date_ignores_metadata() -> None:
    html = _page(
        '<meta property="article:published_time" content="2015-04-28T02:00:00Z">',
        "<h1>Study</h1><p class='dateline'>April 27, 2015</p>" + PROSE,
    )
    page = parse_html(html)
    assert (page.date, page.shown_date) == ("2015-04-28", "2015-04-27")


def test_caption_and_link_dates_are_not_the_page_date() -> None:
    html = _page(
        body="<h1>Study</h1><figure><figcaption>In this 12 Dec. 2006 photo, a boat."
        "</figcaption></figure><p><a href='/old'>Story of 3 May 2010</a></p>" + PROSE
    )
    assert parse_html(html).date is None
