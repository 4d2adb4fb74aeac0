"""`pytest -q` says how the tests went and nothing else: the quality floors that import
the bench scripts once printed their precision tables into the quiet output."""

from __future__ import annotations

import re
import subprocess
import sys

from support import ROOT, need_shared

FLOOR = "tests/indexer/vocabulary/test_themes.py::test_reliefweb_theme_figures_keep_their_floors"


def test_quality_floors_print_nothing_into_quiet_output() -> None:
    need_shared("reliefweb-tagged-reports")
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:randomly",
            "-p",
            "no:cacheprovider",
            FLOOR,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert res.returncode == 0, res.stdout[-2000:]
    lines = [line for line in res.stdout.splitlines() if line.strip()]
    assert re.fullmatch(r"\.\s+\[100%\]", lines[0]), lines
    assert re.fullmatch(r"1 passed in [\d.]+s( \(\S+\))?", lines[1]), lines
    assert len(lines) == 2, lines
