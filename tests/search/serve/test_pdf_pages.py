"""A hit in a PDF says its page on the search page and in the API, and links to it."""

from __future__ import annotations

from pathlib import Path

import httpx
from documents import print_page_seven_report
from server_fixtures import Server, build_index


def test_a_word_only_on_page_seven_is_shown_on_page_seven(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    print_page_seven_report(docs / "fishers.pdf")
    build_index([docs], tmp_path / "ix")
    server = Server(tmp_path / "ix", log=tmp_path / "server.log")
    try:
        server.wait_ready()
        with httpx.Client(base_url=server.url, timeout=30) as http:
            (hit,) = http.get("/api/search", params={"q": "quokkanomics"}).json()["hits"]
            assert hit["page"] == 7 and "<b>quokkanomics</b>" in hit["highlights"]
            # on page 1 only: the hit is on page 1
            (first,) = http.get("/api/search", params={"q": "quokkanomics OR recruitment"}).json()[
                "hits"
            ]
            assert first["page"] == 1
            html = http.get("/", params={"q": "quokkanomics"}).text
            assert f'href="/documents/{hit["id"]}#page=7"' in html
            assert "p.&nbsp;7</a>" in html
    finally:
        server.stop()
