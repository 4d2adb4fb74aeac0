"""Saved searches over HTTP (``serve/saved_api.py``): made with the CLI, read from the server."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import run_cli


@pytest.fixture(scope="module")
def saved(web_index: Path) -> list[str]:
    names = ["api-thailand", "api-by-source"]
    args = [
        ["saved", "add", names[0], "migrant", "--country", "Thailand", "--year", "2015"],
        ["saved", "add", names[1], "--source", "/nowhere/at/all.txt"],
    ]
    for a in args:
        res = run_cli(*a, "--index", str(web_index), "--replace")
        assert res.returncode == 0, res.stderr
    return names


def test_saved_searches_are_listed_with_their_page_and_feed(http, saved):
    listed = {s["name"]: s for s in http.get("/api/saved").json()}
    assert set(saved) <= set(listed)
    one = listed["api-thailand"]
    assert one["criteria"] == {"query": "migrant", "countries": ["Thailand"], "years": ["2015"]}
    assert one["search_url"] == "/?q=migrant&country=Thailand&year=2015"
    assert one["feed_url"] == "/api/saved/api-thailand/feed"
    # what the saved search matched when saved is what the API finds for it now
    api = http.get("/api/search", params={"q": "migrant", "country": "Thailand", "year": "2015"})
    assert one["matches"] == api.json()["total"]
    assert http.get("/api/saved/api-thailand").json() == one
    # a search by source has no search page: the page has no source filter
    assert listed["api-by-source"]["search_url"] is None


def test_unknown_saved_search_is_404(http, saved):
    r = http.get("/api/saved/nothing-of-that-name")
    assert r.status_code == 404 and r.json()["type"] == "SavedSearchNotFoundError"
    assert http.get("/api/saved/" + "x" * 65).status_code == 400
