"""Unknown query parameters (``serve/parameters.py``) over a real ``migsearch serve``: a
typing slip in a filter's name is a 400 that names it, never a search without the filter."""

from __future__ import annotations

import pytest


def test_a_misspelt_filter_is_refused_with_the_name_meant(http):
    r = http.get("/api/search", params={"q": "fishers", "contry": "THA"})
    assert r.status_code == 400, r.text
    body = r.json()
    assert body["type"] == "UsageError"
    assert body["error"].startswith("unknown parameter 'contry'; did you mean 'country'?")
    assert "from" in body["error"] and "date_from" not in body["error"]  # names as sent
    # the same search spelt right is answered, and narrower than without the filter
    right = http.get("/api/search", params={"q": "fishers", "country": "THA"})
    every = http.get("/api/search", params={"q": "fishers"})
    assert right.status_code == every.status_code == 200
    assert right.json()["total"] < every.json()["total"]


@pytest.mark.parametrize(
    "path, params",
    [
        ("/api/export", {"q": "fishers", "format": "csv", "limits": "5"}),
        ("/api/feed", {"q": "fishers", "county": "THA"}),
        ("/api/taxonomy", {"lang": "th"}),
        ("/api/health", {"verbose": "1"}),
    ],
)
def test_every_api_router_refuses_what_its_route_does_not_take(http, path, params):
    r = http.get(path, params=params)
    assert r.status_code == 400, r.text
    assert r.json()["type"] == "UsageError"
    unknown = next(k for k in params if k not in ("q", "format"))
    assert f"unknown parameter '{unknown}'" in r.json()["error"]
    assert http.get(path, params={k: v for k, v in params.items() if k != unknown}).is_success


def test_a_cache_breaking_parameter_and_the_page_links_pass(http):
    assert http.get("/api/search", params={"q": "fishers", "_": "1712345678"}).status_code == 200
    # the search page's export and feed links carry only what those routes take
    page = http.get("/", params={"q": "fishers", "country": "THA", "limit": "50", "page": "1"})
    assert page.status_code == 200
    links = {a for a in page.text.split('"') if a.startswith(("/api/export?", "/api/feed"))}
    assert any(a.startswith("/api/export?") for a in links) and any("feed" in a for a in links)
    for link in links:
        assert http.get(link.replace("&amp;", "&")).status_code == 200, link
