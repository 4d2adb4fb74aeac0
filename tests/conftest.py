"""Shared fixtures: the sample corpus and a real index of it on disk.

The serving tests' index and live server are in tests/search/serve/conftest.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import CORPUS


@pytest.fixture(scope="session")
def corpus_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of corpus/, so tests may index it under a path of their own."""
    d = tmp_path_factory.mktemp("corpus") / "corpus"
    shutil.copytree(CORPUS, d, ignore=shutil.ignore_patterns("README*"))
    return d


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory: pytest.TempPathFactory, corpus_copy: Path) -> Path:
    """A real Whoosh index of the sample corpus, built once per session through the library."""
    from migsearch.indexer.store.writer import build_index

    ix = tmp_path_factory.mktemp("index") / "ix"
    report = build_index([corpus_copy], ix, workers=1)
    assert report.failed == 0, report.errors
    return ix


@pytest.fixture()
def searcher(corpus_index: Path):
    from migsearch.search.engine import open_index

    with open_index(corpus_index) as ix:
        yield ix
