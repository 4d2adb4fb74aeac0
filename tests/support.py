"""Helpers shared by the tests: where things are, the shared data guard, the CLI as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

__all__ = ["CORPUS", "DATA", "ROOT", "SHARED", "country_roles", "need_shared", "run_cli"]

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


#: the ../shared/data parts the labelled sets of bench/labels/ point into
LABELLED_PARTS = (
    "reliefweb-api-sample",
    "reliefweb-tagged-reports",
    "humset-toponyms",
    "article-extraction-benchmark",
)


def need_labelled_sets() -> None:
    """A visible skip unless every part the labelled sets come from is beside the repo."""
    for part in LABELLED_PARTS:
        need_shared(part)


def assert_floors(pairs: dict[str, Any], floors: dict[str, tuple[float, float]]) -> None:
    """Each half's precision and recall (bench pairs by half) at least its floors."""
    for half, p in pairs.items():
        low_p, low_r = floors[half]
        assert p.precision >= low_p and p.recall >= low_r, (half, p.line())


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


def country_roles(text: str, title: str = "", given: tuple[str, ...] = ()) -> dict[str, str]:
    """Each country's role (about, mentioned) as salience reads ``text`` under ``title``."""
    from migsearch.indexer.vocabulary.country_tagger import scan_places
    from migsearch.indexer.vocabulary.salience import country_salience

    sal = country_salience(scan_places(title), scan_places(text), text, given=given)
    return {code: s.role for code, s in sal.items()}


def delete_all_of(index_dir: Path, ids: list[str]) -> None:
    """Delete the records ``ids`` and commit without merging, as an older migsearch did:
    a segment that held only them stays in the index with every document deleted (this
    one drops such a segment at its next commit)."""
    from migsearch.indexer.store.storage import open_existing

    writer = open_existing(index_dir).writer()
    for doc_id in ids:
        writer.delete_by_term("id", doc_id)
    writer.commit(merge=False)
