"""The language facet and filter over a live server: JSON API and search page.

Served index: one small page per language of ASEAN (tests/fixtures/asean).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from server_fixtures import Server
from support import ROOT

from migsearch.indexer.store.writer import build_index

PAGES = ROOT / "tests" / "fixtures" / "asean"


@pytest.fixture(scope="module")
def asean_http(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    base = tmp_path_factory.mktemp("asean-web")
    ix: Path = base / "index"
    assert build_index([PAGES], ix, workers=1).added == 8
    server = Server(ix, log=base / "server.log")
    try:
        server.wait_ready()
        with httpx.Client(base_url=server.url, timeout=30) as client:
            yield client
    finally:
        server.stop()


def test_the_api_filters_by_language(asean_http: httpx.Client) -> None:
    r = asean_http.get("/api/search", params={"q": "ประมง", "language": "th"})
    assert r.status_code == 200 and r.json()["total"] == 1
    assert r.json()["facets"]["languages"] == [{"value": "th", "label": "Thai (ไทย)", "count": 1}]
    assert (
        asean_http.get("/api/search", params={"q": "ประมง", "language": "vi"}).json()["total"] == 0
    )
    r = asean_http.get("/api/search", params={"q": "ประมง", "language": "klingon"})
    assert r.status_code == 400 and "unknown language" in r.text
    doc_id = asean_http.get("/api/search", params={"q": "lao dong"}).json()["hits"][0]["id"]
    assert asean_http.get(f"/api/documents/{doc_id}").json()["language"] == "vi"


def test_the_page_shows_each_hits_language_and_a_language_box(asean_http: httpx.Client) -> None:
    r = asean_http.get("/", params={"q": "แรงงาน"})
    assert r.status_code == 200
    assert 'data-total="1"' in r.text
    assert '<span class="hit-language" lang="th">Thai (ไทย)</span>' in r.text
    assert 'id="box-language"' in r.text and 'name="language" value="th"' in r.text
    assert "<b>แรงงาน</b>" in r.text

    r = asean_http.get("/", params=[("q", "pekerja"), ("language", "Malay")])
    assert 'data-total="1"' in r.text
    # the name given becomes the code the box carries, ticked; the other language stays
    # listed with its count (multi-select)
    assert re.search(r'name="language" value="ms" checked', r.text)
    assert re.search(r'name="language" value="id"(?! checked)', r.text)
    assert "Language: Malay (Bahasa Melayu)" in r.text
