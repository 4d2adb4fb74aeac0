"""A real ``migsearch serve`` process on 127.0.0.1 over a real index, for API and browser tests.

conftest.py imports the two fixtures, so the whole session shares one index
build and one server. The index holds the sample corpus plus the
hostile pages of tests/fixtures/web (markup in titles and text that must never
run, odd ids, a javascript: URL).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import httpx
import pytest

__all__ = [
    "CORS_ORIGIN",
    "HOSTILE",
    "Server",
    "build_index",
    "free_port",
    "live_server",
    "web_index",
]

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
HOSTILE = ROOT / "tests" / "fixtures" / "web"
CORS_ORIGIN = "https://partner.example.org"


def _cli() -> list[str]:
    """The installed console script if there is one beside this Python, else cli.py."""
    script = Path(sys.executable).with_name("migsearch")
    return [str(script)] if script.exists() else [sys.executable, "-m", "migsearch.cli"]


def build_index(sources: Sequence[Path], index_dir: Path) -> dict[str, int]:
    """Run ``migsearch index`` as a user would; returns its --json counts."""
    proc = subprocess.run(
        [*_cli(), "index", *map(str, sources), "--index", str(index_dir), "--json"],
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
    ) -> None:
        self.index_dir = index_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        args = [*_cli(), "serve", "--index", str(index_dir), "--host", "127.0.0.1"]
        args += ["--port", str(self.port)]
        for origin in cors:
            args += ["--cors-origin", origin]
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


@pytest.fixture(scope="session")
def web_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Index of the sample corpus and the hostile pages, built with the real CLI."""
    base = tmp_path_factory.mktemp("web")
    sources = base / "sources"
    shutil.copytree(CORPUS, sources / "corpus", ignore=shutil.ignore_patterns("README*"))
    shutil.copytree(HOSTILE, sources / "hostile")
    ix = base / "index"
    counts = build_index([sources], ix)
    assert counts["failed"] == 0, counts
    return ix


@pytest.fixture(scope="session")
def live_server(web_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``migsearch serve`` over web_index on a free loopback port, for the whole session."""
    server = Server(
        web_index, cors=[CORS_ORIGIN], log=tmp_path_factory.mktemp("serve") / "server.log"
    )
    server.wait_ready()
    yield server
    server.stop()
