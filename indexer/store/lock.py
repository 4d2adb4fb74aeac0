"""The one lock every writing run of an index holds, from start to finish.

Incremental runs, rebuilds and the removals they make all take it, for their
whole life, the rebuild's swap included; a second writer waits for it (up to
``wait`` seconds) or fails at once with one line naming the holder.

It is an ``flock`` on ``<index>/writer.lock``: the kernel drops it when its
holder dies, however it dies. The file records the holder (pid, the
process's start time so a reused pid is not mistaken for it, the operation
and when it began) and is emptied on a clean release, so a writer that finds
a record behind a free lock knows its predecessor died holding it, and says
so. A lock still held although the recorded holder is dead can only be kept
by a process it left behind (a forked child that inherited the descriptor);
it is taken over, with a message, by unlinking the file, after checking
twice under a guard so two newcomers cannot both do it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import socket
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from migsearch.errors import IndexLockedError
from migsearch.indexer.store.storage import lock_file

__all__ = ["Holder", "WriteLock", "acquire"]

#: seconds between two tries while waiting for the lock
POLL = 0.1
#: a dead holder's record must stay unchanged this long before its lock is taken
#: over: a live newcomer writes its own record within microseconds of locking
TAKEOVER_CHECK = 0.5


def _start_time(pid: int) -> int | None:
    """When process ``pid`` started (clock ticks since boot, Linux), None when unknown."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # the command name (field 2) may hold spaces and parentheses: count from its end
    fields = stat.rsplit(")", 1)[1].split()
    return int(fields[19]) if fields[0] != "Z" else None  # field 22: starttime


@dataclass(frozen=True)
class Holder:
    """Who holds (or held) the lock."""

    pid: int
    started: int | None
    host: str
    operation: str
    since: str

    @classmethod
    def me(cls, operation: str) -> Holder:
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        return cls(os.getpid(), _start_time(os.getpid()), socket.gethostname(), operation, now)

    def alive(self) -> bool:
        """Is the recorded process still running? A holder on another machine
        (a shared file system) cannot be checked and counts as alive."""
        if self.host != socket.gethostname():
            return True
        if Path("/proc/self/stat").exists():
            started = _start_time(self.pid)
            return started is not None and (self.started is None or started == self.started)
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True

    def describe(self) -> str:
        return f"pid {self.pid}, {self.operation} since {self.since}"


def _read(fd: int) -> Holder | None:
    """The record in the lock file, None when it is empty (released cleanly)."""
    try:
        raw = os.pread(fd, 4096, 0)
    except OSError:
        return None
    if not raw.strip():
        return None
    try:
        d = json.loads(raw)
        return Holder(
            int(d["pid"]), d.get("started"), str(d["host"]), str(d["operation"]), str(d["since"])
        )
    except (ValueError, KeyError, TypeError):
        return Holder(0, None, "?", "unknown operation", "an unknown time")


def _write(fd: int, holder: Holder) -> None:
    data = json.dumps(asdict(holder)).encode() + b"\n"
    with contextlib.suppress(OSError):  # the record only informs; a full disk must not stop us
        os.ftruncate(fd, 0)
        os.pwrite(fd, data, 0)


class WriteLock:
    """A held lock; ``release`` (or leaving the ``with`` block) frees it."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        #: the locked descriptor: a forked worker must close its copy (see .pool)
        self.fd = fd

    def release(self) -> None:
        if self.fd < 0:
            return
        with contextlib.suppress(OSError):
            os.ftruncate(self.fd, 0)  # an empty record: released cleanly
        with contextlib.suppress(OSError):
            fcntl.flock(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)
        self.fd = -1

    def __enter__(self) -> WriteLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.fstat(fd).st_ino == path.stat().st_ino
    except OSError:
        return False


def _take_over(path: Path, seen: Holder) -> bool:
    """Unlink a lock file still locked although its recorded holder is dead; True if done."""
    guard = os.open(path.parent, os.O_RDONLY | os.O_CLOEXEC)
    try:
        fcntl.flock(guard, fcntl.LOCK_EX)  # one newcomer at a time decides
        time.sleep(TAKEOVER_CHECK)
        try:
            fd = os.open(path, os.O_RDWR | os.O_CLOEXEC)
        except FileNotFoundError:
            return True  # another newcomer took it over already
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                pass
            else:
                fcntl.flock(fd, fcntl.LOCK_UN)
                return True  # freed meanwhile: lock it the ordinary way
            now = _read(fd)
            if now != seen or now is None or now.alive() or not _same_file(fd, path):
                return False
            path.unlink()
            return True
        finally:
            os.close(fd)
    finally:
        os.close(guard)


def acquire(
    index_dir: str | os.PathLike[str],
    *,
    operation: str,
    wait: float = 0.0,
    on_notice: Callable[[str], None] = lambda _msg: None,
) -> WriteLock:
    """Lock the index folder ``index_dir`` (which must exist) for one writing run.

    Waits up to ``wait`` seconds for another writer to finish, then raises
    IndexLockedError naming it. A predecessor that died holding the lock is
    reported through ``on_notice`` ("recovered: …").
    """
    path = lock_file(index_dir)
    deadline = time.monotonic() + max(0.0, wait)
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read(fd)
            os.close(fd)
            if holder is not None and not holder.alive() and _take_over(path, holder):
                on_notice(
                    f"recovered: the writer of {index_dir} ({holder.describe()}) is dead but "
                    "a process it left behind kept its lock; the lock was taken over"
                )
                continue
            left = deadline - time.monotonic()
            if left <= 0:
                who = f" ({holder.describe()})" if holder else ""
                hint = "; wait for it with --wait SECONDS" if wait <= 0 else ""
                raise IndexLockedError(
                    f"the index at {index_dir} is being written by another migsearch{who}{hint}"
                ) from None
            time.sleep(min(POLL, left))
            continue
        except BaseException:
            os.close(fd)
            raise
        if not _same_file(fd, path):  # taken over and replaced between open and lock
            os.close(fd)
            continue
        stale = _read(fd)
        _write(fd, Holder.me(operation))
        if stale is not None:
            on_notice(
                f"recovered: the previous writer of {index_dir} ({stale.describe()}) "
                "died without releasing its lock"
            )
        return WriteLock(path, fd)
