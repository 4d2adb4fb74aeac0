"""Writing runs as real processes, to kill, stop and race: shared by bench/kill_trials.py
and the crash tests of tests/indexer/store/.

A run is either the real command line (``migsearch index``) or the *driver*:
a small Python process that calls the same ``build_index`` with two workers
and prints each stage as it begins (``stage parsing``, ``stage committing``,
``stage publishing``), its progress, and ``done`` with the report; it can also
pause at a stage until told to go on (a line on its standard input), which is
how a test holds a writer at a chosen point while another tries to write.

The corpus is made of the sentences of corpus/ (no shared data needed), in
short records, so a few hundred of them take a few seconds to index.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

__all__ = [
    "DRIVER",
    "Run",
    "alive",
    "children",
    "cli",
    "document_count",
    "lock_is_free",
    "make_records",
]

#: build_index in a process of its own, telling what it does on stdout
DRIVER = """
import json, sys
from migsearch.indexer.store.writer import build_index

index, mode, pause, workers, *paths = sys.argv[1:]

def stage(name):
    print("stage", name, flush=True)
    if name == pause:
        print("paused", name, flush=True)
        sys.stdin.readline()

def progress(done, total):
    print("progress", done, total, flush=True)

report = build_index(
    paths, index, rebuild=mode == "rebuild", workers=int(workers), wait=60 * (mode == "wait"),
    on_stage=stage, on_progress=progress, on_notice=lambda m: print("notice", m, flush=True),
)
print("done", json.dumps(report.to_dict()), flush=True)
"""


def cli() -> list[str]:
    """The installed console script beside this Python, else ``python -m migsearch.cli``."""
    script = Path(sys.executable).with_name("migsearch")
    return [str(script)] if script.exists() else [sys.executable, "-m", "migsearch.cli"]


def make_records(path: Path, n: int, *, seed: int = 0, prefix: str = "r") -> int:
    """Write ``n`` short JSONL records made of corpus/ sentences; returns ``n``."""
    text = " ".join(p.read_text("utf-8") for p in sorted((ROOT / "corpus").glob("*.txt")))
    sents = [s for s in re.split(r"(?<=[.!?])\s+", " ".join(text.split())) if len(s) > 30]
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            rec = {"id": f"{prefix}{i}", "title": rng.choice(sents)[:90], "text": " ".join(
                rng.choices(sents, k=2))}  # fmt: skip
            f.write(json.dumps(rec) + "\n")
    return n


def _stat(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return raw.rsplit(")", 1)[1].split()


def alive(pid: int) -> bool:
    """Is ``pid`` a running process (not gone, not a zombie)?"""
    st = _stat(pid)
    return st is not None and st[0] != "Z"


def children(pid: int) -> list[int]:
    """The live processes whose parent is ``pid``."""
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            st = _stat(int(entry.name))
            if st is not None and st[1] == str(pid) and st[0] != "Z":
                out.append(int(entry.name))
    return out


def document_count(index: Path) -> int:
    """Documents in the index as a reader opens it (raises when it cannot be opened)."""
    from migsearch.indexer.store.storage import open_existing

    ix = open_existing(index)
    try:
        return int(ix.doc_count())
    finally:
        ix.close()


def lock_is_free(index: Path) -> bool:
    """Could a writer take the index's lock at once? Asked of the lock itself, so
    the record a dead holder left stays for the next writer to report."""
    import fcntl

    from migsearch.indexer.store.storage import lock_file

    fd = os.open(lock_file(index), os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
    return True


@dataclass
class Run:
    """One writing run in a subprocess; ``lines`` is what it printed so far."""

    proc: subprocess.Popen[str]
    lines: list[str] = field(default_factory=list)
    #: the worker processes seen while it ran
    workers: set[int] = field(default_factory=set)

    @classmethod
    def driver(
        cls,
        index: Path,
        paths: list[Path],
        *,
        mode: str = "index",
        pause: str = "",
        workers: int = 2,
    ) -> Run:
        """The driver: ``mode`` is index, rebuild or wait (index, waiting up to 60 s for the lock)."""
        args = [sys.executable, "-c", DRIVER, str(index), mode, pause or "-", str(workers)]
        args += map(str, paths)
        return cls._start(args, stdin=subprocess.PIPE)

    @classmethod
    def command(cls, *args: str) -> Run:
        """``migsearch ARGS…``, the real command line."""
        return cls._start([*cli(), *args], stdin=subprocess.DEVNULL)

    @classmethod
    def _start(cls, args: list[str], stdin: int) -> Run:
        proc = subprocess.Popen(
            args,
            stdin=stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        return cls(proc)

    def until(self, seen: Callable[[str], bool], timeout: float = 120.0) -> str:
        """Read the output until a line for which ``seen`` is true; returns it."""
        deadline = time.monotonic() + timeout
        assert self.proc.stdout is not None
        while time.monotonic() < deadline:
            self.workers.update(children(self.proc.pid))
            line = self.proc.stdout.readline()
            if not line:
                raise AssertionError(f"the run ended before that line: {self.finish()}")
            line = line.rstrip("\n")
            self.lines.append(line)
            if seen(line):
                self.workers.update(children(self.proc.pid))
                return line
        raise AssertionError(f"no such line within {timeout}s: {self.lines[-5:]}")

    def at_stage(self, stage: str) -> None:
        """Wait until the run begins ``stage``."""
        self.until(lambda line: line == f"stage {stage}")

    def wait_for_workers(self, n: int = 2, timeout: float = 60.0) -> bool:
        """Wait until the run has ``n`` worker processes (they start with the first job)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.proc.poll() is None:
            self.workers.update(children(self.proc.pid))
            if len(self.workers) >= n:
                return True
            time.sleep(0.02)
        return False

    def go_on(self) -> None:
        """Let a run paused at a stage continue."""
        assert self.proc.stdin is not None
        self.proc.stdin.write("\n")
        self.proc.stdin.flush()

    def kill(self, sig: int = signal.SIGKILL) -> int:
        """Send ``sig`` and wait for the run to end; returns its exit status."""
        self.workers.update(children(self.proc.pid))
        self.proc.send_signal(sig)
        return self.proc.wait(60)

    def finish(self, timeout: float = 300.0) -> tuple[int, str, str]:
        """Wait for the end: (status, the rest of stdout, stderr)."""
        out, err = self.proc.communicate(timeout=timeout)
        self.lines += out.splitlines()
        return self.proc.returncode, out, err

    def workers_gone(self, within: float = 5.0) -> bool:
        """Have all the worker processes it had ended (they die with their parent)?"""
        deadline = time.monotonic() + within
        while any(alive(p) for p in self.workers):
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        return True
