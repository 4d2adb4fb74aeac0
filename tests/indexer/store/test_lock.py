"""The writer lock: one holder, a waiting second writer, and the two ways a dead holder is
recovered (the kernel freed its lock; a process it left behind still holds it)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from migsearch.errors import IndexLockedError
from migsearch.indexer.store.lock import Holder, acquire

HOLD = """
import sys, time
from migsearch.indexer.store.lock import acquire
lock = acquire(sys.argv[1], operation="rebuild")
print("held", flush=True)
time.sleep(600)
"""

#: holds the lock file the way a forked worker of a dead writer would: a lock on it,
#: and the dead writer's record in it
ORPHAN = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
fcntl.flock(fd, fcntl.LOCK_EX)
os.ftruncate(fd, 0)
os.write(fd, sys.argv[2].encode())
print("held", flush=True)
time.sleep(600)
"""


def _start(code: str, *args: str) -> subprocess.Popen[str]:
    p = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True)
    assert p.stdout is not None and p.stdout.readline().strip() == "held"
    return p


def test_one_holder_at_a_time_and_a_waiting_second(tmp_path: Path) -> None:
    first = acquire(tmp_path, operation="index")
    with pytest.raises(IndexLockedError) as e:
        acquire(tmp_path, operation="rebuild")
    assert f"being written by another migsearch (pid {os.getpid()}, index since" in str(e.value)
    threading.Timer(0.3, first.release).start()
    t0 = time.monotonic()
    with acquire(tmp_path, operation="rebuild", wait=10) as second:
        assert 0.2 < time.monotonic() - t0 < 5
        record = json.loads((tmp_path / "writer.lock").read_text())
        assert record["pid"] == os.getpid() and record["operation"] == "rebuild"
        assert record["started"] == Holder.me("x").started
    assert second.fd == -1
    assert (tmp_path / "writer.lock").read_bytes() == b""  # released cleanly: no record


def test_waiting_gives_up_after_its_time(tmp_path: Path) -> None:
    with acquire(tmp_path, operation="index"):
        t0 = time.monotonic()
        with pytest.raises(IndexLockedError) as e:
            acquire(tmp_path, operation="index", wait=0.5)
        assert time.monotonic() - t0 >= 0.5
        assert "--wait" not in str(e.value)  # the caller already waited


def test_a_holder_killed_frees_the_lock_and_is_reported(tmp_path: Path) -> None:
    p = _start(HOLD, str(tmp_path))
    with pytest.raises(IndexLockedError, match=rf"\(pid {p.pid}, rebuild since"):
        acquire(tmp_path, operation="index")
    since = json.loads((tmp_path / "writer.lock").read_text())["since"]
    p.kill()
    p.wait()
    notes: list[str] = []
    with acquire(tmp_path, operation="index", on_notice=notes.append):
        pass
    assert notes == [
        f"recovered: the previous writer of {tmp_path} (pid {p.pid}, rebuild since {since}) "
        "died without releasing its lock"
    ]


def test_a_lock_kept_by_a_process_the_dead_holder_left_is_taken_over(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    record = json.dumps(
        {"pid": dead.pid, "started": 1, "host": os.uname().nodename, "operation": "index",
         "since": "2026-01-01T00:00:00+00:00"}
    )  # fmt: skip
    orphan = _start(ORPHAN, str(tmp_path / "writer.lock"), record)
    try:
        notes: list[str] = []
        with acquire(tmp_path, operation="rebuild", on_notice=notes.append):
            assert notes == [
                f"recovered: the writer of {tmp_path} (pid {dead.pid}, index since "
                "2026-01-01T00:00:00+00:00) is dead but a process it left behind kept its "
                "lock; the lock was taken over"
            ]
            # and the new holder excludes others as before
            with pytest.raises(IndexLockedError, match=rf"pid {os.getpid()}, rebuild"):
                acquire(tmp_path, operation="index")
    finally:
        orphan.send_signal(signal.SIGKILL)
        orphan.wait()


def test_a_live_holder_is_never_taken_over(tmp_path: Path) -> None:
    p = _start(HOLD, str(tmp_path))
    try:
        with pytest.raises(IndexLockedError):
            acquire(tmp_path, operation="index", wait=0.3)
        assert Holder.me("x").alive()
    finally:
        p.kill()
        p.wait()
