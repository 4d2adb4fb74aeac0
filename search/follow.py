"""The current commit of an index folder: opened once, followed, swapped without stopping readers.

Writers commit in other processes, so a reader learns of a new commit by
looking at the folder (:func:`~migsearch.indexer.store.storage.commit_stamp`:
a rebuild that reuses a generation number is another commit all the same).
When it changes, one thread opens the new commit while the others go on
searching the snapshot they have; the new one then becomes current, and the
old one is closed when its last search ends. A search never waits for a
commit to be opened unless there is no snapshot at all.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from migsearch.errors import IndexMissingError, MigsearchError
from migsearch.indexer.store.storage import commit_stamp, open_existing
from migsearch.search.filemap import shared_for_reading
from migsearch.search.snapshot import Snapshot

__all__ = ["CommitFollower"]

log = logging.getLogger("migsearch.search")


class CommitFollower:
    """Keeps the newest commit of ``path`` open as a :class:`Snapshot`.

    ``warm``: read each new commit's columns before it becomes current (a
    server wants that; a one-shot command reads only what its query needs).
    """

    def __init__(self, path: str | os.PathLike[str], *, warm: bool = False) -> None:
        self.path = Path(path)
        self.warm = warm
        #: one thread opens a new commit at a time
        self._opening = threading.Lock()
        self._snap: Snapshot | None = None
        self._closed = False
        with self._opening:
            self._snap = self._open(commit_stamp(self.path))

    def _open(self, stamp: Any) -> Snapshot:
        ix = open_existing(self.path)
        shared = shared_for_reading(ix)
        snap = Snapshot(ix, stamp, shared=shared)
        if self.warm:
            snap.warm()
        return snap

    def _swap(self, new: Snapshot) -> None:
        old, self._snap = self._snap, new
        if old is not None:
            old.retire()

    def acquire(self) -> Snapshot:
        """The newest snapshot, retained (call :meth:`Snapshot.release` when done).

        Opens the newest commit first if another process committed since, unless
        another thread is already opening it: this one then keeps the snapshot
        it has. If the new commit cannot be opened (a damaged or vanished index),
        the last good one goes on serving and the failure is logged.
        """
        stamp = commit_stamp(self.path)
        while True:
            if self._closed:
                raise IndexMissingError(f"the index at {self.path} was closed")
            snap = self._snap
            if snap is not None and (stamp is None or snap.stamp == stamp):
                if snap.retain():
                    return snap
                continue  # replaced and closed meanwhile: take the newer one
            if self._opening.acquire(blocking=snap is None):
                try:
                    if self._snap is snap:
                        self._swap(self._open(stamp))
                except (MigsearchError, OSError) as e:
                    if snap is None:
                        raise
                    log.warning("keeping generation %s open: %s", snap.generation, e)
                    if snap.retain():
                        return snap
                finally:
                    self._opening.release()
                continue
            if snap is not None and snap.retain():
                return snap

    def refresh(self) -> Snapshot:
        """Open the newest commit now if it changed (a server's follower calls this)."""
        snap = self.acquire()
        snap.release()
        return snap

    @contextmanager
    def using(self) -> Iterator[Snapshot]:
        """The newest snapshot, held for the block (and its lock, where files are not shared)."""
        snap = self.acquire()
        try:
            with snap.exclusive:
                yield snap
        finally:
            snap.release()

    def stale(self, snap: Snapshot) -> bool:
        """Has a newer commit landed since ``snap`` was opened?"""
        stamp = commit_stamp(self.path)
        return stamp is not None and stamp != snap.stamp

    def close(self) -> None:
        with self._opening:
            self._closed = True
            if self._snap is not None:
                self._snap.retire()
                self._snap = None
