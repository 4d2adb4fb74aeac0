"""A page's date: declared in metadata, in a <time>, or shown near the title; never a copyright year."""

from __future__ import annotations

import datetime as dt

import pytest

from migsearch.indexer.ingest.html import parse_html


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
