"""WorkerPool: a run stopped early leaves no worker and no thread that keeps the process alive."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time

from support import ROOT

from migsearch.indexer.store.pool import WorkerPool, _release_manager

# Results of 30 MB take many writes to cross the pipe, so killing the workers of a
# stopped run lands in the middle of one: the case that once left the executor's
# manager thread waiting for the rest of a message, and the process unable to exit.
ABORTED_RUNS = textwrap.dedent(
    """
    import multiprocessing
    from migsearch.indexer.store.pool import WorkerPool

    def big(i):
        return "x" * 30_000_000

    for _ in range(3):
        try:
            with WorkerPool(2) as pool:
                for n, _r in enumerate(pool.map(big, [(i,) for i in range(50)])):
                    if n == 1:
                        raise RuntimeError("stop")
        except RuntimeError:
            pass
        assert multiprocessing.active_children() == []
    print("stopped three runs")
    """
)


def test_a_process_that_aborted_runs_exits_at_once() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", ABORTED_RUNS],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (proc.returncode, proc.stdout.strip()) == (0, "stopped three runs"), proc.stderr


def test_jobs_come_back_in_order_from_two_workers() -> None:
    with WorkerPool(2) as pool:
        assert list(pool.map(pow, [(i, 2) for i in range(40)])) == [i * i for i in range(40)]


def test_each_runs_once_in_every_worker() -> None:
    """What each worker holds alone (its segment) is reached once per worker, none twice."""
    for n in (2, 3):
        with WorkerPool(n) as pool:
            assert len(list(pool.map(pow, [(i, 2) for i in range(20)]))) == 20
            pids = pool.each(os.getpid)
        assert len(pids) == n and len(set(pids)) == n and os.getpid() not in pids
    with WorkerPool(1) as pool:
        assert pool.each(os.getpid) == [os.getpid()]


def test_a_manager_thread_stopped_while_starting_is_waited_for_not_refused() -> None:
    """SIGTERM's handler can raise inside the executor's ``Thread.start``: the stopped
    run then releases a thread that has not started (``join`` alone raises
    RuntimeError, which once replaced the run's one-line message)."""
    never = threading.Thread(target=time.sleep, args=(0,))
    began = time.monotonic()
    _release_manager(never, None)  # gives up after its first wait, does not raise
    assert 0.9 <= time.monotonic() - began < 5
    late = threading.Thread(target=time.sleep, args=(0.05,))
    threading.Timer(0.2, late.start).start()
    _release_manager(late, None)
    assert late.ident is not None and not late.is_alive()
