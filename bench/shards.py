"""Shards side by side: one index against 2 and 4 shards of the same corpus, in one run.

For each shard count (1 = today's index), ``migsearch index CORPUS --shards N``
builds the index in a fresh process (``--workers`` = max(N, 2), so one shard
gets the parallel segment writers it would get anyway), timed (wall, and CPU of
the process tree per document: steadier on a shared machine); then every
repeat opens each index in a fresh process and runs the same queries as
``bench/speed.py``'s product path (``search(q, limit=10)`` with highlights
and facet counts), the systems in alternating order so that a burst of load on
the shared machine falls on all alike. The report gives build time and
documents per second, index size, and query p50/p95 as the median with
min–max over the repeats, with ratios against one shard::

    .venv/bin/python bench/gen_corpus.py --docs 10000      # if bench/work has no corpus
    .venv/bin/python bench/shards.py --docs 10000 --repeats 3

The corpus and queries are ``bench/build.py``'s (``corpus_of``) and
``bench/work/queries-*.txt``. Not a test: timings depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import WORK, corpus_of, run_measured, size_of
from speed import pct

ROOT = Path(__file__).resolve().parent.parent
SHARDS = (1, 2, 4)


def _queries(n: int) -> Path:
    found = sorted(WORK.glob("queries-*.txt"))
    found = [p for p in found if not p.name.endswith(".run.txt")]
    if not found:
        raise SystemExit("no bench/work/queries-*.txt (bench/speed.py writes them)")
    lines = [q for q in found[-1].read_text(encoding="utf-8").splitlines() if q.strip()][:n]
    out = WORK / "shards-queries.txt"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def query_child(index: Path, qfile: Path) -> None:
    """In a fresh process: open ``index``, time every query; one JSON line on stdout."""
    from migsearch.search.engine import open_index

    queries = [q for q in qfile.read_text(encoding="utf-8").splitlines() if q.strip()]
    t = time.perf_counter()
    ix = open_index(index)
    ix.search("warm up", limit=1)
    opened = time.perf_counter() - t
    lat = []
    for q in queries:
        t = time.perf_counter()
        ix.search(q, limit=10)
        lat.append((time.perf_counter() - t) * 1000)
    ix.close()
    print(json.dumps({"open_s": opened, "lat": lat}))


def _fmt(xs: list[float]) -> str:
    return f"{statistics.median(xs):8.1f} ({min(xs):.1f}-{max(xs):.1f})"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--shards", default=",".join(map(str, SHARDS)))
    ap.add_argument("--reuse", action="store_true", help="keep indexes already built")
    ap.add_argument("--query-child", nargs=2, type=Path, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.query_child:
        query_child(*a.query_child)
        return
    counts = [int(s) for s in a.shards.split(",")]
    corpus = corpus_of(a.docs, None)
    qfile = _queries(a.queries)
    ms = str(ROOT / ".venv" / "bin" / "migsearch")
    built: dict[int, tuple[float, int, float]] = {}
    dirs = {n: WORK / f"shards-{n}-{a.docs}" for n in counts}
    for n in counts:
        if a.reuse and dirs[n].exists():
            continue
        subprocess.run(["rm", "-rf", str(dirs[n])], check=True)
        cmd = [ms, "index", str(corpus), "--index", str(dirs[n]), "--json"]
        cmd += ["--shards", str(n), "--workers", str(max(n, 2))]
        secs, peak, cpu = run_measured(cmd, ROOT)
        built[n] = (secs, peak, cpu)
        print(
            f"  built {n} shard(s): {secs:.1f} s, {a.docs / secs:,.0f} docs/s,"
            f" CPU {1000 * cpu / a.docs:.2f} ms/doc",
            flush=True,
        )
    p50: dict[int, list[float]] = {n: [] for n in counts}
    p95: dict[int, list[float]] = {n: [] for n in counts}
    opened: dict[int, list[float]] = {n: [] for n in counts}
    for rep in range(a.repeats):
        for n in counts if rep % 2 == 0 else counts[::-1]:
            out = subprocess.run(
                [sys.executable, __file__, "--query-child", str(dirs[n]), str(qfile)],
                check=True,
                capture_output=True,
                text=True,
                cwd=ROOT.parent,
            )
            r = json.loads(out.stdout.strip().splitlines()[-1])
            p50[n].append(pct(r["lat"], 50))
            p95[n].append(pct(r["lat"], 95))
            opened[n].append(r["open_s"] * 1000)
            print(
                f"  repeat {rep + 1} {n} shard(s): p50 {p50[n][-1]:.1f} ms, p95 {p95[n][-1]:.1f} ms",
                flush=True,
            )
    print(f"\n{a.docs:,} documents, {a.queries} queries, {a.repeats} repeat(s)")
    print(
        f"{'shards':>6} {'build s':>8} {'docs/s':>7} {'x 1':>5} {'CPU ms/doc':>10} {'size MB':>8}"
        f" {'peak RSS MB':>12}"
        f" {'p50 ms median (min-max)':>26} {'x 1':>5} {'p95 ms median (min-max)':>26} {'x 1':>5}"
    )
    m50 = {n: statistics.median(v) for n, v in p50.items()}
    m95 = {n: statistics.median(v) for n, v in p95.items()}
    one = counts[0]
    for n in counts:
        secs, peak, cpu = built.get(n, (float("nan"), 0, float("nan")))
        base = built.get(one, (float("nan"), 0, 0.0))[0]
        print(
            f"{n:>6} {secs:>8.1f} {a.docs / secs:>7,.0f} {base / secs:>5.2f}"
            f" {1000 * cpu / a.docs:>10.2f} {size_of(dirs[n]) / 1e6:>8.0f} {peak / 1e6:>12.0f}"
            f" {_fmt(p50[n]):>26} {m50[n] / m50[one]:>5.2f} {_fmt(p95[n]):>26}"
            f" {m95[n] / m95[one]:>5.2f}"
        )


if __name__ == "__main__":
    main()
