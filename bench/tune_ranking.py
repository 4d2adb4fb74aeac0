"""How the ranking defaults were chosen: variants of RankParams on the tuning halves.

Run from the repository root, after bench/ir_eval.py has built the indexes::

    .venv/bin/python bench/tune_ranking.py                  # every grid
    .venv/bin/python bench/tune_ranking.py --grid bm25      # one grid

Each grid changes one thing against the defaults (search/ranking.py) and
ranks, in this process, the queries of the collections it may tune on: the
tuning halves of SciFact (its train split), Cranfield, and the collections
built from their documents (known items, Cranfield by document). A variant is
chosen by its mean over those tuning halves; the held-out halves are printed
beside them only to see whether a choice generalises, never to choose. The
ReliefWeb and mixed collections are not used here at all: they stay unseen.

Benchmarks are not tests: nothing here asserts.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

from halves import HALVES
from ir_collections import Collection, all_collections
from ir_eval import WORK, evaluate

from migsearch.search.engine import open_index
from migsearch.search.ranking import DEFAULT_PARAMS, RankParams

D = DEFAULT_PARAMS
GRIDS: dict[str, list[tuple[str, RankParams]]] = {
    "bm25": [
        (f"k1={k1} b={b}", replace(D, k1=k1, b_content=b, b_title=b))
        for k1, b in ((1.2, 0.75), (0.9, 0.4), (1.2, 0.5), (1.5, 0.75), (0.9, 0.75), (1.2, 0.9))
    ],
    "title": [(f"title weight {w}", replace(D, title_weight=w)) for w in (0.0, 0.5, 1.0, 2.0)],
    "qtf": [
        *((f"qtf power {p}", replace(D, qtf_power=p)) for p in (0.0, 0.5, 1.0)),
        *((f"qtf over {n} words", replace(D, qtf_min_words=n)) for n in (0, 10, 15, 20, 25)),
    ],
    "terms": [
        (f"max terms {n}", replace(D, max_query_terms=n)) for n in (16, 32, 48, 64, 100, 10_000)
    ],
    "feedback": [
        ("feedback off", replace(D, fb_docs=0)),
        *((f"feedback up to {n} words", replace(D, fb_max_words=n)) for n in (20, 40, 1000)),
        *((f"feedback keeps {w}", replace(D, fb_original_weight=w)) for w in (0.5, 0.7, 0.85)),
        *((f"feedback from IDF {x}", replace(D, fb_min_idf=x)) for x in (0.0, 1.5, 2.0, 2.5)),
    ],
    "feedback-df": [
        (f"feedback df <= {x}", replace(D, fb_max_df=x)) for x in (0.25, 0.1, 0.05, 0.02, 0.01)
    ],
    "all-words": [
        ("all words first", D),
        ("plain OR", replace(D, all_words_first=False)),
        *(
            (f"coordination {c}", replace(D, all_words_first=False, coordination=c))
            for c in (1.0, 2.0, 3.0)
        ),
    ],
}


def run(c: Collection, ix, params: RankParams) -> dict[str, dict[str, float]]:
    ix._snapshot().ranker.params = params
    got = {}
    for qid, ranked in ix.batch(c.queries.items(), top=101, on_error=lambda q, e: None):
        got[qid] = dict(ranked)
    return {h: evaluate(c, got, c.halves[h]) for h in HALVES}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--grid", choices=sorted(GRIDS), action="append", help="grids to run")
    ap.add_argument("--only", help="collections whose key contains this (comma-separated)")
    args = ap.parse_args(argv)
    wanted = [w for w in (args.only or "").split(",") if w]
    collections = [
        c for c in all_collections() if c.tuned and (not wanted or any(w in c.key for w in wanted))
    ]
    for grid in args.grid or list(GRIDS):
        print(f"\n== {grid} (first measure of each collection; tuning / held-out)")
        names = [n for n, _ in GRIDS[grid]]
        print(f"{'':28s}" + "".join(f"{n[:19]:>21s}" for n in names))
        means: dict[str, list[float]] = {n: [] for n in names}
        for c in collections:
            with open_index(WORK / c.docs.key / "index") as ix:
                cells = []
                for name, params in GRIDS[grid]:
                    rows = run(c, ix, params)
                    m = c.measures[0]
                    t, h = rows["tuning"][m], rows["held-out"][m]
                    means[name].append(t)
                    cells.append(f"{t:.4f} / {h:.4f}")
            print(f"{c.key[:20]:20s} {c.measures[0][:7]:7s}" + "".join(f"{x:>21s}" for x in cells))
            sys.stdout.flush()
        print(
            f"{'mean of tuning halves':28s}"
            + "".join(f"{sum(v) / len(v):21.4f}" for v in means.values())
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
