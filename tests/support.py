"""Helpers shared by the tests: where things are, the shared data guard, the CLI as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

__all__ = ["CORPUS", "DATA", "ROOT", "SHARED", "need_shared", "run_cli"]

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SHARED = Path(os.environ.get("MIGSEARCH_SHARED", ROOT.parent / "shared"))
DATA = SHARED / "data"


def need_shared(*parts: str) -> Path:
    """The path under ../shared/data, or a visible skip when the data is not beside the repo."""
    p = DATA.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"shared test data not found at {p} (put ../shared beside the repo)")
    return p


def run_cli(
    *args: str, cwd: Path | None = None, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    """The real console script in a subprocess (as a user runs it)."""
    return subprocess.run(
        [sys.executable, "-m", "migsearch.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        input=input,
        timeout=300,
    )
