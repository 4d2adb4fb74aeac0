"""parse_html: main content, metadata, listing pages, robustness, benchmark quality."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migsearch.errors import IngestError
from migsearch.indexer.ingest.html import (
    MAX_HTML_CHARS,
    MAX_TAGS,
    HtmlPage,
    parse_html,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
AEB = SHARED / "article-extraction-benchmark"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


# --------------------------------------------------------------------------- article


@pytest.fixture(scope="module")
def article() -> HtmlPage:
    return parse_html(fixture("article_noisy.html"), "https://news.example.org/x?utm=1")


def test_article_title_drops_site_name(article: HtmlPage) -> None:
    assert article.title == "New guide on ethical recruitment for employers"


def test_article_body_keeps_the_story_in_order(article: HtmlPage) -> None:
    body = article.body
    first = body.index("Employers in Malaysia's electronics")
    heading = body.index("What the guide asks of employers")
    quote = body.index('"Fair recruitment is good for business')
    last = body.index("Labour rights groups welcomed the guide")
    assert first < heading < quote < last
    assert body.startswith("Employers in Malaysia")
    assert body.rstrip().endswith("for agencies that break the rules.")


@pytest.mark.parametrize(
    "noise",
    [
        "cookie",  # banner
        "Home",  # menu
        "Log in",
        "Facebook",  # share widget
        "Related stories",
        "Nepal caps recruitment fees",  # related box inside the story
        "newsletter",
        "Get the week's most important",
        "Great initiative",  # comments
        "four thousand dollars",
        "Advertisement",
        "All rights reserved",  # footer
        "23 November 2026",  # today's date in the top bar
        "By Siti Rahman",  # byline
    ],
)
def test_article_body_drops_furniture(article: HtmlPage, noise: str) -> None:
    assert noise not in article.body


def test_article_blocks_and_list_lines(article: HtmlPage) -> None:
    blocks = article.body.split("\n\n")
    assert "What the guide asks of employers" in blocks
    lst = next(b for b in blocks if b.startswith("Pay all recruitment fees"))
    assert lst.splitlines() == [
        "Pay all recruitment fees and related costs themselves.",
        "Give workers a written contract in a language they understand.",
        "Never hold workers' passports or identity documents.",
    ]
    assert "\n\n\n" not in article.body


def test_article_metadata(article: HtmlPage) -> None:
    assert article.date == "2015-04-27"
    assert article.url == "https://news.example.org/2015/04/ethical-recruitment-guide"
    assert article.type == "news"  # JSON-LD NewsArticle; og:type "article" alone says nothing
    assert article.items == []
    assert article.lang == "en"
    assert article.summary.startswith("A guide helps employers")


# --------------------------------------------------------------------------- listing


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


# --------------------------------------------------------------------------- titles


def test_title_from_title_tag_without_site() -> None:
    html = (
        "<html><head><title>Labour migration in Asia | ILO</title></head>"
        "<body><p>Some text about labour migration that is long enough to matter.</p>"
        "</body></html>"
    )
    assert parse_html(html).title == "Labour migration in Asia"


def test_title_site_name_by_initials() -> None:
    html = (
        "<html><head><title>Labour migration in Asia - International Labour Organization"
        "</title></head><body><p>Text about labour migration long enough to matter here."
        "</p></body></html>"
    )
    assert parse_html(html, "https://www.ilo.org/x").title == "Labour migration in Asia"


def test_title_from_h1_when_no_og() -> None:
    html = (
        "<html><head><title>Site - Home</title></head><body><h1>Fishers in Thailand</h1>"
        "<p>Text about fishers and their work at sea that is long enough.</p></body></html>"
    )
    page = parse_html(html)
    assert page.title == "Fishers in Thailand"
    assert "Fishers in Thailand" not in page.body


def test_og_title_that_is_only_the_site_name_is_skipped() -> None:
    html = (
        '<html><head><meta property="og:title" content="ILO"><meta property="og:site_name" '
        'content="ILO"><title>Fishers | ILO</title></head><body><h1>Fishers in Thailand</h1>'
        "<p>Text about fishers and their work at sea that is long enough.</p></body></html>"
    )
    assert parse_html(html, "https://www.ilo.org/x").title == "Fishers in Thailand"


def test_table_layout_page() -> None:
    # old-style pages lay out menu, content and footer in table cells
    para = (
        "<p>Paragraph {}: the Convention applies to all migrant workers employed in the "
        "territory of a Member, and to members of their families.</p>"
    )
    html = (
        "<html><body><table><tr><td colspan=2>Organization | <a href=/>Home</a> | "
        "<a href=/s>Search</a></td></tr><tr><td><a href=/a>Conventions</a><br>"
        "<a href=/b>Recommendations</a><br><a href=/c>Ratifications by country</a></td>"
        "<td><b>C097 - Migration for Employment Convention</b><br>Adoption: Geneva, 1949"
        + "".join(para.format(i) for i in range(3))
        + "</td></tr><tr><td colspan=2>Copyright and permissions 1996-2019 | Privacy policy"
        "</td></tr></table></body></html>"
    )
    body = parse_html(html).body
    assert body.startswith("C097 - Migration for Employment Convention\nAdoption: Geneva, 1949")
    assert "Paragraph 2" in body
    assert "Ratifications" not in body and "Privacy" not in body and "Search" not in body


def test_script_rendered_page_falls_back_to_json_ld_body() -> None:
    story = "\n\n".join(
        f"Paragraph {i} of a story about recruitment fees paid by migrant workers in the Gulf."
        for i in range(8)
    )
    ld = json.dumps({"@type": "NewsArticle", "headline": "Fees", "articleBody": story})
    html = (
        f'<html><head><script type="application/ld+json">{ld}</script></head><body>'
        '<div id="app">Loading…</div><footer>© 2019</footer></body></html>'
    )
    page = parse_html(html)
    assert page.body == story and page.type == "news"


def test_fragment_keeps_everything() -> None:
    # ReliefWeb bodies are fragments of the report itself: no furniture to remove
    html = "<h2>Key Messages</h2><ul><li>One.</li><li>Two.</li></ul><p>Short.</p>"
    page = parse_html(html)
    assert page.body == "Key Messages\n\nOne.\nTwo.\n\nShort."


# --------------------------------------------------------------------------- robustness


def test_malformed_html() -> None:
    html = (
        "<html><body><div><p>Unclosed paragraph about domestic workers in Hong Kong"
        "<p>Another <b>bold <i>badly</b> nested</i> paragraph about rest days"
        "<div><span>dangling</div></table></td>text after junk closing tags."
    )
    page = parse_html(html)
    assert "domestic workers" in page.body
    assert "badly nested" in page.body.replace("  ", " ")


def test_no_body_element() -> None:
    page = parse_html("<title>Only a title</title>Some loose text about remittances.")
    assert page.title == "Only a title"
    assert "remittances" in page.body


def test_head_only_page_keeps_title() -> None:
    page = parse_html("<html><head><title>Just a head</title></head></html>")
    assert page.title == "Just a head" and page.body == ""


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   \n ",
        "<script>var x = 1;</script>",
        "<html><head><script>alert(1)</script></head><body><script>f()</script></body></html>",
        "<html><body><style>p{}</style><!-- nothing --></body></html>",
        "\x00\x00\x00",
    ],
)
def test_no_text_is_an_ingest_error(html: str) -> None:
    with pytest.raises(IngestError, match=r"no (text|HTML) content"):
        parse_html(html)


def test_ingest_error_is_one_line() -> None:
    with pytest.raises(IngestError) as e:
        parse_html("<script>x</script>", "https://example.org/p")
    assert "\n" not in str(e.value) and str(e.value).startswith("https://example.org/p:")


@pytest.mark.parametrize(
    "html",
    [
        "<?xml version='1.0' encoding='iso-8859-1'?><html><body><p>Déclaration XML</p></body></html>",
        "<p>Caf\u00e9 \ud800 lone surrogate</p>",
        "<html><body>" + "<div>" * 3000 + "deep text" + "</div>" * 3000 + "</body></html>",
        "<<<>>><p <p>>weird</p>&&&#xZZ;&#99999999;",
        "\u202e\ufeff<p>bidi and BOM</p>",
        "plain text, no tags at all, about migrant workers",
    ],
)
def test_odd_inputs_never_raise_anything_else(html: str) -> None:
    try:
        page = parse_html(html)
    except IngestError:
        return
    assert isinstance(page.body, str) and isinstance(page.title, str)


_TAGS = ["p", "div", "a", "li", "ul", "h1", "h2", "script", "table", "td", "tr", "br", "time"]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from([f"<{t}>" for t in _TAGS] + [f"</{t}>" for t in _TAGS]),
            st.sampled_from(
                ['<a href="x">', '<meta property="og:title" content="T">', "<!--", "&amp;"]
            ),
            st.text(max_size=40),
        ),
        max_size=60,
    )
)
def test_any_text_gives_a_page_or_an_ingest_error(parts: list[str]) -> None:
    try:
        page = parse_html("".join(parts), "https://example.org/p")
    except IngestError as e:
        assert "\n" not in str(e)
        return
    assert isinstance(page.body, str) and isinstance(page.title, str)
    for it in page.items:
        assert it.title


@pytest.mark.parametrize(
    ("html", "base"),
    [
        ('<p>a<meta name="date" content="1"><html lang>\x08 text about wages</p>', None),
        ("<p>Text about the rights of migrant workers at sea.</p>", "http://[bad"),
        ('<link rel="canonical" href="http://[x"><p>Text about remittances home.</p>', None),
    ],
)
def test_control_characters_and_bad_urls_are_read_not_refused(html: str, base: str | None) -> None:
    page = parse_html(html, base)
    assert re.search(r"wages|rights|remittances", page.body)


def test_decoded_non_utf8_text_survives() -> None:
    # decoding happens in sources.py; here a windows-1252 page arrives as str
    raw = (
        "<html><head><meta charset='windows-1252'></head><body><p>Travailleurs "
        "migrants : « égalité » de traitement, coût € 1 200 pour l'été.</p></body></html>"
    )
    page = parse_html(raw.encode("cp1252").decode("cp1252"))
    assert "« égalité »" in page.body and "€ 1 200" in page.body


def test_huge_page_is_capped() -> None:
    para = "<p>Migrant workers in the fishing sector report long hours at sea, low pay.</p>"
    head = "<html><head><title>Big</title></head><body><article>"
    filler = "<script>" + "x" * 1000 + "</script>"
    html = head + (para + filler) * (50_000_000 // (len(para) + len(filler)))
    assert len(html) > 45_000_000
    page = parse_html(html)
    assert page.body.startswith("Migrant workers in the fishing sector")
    assert len(page.body) < MAX_HTML_CHARS


def test_nesting_deeper_than_the_parser_allows() -> None:
    html = "<html><body>" + "<div>" * 1000 + "deep text &amp; more" + "</div>" * 1000
    assert parse_html(html).body == "deep text & more"


def test_page_of_tiny_elements_is_capped() -> None:
    page = parse_html("<html><body>" + "<p>word</p>" * 600_000)
    n = page.body.count("word")
    assert 10_000 < n <= MAX_TAGS


def test_huge_page_of_unclosed_scripts() -> None:
    lead = "<html><body><p>Domestic workers in Hong Kong asked for a weekly rest day.</p>"
    page = parse_html(lead + "<script>var a = '<p>';" * 1_000_000)
    assert page.body == "Domestic workers in Hong Kong asked for a weekly rest day."


# --------------------------------------------------------------------------- benchmark


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    toks = re.findall(r"\w+", text)
    if len(toks) < 4:
        return Counter([tuple(toks)] if toks else [])
    return Counter(tuple(toks[i : i + 4]) for i in range(len(toks) - 3))


@pytest.mark.skipif(not AEB.is_dir(), reason=f"shared benchmark data not found at {AEB}")
def test_benchmark_f1_and_no_false_listings() -> None:
    gold = json.loads((AEB / "ground-truth.json").read_text(encoding="utf-8"))
    precisions, recalls, listings = [], [], 0
    for key, rec in gold.items():
        html = gzip.decompress((AEB / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8")
        page = parse_html(html, rec.get("url"))
        listings += bool(page.items)
        g, p = _shingles(rec["articleBody"]), _shingles(page.body)
        tp, fp, fn = sum((g & p).values()), sum((p - g).values()), sum((g - p).values())
        if tp + fp:
            precisions.append(tp / (tp + fp))
        if tp + fn:
            recalls.append(tp / (tp + fn))
    p = sum(precisions) / len(precisions)
    r = sum(recalls) / len(recalls)
    f1 = 2 * p * r / (p + r)
    assert f1 >= 0.95, (f1, p, r)  # goal 0.93; trafilatura scores 0.958, we ~0.98
    assert listings <= 2  # these are all article pages
