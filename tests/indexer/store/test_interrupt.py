"""SIGTERM and Ctrl-C delivered to a writing run (this process, real signals): the run
stops cleanly (workers killed, nothing committed, lock released), except inside its
commit, which completes; the process's own handlers are back afterwards."""

from __future__ import annotations

import multiprocessing
import os
import signal
from pathlib import Path

import pytest
from benchmarks import bench

from migsearch.errors import IndexWriteError
from migsearch.indexer.store.storage import commit_stamp
from migsearch.indexer.store.writer import build_index

runs = bench("writer_runs")


@pytest.fixture()
def sources(tmp_path: Path) -> tuple[Path, Path]:
    src = tmp_path / "src"
    src.mkdir()
    runs.make_records(src / "a.jsonl", 30, prefix="a")
    ix = tmp_path / "ix"
    build_index([src], ix, workers=1)
    runs.make_records(src / "b.jsonl", 900, prefix="b")  # three chunks: progress moves
    return src, ix


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_while_parsing_stops_the_run_cleanly(sources, sig: int) -> None:
    src, ix = sources
    stamp, before = commit_stamp(ix), sorted(p.relative_to(ix) for p in ix.rglob("*"))
    handler = signal.getsignal(sig)
    sent: list[int] = []

    def progress(done: int, total: int) -> None:
        if not sent and multiprocessing.active_children():
            sent.append(sig)
            os.kill(os.getpid(), sig)

    with pytest.raises(IndexWriteError) as e:
        build_index([src], ix, workers=2, on_progress=progress)
    assert sent, "the workers never ran"
    name = signal.Signals(sig).name
    assert str(e.value) == (
        f"stopped by {name} while writing {ix}; nothing of this run was committed and its "
        "partial files were removed"
    )
    assert multiprocessing.active_children() == []
    assert commit_stamp(ix) == stamp
    assert sorted(p.relative_to(ix) for p in ix.rglob("*")) == before
    assert runs.lock_is_free(ix) and (ix / "writer.lock").read_bytes() == b""
    assert signal.getsignal(sig) is handler


def test_a_signal_during_the_commit_lets_it_complete(sources) -> None:
    src, ix = sources

    def stage(name: str) -> None:
        if name == "committing":
            os.kill(os.getpid(), signal.SIGTERM)

    r = build_index([src], ix, workers=2, on_stage=stage)
    assert (r.added, r.documents) == (900, 930)
    assert runs.document_count(ix) == 930
