"""parse_html: the main content of article pages, odd layouts, and robustness to any input."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from benchmarks import bench
from hypothesis import given, settings
from hypothesis import strategies as st
from support import need_shared, run_cli

from migsearch.errors import IngestError
from migsearch.indexer.ingest.html import (
    MAX_HTML_CHARS,
    MAX_TAGS,
    HtmlPage,
    parse_html,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


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


def test_main_content_keeps_its_quality_on_the_benchmark_pages() -> None:
    """The figure bench/extraction.py reports, floored on each half (measured 0.982
    tuning, 0.980 held-out, a page read as a listing scored by its longest record);
    these are all article pages, and one of the 181 is read as a listing today: no
    more may be."""
    need_shared("article-extraction-benchmark")
    extraction = bench("extraction")
    _, gold = extraction.load_pages()
    listings = 0
    for part, keys in extraction.split(sorted(gold), lambda k: k).items():
        f1, p, r, n = extraction.main_content_scores(keys)
        assert f1 >= 0.97, (part, f1, p, r)
        listings += n
    assert listings <= 1


def test_main_content_floor_on_pages_in_other_languages() -> None:
    """German, French, Spanish and Indonesian pages written for the project."""
    f1, p, r = bench("extraction").multilingual_scores()
    assert f1 >= 0.95, (f1, p, r)


def test_pages_of_headings_lists_tables_and_repeated_blocks_are_one_whole_document() -> None:
    """bench/structured_pages.py: each page is one record (an FAQ of in-page links and
    a digest inside the page's article are no listings) and loses none of its text."""
    extraction = bench("extraction")
    pages = bench("structured_pages").PAGES
    assert all(parse_html(p.html).items == [] for p in pages)
    f1, p, r = extraction.multilingual_scores("ours", pages)
    assert f1 >= 0.95, (f1, p, r)


def test_held_out_quality_is_at_least_trafilaturas_in_the_same_run() -> None:
    """The issue's bar: on the held-out half of the 181 pages and on the pages in
    other languages, F1 at least trafilatura's, measured here side by side."""
    need_shared("article-extraction-benchmark")
    extraction = bench("extraction")
    html, gold = extraction.load_pages()
    held = extraction.split(sorted(gold), lambda k: k)["held-out"]
    ours = extraction.main_content_scores(held)[0]
    theirs = extraction.prf(
        extraction.page_counts(
            gold[k]["articleBody"], extraction.trafilatura_text(html[k], gold[k].get("url"))
        )
        for k in held
    )[0]
    assert ours >= theirs, (ours, theirs)
    for pages in (bench("multilingual").PAGES, bench("structured_pages").PAGES):
        ours_ml = extraction.multilingual_scores("ours", pages)[0]
        assert ours_ml >= extraction.multilingual_scores("trafilatura", pages)[0]


def _body(html: str) -> str:
    return parse_html(html).body


_SHELL = (
    "<html><head><title>{t}</title></head><body><nav><a href='/'>Home</a> <a href='/n'>News</a></nav>"
    "{b}<footer><p>Copyright 2024 Example Media. All rights reserved.</p></footer></body></html>"
)
_P = [
    "Migrant workers on Thai fishing boats described long hours and unpaid wages to inspectors last year.",
    "Many had paid recruitment fees to brokers in Cambodia and were still repaying the debt months later.",
    "The labour ministry promised more inspections at the ports of Songkhla and Ranong before the next season.",
]


def test_a_state_class_is_no_furniture_word() -> None:
    """ "has-ads" says the section holds an advert slot, not that it is one."""
    body = _body(
        _SHELL.format(
            t="Fishers",
            b="<article><h1>Fishers</h1>"
            f"<p>{_P[0]}</p><section class='has-ads with-sidebar'><h2>What the inspectors found</h2>"
            f"<p>{_P[1]}</p></section><p>{_P[2]}</p><div class='ad-slot'>Advertisement</div></article>",
        )
    )
    assert "What the inspectors found" in body and _P[1] in body
    assert "Advertisement" not in body


def test_headings_lists_tables_and_captions_inside_the_article_are_kept() -> None:
    body = _body(
        _SHELL.format(
            t="Report",
            b="<main><h1>Report</h1>"
            f"<p>{_P[0]}</p><h2>Main findings</h2><ul><li>Fees paid by 80 per cent</li>"
            "<li>Passports held by employers</li></ul>"
            f"<figure><img src='a.jpg'><figcaption>Crew members in the port of Ranong.</figcaption></figure>"
            f"<p>{_P[1]}</p><table><tr><td>Port</td><td>Vessels</td></tr><tr><td>Ranong</td><td>410</td></tr></table>"
            f"<p>{_P[2]}</p></main><aside><h3>Most read</h3><ul><li><a href='/x'>Other story</a></li></ul></aside>",
        )
    )
    for kept in ("Main findings", "Fees paid by 80 per cent\nPassports held by employers",
                 "Crew members in the port of Ranong.", "Port Vessels", "Ranong 410"):  # fmt: skip
        assert kept in body
    assert "Most read" not in body and "Other story" not in body


def test_posts_in_comment_boxes_that_are_the_page_are_kept() -> None:
    posts = "".join(
        f"<div class='comment'><div class='comment-meta'>user{i}</div>"
        f"<div class='comment-content'><p>{p}</p></div></div>"
        for i, p in enumerate(_P)
    )
    body = _body(_SHELL.format(t="Thread", b=f"<h1>Thread</h1><div class='comments'>{posts}</div>"))
    assert all(p in body for p in _P)


def test_reader_comments_under_an_article_stay_out() -> None:
    comments = "".join(
        f"<li class='comment'><p>{p} I fully agree with this, thank you.</p></li>" for p in _P
    )
    article = "".join(f"<p>{p}</p>" for p in _P[:2])
    body = _body(
        _SHELL.format(
            t="Story",
            b=f"<article><h1>Story</h1>{article}</article><ol class='comment-list'>{comments}</ol>",
        )
    )
    assert _P[0] in body and "I fully agree" not in body


def test_a_short_article_beside_five_teasers_is_no_listing() -> None:
    teasers = "".join(
        f"<div class='story-teaser'><h3><a href='/s/{i}'>Related story number {i} on migration</a></h3>"
        f"<p>A short blurb about another story, number {i}, on the same subject.</p></div>"
        for i in range(5)
    )
    page = parse_html(
        _SHELL.format(
            t="Short",
            b=f"<div class='content-area'><article class='story'><h1>Short</h1><p>{_P[0]}</p>"
            f"<p>{_P[1]}</p></article><section class='more'>{teasers}</section></div>",
        )
    )
    assert page.items == []
    assert page.body == f"{_P[0]}\n\n{_P[1]}"


def test_recipe_ingredients_and_steps_are_the_content() -> None:
    body = _body(
        _SHELL.format(
            t="Rendang",
            b="<div class='entry-content'><h1>Rendang</h1>"
            f"<p>{_P[0]}</p><div class='recipe-card'><h2>Ingredients</h2><ul class='ingredients'>"
            "<li class='ingredient'>1 kg beef</li><li class='ingredient'>1 litre coconut milk</li></ul>"
            "<h2>Steps</h2><ol class='steps'><li class='step'>Fry the spice paste until fragrant.</li>"
            "<li class='step'>Add the beef and coconut milk and simmer for three hours.</li></ol>"
            "<div class='tip-box'><p>Tip: rendang tastes better the next day.</p></div></div></div>",
        )
    )
    assert "1 kg beef\n1 litre coconut milk" in body
    assert "Fry the spice paste until fragrant." in body and "Tip: rendang" in body


def test_a_page_refused_in_a_folder_is_named_by_its_file(tmp_path: Path) -> None:
    """The parser knows no file name: a refusal must still say which file it was."""
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "deep.html").write_text(
        "<html><body>" + "<div>" * 100_000 + "deep text" + "</div>" * 100_000 + "</body></html>"
    )
    (folder / "fine.html").write_text(
        "<html><head><title>Fishers</title></head><body><p>Migrant fishers.</p></body></html>"
    )
    run = run_cli("index", str(folder), "--index", str(tmp_path / "ix"))
    refused = [line for line in run.stderr.splitlines() if "no text content" in line]
    assert refused == [f"skipped: {folder / 'deep.html'}: no text content"], run.stderr
    assert "<html>" not in run.stderr and "1 document" in run.stdout, run.stdout
