"""The session's served index and server, shared by every test of the serving layer."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from server_fixtures import CORPUS, CORS_ORIGIN, HOSTILE, Server, build_index


@pytest.fixture(scope="session")
def web_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Index of the sample corpus and the hostile pages, built with the real CLI."""
    base = tmp_path_factory.mktemp("web")
    sources = base / "sources"
    shutil.copytree(CORPUS, sources / "corpus", ignore=shutil.ignore_patterns("README*"))
    shutil.copytree(HOSTILE, sources / "hostile")
    ix = base / "index"
    counts = build_index([sources], ix)
    assert counts["failed"] == 0, counts
    return ix


@pytest.fixture(scope="session")
def live_server(web_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``migsearch serve`` over web_index on a free loopback port, for the whole session."""
    server = Server(
        web_index, cors=[CORS_ORIGIN], log=tmp_path_factory.mktemp("serve") / "server.log"
    )
    server.wait_ready()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def http(live_server: Server) -> Iterator[httpx.Client]:
    """An HTTP client on the live server's address."""
    with httpx.Client(base_url=live_server.url, timeout=30) as client:
        yield client
