"""A small world for writers run as real processes: sources and an index to copy per test."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from benchmarks import bench

#: records already indexed, and records the writers under test add
BASE, MORE = 60, 200


@pytest.fixture(scope="session")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """Sources base.jsonl and more.jsonl, and an index of base.jsonl alone."""
    from migsearch.indexer.store.writer import build_index

    runs = bench("writer_runs")
    d = tmp_path_factory.mktemp("writers")
    src = d / "src"
    src.mkdir()
    runs.make_records(src / "base.jsonl", BASE, seed=1, prefix="b")
    more = d / "more.jsonl"
    runs.make_records(more, MORE, seed=2, prefix="m")
    build_index([src], d / "base-index", workers=1)
    return src, more, d / "base-index"


@dataclass(frozen=True)
class World:
    """A folder of sources (base.jsonl and more.jsonl) and an index of base.jsonl alone."""

    src: Path
    ix: Path
    base: int = BASE
    more: int = MORE


@pytest.fixture()
def world(prepared: tuple[Path, Path, Path], tmp_path: Path) -> World:
    """A private copy of the prepared sources and index."""
    src, more, base_index = prepared
    mine = tmp_path / "src"
    shutil.copytree(src, mine)
    shutil.copy(more, mine / "more.jsonl")
    ix = tmp_path / "ix"
    shutil.copytree(base_index, ix)
    return World(mine, ix)
