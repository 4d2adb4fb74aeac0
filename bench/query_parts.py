"""Where a faceted query's time goes, part by part, in this tree and (optionally) another.

Runs the speed benchmark's queries (``bench/work/queries-N.txt``) through
``open_index(...).search(q, limit=10)`` as ``bench/speed.py`` does (a fresh
process, facets and highlights on) and adds up the time spent inside each
part of the query path, found by wrapping the functions that do it:

* parse: the query text to a query tree (``parse_query``);
* match: the query tree to the set of matching documents;
* rank: BM25F, feedback, all-words-first (``Snapshot.ranked``, matching excluded);
* postings: posting lists read from the index (inside match and rank);
* all-words: the documents having every word (``Ranker.all_words``);
* highlight: snippets of the hits on the page;
* facets: the counts of every facet;
* suggest: "did you mean".

Each part's time is CPU time of the searching thread, summed per query; the
report gives the mean and the median over the queries, and the total per query.
A part's time includes the parts it calls (postings inside match and rank), except
that rank excludes match. ``--baseline-python`` runs the same in another tree's
interpreter (its own ``migsearch``) right after, on the same index.

    .venv/bin/python bench/query_parts.py --baseline-python ../wt-r3-base/.venv/bin/python

Not a test: timings depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"

PARTS = ("parse", "match", "rank", "postings", "all-words", "highlight", "facets", "suggest")


class Clock:
    """CPU time of this thread spent inside wrapped functions, by part (re-entry counted once)."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = dict.fromkeys(PARTS, 0.0)
        self._depth: dict[str, int] = dict.fromkeys(PARTS, 0)

    def wrap(self, owner: Any, name: str, part: str) -> None:
        fn = getattr(owner, name)

        def timed(*a: Any, **kw: Any) -> Any:
            if self._depth[part]:
                return fn(*a, **kw)
            self._depth[part] += 1
            t = time.thread_time()
            try:
                return fn(*a, **kw)
            finally:
                self.spent[part] += time.thread_time() - t
                self._depth[part] -= 1

        setattr(owner, name, timed)


def child(index: Path, qfile: Path) -> None:
    from migsearch.search import engine, snapshot
    from migsearch.search.evaluate import Evaluator
    from migsearch.search.postings import PostingsReader
    from migsearch.search.ranking import Ranker

    clock = Clock()
    clock.wrap(engine, "parse_query", "parse")
    clock.wrap(Evaluator, "matches", "match")
    clock.wrap(PostingsReader, "_read", "postings")
    clock.wrap(snapshot.Snapshot, "ranked", "rank")
    clock.wrap(Ranker, "all_words", "all-words")
    clock.wrap(engine, "page_snippets", "highlight")
    clock.wrap(engine, "_facet_values", "facets")
    clock.wrap(engine.SearchIndex, "_suggest", "suggest")
    # match is called inside rank: count it there once, as match
    rank_part: Callable[..., Any] = snapshot.Snapshot.ranked

    def ranked(self: Any, pq: Any, *rest: Any) -> Any:  # rest: the id order, where taken
        before = clock.spent["match"]
        out = rank_part(self, pq, *rest)
        clock.spent["rank"] -= clock.spent["match"] - before
        return out

    snapshot.Snapshot.ranked = ranked  # type: ignore[method-assign]

    queries = [q for q in qfile.read_text(encoding="utf-8").split("\n") if q.strip()]
    ix = engine.open_index(index)
    ix.search("warm up", limit=1)
    rows = []
    for q in queries:
        clock.spent = dict.fromkeys(PARTS, 0.0)
        t = time.thread_time()
        ix.search(q, limit=10)
        row = {k: v * 1000 for k, v in clock.spent.items()}
        row["total"] = (time.thread_time() - t) * 1000
        rows.append(row)
    ix.close()
    print(json.dumps(rows))


def run(python: str, index: Path, qfile: Path) -> list[dict[str, float]]:
    args = [python, __file__, "--child", "--index", str(index), "--queries-file", str(qfile)]
    out = subprocess.run(args, check=True, capture_output=True, text=True, cwd=ROOT.parent)
    return json.loads(out.stdout.strip().splitlines()[-1])


def report(name: str, rows: list[dict[str, float]]) -> None:
    print(f"\n{name}: CPU ms per query over {len(rows)} queries, mean / median")
    for part in (*PARTS, "total"):
        vals = [r[part] for r in rows]
        print(f"  {part:10s} {statistics.mean(vals):7.2f} / {statistics.median(vals):6.2f}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--index", type=Path)
    ap.add_argument("--queries-file", type=Path)
    ap.add_argument("--baseline-python")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    index = a.index or WORK / f"ms-{a.docs}"
    qfile = a.queries_file or WORK / f"queries-{a.docs}.txt"
    if a.child:
        child(index, qfile)
        return
    report("this tree", run(sys.executable, index, qfile))
    if a.baseline_python:
        report(f"baseline ({a.baseline_python})", run(a.baseline_python, index, qfile))


if __name__ == "__main__":
    main()
