"""Kill trials: `migsearch index` killed with SIGKILL at random moments of incremental
runs and rebuilds. Reports committed documents lost (must be 0), locks left stuck (0),
worker processes left alive (0) and re-runs completed (all).

Each trial starts from a copy of one index of ``--base`` records. Incremental trials run
``migsearch index`` over a folder that also holds ``--more`` new records; rebuild trials
run ``migsearch index --rebuild`` over it. A trial kills the run after a delay drawn
uniformly from zero to 1.1 times the duration of an unkilled run of the same kind
(measured first), so kills land while parsing, writing, committing, publishing and,
for some, after the end. Then it checks the index and runs the same command again to
completion.

    .venv/bin/python bench/kill_trials.py                     # 20 trials, seed 7
    .venv/bin/python bench/kill_trials.py --trials 40 --seed 3 --base 2000 --more 2000

Not a test: the figures are counts over random moments; the suite's crash tests
(tests/indexer/store/test_crash.py) kill at chosen stages instead.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import signal
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from writer_runs import Run, children, document_count, lock_is_free, make_records

from migsearch.indexer.store.storage import commit_stamp


@dataclass
class Trial:
    kind: str
    delay: float
    #: the run had ended by itself before the kill
    finished_first: bool
    #: the killed run's commit had landed (the index holds its documents)
    landed: bool
    lost: int
    stuck_lock: bool
    workers_left: int
    rerun_ok: bool
    notices: list[str]


#: runs started by this bench, stopped with it (SIGTERM or Ctrl-C) so none outlives it
_started: list[Run] = []


def _start(*args: str) -> Run:
    run = Run.command(*args)
    _started.append(run)
    return run


def _stop_started() -> None:
    for run in _started:
        if run.proc.poll() is None:
            run.kill(signal.SIGTERM)


def _command(src: Path, ix: Path, kind: str, workers: int) -> list[str]:
    args = ["index", str(src), "--index", str(ix), "--workers", str(workers)]
    return [*args, "--rebuild"] if kind == "rebuild" else args


def _timed_run(args: list[str]) -> float:
    t0 = time.monotonic()
    status, _, err = _start(*args).finish()
    if status != 0:
        sys.exit(f"the reference run failed: {err}")
    return time.monotonic() - t0


def trial(kind: str, delay: float, base_ix: Path, src: Path, work: Path, workers: int) -> Trial:
    ix = work / "ix"
    shutil.rmtree(ix, ignore_errors=True)
    shutil.copytree(base_ix, ix)
    before = document_count(ix)
    stamp = commit_stamp(ix)
    run = _start(*_command(src, ix, kind, workers))
    deadline = time.monotonic() + delay
    while time.monotonic() < deadline and run.proc.poll() is None:
        run.workers.update(children(run.proc.pid))
        time.sleep(min(0.05, max(0.0, deadline - time.monotonic())))
    finished_first = run.proc.poll() is not None
    if not finished_first:
        run.kill(signal.SIGKILL)
    run.finish()
    gone = run.workers_gone(within=5.0)
    workers_left = 0 if gone else len(run.workers)
    try:
        after = document_count(ix)
    except Exception:
        after = 0
    landed = commit_stamp(ix) != stamp
    stuck = not lock_is_free(ix)
    status, _, err = _start(*_command(src, ix, kind, workers)).finish()
    expected = sum(1 for p in src.glob("*.jsonl") for _ in p.open(encoding="utf-8"))
    rerun_ok = status == 0 and document_count(ix) == expected
    notices = [line for line in err.splitlines() if line.startswith("recovered:")]
    return Trial(
        kind,
        delay,
        finished_first,
        landed,
        max(0, before - after),
        stuck,
        workers_left,
        rerun_ok,
        notices,
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trials", type=int, default=20)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--base", type=int, default=1000, help="records indexed before each trial")
    ap.add_argument("--more", type=int, default=1000, help="records each killed run adds")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--json", action="store_true", help="print each trial as JSON too")
    args = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so the finally below runs
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="migsearch-kill-trials-"))
    try:
        src = work / "src"
        src.mkdir()
        make_records(src / "base.jsonl", args.base, seed=args.seed, prefix="b")
        base_ix = work / "base-index"
        _timed_run(["index", str(src), "--index", str(base_ix), "--workers", str(args.workers)])
        make_records(src / "more.jsonl", args.more, seed=args.seed + 1, prefix="m")
        durations = {}
        for kind in ("index", "rebuild"):
            ix = work / f"ref-{kind}"
            shutil.copytree(base_ix, ix)
            durations[kind] = _timed_run(_command(src, ix, kind, args.workers))
            shutil.rmtree(ix)
        print(
            f"{args.trials} trials, seed {args.seed}, {args.base} records indexed + {args.more} "
            f"added, {args.workers} workers; unkilled runs: incremental "
            f"{durations['index']:.1f} s, rebuild {durations['rebuild']:.1f} s"
        )
        trials = []
        for i in range(args.trials):
            kind = "index" if i % 2 == 0 else "rebuild"
            delay = rng.uniform(0.0, 1.1 * durations[kind])
            t = trial(kind, delay, base_ix, src, work, args.workers)
            trials.append(t)
            phase = "after its end" if t.finished_first else (
                "after its commit" if t.landed else "before its commit")  # fmt: skip
            print(
                f"  {i + 1:2d}. {'incremental' if kind == 'index' else 'rebuild':11s} killed at "
                f"{delay:5.2f} s ({phase}): lost {t.lost}, stuck lock {int(t.stuck_lock)}, "
                f"workers left {t.workers_left}, re-run {'ok' if t.rerun_ok else 'FAILED'}"
                + (f"; {len(t.notices)} recovered: lines" if t.notices else "")
            )
            if args.json:
                print("    " + json.dumps(t.__dict__))
        killed = [t for t in trials if not t.finished_first]
        print(
            f"committed documents lost: {sum(t.lost for t in trials)}; stuck locks: "
            f"{sum(t.stuck_lock for t in trials)}; worker processes left: "
            f"{sum(t.workers_left for t in trials)}; re-runs completed: "
            f"{sum(t.rerun_ok for t in trials)}/{len(trials)}"
        )
        print(
            f"kills before the run ended: {len(killed)} ({sum(not t.landed for t in killed)} "
            f"before the commit landed, {sum(t.landed for t in killed)} after); median kill "
            f"delay {statistics.median(t.delay for t in trials):.2f} s"
        )
        bad = any(t.lost or t.stuck_lock or t.workers_left or not t.rerun_ok for t in trials)
        sys.exit(1 if bad else 0)
    finally:
        _stop_started()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
