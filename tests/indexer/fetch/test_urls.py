"""URL normal form and same-site scope."""

from __future__ import annotations

import pytest

from migsearch.errors import UsageError
from migsearch.indexer.fetch.urls import is_web_url, normalize, origin, resolve, same_site, site_of


def test_normalize_makes_one_spelling_of_an_address() -> None:
    assert (
        normalize("HTTP://Library.Example.ORG:80/a?b=1#top") == "http://library.example.org/a?b=1"
    )
    assert normalize("https://x.org") == "https://x.org/"
    assert normalize("https://x.org:8443/p") == "https://x.org:8443/p"
    assert normalize("http://[::1]:8080/p") == "http://[::1]:8080/p"


@pytest.mark.parametrize("bad", ["ftp://x.org/a", "http://", "not a url", "http://[bad"])
def test_normalize_refuses_what_is_no_web_address(bad: str) -> None:
    with pytest.raises(UsageError):
        normalize(bad)


def test_resolve_links_found_on_a_page() -> None:
    base = "http://x.org/resources/all"
    assert resolve(base, "../files/a.pdf") == "http://x.org/files/a.pdf"
    assert resolve(base, "?page=2") == "http://x.org/resources/all?page=2"
    for href in ("#top", "mailto:a@x.org", "javascript:void(0)", "", "tel:123"):
        assert resolve(base, href) is None


def test_same_site_takes_subdomains_and_ignores_www() -> None:
    site = site_of("https://www.example.org/resources")
    assert site == "example.org"
    assert same_site("https://files.example.org/a.pdf", site)
    assert same_site("http://example.org/x", site)
    assert not same_site("https://example.org.evil.net/x", site)
    assert not same_site("https://notexample.org/x", site)


def test_web_url_and_origin() -> None:
    assert is_web_url("HTTPS://x.org") and not is_web_url("corpus/")
    assert origin("http://127.0.0.1:8080/a/b?c") == "http://127.0.0.1:8080"
