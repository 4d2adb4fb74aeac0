"""Writers killed (SIGKILL) or stopped (SIGTERM) at each stage, as real processes with
real workers: afterwards no worker is left, the lock is free, the index holds what its
last commit held, and the next run repairs what was left (and says so) and completes."""

from __future__ import annotations

import signal

import pytest
from benchmarks import bench

from migsearch.indexer.store.storage import commit_stamp

runs = bench("writer_runs")
Run = runs.Run


def _after_the_kill(run, world, *, landed_ok: bool) -> None:
    """No worker left, the lock free, and the count of the last commit: the old one, or
    (``landed_ok``) the killed run's own when its commit completed before the kill."""
    assert run.workers, "the run had no worker processes"
    assert run.workers_gone(), "worker processes outlived their writer"
    assert runs.lock_is_free(world.ix)
    count = runs.document_count(world.ix)
    assert count == world.base or (landed_ok and count == world.base + world.more), count


def _rerun_completes(world) -> str:
    """The next `migsearch index` completes; returns what it said on stderr."""
    r = Run.command("index", str(world.src), "--index", str(world.ix))
    status, _, err = r.finish()
    assert status == 0, err
    assert runs.document_count(world.ix) == world.base + world.more
    assert "Traceback" not in err
    return err


def test_killed_while_parsing(world) -> None:
    src, ix = world.src, world.ix
    stamp = commit_stamp(ix)
    run = Run.driver(ix, [src], mode="rebuild")
    run.at_stage("parsing")
    assert run.wait_for_workers(), "the run never started its workers"
    assert run.kill() == -signal.SIGKILL
    _after_the_kill(run, world, landed_ok=False)
    assert commit_stamp(ix) == stamp
    err = _rerun_completes(world)
    assert "recovered: the previous writer of" in err and "died without releasing" in err
    assert "recovered: an interrupted rebuild of" in err


@pytest.mark.parametrize(("mode", "stage"), [("index", "committing"), ("rebuild", "publishing")])
def test_killed_while_committing_or_publishing(world, mode: str, stage: str) -> None:
    src, ix = world.src, world.ix
    run = Run.driver(ix, [src], mode=mode)
    run.at_stage(stage)
    run.kill()
    _after_the_kill(run, world, landed_ok=True)
    _rerun_completes(world)
    gens = sorted(p.name for p in ix.iterdir() if p.name.startswith("gen-"))
    assert len(gens) == 1 and (ix / "CURRENT").read_text().strip() == gens[0]


def test_stopped_by_sigterm_while_parsing_cleans_up_itself(world) -> None:
    src, ix = world.src, world.ix
    before = sorted(p.relative_to(ix) for p in ix.rglob("*"))
    run = Run.driver(ix, [src], mode="index")
    run.at_stage("parsing")
    assert run.wait_for_workers(), "the run never started its workers"
    status = run.kill(signal.SIGTERM)
    _, _, err = run.finish()
    assert status == 1
    line = err.strip().splitlines()[-1]
    assert (
        "stopped by SIGTERM while writing" in line and "nothing of this run was committed" in line
    )
    _after_the_kill(run, world, landed_ok=False)
    # nothing left for the next run to repair: no partial file, the lock released cleanly
    assert sorted(p.relative_to(ix) for p in ix.rglob("*")) == before
    assert (ix / "writer.lock").read_bytes() == b""


def test_sigterm_during_the_commit_lets_the_commit_finish(world) -> None:
    src, ix = world.src, world.ix
    run = Run.driver(ix, [src], mode="index", pause="committing")
    run.until(lambda line: line == "paused committing")
    run.proc.send_signal(signal.SIGTERM)
    run.go_on()
    status, out, err = run.finish()
    assert status == 0, err
    assert f'"documents": {world.base + world.more}' in out
    assert runs.document_count(ix) == world.base + world.more and runs.lock_is_free(ix)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_the_command_line_killed_or_stopped_leaves_no_worker(world, sig: int) -> None:
    """The real `migsearch index`, signalled while its workers parse."""
    src, ix = world.src, world.ix
    run = Run.command("index", str(src), "--index", str(ix), "--workers", "2")
    assert run.wait_for_workers(), "the command never started its workers"
    status = run.kill(sig)
    _, _, err = run.finish()
    if sig == signal.SIGTERM:
        assert status == 1 and err.strip().splitlines()[-1].startswith("Error: stopped by SIGTERM")
    else:
        assert status == -signal.SIGKILL
    _after_the_kill(run, world, landed_ok=False)
