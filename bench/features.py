"""Latency of the issue-4 search features on a built index.

    python bench/features.py INDEX_DIR

Prints, per feature, the first (cold) call and the median of repeated calls:
bounded prefix search, thesaurus expansion, did-you-mean, more like this,
facets with the year histogram, and a full export. Queries are generic
English so any index (the sample corpus, SciFact) can be used.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from migsearch.search.engine import open_index


def timed(fn: Callable[[], object], repeat: int = 5) -> tuple[float, float]:
    t = time.perf_counter()
    fn()
    first = time.perf_counter() - t
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return first * 1000, statistics.median(runs) * 1000


def main(index_dir: str) -> None:
    with open_index(index_dir) as ix:
        ix.search("warm up")  # opening the snapshot is not a feature's cost
        doc = ix.search(None, limit=1).hits[0].id
        cases: list[tuple[str, Callable[[], object]]] = [
            ("prefix pro*", lambda: ix.search("pro*")),
            ("prefix con* with a word", lambda: ix.search("con* studies")),
            ("synonyms: undocumented workers", lambda: ix.search("undocumented workers")),
            ("did you mean: protien foldng", lambda: ix.search("protien foldng")),
            ("more like this (10)", lambda: ix.similar(doc)),
            ("browse + facets + year histogram", lambda: ix.search(None, year_histogram=True)),
            ("export every hit of 'cell'", lambda: sum(1 for _ in ix.iter_hits("cell"))),
        ]
        print(f"index: {index_dir} ({ix.doc_count()} documents)")
        for name, fn in cases:
            first, median = timed(fn)
            print(f"{name:<36} first {first:8.1f} ms   then {median:8.1f} ms")
        res = ix.search("protien foldng")
        print(f"suggestion for 'protien foldng': {res.suggestion!r}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
