"""A real ``migsearch serve`` process on 127.0.0.1 over a real index, for API and browser tests.

The fixtures in this folder's conftest.py use these, so the whole session
shares one index build and one server. The index holds the sample corpus plus
the hostile pages of tests/fixtures/web (markup in titles and text that must
never run, odd ids, a javascript: URL).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import httpx
from support import CORPUS, ROOT

__all__ = ["CORPUS", "CORS_ORIGIN", "HOSTILE", "Server", "build_index", "cli", "free_port"]

HOSTILE = ROOT / "tests" / "fixtures" / "web"
CORS_ORIGIN = "https://partner.example.org"


def cli() -> list[str]:
    """The installed console script if there is one beside this Python, else cli.py."""
    script = Path(sys.executable).with_name("migsearch")
    return [str(script)] if script.exists() else [sys.executable, "-m", "migsearch.cli"]


def build_index(sources: Sequence[Path], index_dir: Path) -> dict[str, int]:
    """Run ``migsearch index`` as a user would; returns its --json counts."""
    proc = subprocess.run(
        [*cli(), "index", *map(str, sources), "--index", str(index_dir), "--json"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:
    """Linux: the server gets SIGTERM if the test process dies, so none is left behind."""
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class Server:
    """One ``migsearch serve`` subprocess; ``url`` is its base address."""

    def __init__(
        self,
        index_dir: Path,
        *,
        cors: Sequence[str] = (),
        log: Path | None = None,
        env: dict[str, str] | None = None,
        extra: Sequence[str] = (),
    ) -> None:
        self.index_dir = index_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        args = [*cli(), "serve", "--index", str(index_dir), "--host", "127.0.0.1"]
        args += ["--port", str(self.port)]
        for origin in cors:
            args += ["--cors-origin", origin]
        args += list(extra)
        self.log_path = log
        self._log = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115
        env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
        self.proc = subprocess.Popen(
            args,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
            env=env,
            preexec_fn=_die_with_parent,
        )

    def wait_ready(self, timeout: float = 60.0) -> None:
        """Until the server answers /api/health at all (503 counts: no index is a state)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}: {self.log()}")
            try:
                httpx.get(self.url + "/api/health", timeout=2)
                return
            except httpx.TransportError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"server did not answer within {timeout}s: {self.log()}")

    def log(self) -> str:
        if self.log_path and self.log_path.exists():
            return self.log_path.read_text(errors="replace")[-4000:]
        return ""

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        if hasattr(self._log, "close"):
            self._log.close()
