"""The same shard set on a Dask cluster: shards built and served by its workers.

Where one machine is not enough, the shards of a set live on the workers of
a Dask distributed cluster (``dask scheduler`` and ``dask worker`` processes,
on one machine or many). The coordinator is the same as in this process
(:mod:`.coordinator`); only where each phase runs changes: every call on a
shard is a Dask task, sent preferably to the worker that served that shard
before, which keeps the shard open between searches (a per-worker cache of
opened shards: their columns and caches stay warm, as in a server).

A worker that dies takes nothing with it: the shards are folders on a disk
the workers share (or the same path on each machine), so the scheduler runs
the dead worker's tasks again on another one, which opens the shard and
answers; a search then gets the answer it would have got. When no worker can
answer (all gone, or a task killed the workers it ran on too often), the
search fails with :class:`~migsearch.errors.ShardUnavailableError`, never with a
partial answer.

A search's time limit goes with each of its tasks (:func:`~migsearch.search.deadline.carried`):
the worker's step stops at it as it would in this process, and the coordinator
waits for a task no longer than the search may run, so a search on a cluster
stops at the same time with the same :class:`~migsearch.errors.SearchTimeoutError`.

Building is the same as in one machine (:mod:`migsearch.indexer.store.shards`),
with each shard's run a task on a worker; the commit verdict travels through
a Dask queue and variable instead of pipes.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from migsearch.errors import MigsearchError, ShardUnavailableError
from migsearch.indexer.store.shardset import shard_folders
from migsearch.search.deadline import Carried, carried, carried_limit, check_deadline, remaining
from migsearch.search.shards.shard import ShardSearcher

__all__ = ["ClusterShards", "TaskRunner", "build_on_cluster", "connect"]

#: seconds to wait for the scheduler when connecting
CONNECT_TIMEOUT = 30.0
#: times a task lost with its worker is run again elsewhere before the search fails
LOST_WORKER_RETRIES = 2

#: on a worker: the shards it has opened, by folder
_opened: dict[str, ShardSearcher] = {}
_opening = threading.Lock()


def _on_worker(
    folder: str, k: int, method: str, args: tuple[Any, ...], limit: Carried | None
) -> Any:
    """Run ``method`` of shard ``k`` (opened once per worker process) with ``args``,
    under the time limit of the search that sent it."""
    searcher = _opened.get(folder)
    if searcher is None:
        with _opening:
            searcher = _opened.get(folder)
            if searcher is None:
                searcher = _opened[folder] = ShardSearcher(Path(folder), k, warm=True)
    with carried_limit(limit):
        return getattr(searcher, method)(*args)


def connect(address: str) -> Any:
    """A Dask client of the scheduler at ``address`` (``tcp://host:8786``)."""
    from distributed import Client

    try:
        return Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError) as e:
        raise ShardUnavailableError(f"cannot reach the Dask scheduler at {address}: {e}") from e


class ClusterShards:
    """The shards of ``index_dir`` served by the workers of ``client``'s cluster."""

    def __init__(self, client: Any, index_dir: str | os.PathLike[str], shards: int) -> None:
        self.client = client
        self.folders = [str(Path(f).absolute()) for f in shard_folders(index_dir, shards)]
        workers = sorted(client.scheduler_info()["workers"])
        if not workers:
            raise ShardUnavailableError("the Dask cluster has no worker")
        #: the worker each shard goes to first (any other when it is gone)
        self.home = [workers[k % len(workers)] for k in range(shards)]

    @property
    def count(self) -> int:
        return len(self.folders)

    def _submit(self, k: int, method: str, args: tuple[Any, ...]) -> Any:
        return self.client.submit(
            _on_worker,
            self.folders[k],
            k,
            method,
            args,
            carried(),
            key=f"migsearch-{method}-{k}-{uuid.uuid4().hex}",
            workers=[self.home[k]],
            allow_other_workers=True,
            retries=LOST_WORKER_RETRIES,
            pure=False,
        )

    def each(self, calls: dict[int, tuple[Any, ...]], method: str) -> list[Any]:
        futures = [self._submit(k, method, args) for k, args in calls.items()]
        return [_result(f) for f in futures]

    def all(self, method: str, *args: Any) -> list[Any]:
        return self.each({k: args for k in range(self.count)}, method)

    def one(self, k: int, method: str, *args: Any) -> Any:
        return _result(self._submit(k, method, args))

    def close(self) -> None:
        self.client.close()


def _result(future: Any) -> Any:
    """The task's answer; our errors as they are, the cluster's as one of ours.

    Within a search's time limit, waits no longer than the search has left: a task
    stuck where no check of the limit runs (queued behind a busy worker, or in one
    long step) stops the search at its limit all the same, and is cancelled.
    """
    try:
        while True:
            try:
                return future.result(timeout=remaining())
            except TimeoutError:
                if future.done():  # the answer (or the task's own error) came as the wait ended
                    return future.result()
                try:
                    check_deadline()
                except MigsearchError:
                    future.cancel()
                    raise
    except MigsearchError:
        raise
    except Exception as e:
        raise ShardUnavailableError(
            f"a shard could not answer on the Dask cluster ({type(e).__name__}: {e}); "
            "nothing was returned for this search"
        ) from e


def build_on_cluster(
    client: Any,
    paths: Iterable[str | os.PathLike[str]],
    index_dir: str | os.PathLike[str],
    shards: int | None = None,
    *,
    rebuild: bool = False,
) -> Any:
    """Build or update the shard set at ``index_dir`` with a task per shard on the
    cluster's workers (see :func:`migsearch.indexer.store.shards.build_shards`)."""
    from migsearch.indexer.store.shards import build_shards

    paths = [Path(p).absolute() for p in paths]
    return build_shards(paths, index_dir, shards=shards, rebuild=rebuild, runner=TaskRunner(client))


class TaskRunner:
    """Runs the shards' writing runs as Dask tasks, the verdict sent through the cluster."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def run(self, jobs: list[Any], building: bool) -> list[Any]:
        from distributed import Queue, Variable

        from migsearch.indexer.store.shards import verdict

        run = uuid.uuid4().hex
        ready = Queue(f"migsearch-ready-{run}", client=self.client)
        said = Variable(f"migsearch-verdict-{run}", client=self.client)
        workers = sorted(self.client.scheduler_info()["workers"]) or [None]
        # the workers' working folders are not ours: every path absolute
        jobs = [(job[0], Path(job[1]).absolute(), *job[2:]) for job in jobs]
        futures = [
            self.client.submit(
                _build_task,
                run,
                job,
                key=f"migsearch-build-{k}-{run}",
                workers=None if workers[0] is None else [workers[k % len(workers)]],
                allow_other_workers=True,
                retries=LOST_WORKER_RETRIES,
                pure=False,
            )
            for k, job in enumerate(jobs)
        ]
        counts: dict[int, dict[str, int]] = {}
        try:
            while len(counts) < len(jobs):
                failed = [f for f in futures if f.status in ("error", "cancelled")]
                if failed:
                    said.set(False)
                    _result(failed[0])  # raises its error
                try:
                    k, c = ready.get(timeout=0.5)
                except TimeoutError:
                    continue
                counts[k] = c
            said.set(verdict([counts[k] for k in sorted(counts)], building))
            return [_result(f) for f in futures]
        except BaseException:
            said.set(False)
            raise


def _build_task(run: str, job: Any) -> Any:
    """On a worker: one shard's writing run, its readiness and verdict through the cluster."""
    from distributed import Queue, Variable

    from migsearch.indexer.store.shards import run_shard

    ready = Queue(f"migsearch-ready-{run}")
    said = Variable(f"migsearch-verdict-{run}")
    k = job[2][0]

    def say_ready(counts: dict[str, int]) -> bool:
        ready.put((k, counts))
        return bool(said.get())

    return run_shard(*job, say_ready=say_ready)
