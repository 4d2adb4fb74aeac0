"""The shards of a set searched in processes of their own, one per shard, on this machine.

A shard's work in a search is mostly Python (decoding posting blocks, the
feedback pass, snippets), which holds the GIL: shards searched in threads of
one process take turns on one core. At a million documents in two shards that
left the second core idle and the faceted query at p50 186 ms; with each shard
in its own process the two work at once: 119 ms, measured in turns
(``bench/scale.py --shards-in``), and 81 ms once long posting lists are read as
arrays (``indexer.store.postingarrays``).

Each shard process opens its shard once and keeps it open, as a server does
(:class:`~migsearch.search.shards.shard.ShardSearcher`, the same object a Dask
worker holds), and answers the coordinator's calls in order over a pipe. The
calls and answers are the plain data the cluster path sends already.

A search's time limit goes with each call (:func:`~migsearch.search.deadline.carried`),
and the shard stops at it as it would in this process. A shard process that
dies, or answers nothing for :data:`STUCK_SECONDS` past the search's limit, is
stopped if need be and started again on the next call; the search it failed
gets :class:`~migsearch.errors.ShardUnavailableError`, never a partial answer.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
from collections.abc import Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from migsearch.errors import MigsearchError, ShardUnavailableError
from migsearch.search.deadline import Carried, carried, carried_limit, remaining

__all__ = ["PROCESSES_FROM_BYTES", "STUCK_SECONDS", "ProcessShards", "worth_processes"]

#: a shard set whose files hold at least this many bytes is searched in processes by
#: default (:func:`worth_processes`)
PROCESSES_FROM_BYTES = 400_000_000

#: seconds past a search's limit after which a shard process that has not answered is
#: taken for stuck (its one-time loads, such as a large facet column, do not count in
#: its limit, so it may rightly answer a little after it)
STUCK_SECONDS = 60.0
#: seconds a new shard process may take to open its shard
START_SECONDS = 600.0


def worth_processes(index_dir: str | os.PathLike[str], shards: int) -> bool:
    """Are the ``shards`` of the set at ``index_dir`` worth a process each?

    Each call to a shard process costs a round trip (a search makes five or six),
    about 4 ms a search in all; threads cost nothing to call but take turns. The
    work that processes share out grows with the postings a search reads, which the
    size of the files follows: at 10,000 documents (57 MB) threads answer sooner
    (p50 14 ms against 18), at a million (4.5 GB) processes do (119 ms against 186).
    Only with two cores or more: on one, processes take turns too.
    """
    if shards < 2 or (os.cpu_count() or 1) < 2 or multiprocessing.current_process().daemon:
        return False  # (a daemonic process may start no process of its own)
    total = 0
    for root, _dirs, files in os.walk(index_dir):
        for name in files:
            try:
                total += os.stat(os.path.join(root, name)).st_size
            except OSError:  # a file a commit just removed
                continue
            if total >= PROCESSES_FROM_BYTES:
                return True
    return False


def _serve(conn: Connection, folder: str, number: int, warm: bool) -> None:
    """A shard process: open the shard, then answer calls until told to stop."""
    import signal

    from migsearch.search.shards.shard import ShardSearcher

    # Ctrl-C reaches the whole process group: the coordinator stops its shards itself
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        searcher = ShardSearcher(Path(folder), number, warm=warm)
    except BaseException as e:  # the error goes to the caller, as any call's would
        conn.send((False, _sendable(e)))
        return
    conn.send((True, None))
    try:
        while True:
            try:
                call = conn.recv()
            except (EOFError, OSError):  # the coordinator is gone
                return
            if call is None:
                return
            method, args, limit = call
            try:
                with carried_limit(limit):
                    answer: tuple[bool, Any] = (True, getattr(searcher, method)(*args))
            except Exception as e:
                answer = (False, _sendable(e))
            conn.send(answer)
    finally:
        searcher.close()


def _sendable(e: BaseException) -> BaseException:
    """``e`` if it survives pickling (our errors do), else one that says what it was."""
    import pickle

    try:
        pickle.loads(pickle.dumps(e))
        return e
    except Exception:
        return ShardUnavailableError(f"a shard failed: {type(e).__name__}: {e}")


class _Shard:
    """One shard's process and the pipe to it; one call at a time."""

    def __init__(self, folder: str, number: int, warm: bool) -> None:
        self.folder, self.number, self.warm = folder, number, warm
        self.lock = threading.Lock()
        self.proc: Any = None
        self.conn: Connection | None = None

    def start(self) -> None:
        """Start the process (the caller waits for it with :meth:`started`)."""
        ctx = multiprocessing.get_context("spawn")  # no copy of this process's threads
        ours, theirs = ctx.Pipe()
        self.proc = ctx.Process(
            target=_serve,
            args=(theirs, self.folder, self.number, self.warm),
            name=f"migsearch-shard-{self.number}",
            daemon=True,
        )
        self.proc.start()
        theirs.close()
        self.conn = ours

    def started(self) -> None:
        """Wait for the process to have opened its shard (raises its error)."""
        ok, err = self._receive(START_SECONDS)
        if not ok:
            self.stop()
            raise err

    def send(self, method: str, args: tuple[Any, ...], limit: Carried | None) -> None:
        if self.conn is None or not self.proc.is_alive():
            self.stop()
            self.start()
            self.started()
        assert self.conn is not None
        try:
            self.conn.send((method, args, limit))
        except (OSError, ValueError) as e:
            self.stop()
            raise self._lost(f"it could not be reached ({e})") from e

    def answer(self) -> Any:
        wait = remaining()
        ok, value = self._receive(None if wait is None else wait + STUCK_SECONDS)
        if not ok:
            raise value
        return value

    def _receive(self, timeout: float | None) -> tuple[bool, Any]:
        assert self.conn is not None
        try:
            if not self.conn.poll(timeout):
                self.stop()
                raise self._lost("it answered nothing and was stopped")
            return self.conn.recv()
        except (EOFError, OSError) as e:
            code = self.proc.exitcode if self.proc is not None else None
            self.stop()
            raise self._lost(f"its process ended (exit code {code})") from e

    def _lost(self, why: str) -> ShardUnavailableError:
        return ShardUnavailableError(
            f"shard {self.number} ({self.folder}) could not answer: {why}; "
            "nothing was returned for this search, and the shard is started again "
            "for the next one"
        )

    def stop(self, wait: float = 0.0) -> None:
        """End the process (asked to stop politely when ``wait``, then killed)."""
        conn, proc = self.conn, self.proc
        self.conn = self.proc = None
        if conn is not None:
            if wait:
                with contextlib.suppress(OSError, ValueError):
                    conn.send(None)
            conn.close()
        if proc is not None:
            proc.join(wait)
            if proc.is_alive():
                proc.kill()
                proc.join(5)


class ProcessShards:
    """Shard searchers of the folders ``folders``, each in a process of its own, in
    shard order (a :class:`~migsearch.search.shards.coordinator.ShardGroup`)."""

    def __init__(self, folders: Sequence[str | os.PathLike[str]], *, warm: bool = False) -> None:
        self._shards = [_Shard(str(Path(f).absolute()), k, warm) for k, f in enumerate(folders)]
        try:
            for s in self._shards:  # opened at once: each reads its own shard
                s.start()
            for s in self._shards:
                s.started()
        except BaseException:
            self.close()
            raise

    @property
    def count(self) -> int:
        return len(self._shards)

    @property
    def pids(self) -> list[int | None]:
        """Each shard's process id (None while it is not running)."""
        return [s.proc.pid if s.proc is not None else None for s in self._shards]

    def all(self, method: str, *args: Any) -> list[Any]:
        """``method(*args)`` on every shard, their answers in shard order."""
        return self.each({k: args for k in range(self.count)}, method)

    def each(self, calls: dict[int, tuple[Any, ...]], method: str) -> list[Any]:
        """``method`` on the shards of ``calls`` with their own arguments, in that order.

        Every shard is sent its call before any answer is read, so they work at
        once; a shard serves one search at a time (locks taken in shard order)."""
        limit = carried()
        shards = [self._shards[k] for k in sorted(calls)]
        for s in shards:
            s.lock.acquire()
        try:
            sent = []
            failure: BaseException | None = None
            for s in shards:
                try:
                    s.send(method, calls[s.number], limit)
                    sent.append(s)
                except MigsearchError as e:
                    failure = failure or e
            answers: dict[int, Any] = {}
            for s in sent:  # every answer is read, so no pipe is left holding one
                try:
                    answers[s.number] = s.answer()
                except Exception as e:
                    failure = failure or e
            if failure is not None:
                raise failure
            return [answers[k] for k in calls]
        finally:
            for s in shards:
                s.lock.release()

    def one(self, k: int, method: str, *args: Any) -> Any:
        return self.each({k: args}, method)[0]

    def close(self) -> None:
        for s in getattr(self, "_shards", []):
            with s.lock:
                s.stop(wait=5.0)
