"""A hostile JSONL export indexed with the real command line, then served: whatever
reached the index, no search, document, page or API answer fails (no 500, no traceback)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from support import ROOT, run_cli

from migsearch.search.engine import open_index

SURROGATES = (
    '{"id": "sur\\ud800", "title": "Surrogate \\udfff migrant", "text": "migrant \\ud800 fishers",'
    ' "summary": "\\udc00", "url": "https://example.org/\\ud800", "countries": ["\\ud83d"]}'
)


def _deep(depth: int) -> dict:
    top: dict = {}
    cur = top
    for _ in range(depth):
        cur["a"] = {}
        cur = cur["a"]
    return top


def _hostile_rows() -> list[str]:
    deep = _deep(600)
    rows = [
        SURROGATES,
        {"id": "u99", "title": "Url number migrant", "text": "migrant fishers", "url": 99},
        {"id": "js", "title": "Script migrant", "text": "migrant", "url": "javascript:alert(1)"},
        {"id": 7, "title": 12345, "text": 678, "summary": 3.5, "date": 2020, "countries": 42,
         "themes": 5, "type": 7},
        {"id": "deep", "title": "Deep migrant", "text": "migrant", "countries": deep,
         "themes": [deep], "date": deep, "type": deep, "summary": deep, "url": deep},
        {"id": ["a", "b"], "title": "List id migrant"},
        {"id": "nl\nid", "title": "Newline id migrant", "text": "migrant"},
        {"id": "a/b?c#d%2F ..", "title": "Slash id migrant", "text": "migrant"},
        {"id": True, "title": "Bool id migrant"},
        {"id": "ctl", "title": "ctl \u0000\u0007\u001b migrant", "text": "migrant \u0000 x\u2028y"},
        {"id": "x" * 600, "title": "Long id migrant"},
        {"id": "future", "title": "Future migrant", "text": "migrant", "date": "2999-01-01"},
        {"id": "cl", "title": "Lists migrant", "text": "migrant", "countries": [1, None, "Qatar"],
         "themes": [None, 3, "fishing"]},
        {"id": "big", "title": "Big " + "migrant " * 2000, "text": "w " * 50_000},
    ]  # fmt: skip
    return [r if isinstance(r, str) else json.dumps(r) for r in rows]


#: rows that must be refused, each for its own reason; every other one is indexed
REFUSED = {6: "id must be", 7: "control character", 9: "id must be", 11: "characters long"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def hostile_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("hostile")
    src = d / "hostile.jsonl"
    src.write_text("\n".join(_hostile_rows()) + "\n", "utf-8")
    ix = d / "ix"
    # two workers: the rows travel to them, deep ones included
    r = run_cli("index", str(src), "--index", str(ix), "--workers", "2", "--json")
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    skipped = [line for line in r.stderr.splitlines() if line.startswith("skipped: ")]
    assert [int(line.split(":")[2]) for line in skipped] == sorted(REFUSED)
    for line in skipped:
        assert REFUSED[int(line.split(":")[2])] in line
    assert json.loads(r.stdout)["documents"] == len(_hostile_rows()) - len(REFUSED)
    assert all(line.startswith(("skipped: ", "warning: ")) for line in r.stderr.splitlines()), (
        r.stderr
    )
    return ix


@pytest.fixture(scope="module")
def ids(hostile_index: Path) -> list[str]:
    """Every document id, as the search command lists them."""
    r = run_cli("search", "--index", str(hostile_index), "--json", "--limit", "100")
    assert r.returncode == 0, r.stderr
    return [h["id"] for h in json.loads(r.stdout)["hits"]]


def test_the_command_line_searches_and_shows_every_record(hostile_index: Path, ids) -> None:
    assert sorted(ids) == sorted(
        ["sur\ufffd", "u99", "js", "7", "deep", "a/b?c#d%2F ..", "ctl", "future", "cl", "big"]
    )
    r = run_cli("search", "migrant", "--index", str(hostile_index), "--limit", "50")
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    for doc_id in ("sur\ufffd", "ctl"):
        r = run_cli("show", "--index", str(hostile_index), "--", doc_id)
        assert r.returncode == 0 and "Traceback" not in r.stderr, (doc_id, r.stderr)
    # every stored value can be written out as UTF-8, as the command line and server do
    with open_index(hostile_index) as ix:
        for doc_id in ids:
            doc = ix.get(doc_id).to_dict()
            json.dumps(doc, ensure_ascii=False).encode("utf-8")
            assert doc["url"] in (None, "https://example.org/\ufffd")


def test_the_server_answers_every_route_over_them(hostile_index: Path, ids, tmp_path: Path) -> None:
    port = _free_port()
    log = open(tmp_path / "server.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(
        [sys.executable, "-m", "migsearch.cli", "serve", "--index", str(hostile_index),
         "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT, cwd=ROOT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                httpx.get(base + "/api/health", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        with httpx.Client(base_url=base, timeout=60) as http:
            paths = ["/", "/?q=migrant", "/?q=fishers&limit=50", "/api/search?q=migrant&limit=50"]
            paths += ["/api/search?q=*&limit=50", "/api/health"]
            for doc_id in ids:
                paths += [f"/api/documents/{quote(doc_id, safe='')}"]
                paths += [f"/documents/{quote(doc_id, safe='')}"]
            for path in paths:
                r = http.get(path)
                assert r.status_code == 200, (path, r.status_code, r.text[:300])
            page = http.get("/?q=migrant&limit=50").text
            assert 'href="javascript:' not in page
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(20)
        log.close()
    assert "Traceback" not in (tmp_path / "server.log").read_text(errors="replace")
