"""Atom feeds (``serve/feeds.py``) from a live server, read with ``feedparser``."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import feedparser
import pytest
from server_fixtures import cli
from support import run_cli


@pytest.fixture(scope="module")
def saved_fishers(web_index: Path) -> str:
    """A saved search of the served index, made with the CLI as a user would."""
    name = "feed-fishers"
    res = run_cli("saved", "add", name, "migrant", "--country", "THA", "--index", str(web_index))
    assert res.returncode == 0, res.stderr
    assert cli()  # the same console script the server runs
    return name


def _feed(http, url: str, **params):
    r = http.get(url, params=params)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/atom+xml; charset=utf-8"
    parsed = feedparser.parse(r.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def test_a_search_feed_lists_its_newest_matches(http, live_server):
    feed = _feed(http, "/api/feed", q="migrant", country="THA", limit=5)
    api = http.get(
        "/api/search", params={"q": "migrant", "country": "THA", "sort": "newest", "limit": 5}
    ).json()
    assert [e.title for e in feed.entries] == [
        h["title"] or "Untitled document" for h in api["hits"]
    ]
    assert [e.id for e in feed.entries] == [
        "urn:migsearch:document:" + quote(h["id"], safe="") for h in api["hits"]
    ]
    dated = [e.updated for e, h in zip(feed.entries, api["hits"], strict=True) if h["date"]]
    assert dated == sorted(dated, reverse=True)
    first = feed.entries[0]
    assert first.link.startswith(live_server.url + "/documents/") or first.link.startswith("http")
    assert feed.feed.title == "migsearch: query 'migrant'; countries THA"
    links = {link.rel: link.href for link in feed.feed.links}
    assert links["self"].startswith(live_server.url + "/api/feed?")
    assert links["alternate"] == live_server.url + "/?q=migrant&country=THA"
    # the feed's time is the index's last commit
    health = http.get("/api/health").json()
    assert feed.feed.updated.startswith(health["last_commit"][:19])


def test_feed_ids_are_stable_and_independent_of_order(http):
    a = _feed(http, "/api/feed", q="migrant", sort="oldest")
    b = _feed(http, "/api/feed", q="migrant")
    assert a.feed.id == b.feed.id and a.feed.id.startswith("urn:migsearch:search:")
    assert [e.id for e in a.entries] == [e.id for e in b.entries]
    assert _feed(http, "/api/feed", q="trafficking").feed.id != a.feed.id


def test_a_saved_search_has_a_feed(http, saved_fishers):
    feed = _feed(http, f"/api/saved/{saved_fishers}/feed")
    direct = _feed(http, "/api/feed", q="migrant", country="THA")
    assert [e.id for e in feed.entries] == [e.id for e in direct.entries]
    assert feed.feed.id == f"urn:migsearch:saved:{saved_fishers}"
    assert feed.feed.title == f"migsearch: saved search '{saved_fishers}'"


def test_hostile_text_makes_a_well_formed_feed(http):
    """Titles with markup and control characters are text in the feed, never markup."""
    feed = _feed(http, "/api/feed", q="xylophonecanary")
    assert len(feed.entries) == 2
    assert any("<script>" in e.title for e in feed.entries)
    raw = http.get("/api/feed", params={"q": "xylophonecanary"}).text
    assert "<script>" not in raw and "&lt;script&gt;" in raw


@pytest.mark.parametrize(
    ("url", "status", "kind"),
    [
        ("/api/saved/nope/feed", 404, "SavedSearchNotFoundError"),
        ("/api/feed?country=Atlantis", 400, "UnknownCountryError"),
        ("/api/feed?limit=1000", 400, "ValidationError"),
        ("/api/feed?q=%22open", 400, "QueryError"),
    ],
)
def test_feed_errors_are_json(http, url, status, kind):
    r = http.get(url)
    assert r.status_code == status and r.json()["type"] == kind
