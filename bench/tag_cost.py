"""CPU per record of what a parsing worker does before Whoosh: parse, tag, fields.

Two sets, each timed as a build's worker meets it:

* ``generated``: the first ``--docs`` lines of ``bench/gen_corpus.py``'s corpus
  (``bench/work/corpus-N``), through ``lines_to_records`` (JSON, values, tagging)
  and ``record_fields`` (the spelling words among them);
* ``reliefweb``: real ReliefWeb text, the 640 labelled reports'
  posts (``reliefweb-tagged-reports``) as JSONL lines, and the API sample's
  exports with their PDF text, through the same path as ``migsearch index``.

The vocabulary is loaded (and one pass made) before timing, as the build's parent
does before its workers fork. Each repeat reports process CPU per record.
``--profile FILE`` writes a cProfile of one pass instead (read it with ``pstats``).

Run it with each tree's interpreter to compare them, alternating (the imports
come from the interpreter's checkout)::

    for i in 1 2 3; do
      .venv/bin/python bench/tag_cost.py --docs 10000
      /work/base8/.venv/bin/python bench/tag_cost.py --docs 10000
    done

``--compare-trees BASE`` compares finer: both interpreters load once and take
the same chunks of records in turn (ReliefWeb: the labelled posts only), and
it prints medians (min–max) and ratios. Not a test: timings depend on the machine's load.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import gzip
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"
DATA = ROOT.parent / "shared" / "data"
RW_THEMES = DATA / "reliefweb-tagged-reports" / "report_theme_en-1k.csv.gz"
RW_SAMPLE = DATA / "reliefweb-api-sample"


def generated_lines(docs: int) -> list[tuple[int, str]]:
    """The first ``docs`` JSONL lines of the generated corpus, numbered."""
    corpora = sorted(WORK.glob("corpus-*"), key=lambda p: int(p.name.split("-")[1]))
    big = [p for p in corpora if int(p.name.split("-")[1]) >= docs]
    if not big:
        sys.exit(f"no generated corpus of {docs} documents: run bench/gen_corpus.py --docs {docs}")
    out: list[tuple[int, str]] = []
    for part in sorted(big[0].glob("*.jsonl")):
        for line in part.read_text(encoding="utf-8").split("\n"):
            if line.strip():
                out.append((len(out) + 1, line))
                if len(out) == docs:
                    return out
    return out


def reliefweb_lines() -> list[tuple[int, str]]:
    """The labelled reports' posts as JSONL lines (title: the post's first line)."""
    csv.field_size_limit(sys.maxsize)
    posts: dict[str, str] = {}
    with gzip.open(RW_THEMES, "rt", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            posts[row["nid"]] = row["post"]
    out = []
    for nid in sorted(posts, key=int):
        title, _, body = posts[nid].partition("\n")
        out.append((len(out) + 1, json.dumps({"id": f"rw{nid}", "title": title, "text": body})))
    return out


def pass_generated(lines: list[tuple[int, str]]) -> int:
    """One worker's pass over generated lines, in chunks as the writer sends them."""
    from migsearch.indexer.ingest.jsonl import lines_to_records
    from migsearch.indexer.store.schema import record_fields

    n = 0
    for i in range(0, len(lines), 500):
        recs, _ = lines_to_records("gen.jsonl", lines[i : i + 500])
        for r in recs:
            record_fields(r, "h")
        n += len(recs)
    return n


def pass_reliefweb(lines: list[tuple[int, str]]) -> int:
    """The labelled posts as JSONL, then the API sample's exports, as index reads them."""
    from migsearch.errors import IngestError
    from migsearch.indexer.ingest.jsonl import lines_to_records
    from migsearch.indexer.ingest.pipeline import records_from_bytes
    from migsearch.indexer.ingest.sources import Skipped, read_source, scan
    from migsearch.indexer.store.schema import record_fields

    recs, _ = lines_to_records("rw.jsonl", lines)
    for src in scan([RW_SAMPLE]):
        if isinstance(src, Skipped):
            continue
        try:
            more, _ = records_from_bytes(src, read_source(src))
        except IngestError:  # a full-text file is read with its export
            continue
        recs.extend(more)
    for r in recs:
        record_fields(r, "h")
    return len(recs)


def measure(args: argparse.Namespace) -> dict[str, list[float]]:
    """Milliseconds of process CPU per record, per set and repeat."""
    from migsearch.indexer.store.jobs import load_vocabulary

    load_vocabulary()
    sets: dict[str, Callable[[], int]] = {}
    gen = generated_lines(args.docs)
    rw = reliefweb_lines()
    sets["generated"] = lambda: pass_generated(gen)
    sets["reliefweb"] = lambda: pass_reliefweb(rw)
    pass_generated(gen[:200])  # warm caches as a worker is after its first chunk
    pass_reliefweb(rw[:50])
    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        for run in sets.values():
            run()
        prof.disable()
        prof.dump_stats(args.profile)
        return {}
    out: dict[str, list[float]] = {k: [] for k in sets}
    for _ in range(args.repeats):
        for name, run in sets.items():
            t0 = time.process_time()
            n = run()
            out[name].append((time.process_time() - t0) * 1000 / n)
    return out


def serve(args: argparse.Namespace) -> None:
    """Answer chunk requests on stdin ("generated K" or "reliefweb K", K a chunk
    number): process CPU milliseconds per record of that chunk, one line each."""
    from migsearch.indexer.ingest.jsonl import lines_to_records
    from migsearch.indexer.store.jobs import load_vocabulary
    from migsearch.indexer.store.schema import record_fields

    load_vocabulary()
    gen = generated_lines(args.docs)
    rw = reliefweb_lines()
    pass_generated(gen[:200])  # warm caches as a worker is after its first chunk
    pass_reliefweb(rw[:50])
    print("ready", flush=True)
    for line in sys.stdin:
        name, k = line.split()
        lo = int(k) * args.chunk
        t0 = time.process_time()
        if name == "generated":
            n = pass_generated(gen[lo : lo + args.chunk])
        else:
            recs, _ = lines_to_records("rw.jsonl", rw[lo : lo + args.chunk])
            for r in recs:
                record_fields(r, "h")
            n = len(recs)
        print(f"{(time.process_time() - t0) * 1000 / max(n, 1):.4f}", flush=True)


def compare(args: argparse.Namespace) -> None:
    """This tree and ``--compare-trees``' interpreter side by side: both load once, then
    take the same chunks of records in turn (the order swapped every chunk), so a burst
    of load on the shared machine falls on both alike; per set, the medians of CPU per
    record over chunks and rounds, and the median of the chunk-by-chunk ratios."""
    trees = {"this": sys.executable, "base": str(Path(args.compare_trees) / ".venv/bin/python")}
    procs = {
        t: subprocess.Popen(
            [py, __file__, "--docs", str(args.docs), "--chunk", str(args.chunk), "--serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for t, py in trees.items()
    }
    for p in procs.values():
        assert p.stdout is not None and p.stdout.readline().strip() == "ready"
    sizes = {"generated": args.docs, "reliefweb": len(reliefweb_lines())}
    runs: dict[str, dict[str, list[float]]] = {s: {t: [] for t in trees} for s in sizes}
    ratios: dict[str, list[float]] = {s: [] for s in sizes}
    turn = 0
    for _ in range(args.rounds):
        for name, size in sizes.items():
            for k in range(-(-size // args.chunk)):
                got = {}
                order = list(trees) if turn % 2 == 0 else list(trees)[::-1]
                turn += 1
                for t in order:
                    p = procs[t]
                    assert p.stdin is not None and p.stdout is not None
                    p.stdin.write(f"{name} {k}\n")
                    p.stdin.flush()
                    got[t] = float(p.stdout.readline())
                for t, ms in got.items():
                    runs[name][t].append(ms)
                ratios[name].append(got["this"] / got["base"])
    for p in procs.values():
        assert p.stdin is not None
        p.stdin.close()
        p.wait()
    for name in sizes:
        this, base = runs[name]["this"], runs[name]["base"]
        print(
            f"{name:10} this {statistics.median(this):.3f} ms/rec ({min(this):.3f}–{max(this):.3f})"
            f"  base {statistics.median(base):.3f} ({min(base):.3f}–{max(base):.3f})"
            f"  ratio of medians {statistics.median(this) / statistics.median(base):.2f},"
            f" median chunk ratio {statistics.median(ratios[name]):.2f}"
            f" ({min(ratios[name]):.2f}–{max(ratios[name]):.2f}) [{len(this)} chunks each]"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--profile", type=Path, help="write a cProfile of one pass here")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--compare-trees", metavar="BASE", help="a checkout with its own .venv")
    ap.add_argument(
        "--rounds", type=int, default=2, help="with --compare-trees: passes over each set"
    )
    ap.add_argument("--chunk", type=int, default=250, help="with --compare-trees: records a turn")
    ap.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve:
        serve(args)
        return
    if args.compare_trees:
        compare(args)
        return
    got = measure(args)
    if args.json:
        print(json.dumps(got))
        return
    for name, ms in got.items():
        print(f"{name:10} {statistics.median(ms):.3f} ms/rec ({min(ms):.3f}–{max(ms):.3f})")


if __name__ == "__main__":
    main()
