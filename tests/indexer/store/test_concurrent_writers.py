"""Two writers of one index, every pair of incremental, rebuild and removal (an
incremental run over a folder a source has left), the first held at a stage: the second
fails at once with one line naming the first, or waits with --wait and then runs; the
index is never destroyed, and a reader polling it meanwhile never fails."""

from __future__ import annotations

import threading

import pytest
from benchmarks import bench

from migsearch.indexer.store.writer import build_index

runs = bench("writer_runs")
Run = runs.Run

LATE = 10


class Reader(threading.Thread):
    """Counts the index's documents over and over; records every count and every failure."""

    def __init__(self, ix) -> None:
        super().__init__(daemon=True)
        self.ix = ix
        self.counts: set[int] = set()
        self.failures: list[str] = []
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                self.counts.add(runs.document_count(self.ix))
            except Exception as e:
                self.failures.append(f"{type(e).__name__}: {e}")
            self.stop.wait(0.1)  # leave the cores to the writers


@pytest.mark.parametrize(
    ("first", "held_at", "second"),
    [
        ("index", "committing", "index"),
        ("index", "parsing", "rebuild"),
        ("rebuild", "parsing", "index"),
        ("rebuild", "publishing", "rebuild"),
    ],
)
def test_a_second_writer_fails_at_once_or_waits(world, first: str, held_at: str, second: str):
    src, ix = world.src, world.ix
    reader = Reader(ix)
    reader.start()
    a = Run.driver(ix, [src], mode=first, pause=held_at, workers=1)
    try:
        a.until(lambda line: line == f"paused {held_at}")
        # records the first writer never saw: only the second one can add them
        runs.make_records(src / "late.jsonl", LATE, seed=3, prefix="late")
        extra = ("--rebuild",) if second == "rebuild" else ()
        b = Run.command("index", str(src), "--index", str(ix), "--workers", "1", *extra)
        status, _, err = b.finish()
        assert status == 1
        [line] = err.strip().splitlines()
        assert line.startswith(f"Error: the index at {ix} is being written by another migsearch")
        assert f"(pid {a.proc.pid}, {first} since " in line
        assert line.endswith("wait for it with --wait SECONDS")
        waiting = Run.command(
            "index", str(src), "--index", str(ix), "--workers", "1", "--wait", "60", *extra
        )
        a.go_on()
        status, out, err = a.finish()
        assert status == 0, err
        status, out, err = waiting.finish()
        assert status == 0, err
        assert "recovered" not in err and "Traceback" not in err
    finally:
        if a.proc.poll() is None:
            a.kill()
        reader.stop.set()
        reader.join(30)
    total = world.base + world.more + LATE
    assert f"; {total} documents." in out
    assert runs.document_count(ix) == total and runs.lock_is_free(ix)
    gens = [p.name for p in ix.iterdir() if p.name.startswith("gen-")]
    assert len(gens) == 1 and (ix / "CURRENT").read_text().strip() == gens[0]
    # the reader saw the index of each commit (and the end state), never none
    assert reader.failures == []
    assert reader.counts <= {world.base, world.base + world.more, total}


def test_the_command_line_refuses_a_second_writer_during_a_rebuild(world) -> None:
    """Two `migsearch index` commands, as users start them: a rebuild, and an incremental
    run while it parses. The older code let both write and swap folders under each other."""
    src, ix = world.src, world.ix
    rebuild = Run.command("index", str(src), "--index", str(ix), "--rebuild", "--workers", "2")
    assert rebuild.wait_for_workers(), "the rebuild never started its workers"
    second = Run.command("index", str(src), "--index", str(ix), "--workers", "1")
    status, _, err = second.finish()
    assert status == 1 and "being written by another migsearch" in err, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    status, _, err = rebuild.finish()
    assert status == 0, err
    assert runs.document_count(ix) == world.base + world.more and runs.lock_is_free(ix)


@pytest.mark.parametrize(
    ("first", "held_at", "second"),
    [
        ("remove", "committing", "index"),
        ("remove", "committing", "rebuild"),
        ("index", "committing", "remove"),
        ("rebuild", "publishing", "remove"),
        ("remove", "committing", "remove"),
    ],
)
def test_removals_against_every_writer(world, first: str, held_at: str, second: str) -> None:
    """A removal is an incremental run after base.jsonl left the folder: it deletes that
    source's documents. Whichever order, the end state holds more.jsonl alone."""
    src, ix = world.src, world.ix
    reader = Reader(ix)
    reader.start()
    if first == "remove":
        # the copied index names base.jsonl where it was first indexed: index it from here
        # (more.jsonl set aside), so that its leaving this folder removes it
        (src / "more.jsonl").rename(src.parent / "more.jsonl")
        build_index([src], ix, workers=1)
        (src.parent / "more.jsonl").rename(src / "more.jsonl")
        (src / "base.jsonl").unlink()
    a = Run.driver(ix, [src], mode="rebuild" if first == "rebuild" else "index", pause=held_at)
    try:
        a.until(lambda line: line == f"paused {held_at}")
        (src / "base.jsonl").unlink(missing_ok=True)  # the second run sees it gone
        extra = ("--rebuild",) if second == "rebuild" else ()
        b = Run.command("index", str(src), "--index", str(ix), "--workers", "1", *extra)
        status, _, err = b.finish()
        assert status == 1, err
        [line] = err.strip().splitlines()
        assert line.startswith(f"Error: the index at {ix} is being written by another migsearch")
        waiting = Run.command(
            "index", str(src), "--index", str(ix), "--workers", "1", "--wait", "60", *extra
        )
        a.go_on()
        status, _, err = a.finish()
        assert status == 0, err
        status, out, err = waiting.finish()
        assert status == 0, err
        assert "recovered" not in err and "Traceback" not in err
    finally:
        if a.proc.poll() is None:
            a.kill()
        reader.stop.set()
        reader.join(30)
    assert runs.document_count(ix) == world.more and runs.lock_is_free(ix)
    assert f"{world.more} documents" in out  # "…; 200 documents." or "Index unchanged: 200 …"
    gens = [p.name for p in ix.iterdir() if p.name.startswith("gen-")]
    assert len(gens) == 1 and (ix / "CURRENT").read_text().strip() == gens[0]
    assert reader.failures == []
    assert reader.counts <= {world.base, world.base + world.more, world.more}
