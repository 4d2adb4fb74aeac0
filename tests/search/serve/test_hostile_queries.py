"""Hostile queries against a real server: every one ends in hits, a clear 4xx or a 504.

A generator (seeded, so a failure can be replayed) joins fragments that have
broken or frozen the server before: pasted URLs, ``ANDNOT`` in every place,
ranges over text, wildcards, fuzzy terms, huge phrases, unmatched brackets
and quotes, field names with nothing after them. Each query goes to the JSON
API and to the search page of a server over the wide index (many distinct
words, long documents of common ones) with a short time limit; none may be a
500 or outlast its deadline by more than the time it takes to answer.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from server_fixtures import Server
from wide_index import COMMON, SLOW_PHRASE

#: the server's --timeout for these tests
DEADLINE = 0.5
#: what answering may add to the deadline (a loaded two-core machine)
SLACK = 2.5
#: statuses a hostile query may end in: hits, a query or parameter refused, stopped
ALLOWED = {200, 400, 504}

URLS = [
    "http://example.org/a?b=c&d=e#f",
    "https://www.ilo.org/global/topics/labour-migration",
    "http:",
    "https:",
    "http://",
    "see http://x.org/report.pdf now",
    "mailto:someone@example.org",
    "www.iom.int/news",
    "ftp://files.example.org/a",
]
OPERATORS = ["ANDNOT", "AND", "OR", "NOT", "-", "+", "ANDNOT ANDNOT", "AND NOT"]
RANGES = [
    "text:[a TO z]",
    "body:<zzzz",
    "title:>a",
    "text:{a TO w9}",
    "[a TO z]",
    "{* TO *}",
    "year:1000..3000",
    "year:[0 TO 9999]",
    "year:..",
]
WILDCARDS = ["w1*", "alp*", "*", "w*", "a*", "*x", "??", "w?1", "br*vo", "***"]
FUZZY = ["alpha~", "alpha~2", "w1~9", "bravo~0.5", "~", "delta~~"]
BRACKETS = ["(", ")", "((alpha", "alpha))", "[", "]", "{", "}", '"', '"alpha', 'alpha"']
FIELDS = ["title:", "country:", "theme:xx", "region:", "year:", "body:", "text:alpha", "a:b:c"]
ODD = ["\t", "\u200b", "ñandú", "🚢", "x" * 300, "w17", "alpha", "charlie delta", "'", "\\"]


def huge_phrase(rng: random.Random) -> str:
    words = [rng.choice(COMMON) for _ in range(rng.randint(20, 150))]
    return '"' + " ".join(words) + '"'


def hostile_queries(n: int, seed: int = 10) -> Iterator[str]:
    """``n`` queries of 1–6 fragments; every fragment list is drawn from as often."""
    rng = random.Random(seed)
    kinds = [URLS, OPERATORS, RANGES, WILDCARDS, FUZZY, BRACKETS, FIELDS, ODD]
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(1, 6)):
            if rng.random() < 0.08:
                parts.append(huge_phrase(rng))
            else:
                parts.append(rng.choice(rng.choice(kinds)))
        yield " ".join(parts)


#: every fragment alone, the known worst cases, then generated mixtures
QUERIES = [
    *URLS,
    *OPERATORS,
    *RANGES,
    *WILDCARDS,
    *FUZZY,
    *BRACKETS,
    *FIELDS,
    "a b ANDNOT c",
    "alpha bravo ANDNOT charlie",
    SLOW_PHRASE,
    '"' + " ".join(["alpha"] * 400) + '"',
    *hostile_queries(80),
]


@pytest.fixture(scope="module")
def hostile_server(wide_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    log = tmp_path_factory.mktemp("hostile") / "server.log"
    server = Server(wide_index, log=log, extra=["--timeout", str(DEADLINE)])
    server.wait_ready()
    yield server
    server.stop()


def test_every_hostile_query_ends_in_hits_a_4xx_or_a_504(hostile_server: Server) -> None:
    bad: list[tuple[str, str, int, float]] = []
    counts: dict[int, int] = {}
    with httpx.Client(base_url=hostile_server.url, timeout=60) as http:
        for i, q in enumerate(QUERIES):
            path = "/api/search" if i % 3 else "/"
            t = time.monotonic()
            r = http.get(path, params={"q": q})
            took = time.monotonic() - t
            counts[r.status_code] = counts.get(r.status_code, 0) + 1
            if r.status_code not in ALLOWED or took > DEADLINE + SLACK:
                bad.append((path, q[:80], r.status_code, round(took, 2)))
            elif r.status_code != 200 and path == "/api/search":
                body = r.json()
                assert body["error"] and "\n" not in body["error"], body
                assert "Traceback" not in r.text
        assert http.get("/api/health").status_code == 200
    assert bad == [], bad
    # the mixture really exercises all three outcomes
    assert counts.get(200) and counts.get(400), counts


def test_the_server_log_has_no_traceback_after_hostile_queries(hostile_server: Server) -> None:
    with httpx.Client(base_url=hostile_server.url, timeout=60) as http:
        for q in QUERIES[:40]:
            http.get("/api/search", params={"q": q, "facets": "true"})
    assert hostile_server.log_path is not None
    assert "Traceback" not in hostile_server.log_path.read_text(errors="replace")
