"""Parser processes that never outlive the writer that started them.

Parsing and tagging run in worker processes (they are pure functions of a
file's bytes); the writer stays in the parent. A worker must not keep
anything of the parent alive after it: each one closes its inherited copies
of the lock descriptors (an ``flock`` lives as long as any copy of its
descriptor, so a stray worker would keep the index locked), ignores the
terminal's Ctrl-C (the parent decides), and dies when its parent dies, by
``prctl(PR_SET_PDEATHSIG)`` on Linux or by watching its parent elsewhere. When
the parent stops a run early (an error, SIGTERM), :meth:`WorkerPool.abort`
kills the workers instead of waiting for the files they are parsing.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from migsearch.errors import MigsearchError

__all__ = ["WorkerPool"]

#: jobs queued per worker: enough to keep every worker busy, few enough that
#: results waiting for the writer keep memory flat on huge inputs
WINDOW_PER_WORKER = 4
#: seconds a worker that ran its part of :meth:`WorkerPool.each` waits for the others
EACH_WAIT = 3600.0
_PR_SET_PDEATHSIG = 1
#: in a worker: the barrier that holds each of its :meth:`WorkerPool.each` jobs until
#: every worker has taken one (so no worker takes two)
_barrier: Any = None


def _die_with(parent: int) -> None:
    """Make this process end when ``parent`` does."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                if os.getppid() != parent:  # the parent died before prctl took effect
                    os._exit(1)
                return

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _start_worker(parent: int, close_fds: Sequence[int], pids: Any, barrier: Any) -> None:
    """The pool's initializer: runs first in every worker."""
    global _barrier
    _barrier = barrier
    for fd in close_fds:
        with contextlib.suppress(OSError):
            os.close(fd)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler, inherited by fork
    _die_with(parent)
    pids.put(os.getpid())


def _once_here(fn: Callable[[], Any]) -> Any:
    """Run ``fn`` in this worker, then wait until every worker has run it."""
    result = fn()
    _barrier.wait(EACH_WAIT)
    return result


def _join(thread: threading.Thread, timeout: float) -> None:
    """``thread.join(timeout)``, also for a thread a stop interrupted as it was being
    started (SIGTERM's handler raises inside ``Thread.start``): ``join`` refuses such a
    thread until it has started, so wait for that within the same time."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            thread.join(max(0.0, deadline - time.monotonic()))
            return
        except RuntimeError:  # not started yet, and perhaps never
            if time.monotonic() >= deadline:
                return
            time.sleep(0.01)


def _release_manager(manager: threading.Thread | None, results: Any) -> None:
    """Make sure an executor's manager thread ends once its workers are killed.

    A worker killed while writing a result leaves half a message in the result
    pipe; the manager thread then waits for the rest forever, and the interpreter
    waits for that thread when it exits, so a process that aborted a run could
    never end. With the workers gone, closing this process's end of the pipe
    (``results``) turns that wait into end-of-file, which the executor reads as a
    broken pool; should another process still hold the pipe, the thread is at
    least no longer waited for at exit. (Both reach into the executor's
    internals, which have no public way to do this; each step is skipped if they
    change.)
    """
    if manager is None:
        return
    _join(manager, 1.0)
    if not manager.is_alive():
        return
    with contextlib.suppress(Exception):
        results._writer.close()
    _join(manager, 5.0)
    if manager.is_alive():
        import concurrent.futures.process as cfp

        with contextlib.suppress(Exception):
            cfp._threads_wakeups.pop(manager, None)  # type: ignore[attr-defined]


class WorkerPool:
    """Runs jobs in ``workers`` processes (in this one when ``workers`` is 1).

    ``close_fds`` are descriptors the workers must not keep (the locks).
    ``prepare`` runs once in this process before the first job is handed out:
    what it loads, the forked workers share instead of each loading it again.
    Use as a context manager: leaving it normally waits for the workers,
    leaving it by an exception kills them.
    """

    def __init__(
        self,
        workers: int,
        close_fds: Sequence[int] = (),
        prepare: Callable[[], None] | None = None,
    ) -> None:
        self.workers = workers
        self._prepare = prepare
        self._pool: ProcessPoolExecutor | None = None
        self._pids: Any = None
        if workers > 1:
            # fork: workers start at once with the parser modules already imported
            ctx = multiprocessing.get_context("fork" if sys.platform != "win32" else None)
            self._pids = ctx.SimpleQueue()
            self._pool = ProcessPoolExecutor(
                max_workers=workers,
                mp_context=ctx,
                initializer=_start_worker,
                initargs=(os.getpid(), tuple(close_fds), self._pids, ctx.Barrier(workers)),
            )

    def map(self, fn: Callable[..., Any], argsets: Iterable[tuple[Any, ...]]) -> Iterator[Any]:
        """``fn(*args)`` for each of ``argsets``, in order, a bounded window at a time."""
        if self._pool is None:
            for a in argsets:
                yield fn(*a)
            return
        pending: deque[Future[Any]] = deque()
        for a in argsets:
            self._started()
            pending.append(self._pool.submit(fn, *a))
            while len(pending) >= self.workers * WINDOW_PER_WORKER:
                yield self._result(pending.popleft())
        while pending:
            yield self._result(pending.popleft())

    def each(self, fn: Callable[[], Any]) -> list[Any]:
        """``fn()`` once in every worker (in this process when there is no pool).

        For what each worker holds on its own, such as the segment it writes.
        Forked workers all exist from the first job on, and each one waits at a
        barrier after its call, so the calls go to as many different workers.
        """
        if self._pool is None:
            return [fn()]
        self._started()
        futures = [self._pool.submit(_once_here, fn) for _ in range(self.workers)]
        return [self._result(f) for f in futures]

    def _started(self) -> None:
        if self._prepare is not None:
            self._prepare()
            self._prepare = None

    @staticmethod
    def _result(future: Future[Any]) -> Any:
        try:
            return future.result()
        except BrokenProcessPool as e:
            raise MigsearchError(
                "a parser process died (killed, or out of memory); nothing of this run was "
                "committed"
            ) from e

    def abort(self) -> None:
        """Stop now: cancel queued jobs and kill the workers."""
        if self._pool is None:
            return
        pool, self._pool = self._pool, None
        # shutdown() forgets the manager thread and the result pipe: keep them first
        manager = getattr(pool, "_executor_manager_thread", None)
        results = getattr(pool, "_result_queue", None)
        pool.shutdown(wait=False, cancel_futures=True)
        mine = set()
        while not self._pids.empty():
            mine.add(self._pids.get())
        doomed = [c for c in multiprocessing.active_children() if c.pid in mine]
        for child in doomed:
            child.kill()
        for child in doomed:
            child.join(5)
        _release_manager(manager, results)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()
