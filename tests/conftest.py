"""Shared fixtures: the sample corpus, a real index of it on disk, the shared data folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SHARED = Path(os.environ.get("MIGSEARCH_SHARED", ROOT.parent / "shared"))
DATA = SHARED / "data"


def need_shared(*parts: str) -> Path:
    """The path under ../shared/data, or a visible skip when the data is not beside the repo."""
    p = DATA.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"shared test data not found at {p} (put ../shared beside the repo)")
    return p


@pytest.fixture(scope="session")
def corpus_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of corpus/, so tests may index it under a path of their own."""
    d = tmp_path_factory.mktemp("corpus") / "corpus"
    shutil.copytree(CORPUS, d, ignore=shutil.ignore_patterns("README*"))
    return d


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory: pytest.TempPathFactory, corpus_copy: Path) -> Path:
    """A real Whoosh index of the sample corpus, built once per session through the library."""
    from indexer.build import build_index

    ix = tmp_path_factory.mktemp("index") / "ix"
    report = build_index([corpus_copy], ix, workers=1)
    assert report.failed == 0, report.errors
    return ix


@pytest.fixture()
def searcher(corpus_index: Path):
    from search.engine import open_index

    with open_index(corpus_index) as ix:
        yield ix


def run_cli(
    *args: str, cwd: Path | None = None, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    """The real console script in a subprocess (as a user runs it)."""
    return subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        input=input,
        timeout=300,
    )


# `migsearch serve` over a real index (tests/server_fixtures.py): registered here so that
# every module shares one index build and one server process for the session
from tests.server_fixtures import live_server, web_index  # noqa: E402, F401
