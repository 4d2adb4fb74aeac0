"""The publisher facet over HTTP: ``publisher=`` in the API, the Publisher box and chip
on the search page, with the same multi-select behaviour as the other facets."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
from server_fixtures import Server, build_index

ROWS = [
    {"id": "p1", "title": "Recruitment fees", "text": "migrant workers fees", "publisher": "ILO"},
    {"id": "p2", "title": "Wage report", "text": "migrant workers wages", "publisher": "ILO"},
    {"id": "p3", "title": "Corridor study", "text": "migrant workers corridor", "publisher": "IOM"},
    {"id": "p4", "title": "Fishers", "text": "migrant workers fishing"},
]


def test_publisher_filter_in_the_api_and_the_page(tmp_path: Path) -> None:
    src = tmp_path / "docs"
    src.mkdir()
    (src / "p.jsonl").write_text("\n".join(json.dumps(r) for r in ROWS))
    counts = build_index([src], tmp_path / "ix")
    assert counts["failed"] == 0, counts
    server = Server(tmp_path / "ix", log=tmp_path / "server.log")
    try:
        server.wait_ready()
        with httpx.Client(base_url=server.url, timeout=30) as http:
            api = http.get("/api/search", params={"q": "migrant", "publisher": "iom"}).json()
            assert [h["id"] for h in api["hits"]] == ["p3"]
            # multi-select: the facet still counts the other publishers
            assert {v["value"]: v["count"] for v in api["facets"]["publishers"]} == {
                "ILO": 2,
                "IOM": 1,
            }
            two = http.get("/api/search", params=[("publisher", "ILO"), ("publisher", "IOM")])
            assert sorted(h["id"] for h in two.json()["hits"]) == ["p1", "p2", "p3"]

            page = http.get("/", params={"q": "migrant"}).text
            assert 'id="box-publisher"' in page
            assert re.search(r'name="publisher" value="ILO"(?! checked)', page)
            ticked = http.get("/", params={"q": "migrant", "publisher": "ILO"}).text
            assert 'data-total="2"' in ticked
            assert re.search(r'name="publisher" value="ILO" checked', ticked)
            assert re.search(r'name="publisher" value="IOM"(?! checked)', ticked)
            assert "Publisher: ILO" in ticked
            # the chip removes the filter; "Clear all" keeps the query
            chip = re.search(r'<a href="([^"]+)" aria-label="Remove Publisher: ILO"', ticked)
            assert chip and "publisher=" not in chip.group(1).replace("&amp;", "&")
            assert 'data-total="4"' in http.get(chip.group(1).replace("&amp;", "&")).text
    finally:
        server.stop()
