"""Cost against size: build time, index size, faceted query latency and memory from 10k to 1M.

For each size (a prefix of one generated corpus, so every size holds the same kind
of documents) and each system, in the same run:

* ``ms-S``: ``migsearch index CORPUS --index DIR --workers 2`` (with ``--shards S``
  when S > 1 and this tree has the option);
* ``fts5``: SQLite FTS5 (porter), built as in ``bench/speed.py``;
* ``whoosh``: stock Whoosh, one writer, only up to ``--whoosh-max`` documents (it
  takes about as long as migsearch to build and ~1 s a faceted query at 100k).

Build: wall seconds, documents per second, CPU, peak RSS of the building process
tree, index size on disk; for migsearch also a one-shot ``migsearch search`` from
launch to answer (a cold process). Query: each repeat is a fresh process that opens the
index and runs the generated queries (``bench/gen_corpus.py``'s 2–3-word title
queries) with facet counts — migsearch's product path with highlights and every
facet, FTS5 with country/theme GROUP BY counts, stock Whoosh with ``groupedby``
facets on the first ``--whoosh-queries`` queries — and reports p50/p95; the table
shows the median over repeats with min–max, and peak serving memory (the query
process's VmHWM, largest over repeats). The last table gives how each cost grows
from one size to the next against how the size grew.

    .venv/bin/python bench/gen_corpus.py --docs 1000000 --out /work/bench-1m/corpus
    .venv/bin/python bench/scale.py --corpus /work/bench-1m/corpus/corpus-1000000 \\
        --queries /work/bench-1m/corpus/queries-1000000.txt --work /work/bench-1m/scale \\
        --sizes 10000,100000,300000,1000000 --reuse

``--reuse`` keeps an index already built in ``--work`` (its build figures are kept
beside it in ``build.json``), so a 1M build is paid once.

``--baseline-python ../wt-base/.venv/bin/python`` also queries each migsearch
index with an older migsearch (the interpreter of another worktree's
virtualenv, running this script as its query child): rows ``…@base``, in turns
with this tree's, over the same index files (an older version reads the index
as it reads its own; files it does not know are left alone), and the ratio of
the medians is printed.

Not a test: timings depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import build  # bench/build.py: the build commands and their measurement
import speed  # bench/speed.py: the systems' query code

ROOT = build.ROOT


def corpus_prefix(corpus: Path, docs: int, work: Path) -> Path:
    """A folder linking the first ``docs`` documents' files of ``corpus``."""
    files = sorted(corpus.glob("*.jsonl"))[: docs // build.PER_FILE]
    if docs % build.PER_FILE or len(files) * build.PER_FILE < docs:
        raise SystemExit(f"{corpus} has no prefix of exactly {docs} documents")
    out = work / f"corpus-{docs}"
    if out.exists() and len(list(out.glob("*.jsonl"))) == len(files):
        return out
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for f in files:
        (out / f.name).symlink_to(f.resolve())
    return out


def has_shards_option() -> bool:
    exe = ROOT / ".venv" / "bin" / "migsearch"
    out = subprocess.run([str(exe), "index", "--help"], capture_output=True, text=True)
    return "--shards" in out.stdout


def build_one(system: str, corpus: Path, out: Path, docs: int, reuse: bool) -> dict:
    """Build ``system``'s index of ``corpus`` at ``out`` (or reuse it) and its figures."""
    record = out.parent / "build.json"
    if reuse and record.exists() and out.exists():
        return json.loads(record.read_text())
    shutil.rmtree(out.parent, ignore_errors=True)
    out.parent.mkdir(parents=True)
    if system.startswith("ms-"):
        shards = int(system.split("-")[1])
        cmd, cwd = build.command("ms-2", corpus, out, None)
        if shards > 1:
            cmd += ["--shards", str(shards)]
    else:
        cmd, cwd = build.command(system, corpus, out, None)
    secs, peak, cpu = build.run_measured(cmd, cwd)
    fig = {
        "seconds": secs,
        "docs_per_s": docs / secs,
        "cpu_ms_per_doc": 1000 * cpu / docs,
        "peak_rss_mb": peak / 1e6,
        "size_mb": build.size_of(out) / 1e6,
        "load": os.getloadavg()[0],
    }
    record.write_text(json.dumps(fig, indent=1))
    return fig


def query_child(a: argparse.Namespace) -> None:
    """(In a fresh process) open one index, run the queries, print latencies and VmHWM."""
    queries = [q for q in a.queries_file.read_text(encoding="utf-8").split("\n") if q.strip()]
    if a.query_child == "whoosh":
        system = speed.StockWhoosh(a.index, facets=True)
    elif a.query_child == "fts5":
        system = speed.Fts5(a.index)
    else:
        system = speed.Migsearch(a.index, processes=_PROCESSES[a.mode])
    lat = []
    for q in queries[: a.limit or None]:
        t = time.perf_counter()
        system.query(q)
        lat.append((time.perf_counter() - t) * 1000)
    # shards searched in processes of their own hold most of the memory: add theirs
    pids = getattr(getattr(getattr(system, "ix", None), "shards", None), "pids", [])
    hwm = sum(_vm_hwm_mb(p) for p in ["self", *(p for p in pids if p)])
    system.close()
    print(json.dumps({"lat": lat, "hwm_mb": hwm}))


def _vm_hwm_mb(pid: object) -> float:
    """Peak resident memory of process ``pid`` ("self": this one), in MB."""
    return next(
        int(line.split()[1]) / 1024
        for line in Path(f"/proc/{pid}/status").read_text().splitlines()
        if line.startswith("VmHWM")
    )


#: where a shard set's shards are searched: the row's suffix and open_index's ``processes``
MODE_SUFFIX = {"auto": "", "threads": "t", "processes": "p"}
_PROCESSES = {"auto": None, "threads": False, "processes": True}


def query_one(
    system: str,
    index: Path,
    queries: Path,
    limit: int,
    mode: str = "auto",
    python: str | None = None,
) -> dict:
    """One repeat in a fresh process (``python``: another tree's interpreter)."""
    kind = "migsearch" if system.startswith("ms-") else system
    cmd = [python or sys.executable, __file__, "--query-child", kind, "--index", str(index)]
    cmd += ["--queries-file", str(queries), "--limit", str(limit), "--mode", mode]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def one_shot(index: Path, query: str, mode: str = "auto") -> float:
    """Seconds from launching ``migsearch search`` to its answer (a cold process, warm disk)."""
    exe = ROOT / ".venv" / "bin" / "migsearch"
    where = [] if mode == "auto" else ["--shards-in", mode]
    t = time.perf_counter()
    subprocess.run(
        [str(exe), "search", query, "--index", str(index), "--limit", "10", *where],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - t


def fmt_range(vals: list[float], digits: int = 1) -> str:
    m = statistics.median(vals)
    if len(vals) == 1:
        return f"{m:.{digits}f}"
    return f"{m:.{digits}f} ({min(vals):.{digits}f}–{max(vals):.{digits}f})"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, help="a gen_corpus.py corpus folder")
    ap.add_argument("--queries", type=Path, help="its queries file")
    ap.add_argument("--work", type=Path, default=build.WORK / "scale")
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--shards", default="1", help="comma list of shard counts for migsearch")
    ap.add_argument("--systems", default="ms,fts5,whoosh", help="comma subset of ms,fts5,whoosh")
    ap.add_argument(
        "--shards-in",
        default="auto",
        help="where a sharded index's shards are searched, a comma list of auto, threads, "
        "processes (rows ms-S, ms-St, ms-Sp; one build, queried in turns; serving memory "
        "adds the shard processes' own peaks)",
    )
    ap.add_argument(
        "--baseline-python",
        help="also query each migsearch index with this interpreter's migsearch, in turns "
        "(rows …@base)",
    )
    ap.add_argument("--whoosh-max", type=int, default=100_000)
    ap.add_argument("--whoosh-queries", type=int, default=50)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--reuse", action="store_true", help="keep indexes already built in --work")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument("--query-child", help=argparse.SUPPRESS)
    ap.add_argument("--index", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--queries-file", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--limit", type=int, default=0, help=argparse.SUPPRESS)
    ap.add_argument("--mode", default="auto", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.query_child:
        query_child(a)
        return
    if a.corpus is None or a.queries is None:
        ap.error("--corpus and --queries are required")
    sizes = [int(s) for s in a.sizes.split(",")]
    wanted = a.systems.split(",")
    shard_counts = [int(s) for s in a.shards.split(",")]
    shards_in = a.shards_in.split(",")
    if not set(shards_in) <= set(MODE_SUFFIX):
        ap.error(f"--shards-in takes a comma list of {', '.join(MODE_SUFFIX)}")
    if any(s > 1 for s in shard_counts) and not has_shards_option():
        raise SystemExit("this tree's `migsearch index` has no --shards option")
    rows: dict[tuple[int, str], dict] = {}
    for docs in sizes:
        corpus = corpus_prefix(a.corpus, docs, a.work)
        systems = [f"ms-{s}" for s in shard_counts] if "ms" in wanted else []
        systems += [s for s in ("fts5", "whoosh") if s in wanted]
        if docs > a.whoosh_max and "whoosh" in systems:
            systems.remove("whoosh")
        for system in systems:
            out = a.work / f"{system}-{docs}" / ("index.db" if system == "fts5" else "index")
            print(f"{docs:,} {system}: building…", flush=True)
            fig = build_one(system, corpus, out, docs, a.reuse)
            print(
                f"  built in {fig['seconds']:.0f} s ({fig['docs_per_s']:,.0f} docs/s)", flush=True
            )
            limit = a.whoosh_queries if system == "whoosh" else 0
            sharded = system.startswith("ms-") and system != "ms-1"
            modes = shards_in if sharded else ["auto"]
            pythons: list[str | None] = [None]
            if a.baseline_python and system.startswith("ms-"):
                pythons.append(a.baseline_python)
            runs = [(m, py) for m in modes for py in pythons]
            figs = {run: dict(fig, p50=[], p95=[], hwm=[]) for run in runs}
            for rep in range(a.repeats):  # the runs take turns, so load falls on each alike
                for m, py in runs if rep % 2 == 0 else runs[::-1]:
                    r = query_one(system, out, a.queries, limit, m, py)
                    figs[(m, py)]["p50"].append(speed.pct(r["lat"], 50))
                    figs[(m, py)]["p95"].append(speed.pct(r["lat"], 95))
                    figs[(m, py)]["hwm"].append(r["hwm_mb"])
            for (m, py), f in figs.items():
                f.update(serve_mb=max(f.pop("hwm")), queries=len(r["lat"]))
                name = system + MODE_SUFFIX[m] + ("@base" if py else "")
                if py:
                    mine = figs[(m, None)]
                    print(
                        f"  {system + MODE_SUFFIX[m]} against its baseline: p50 ×"
                        f"{statistics.median(f['p50']) / statistics.median(mine['p50']):.2f},"
                        f" p95 ×{statistics.median(f['p95']) / statistics.median(mine['p95']):.2f}"
                        " faster",
                        flush=True,
                    )
                elif system.startswith("ms-"):
                    first = next(q for q in a.queries.read_text(encoding="utf-8").split("\n") if q)
                    f["one_shot_s"] = [one_shot(out, first, m) for _ in range(a.repeats)]
                rows[(docs, name)] = f
                print(
                    f"  {name}: query p50 {fmt_range(f['p50'])} ms, p95 {fmt_range(f['p95'])} ms",
                    flush=True,
                )
    report(rows, sizes, a.repeats)
    if a.json:
        a.json.write_text(json.dumps({f"{d} {s}": f for (d, s), f in rows.items()}, indent=1))


def report(rows: dict[tuple[int, str], dict], sizes: list[int], repeats: int) -> None:
    print(f"\n{repeats} query repeat(s) per cell; load now {os.getloadavg()[0]:.1f}")
    print(
        f"{'docs':>9} {'system':12} {'build s':>8} {'docs/s':>7} {'CPU ms/doc':>10}"
        f" {'build RSS MB':>12} {'size MB':>8} {'p50 ms (min–max)':>22}"
        f" {'p95 ms (min–max)':>24} {'serve MB':>8} {'queries':>7}"
    )
    for (docs, system), f in sorted(rows.items()):
        print(
            f"{docs:>9,} {system:12} {f['seconds']:>8.0f} {f['docs_per_s']:>7,.0f}"
            f" {f['cpu_ms_per_doc']:>10.2f} {f['peak_rss_mb']:>12.0f} {f['size_mb']:>8.0f}"
            f" {fmt_range(f['p50']):>22} {fmt_range(f['p95']):>24} {f['serve_mb']:>8.0f}"
            f" {f['queries']:>7}"
        )
    shots = [(d, s, f["one_shot_s"]) for (d, s), f in sorted(rows.items()) if "one_shot_s" in f]
    if shots:
        print("\none-shot `migsearch search QUERY --index DIR --limit 10`, launch to answer:")
        for docs, system, secs in shots:
            print(f"  {docs:>9,} {system:7} {fmt_range(secs, 2)} s")
    print("\ngrowth from the previous size (cost ratio / size ratio)")
    systems = sorted({s for _, s in rows})
    for system in systems:
        have = [d for d in sorted(sizes) if (d, system) in rows]
        for small, big in itertools.pairwise(have):
            f0, f1 = rows[(small, system)], rows[(big, system)]
            grow = big / small
            print(
                f"  {system:7} {small:>9,} → {big:>9,} (×{grow:.0f}): build ×"
                f"{f1['seconds'] / f0['seconds']:.1f}, size ×{f1['size_mb'] / f0['size_mb']:.1f},"
                f" p50 ×{statistics.median(f1['p50']) / statistics.median(f0['p50']):.1f},"
                f" p95 ×{statistics.median(f1['p95']) / statistics.median(f0['p95']):.1f},"
                f" serving memory ×{f1['serve_mb'] / f0['serve_mb']:.1f}"
            )


if __name__ == "__main__":
    main()
