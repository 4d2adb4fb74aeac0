"""Fixtures of the search core's tests: the generated wide index (tests/search/wide_index.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from wide_index import write_wide_corpus


@pytest.fixture(scope="session")
def wide_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real index of the generated wide corpus, built once per session."""
    from migsearch.indexer.store.writer import build_index

    base = tmp_path_factory.mktemp("wide")
    source = write_wide_corpus(base / "src")
    ix = base / "ix"
    assert build_index([source], ix, workers=1).failed == 0
    return ix
