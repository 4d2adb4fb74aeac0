"""One writing run on an index folder, from taking the lock to releasing it.

Every run that changes an index goes through a :class:`WriteSession`: it
takes the writer lock first and keeps it to the very end, puts the folder
back in order after any run that did not finish (announcing what it
repaired), and decides where this run writes: into the current generation
(an incremental run) or into a new one (a rebuild, or the first build),
which :meth:`WriteSession.publish` makes current in one atomic step.

A run that fails or is stopped leaves nothing behind: a new generation is
removed, the current one loses the partial files of the commit that never
happened, and the error says which path could not be written. A run that
succeeds removes the generation it replaced, after a short grace so that a
search which opened it just before the swap can finish.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import signal
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from migsearch.errors import IndexWriteError, UsageError
from migsearch.indexer.store import storage
from migsearch.indexer.store.interrupt import RunStopped, StopSignals
from migsearch.indexer.store.lock import WriteLock, acquire
from migsearch.indexer.store.shardset import shard_count
from migsearch.indexer.store.upgrade import add_missing_files

__all__ = ["RETIRE_GRACE", "WriteSession", "hold_lock", "log_notice"]

#: seconds a replaced generation stays after a rebuild is published, for searches
#: that opened it just before (readers reopen at their next search)
RETIRE_GRACE = 0.5

#: errors of writing that name a condition of the disk, not a bug
_WRITE_ERRNOS = {
    errno.ENOSPC,
    errno.EDQUOT,
    errno.EFBIG,
    errno.EROFS,
    errno.EACCES,
    errno.EPERM,
    errno.EIO,
}

_log = logging.getLogger("migsearch.indexer")


def log_notice(message: str) -> None:
    """Where a library caller's notices go when it gives no ``on_notice``: the log
    (Python's last-resort handler prints warnings on stderr)."""
    _log.warning(message)


def hold_lock(
    index_dir: str | os.PathLike[str],
    *,
    rebuild: bool = False,
    wait: float = 0.0,
    on_notice: Callable[[str], None] = log_notice,
) -> WriteLock:
    """Take the writer lock of ``index_dir`` (created if need be) for a run whose work
    begins before its session: a crawl, which must not fetch for an index another run
    is writing. Hand it to :class:`WriteSession` (``lock=``); the caller releases it."""
    path = Path(index_dir)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise _write_error(e, path) from e
    op = "rebuild" if rebuild else "index"
    return acquire(path, operation=op, wait=wait, on_notice=on_notice)


class WriteSession:
    """The lock, recovery, target folder and publication of one writing run."""

    def __init__(
        self,
        index_dir: str | os.PathLike[str],
        *,
        rebuild: bool = False,
        wait: float = 0.0,
        on_notice: Callable[[str], None] = log_notice,
        lock: WriteLock | None = None,
    ) -> None:
        self.path = Path(index_dir)
        #: a lock the caller took (:func:`hold_lock`) and releases itself
        self._held = lock
        self.rebuild = rebuild
        self.wait = wait
        self.on_notice = on_notice
        self.signals = StopSignals()
        #: the generation this run builds (a rebuild or a first build), else None
        self.new: int | None = None
        self.folder: Path = self.path
        self.ix: Any = None
        self.lock: WriteLock | None = None
        self.published = False
        self._replaces = False

    @property
    def building(self) -> bool:
        """Does this run write a new generation (published at its end)?"""
        return self.new is not None

    def __enter__(self) -> WriteSession:
        if shard_count(self.path):
            raise UsageError(
                f"the index at {self.path} is a set of shards: write it with "
                "migsearch.indexer.store.shards.build_shards (what `migsearch index` does)"
            )
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise _write_error(e, self.path) from e
        op = "rebuild" if self.rebuild else "index"
        self.lock = self._held or acquire(
            self.path, operation=op, wait=self.wait, on_notice=self.on_notice
        )
        try:
            self.signals.__enter__()
            for note in storage.recover(self.path):
                self.on_notice(note)
            if self.rebuild or not storage.index_exists(self.path):
                self._replaces = storage.index_exists(self.path)
                self.new, self.folder, self.ix = storage.start_generation(self.path)
            else:
                self.ix = storage.open_existing(self.path)
                self.folder = storage.data_folder(self.path) or self.path
        except BaseException as e:
            self.__exit__(type(e), e, e.__traceback__)
            raise
        return self

    def publish(self) -> None:
        """Make the generation this run built the current one (no-op for an incremental run)."""
        if self.new is not None:
            storage.publish(self.path, self.new)
            self.published = True

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if self.ix is not None:
                if exc_type is None and self.new is None:
                    self._add_missing_files()
                with contextlib.suppress(Exception):
                    self.ix.close()
            if self.published:
                if self._replaces:
                    with self.signals.critical():
                        time.sleep(RETIRE_GRACE)
                    with contextlib.suppress(OSError):
                        storage.retire_old_generations(self.path)
            elif self.new is not None:
                storage.discard_generation(self.path, self.new)
            elif self.lock is not None:
                # a failed commit's files, or those Whoosh's cancel leaves (an unchanged run)
                with contextlib.suppress(OSError):
                    storage.remove_partial_files(self.folder)
        finally:
            self.signals.__exit__()
            if self.lock is not None and self._held is None:
                self.lock.release()
        if isinstance(exc, RunStopped):
            raise IndexWriteError(
                f"stopped by {signal.Signals(exc.signum).name} while writing {self.path}; "
                "nothing of this run was committed and its partial files were removed"
            ) from exc
        if isinstance(exc, OSError) and exc.errno in _WRITE_ERRNOS:
            raise _write_error(exc, self.folder) from exc

    def _add_missing_files(self) -> None:
        """Give the segments an older migsearch wrote the side files that make searches
        faster, once this incremental run is over, under its lock (:mod:`.upgrade`).

        The run itself has succeeded by then: a stop or a full disk here costs only
        speed, which the next run gains instead, so neither fails the run.
        """

        def announce(n: int) -> None:
            what = "segment" if n == 1 else "segments"
            self.on_notice(
                f"adding the side files that speed up searches (posting arrays, facet "
                f"codes) to {n} {what} an older migsearch wrote; once"
            )

        try:
            add_missing_files(self.ix, announce)
        except RunStopped:
            self.on_notice(
                "stopped before every older segment had its side files; the next run adds the rest"
            )
        except OSError as e:
            self.on_notice(
                f"could not add side files to older segments ({e.strerror or e}); "
                "searches read Whoosh's blocks and columns instead"
            )


def _write_error(e: OSError, where: Path) -> IndexWriteError:
    reason = (e.strerror or str(e)).strip()
    reason = reason[:1].lower() + reason[1:]
    path = e.filename or where
    return IndexWriteError(
        f"{reason} writing {path}; nothing of this run was committed and its partial files "
        "were removed"
    )
