"""Searching and indexing import NLTK without scipy (indexer/vocabulary/nltk_import.py),
in a fresh process each time."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

from support import CORPUS

SCRIPT = """
import json, sys
from migsearch.search.engine import open_index
with open_index(sys.argv[1]) as ix:
    total = ix.search("migrant workers").total
out = {"total": total, "nltk": "nltk" in sys.modules,
       "scipy": sys.modules.get("scipy") is not None}
try:
    import scipy.stats  # still importable by anyone who wants it
    out["scipy_after"] = True
except ImportError:
    out["scipy_after"] = False
print(json.dumps(out))
"""


def _run(code: str, *args: str) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_a_search_stems_with_nltk_and_never_imports_scipy(corpus_index: Path) -> None:
    out = _run(SCRIPT, str(corpus_index))
    assert out["total"] > 0 and out["nltk"]
    assert out["scipy"] is False
    assert out["scipy_after"] is (importlib.util.find_spec("scipy") is not None)


def test_the_same_hits_as_with_nltk_imported_the_ordinary_way(corpus_index: Path) -> None:
    code = """
import json, sys
if sys.argv[2] == "plain":
    import nltk  # the package as anyone imports it (with scipy where installed)
from migsearch.search.engine import open_index
with open_index(sys.argv[1]) as ix:
    res = ix.search("migrant workers fishing recruitment", limit=20)
print(json.dumps([[h.id, round(h.score, 9)] for h in res.hits]))
"""
    proc = [
        subprocess.run(
            [sys.executable, "-c", code, str(corpus_index), how],
            capture_output=True,
            text=True,
            timeout=300,
        )
        for how in ("plain", "light")
    ]
    assert all(p.returncode == 0 for p in proc), [p.stderr for p in proc]
    plain, light = (json.loads(p.stdout) for p in proc)
    assert plain and plain == light


def test_an_indexing_run_splits_sentences_with_nltk_and_never_imports_scipy(tmp_path: Path) -> None:
    code = """
import json, sys
from migsearch.indexer.store.writer import build_index
report = build_index([sys.argv[1]], sys.argv[2], workers=1)
print(json.dumps({"documents": report.documents, "nltk": "nltk" in sys.modules,
                  "scipy": sys.modules.get("scipy") is not None}))
"""
    out = _run(code, str(CORPUS), str(tmp_path / "ix"))
    assert out["documents"] > 0 and out["nltk"]
    assert out["scipy"] is False
