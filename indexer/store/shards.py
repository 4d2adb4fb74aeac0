"""Building and updating a sharded index: one writing process per shard, in parallel.

Each shard is an ordinary migsearch index (:mod:`.shardset` says where), built
by :func:`~.writer.build_index` in a process of its own, with its own parsing
and its own Whoosh writer: nothing is shared between shards but the input
files. Every shard process reads every source and keeps the records whose id
hashes to it (parsing is a small part of a build; writing is the rest, and it
is what spreads over the processes).

A run commits all shards or none: each shard process, once everything is
written, tells this process it is ready and waits; only when every shard is
ready (and the run indexed something, or changed something) do they all commit
and publish. A shard that fails, or a stop (Ctrl-C, SIGTERM), makes them all
commit nothing. The commits themselves are N quick steps, not one: a crash in
the middle of them leaves some shards with this run and some without, which the
next run of the same input completes.

Files and records that fail are reported once (every shard meets them), the
warnings of the records kept once each (only their shard keeps them).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import signal
import sys
from collections.abc import Callable, Iterable
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, Protocol

from migsearch.errors import IndexWriteError, MigsearchError, UsageError
from migsearch.indexer.store import storage
from migsearch.indexer.store.session import hold_lock, log_notice
from migsearch.indexer.store.shardset import (
    MAX_SHARDS,
    shard_count,
    shard_folders,
    write_manifest,
)
from migsearch.indexer.store.writer import IndexReport, build_index

__all__ = [
    "ProcessRunner",
    "ShardJob",
    "ShardRunner",
    "build_shards",
    "run_shard",
    "sendable",
    "verdict",
]

#: seconds shard processes get to clean up after a stop before they are killed
_STOP_GRACE = 30.0


def build_shards(
    paths: Iterable[str | os.PathLike[str]],
    index_dir: str | os.PathLike[str],
    *,
    shards: int | None = None,
    rebuild: bool = False,
    workers: int | None = None,
    wait: float = 0.0,
    on_error: Callable[[str], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
    on_notice: Callable[[str], None] | None = None,
    runner: ShardRunner | None = None,
) -> IndexReport:
    """Index ``paths`` into the shard set at ``index_dir``, all shards in parallel.

    ``shards`` is the number of shards of a new index (then fixed: the manifest
    keeps it); for an existing one it may be left out or must be the same. An
    index of one shard (no manifest) is built by :func:`~.writer.build_index`
    itself. ``workers``: parser processes in all (each shard gets its share,
    at least one: the shard's own process). The callbacks hear of what the
    shards met once they have all finished. ``runner`` runs the shards' writing
    runs (default: a process each, here; :mod:`migsearch.search.shards.cluster`
    has one that runs them as tasks on a Dask cluster).
    """
    path = Path(index_dir)
    paths = list(paths)
    have = shard_count(path)
    if shards is not None and not 1 <= shards <= MAX_SHARDS:
        raise UsageError(f"--shards must be between 1 and {MAX_SHARDS}")
    if have is None and shards is not None and shards > 1 and storage.index_exists(path):
        raise UsageError(
            f"the index at {path} has one shard; build the {shards} shards in a new folder"
        )
    if have is not None and shards is not None and shards != have:
        raise UsageError(
            f"the index at {path} has {have} shards, fixed when it was built; "
            f"build {shards} shards in a new folder"
        )
    n = have or shards or 1
    notice = on_notice or log_notice
    if n == 1:
        return build_index(
            paths,
            path,
            rebuild=rebuild,
            workers=workers,
            wait=wait,
            on_error=on_error,
            on_warning=on_warning,
            on_notice=notice,
        )
    lock = hold_lock(path, rebuild=rebuild, wait=wait, on_notice=notice)
    try:
        building = rebuild or have is None
        per_shard = max(1, (workers or 1) // n)
        folders = shard_folders(path, n)
        held = {} if building else _held_sources(folders)
        jobs = [(paths, f, (k, n), rebuild, per_shard, held) for k, f in enumerate(folders)]
        reports = (runner or ProcessRunner(lock.fd)).run(jobs, building)
        if have is None and any(r.documents for r in reports):
            write_manifest(path, n)
    finally:
        lock.release()
    return _merged(reports, on_error, on_warning, notice)


# ---------------------------------------------------------------- one shard's run

#: what one shard's run is given: sources, folder, (shard, count), rebuild, parser workers,
#: and the hash of each source the set holds
ShardJob = tuple[list[Any], Path, tuple[int, int], bool, int, dict[str, str]]


class ShardRunner(Protocol):
    """Runs every shard's writing run (:func:`run_shard`) and returns their reports.

    Each run, once written, reports its counts and waits for the verdict that
    ``verdict(counts of all)`` gives; a runner gives it only when every shard
    is ready, and False to all when one fails (then raises that failure).
    """

    def run(self, jobs: list[ShardJob], building: bool) -> list[IndexReport]: ...


def run_shard(
    paths: list[Any],
    folder: Path,
    shard: tuple[int, int],
    rebuild: bool,
    workers: int,
    held: dict[str, str],
    *,
    say_ready: Callable[[dict[str, int]], bool],
) -> IndexReport:
    """One shard's writing run: build, say ready (``say_ready(counts)``), commit if told.

    ``held``: the content hash of each source the whole set holds, so that a shard
    skips an unchanged source whose records all live in other shards (it would
    otherwise parse it on every run, having no record of it).
    """
    notes: list[str] = []

    def ready(report: IndexReport) -> bool:
        return say_ready({"added": report.added, "updated": report.updated})

    try:
        report = build_index(
            paths,
            folder,
            rebuild=rebuild,
            workers=workers,
            on_notice=notes.append,
            shard=shard,
            ready=ready,
            elsewhere=held,
        )
    except BaseException as e:
        raise sendable(e, folder) from None
    report.notes[:0] = notes
    return report


def _held_sources(folders: list[Path]) -> dict[str, str]:
    """The content hash of each source held by any shard of ``folders``, when all the
    shards holding it agree (after a crash between their commits they may not: then
    each shard looks at the source again)."""
    seen: dict[str, set[str]] = {}
    for folder in folders:
        if not storage.index_exists(folder):
            continue
        ix = storage.open_existing(folder)
        try:
            with ix.reader() as r:
                if r.doc_count_all():
                    sources, hashes = r.column_reader("source"), r.column_reader("source_hash")
                    for n in r.all_doc_ids():
                        seen.setdefault(sources[n], set()).add(hashes[n])
        finally:
            ix.close()
    return {name: next(iter(h)) for name, h in seen.items() if len(h) == 1}


def verdict(ready: list[dict[str, int]], building: bool) -> bool:
    """Commit? Always, unless a build indexed nothing at all (then the index stays as
    it was, as a one-shard build does)."""
    if not building:
        return True
    return any(r["added"] or r["updated"] for r in ready)


# ---------------------------------------------------------------- a process per shard


class ProcessRunner:
    """Every shard's run in a process of its own, forked from this one."""

    def __init__(self, lock_fd: int) -> None:
        #: the set's lock, which the shard processes must not keep a copy of
        self.lock_fd = lock_fd

    def run(self, jobs: list[ShardJob], building: bool) -> list[IndexReport]:
        return _run_shards(jobs, building, self.lock_fd)


def _shard_main(conn: Connection, job: ShardJob, close_fd: int) -> None:
    """One shard's run, in its own process: build, say ready, wait for the verdict."""
    with contextlib.suppress(OSError):
        os.close(close_fd)  # the set's lock stays with the parent alone

    def say_ready(counts: dict[str, int]) -> bool:
        conn.send(("ready", counts))
        return bool(conn.recv())

    try:
        conn.send(("done", run_shard(*job, say_ready=say_ready)))
    except BaseException as e:  # sent to the parent, which raises it
        conn.send(("error", sendable(e, job[1])))
    finally:
        conn.close()


def sendable(e: BaseException, folder: Path) -> BaseException:
    """``e`` as the parent raises it: a migsearch error as it is, anything else as a
    write error naming the shard (the parent's callers expect one of ours)."""
    if isinstance(e, MigsearchError):
        try:
            pickle.loads(pickle.dumps(e))
            return e
        except Exception:
            pass
    reason = str(e) if isinstance(e, MigsearchError) else f"{type(e).__name__}: {e}"
    return IndexWriteError(
        f"could not write the shard {folder} ({reason}); nothing of this run was committed"
    )


def _run_shards(jobs: list[ShardJob], building: bool, lock_fd: int) -> list[IndexReport]:
    ctx = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
    conns: list[Connection] = []
    procs = []
    for k, job in enumerate(jobs):
        parent, child = ctx.Pipe()
        p = ctx.Process(target=_shard_main, args=(child, job, lock_fd), name=f"migsearch-shard-{k}")
        p.start()
        child.close()
        conns.append(parent)
        procs.append(p)
    try:
        return _coordinate(conns, procs, building)
    except BaseException:
        for p in procs:
            if p.is_alive() and p.pid is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(p.pid, signal.SIGTERM)
        for p in procs:
            p.join(_STOP_GRACE)
            if p.is_alive():
                p.kill()
                p.join()
        raise
    finally:
        for c in conns:
            c.close()


def _coordinate(conns: list[Connection], procs: list[Any], building: bool) -> list[IndexReport]:
    """Collect every shard's readiness, give one verdict to all, collect their reports."""
    ready: dict[int, dict[str, int]] = {}
    reports: dict[int, IndexReport] = {}
    failure: BaseException | None = None
    waiting = dict(enumerate(conns))
    while waiting:
        for c in wait(list(waiting.values())):
            k = conns.index(c)  # type: ignore[arg-type]
            try:
                kind, value = c.recv()
            except EOFError:
                kind, value = "error", IndexWriteError(f"the writer of shard {k} died")
            if kind == "ready":
                ready[k] = value
                if failure is not None:
                    c.send(False)  # another shard failed: this one commits nothing
                elif len(ready) == len(conns):
                    go = verdict(list(ready.values()), building)
                    for j in ready:
                        conns[j].send(go)
                continue
            del waiting[k]
            if kind == "done":
                reports[k] = value
            else:
                if failure is None:
                    failure = value
                    for j in ready:  # those already waiting commit nothing
                        with contextlib.suppress(OSError):
                            conns[j].send(False)
    for p in procs:
        p.join()
    if failure is not None:
        raise failure
    return [reports[k] for k in range(len(conns))]


def _merged(
    reports: list[IndexReport],
    on_error: Callable[[str], None] | None,
    on_warning: Callable[[str], None] | None,
    on_notice: Callable[[str], None],
) -> IndexReport:
    """One report for the set: counts summed, what every shard met said once."""
    first = reports[0]
    out = IndexReport(
        added=sum(r.added for r in reports),
        updated=sum(r.updated for r in reports),
        unchanged=sum(r.unchanged for r in reports),
        removed=sum(r.removed for r in reports),
        failed=first.failed,
        documents=sum(r.documents for r in reports),
        sources=first.sources,
        errors=list(first.errors),
        warnings=[w for r in reports for w in r.warnings],
        skipped=list(first.skipped),
    )
    for r in reports:
        for note in r.notes:
            if note.startswith("recovered:"):
                on_notice(note)
            elif note not in out.notes:
                out.notes.append(note)
    for msg in out.errors if on_error else ():
        on_error(msg)  # type: ignore[misc]
    for msg in out.warnings if on_warning else ():
        on_warning(msg)  # type: ignore[misc]
    return out
