"""Listing pages: many resources on one page, each a record; a related box is no listing."""

from __future__ import annotations

from pathlib import Path

import pytest

from migsearch.indexer.ingest.html import HtmlPage, parse_html

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def listing() -> HtmlPage:
    return parse_html(
        fixture("listing_resources.html"), "https://library.example.org/resources/all?page=1"
    )


def test_listing_items_found(listing: HtmlPage) -> None:
    assert [it.title for it in listing.items] == [
        "Employment practices and working conditions in Thailand's fishing sector",
        "Domestic workers from Indonesia and the Philippines call for a weekly rest day",
        "7th ASEAN Forum on Migrant Labour",
        "Policy brief: Recruitment fees and related costs paid by migrant workers",
        "Remittances and household welfare in Myanmar",
    ]


def test_listing_item_fields(listing: HtmlPage) -> None:
    first, second, event, brief, last = listing.items
    assert first.url == "https://library.example.org/resources/fishers-in-thailand"
    assert first.date == "2015-04-27"
    assert first.type == "report"
    assert first.summary.startswith("This study surveys migrant fishers")
    assert "27 April 2015" not in first.summary and "Report" not in first.summary
    assert second.date == "2015-04-02" and second.type == "news"
    assert event.date == "2014-11-13" and event.type == "event"  # a range takes its first day
    assert brief.date is None and brief.type == "publication"
    assert brief.url == "https://library.example.org/resources/recruitment-fees-brief"
    # relative to the page's own address, as a browser would resolve it
    assert last.url == "https://library.example.org/resources/resources/remittances-myanmar"
    assert last.date == "2015-03-02"


def test_listing_page_itself(listing: HtmlPage) -> None:
    assert listing.title == "All Resources"
    assert listing.url == "https://library.example.org/resources/all"
    assert listing.date is None  # an item's date is not the page's
    titles = {it.title for it in listing.items}
    assert not any("Thailand (24)" in t or "Privacy" in t or "Next" in t for t in titles)


def test_listing_page_that_calls_itself_an_article() -> None:
    html = fixture("listing_resources.html").replace(
        "<head>", '<head><meta property="og:type" content="article">', 1
    )
    assert len(parse_html(html).items) == 5


def test_listing_of_links_with_dates() -> None:
    rows = [
        ("/pub/1", "Migrant domestic workers in Malaysia: a survey", "12 March 2016"),
        ("/pub/2", "Recruitment fees in the Nepal to Qatar corridor", "5 February 2016"),
        ("/pub/3", "Fishers and seafood processing workers in Thailand", "December 2014"),
    ]
    lis = "".join(
        f'<li><a href="{u}">{t}</a> <span class="date">{d}</span></li>' for u, t, d in rows
    )
    html = (
        "<html><body><nav><ul><li><a href='/'>Home</a></li><li><a href='/a'>About us</a></li>"
        f"<li><a href='/t'>Topics</a></li></ul></nav><main><h1>Publications</h1><ul>{lis}</ul>"
        "</main></body></html>"
    )
    items = parse_html(html, "https://www.ilo.org/pubs").items
    assert [(i.url, i.title, i.date, i.summary) for i in items] == [
        ("https://www.ilo.org/pub/1", rows[0][1], "2016-03-12", ""),
        ("https://www.ilo.org/pub/2", rows[1][1], "2016-02-05", ""),
        ("https://www.ilo.org/pub/3", rows[2][1], "2014-12", ""),  # month precision kept
    ]


def test_listing_in_a_table() -> None:
    rows = [
        ("d1.pdf", "Labour migration in Asia and the Pacific, trends", "2015-04-27", "Report"),
        ("d2.pdf", "Guidelines on fair recruitment and related costs", "2016-01-05", "Publication"),
        ("d3.pdf", "Regional meeting on migrant workers' rights", "2014-11-13", "Event"),
    ]
    trs = "".join(
        f'<tr><td><a href="{u}">{t}</a></td><td>{d}</td><td>{k}</td></tr>' for u, t, d, k in rows
    )
    html = f"<html><body><h1>Documents</h1><table><tr><th>Title</th><th>Date</th></tr>{trs}</table>"
    items = parse_html(html, "https://x.org/docs/").items
    assert [(i.url, i.date, i.type) for i in items] == [
        ("https://x.org/docs/d1.pdf", "2015-04-27", "report"),
        ("https://x.org/docs/d2.pdf", "2016-01-05", "publication"),
        ("https://x.org/docs/d3.pdf", "2014-11-13", "event"),
    ]


def test_listing_with_read_more_links() -> None:
    news = [
        ("Ministers agree on a regional skills framework", "Labour ministers agreed a framework."),
        (
            "New shelter opens for trafficking survivors",
            "A shelter opened in Phnom Penh for 60 people.",
        ),
        ("Survey of remittance costs published", "Sending money home costs less than it did."),
    ]
    divs = "".join(
        f'<div class="item"><h2>{t}</h2><p>{b}</p><a href="/n/{i}">Read more</a></div>'
        for i, (t, b) in enumerate(news)
    )
    page = parse_html(f"<html><body><h1>News</h1><div>{divs}</div></body></html>", "https://x.org/")
    assert [(i.title, i.summary, i.url) for i in page.items] == [
        (t, b, f"https://x.org/n/{i}") for i, (t, b) in enumerate(news)
    ]


def test_topic_page_with_intro_and_resources_is_a_listing() -> None:
    intro = "".join(
        f"<p>Intro {i}: labour migration in the region is shaped by demographic change, "
        "wage gaps and the demand for workers in construction and fishing.</p>"
        for i in range(3)
    )
    items = "".join(
        f'<div class="resource"><h3><a href="/r/{i}">Resource {i} on fair recruitment in '
        f'Asia</a></h3><span class="date">{i + 1} May 2015</span><p>What resource {i} '
        "covers and which countries it studies, in a sentence or two.</p></div>"
        for i in range(6)
    )
    html = (
        "<html><head><title>Labour migration | Library</title></head><body><nav>"
        "<a href='/'>Home</a></nav><main><h1>Labour migration</h1>"
        f"<div class='intro'>{intro}</div><h2>Resources</h2><div>{items}</div></main></body></html>"
    )
    page = parse_html(html, "https://lib.example.org/topics/migration")
    assert [it.url for it in page.items] == [f"https://lib.example.org/r/{i}" for i in range(6)]
    assert page.items[2].date == "2015-05-03"


@pytest.mark.parametrize(("paragraphs", "box_class"), [(8, "more"), (4, "x"), (8, "x")])
def test_related_box_under_article_is_not_a_listing(paragraphs: int, box_class: str) -> None:
    teasers = "".join(
        f'<div class="teaser"><h3><a href="/story/{i}">Other story number {i} about '
        f"workers</a></h3><p>A short blurb about story {i} that is long enough to count "
        f"as a summary of it.</p></div>"
        for i in range(4)
    )
    paras = "".join(
        f"<p>Paragraph {i} of the article says something about migrant workers and "
        f"their rights, in a sentence that is long enough to be prose.</p>"
        for i in range(paragraphs)
    )
    html = (
        "<html><head><title>Story</title></head><body><article><h1>Story</h1>"
        f"{paras}</article><section class='{box_class}'>{teasers}</section></body></html>"
    )
    page = parse_html(html)
    assert page.items == []
    assert f"Paragraph {paragraphs - 1}" in page.body and "Other story" not in page.body


def test_listing_of_article_elements() -> None:
    items = "".join(
        f'<article class="node"><h2><a href="/r/{i}">Resource {i} on fair recruitment in '
        f"Asia</a></h2><p>What resource {i} covers and which countries it studies.</p></article>"
        for i in range(5)
    )
    html = f"<html><body><main><h1>All resources</h1><div>{items}</div></main></body></html>"
    assert len(parse_html(html).items) == 5


def test_faq_of_in_page_links_is_one_document() -> None:
    # each question links to its own anchor: sections of this page, not resources
    qa = "".join(
        f'<div class="faq-item"><h3><a href="#q{i}">Question {i} about posted workers?</a></h3>'
        f"<div><p>Answer {i}: the minimum wage of the host country applies from day one.</p>"
        "</div></div>"
        for i in range(5)
    )
    html = f"<html><body><div class='page'><h1>FAQ</h1><div>{qa}</div></div></body></html>"
    page = parse_html(html)
    assert page.items == []
    assert "Question 4 about posted workers?" in page.body and "Answer 0:" in page.body


def test_digest_inside_the_pages_own_article_is_one_document() -> None:
    # linked blocks inside the <article> that holds the page's h1: a round-up, one text
    blocks = "".join(
        f'<div class="digest-item"><h2><a href="/story/{i}">Item {i} of the weekly digest</a>'
        f"</h2><p>What happened in item {i}, in one sentence for readers.</p></div>"
        for i in range(5)
    )
    html = (
        "<html><body><nav><a href='/'>Home</a></nav><article><h1>Five things to know</h1>"
        f"<p>Here is the week.</p>{blocks}</article></body></html>"
    )
    page = parse_html(html)
    assert page.items == []
    assert "Item 0 of the weekly digest" in page.body and "in item 4, in one" in page.body
    # the same blocks on a page of their own, outside any article: a listing
    listing = html.replace("<article>", "<main>").replace("</article>", "</main>")
    assert [it.url for it in parse_html(listing, "https://x.org/").items] == [
        f"https://x.org/story/{i}" for i in range(5)
    ]
