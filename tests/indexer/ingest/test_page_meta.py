"""What a page declares about itself: its title without the site's name around it."""

from __future__ import annotations

from migsearch.indexer.ingest.html import parse_html


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
