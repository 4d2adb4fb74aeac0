"""Writing one segment whose postings spill to disk: this tree against a baseline checkout.

A worker's share of a large build outgrows its pool of postings
(``segments.WRITER_MB``) and spills sorted runs to disk; how those runs come
back (merged term by term, or Whoosh's merge one posting at a time) decides
the cost of writing the segment. This bench writes the same documents into one
segment, in a fresh process per timing, with a pool small enough to spill and
with one large enough not to, for this tree and for ``--baseline`` in turn
(interleaved, so a burst of load falls on both), and reports the CPU time of
writing (``segments.write`` and ``finish``: parsing and tagging are done
before, once, and not timed), peak RSS, the number of runs spilled, and
whether the segment's postings and terms files equal those of the tree's own
unspilled segment::

    .venv/bin/python bench/gen_corpus.py --docs 50000
    .venv/bin/python bench/segment_write.py --docs 50000 --limitmb 128 --baseline ../base8

Not a test: timings depend on the machine and its load; read the ratios.
"""

from __future__ import annotations

import argparse
import json
import pickle
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "bench" / "work"

#: run in the tree under test (its own venv): write the pickled fields into one segment
CHILD = r"""
import hashlib, json, pickle, resource, sys, time
from pathlib import Path
from whoosh.index import create_in
from migsearch.indexer.store import segments
from migsearch.indexer.store.schema import make_schema

fields_path, folder, limitmb = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
with open(fields_path, "rb") as f:
    docs = pickle.load(f)
ix = create_in(folder, make_schema())
segments.configure(ix, limitmb)
t0 = time.process_time()
segments.write(docs)
runs = len(segments._writer.pool.runs)
seg = segments.finish()
cpu = time.process_time() - t0
segments.configure(None)
digest = hashlib.sha256()
for p in sorted(folder.iterdir()):
    if p.suffix in (".pst", ".trm"):
        digest.update(p.suffix.encode() + p.read_bytes())
print(json.dumps({"cpu": cpu, "runs": runs, "docs": seg.doc_count(),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "digest": digest.hexdigest()}))
"""


def prepare(docs: int) -> Path:
    """Parse and tag the first ``docs`` generated documents once; their index fields are
    pickled for every timing (bench/work/segment-fields-N.pickle)."""
    out = WORK / f"segment-fields-{docs}.pickle"
    if out.exists():
        return out
    from migsearch.indexer.ingest.jsonl import jsonl_lines, lines_to_records
    from migsearch.indexer.ingest.tagging import tag
    from migsearch.indexer.store.schema import record_fields

    corpus = sorted((WORK / f"corpus-{max(docs, 10_000)}").glob("part-*.jsonl"))
    if not corpus:
        sys.exit(f"no generated corpus: run bench/gen_corpus.py --docs {docs} first")
    fields: list[dict] = []
    for part in corpus:
        recs, _errors = lines_to_records(str(part), jsonl_lines(part.read_text("utf-8")))
        fields.extend(record_fields(tag(r), "h") for r in recs[: docs - len(fields)])
        if len(fields) >= docs:
            break
    with open(out, "wb") as f:
        pickle.dump(fields, f, protocol=pickle.HIGHEST_PROTOCOL)
    return out


def timing(tree: Path, fields: Path, limitmb: int) -> dict:
    with tempfile.TemporaryDirectory(dir=WORK) as tmp:
        out = subprocess.run(
            [str(tree / ".venv" / "bin" / "python"), "-c", CHILD, str(fields), tmp, str(limitmb)],
            cwd=tree,
            capture_output=True,
            text=True,
            check=True,
        )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=50_000)
    ap.add_argument("--limitmb", type=int, default=128, help="a pool that spills")
    ap.add_argument("--whole-mb", type=int, default=4096, help="a pool that does not")
    ap.add_argument("--baseline", type=Path, required=True, help="checkout with its own .venv")
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args(argv)
    fields = prepare(args.docs)
    systems = {
        "this, spilled": (ROOT, args.limitmb),
        "base, spilled": (args.baseline.resolve(), args.limitmb),
        "this, in memory": (ROOT, args.whole_mb),
    }
    got: dict[str, list[dict]] = {name: [] for name in systems}
    for r in range(args.repeats):
        for name, (tree, mb) in systems.items():
            got[name].append(t := timing(tree, fields, mb))
            print(f"repeat {r + 1} {name}: {t['cpu']:.1f} s CPU, {t['runs']} runs", flush=True)
    base = statistics.median(t["cpu"] for t in got["base, spilled"])
    whole = got["this, in memory"][0]["digest"]
    print(
        f"\n{args.docs} documents, one segment, pool {args.limitmb} MB (spilled) / "
        f"{args.whole_mb} MB (in memory), {args.repeats} repeats"
    )
    print(
        f"{'':18} {'CPU s median (min-max)':>24} {'vs base':>8} {'peak RSS MB':>12} "
        f"{'runs':>5} {'same files':>10}"
    )
    for name, ts in got.items():
        cpus = [t["cpu"] for t in ts]
        med = statistics.median(cpus)
        rss = statistics.median(t["rss_mb"] for t in ts)
        same = all(t["digest"] == whole for t in ts)
        print(
            f"{name:18} {med:8.1f} ({min(cpus):.1f}-{max(cpus):.1f}){'':6} "
            f"{med / base:7.2f}x {rss:12.0f} {ts[0]['runs']:5} {same!s:>10}"
        )


if __name__ == "__main__":
    main()
