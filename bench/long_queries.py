"""Pasted paragraphs as queries: latency by query length on a large index.

Analysts paste a paragraph to find related work (issue 9); its target is a
p50 of at most 150 ms for 200-word queries at 100k documents. The queries are
windows of real report text (ReliefWeb's themed English reports in
``../shared/data``, none of them in the generated index), cut at 50, 100,
200 and 400 words from the same places, so that lengths differ and nothing
else does. Three content words from the same place are the baseline of the
same run: what a typed query costs on the same index, in the same process, at
the same moment.

Each search is the product path: ``SearchIndex.search(q)`` with facet counts
and highlights, one page of 10. One warm-up pass (unmeasured) loads the
stemmer and the columns; then every repeat runs every length once per query,
lengths interleaved query by query, so a busy spell of the shared machine
falls on all lengths alike. A repeat gives p50 and p95 per length; the report
shows the median over repeats with min–max, and the ratio of each length's
p50 to the 3-word p50.

    .venv/bin/python bench/long_queries.py --index /path/to/100k-index
    .venv/bin/python bench/long_queries.py --index IX --queries 40 --repeats 3 --json

Not a test: the figures depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ir_collections import reliefweb_docs

from migsearch.search.engine import open_index

LENGTHS = (3, 50, 100, 200, 400)


def windows(n: int, seed: int) -> list[dict[int, str]]:
    """``n`` places in report bodies of at least 400 words, each cut at every length."""
    rng = random.Random(seed)
    bodies = [body.split() for _, _, body in reliefweb_docs().docs]
    long_ones = [w for w in bodies if len(w) >= 450]
    rng.shuffle(long_ones)
    out = []
    for words in long_ones[:n]:
        start = rng.randrange(0, len(words) - max(LENGTHS))
        q = {k: " ".join(words[start : start + k]) for k in LENGTHS}
        # typed queries are content words, not the window's first three (often "of the")
        q[3] = " ".join([w for w in words[start:] if w.isalpha() and len(w) > 3][:3])
        out.append(q)
    return out


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(p * (len(xs) - 1)))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", type=Path, required=True, help="the index to search")
    ap.add_argument("--queries", type=int, default=40, help="places cut into queries")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--seed", type=int, default=9)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args()

    qs = windows(args.queries, args.seed)
    runs: dict[int, list[list[float]]] = {k: [] for k in LENGTHS}
    with open_index(args.index, timeout=None) as ix:
        docs = ix.doc_count()
        for q in qs:  # warm-up: stemmer, vocabularies, columns
            ix.search(q[200])
        for _ in range(args.repeats):
            took: dict[int, list[float]] = {k: [] for k in LENGTHS}
            for q in qs:
                for k in LENGTHS:
                    t = time.perf_counter()
                    ix.search(q[k])
                    took[k].append((time.perf_counter() - t) * 1000)
            for k in LENGTHS:
                runs[k].append(took[k])

    def summary(k: int, p: float) -> tuple[float, float, float]:
        per = [pct(r, p) for r in runs[k]]
        return statistics.median(per), min(per), max(per)

    base = summary(3, 0.5)[0]
    rows = []
    for k in LENGTHS:
        p50, p95 = summary(k, 0.5), summary(k, 0.95)
        rows.append({"words": k, "p50_ms": p50, "p95_ms": p95, "p50_vs_3_words": p50[0] / base})
    if args.json:
        print(json.dumps({"documents": docs, "queries": len(qs), "rows": rows}, indent=2))
        return 0
    print(f"{docs:,} documents, {len(qs)} queries per length, {args.repeats} repeats")
    print(f"{'words':>5}  {'p50 ms (min–max)':>22}  {'p95 ms (min–max)':>22}  p50 vs 3 words")
    for r in rows:
        a, b = r["p50_ms"], r["p95_ms"]
        print(
            f"{r['words']:>5}  {a[0]:8.1f} ({a[1]:.1f}–{a[2]:.1f}){'':>3}"
            f"{b[0]:8.1f} ({b[1]:.1f}–{b[2]:.1f})   {r['p50_vs_3_words']:.2f}×"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
