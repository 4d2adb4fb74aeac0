"""HEAD on every GET route (``serve/head.py``), through a real server."""

from __future__ import annotations

import pytest

from migsearch.search.serve.app import create_app

GET_URLS = [
    "/",
    "/?q=migrant",
    "/docs",
    "/openapi.json",
    "/static/style.css",
    "/api/health",
    "/api/search?q=migrant",
    "/api/export?q=migrant&format=ris",
    "/api/feed?q=migrant",
    "/api/saved",
    "/documents/hostile-jsonl-1",
    "/api/documents/hostile-jsonl-1",
    "/api/similar/hostile-jsonl-1",
    "/api/citations/hostile-jsonl-1",
]


@pytest.mark.parametrize("url", GET_URLS)
def test_head_answers_with_the_headers_of_get_and_no_body(http, url):
    get = http.get(url)
    head = http.head(url)
    assert get.status_code == 200, get.text[:300]
    assert head.status_code == get.status_code
    assert head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    assert head.headers.get("content-security-policy") == get.headers["content-security-policy"]
    if "x-total-count" in get.headers:
        assert head.headers["x-total-count"] == get.headers["x-total-count"]


def test_head_of_errors_keeps_their_status(http):
    assert http.head("/api/documents/no-such-id").status_code == 404
    assert http.head("/api/search?country=Atlantis").status_code == 400
    assert http.head("/api/nothing-here").status_code == 404
    assert http.post("/api/search").status_code == 405


def test_openapi_describes_head_for_every_get(tmp_path):
    spec = create_app(tmp_path / "no-index").openapi()
    gets = {path: methods for path, methods in spec["paths"].items() if "get" in methods}
    assert set(spec["paths"]) - set(gets) == {"/api/similar"}  # a POST only: a text to match
    for path, methods in gets.items():
        assert "head" in methods, path
        head = methods["head"]
        assert set(head["responses"]) == set(methods["get"]["responses"])
        assert all("content" not in r for r in head["responses"].values())
        assert head.get("parameters") == methods["get"].get("parameters")
