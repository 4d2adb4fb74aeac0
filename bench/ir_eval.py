"""Ranking benchmark: SciFact (BEIR) and Cranfield through the product, against stock Whoosh.

Run from the repository root::

    .venv/bin/python bench/ir_eval.py                    # both collections, SciFact test split
    .venv/bin/python bench/ir_eval.py --split train      # SciFact train queries (for tuning)
    .venv/bin/python bench/ir_eval.py --only cranfield --reuse-index

For each collection the documents and queries are written as JSONL under
``bench/work/<name>/``, indexed with ``migsearch index`` and ranked with
``migsearch batch --top 100`` (the product's default settings, the same ranking as
``search``). The baseline is built in the same run: stock Whoosh with
``StemmingAnalyzer``, one TEXT field holding title and text, default ``BM25F``,
an ``OrGroup`` query parser and a plain ``searcher.search``.

Metrics use trec_eval semantics through ``ir-measures``: nDCG@10 with the
qrels' graded gains, Recall@100, and for Cranfield also MAP (over the 100
returned) and P@10. BEIR's convention of dropping a retrieved document whose id
equals the query id is applied to both runs.

Cranfield traps handled here (see ../shared/data/README.md): ``cranqrel`` numbers
queries by their position in ``cran.qry`` (1…225), not by the ``.I`` ids; relevance
codes run 1 (best) … 4, so gains are 5 - code, and -1 is not relevant. Two
documents are empty; they are left out of both indexes.

Figures of one run (2026-11-23, 2 shared cores; defaults of search/ranking.py,
chosen on SciFact train and Cranfield, never on SciFact test):

=====================  ============  =========
measure                stock Whoosh  migsearch
=====================  ============  =========
SciFact test nDCG@10   0.6776        0.7010
SciFact test R@100     0.9070        0.9327
SciFact train nDCG@10  0.6907        0.7134
Cranfield nDCG@10      0.3594        0.4209
Cranfield R@100        0.7371        0.7881
Cranfield MAP@100      0.2961        0.3522
Cranfield P@10         0.2240        0.2778
=====================  ============  =========

Benchmarks are not tests: nothing here asserts.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
WORK = ROOT / "bench" / "work"
TOP = 100

Docs = list[tuple[str, str, str]]  # (id, title, text)
Qrels = dict[str, dict[str, int]]


# --------------------------------------------------------------------------- collections


def load_scifact(split: str) -> tuple[Docs, dict[str, str], Qrels]:
    base = DATA / "beir-scifact"
    docs: Docs = []
    with gzip.open(base / "corpus.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            docs.append((str(o["_id"]), o.get("title") or "", o.get("text") or ""))
    qrels: Qrels = {}
    with (base / "qrels" / f"{split}.tsv").open(encoding="utf-8") as f:
        next(f)  # header
        for line in f:
            q, d, score = line.rstrip("\n").split("\t")
            qrels.setdefault(q, {})[d] = int(score)
    queries: dict[str, str] = {}
    with (base / "queries.jsonl").open(encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            if str(o["_id"]) in qrels:
                queries[str(o["_id"])] = o["text"]
    return docs, queries, qrels


def _smart(path: Path) -> list[dict[str, str]]:
    """Records of a SMART file (``.I`` id, then ``.T``/``.A``/``.B``/``.W`` sections)."""
    records: list[dict[str, str]] = []
    section = None
    with path.open(encoding="utf-8") as f:  # universal newlines drop the CRs
        for line in f:
            line = line.rstrip("\n")
            if line.startswith(".I "):
                records.append({"I": line[3:].strip()})
                section = None
            elif re.fullmatch(r"\.[TAWB]\s*", line):
                section = line[1]
                records[-1][section] = ""
            elif section is not None:
                records[-1][section] += line + "\n"
    return records


def _squash(s: str) -> str:
    return " ".join(s.split())


def load_cranfield() -> tuple[Docs, dict[str, str], Qrels]:
    base = DATA / "cranfield"
    docs = [
        (r["I"], _squash(r.get("T", "")), _squash(r.get("W", "")))
        for r in _smart(base / "cran.all.1400")
    ]
    # query ids in cranqrel are positions in cran.qry, not its .I numbers
    queries = {str(i): _squash(r.get("W", "")) for i, r in enumerate(_smart(base / "cran.qry"), 1)}
    qrels: Qrels = {}
    with (base / "cranqrel").open(encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) < 3:
                continue
            q, d, code = parts[0], parts[1], int(parts[2])
            qrels.setdefault(q, {})[d] = 5 - code if 1 <= code <= 4 else 0
    return docs, queries, qrels


# --------------------------------------------------------------------------- runs


def _write_jsonl(path: Path, rows: Iterable[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def _migsearch() -> list[str]:
    script = Path(sys.executable).with_name("migsearch")
    return [str(script)] if script.exists() else [sys.executable, "-m", "migsearch.cli"]


def product_run(
    work: Path, docs: Docs, queries: dict[str, str], reuse: bool
) -> tuple[dict[str, dict[str, float]], float, str]:
    corpus = work / "corpus.jsonl"
    qfile = work / "queries.jsonl"
    index = work / "index"
    # empty records cannot be indexed (and cannot be relevant to anything)
    _write_jsonl(corpus, ({"_id": i, "title": t, "text": x} for i, t, x in docs if t or x))
    _write_jsonl(qfile, ({"_id": q, "text": t} for q, t in queries.items()))
    note = "index reused"
    if not (reuse and index.exists()):
        shutil.rmtree(index, ignore_errors=True)
        t0 = time.perf_counter()
        out = subprocess.run(
            [*_migsearch(), "index", str(corpus), "--index", str(index), "--json"],
            capture_output=True,
            text=True,
            check=True,
        )
        counts = json.loads(out.stdout.strip().splitlines()[-1])
        note = (
            f"indexed {counts.get('documents')} docs ({counts.get('failed')} failed) "
            f"in {time.perf_counter() - t0:.0f}s"
        )
    t0 = time.perf_counter()
    out = subprocess.run(
        [*_migsearch(), "batch", str(qfile), "--index", str(index), "--top", str(TOP)],
        capture_output=True,
        text=True,
        check=True,
    )
    elapsed = time.perf_counter() - t0
    (work / "run.trec").write_text(out.stdout, encoding="utf-8")
    run: dict[str, dict[str, float]] = {}
    for line in out.stdout.splitlines():
        qid, _, doc, _rank, score, *_ = line.split()
        run.setdefault(qid, {})[doc] = float(score)
    return run, elapsed, note


def stock_run(work: Path, docs: Docs, queries: dict[str, str]) -> tuple[dict, float]:
    """Stock Whoosh: StemmingAnalyzer, one field, default BM25F, OrGroup, searcher.search."""
    import whoosh.index
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.qparser import OrGroup, QueryParser

    path = work / "stock-index"
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    schema = Schema(id=ID(stored=True, unique=True), text=TEXT(analyzer=StemmingAnalyzer()))
    ix = whoosh.index.create_in(str(path), schema)
    with ix.writer(limitmb=256) as w:
        for i, t, x in docs:
            if not (t or x):
                continue
            w.add_document(id=i, text=f"{t}\n{x}")
    parser = QueryParser("text", ix.schema, group=OrGroup)
    run: dict[str, dict[str, float]] = {}
    t0 = time.perf_counter()
    with ix.searcher() as s:
        for qid, text in queries.items():
            results = s.search(parser.parse(text), limit=TOP)
            run[qid] = {h["id"]: float(h.score) for h in results}
    elapsed = time.perf_counter() - t0
    ix.close()
    return run, elapsed


# --------------------------------------------------------------------------- metrics


def evaluate(qrels: Qrels, run: dict[str, dict[str, float]], measures: list) -> dict[str, float]:
    import ir_measures

    qr = [ir_measures.Qrel(q, d, r) for q, ds in qrels.items() for d, r in ds.items()]
    rn = [
        ir_measures.ScoredDoc(q, d, s)
        for q, ds in run.items()
        for d, s in ds.items()
        if d != q  # BEIR: ignore identical ids
    ]
    # queries the run has nothing for still count (as 0), as in trec_eval -c
    agg = ir_measures.calc_aggregate(measures, qr, rn)
    per_query_missing = set(qrels) - set(run)
    if per_query_missing:
        n = len(qrels)
        have = n - len(per_query_missing)
        agg = {m: v * have / n for m, v in agg.items()}
    return {str(m): float(agg[m]) for m in measures}


def report(name: str, n_queries: int, rows: dict[str, dict[str, float]], notes: list[str]) -> None:
    print(f"\n{name} ({n_queries} queries)")
    print(f"  {'measure':10s} {'stock Whoosh':>13s} {'migsearch':>10s} {'ratio':>7s}")
    for m in rows["stock"]:
        a, b = rows["stock"][m], rows["migsearch"][m]
        ratio = f"{b / a:7.3f}" if a else "      -"
        print(f"  {m:10s} {a:13.4f} {b:10.4f} {ratio}")
    for n in notes:
        print(f"  {n}")


def main(argv: list[str] | None = None) -> int:
    import ir_measures
    from ir_measures import AP, P, R, nDCG

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", choices=["scifact", "cranfield"], help="one collection")
    ap.add_argument("--split", default="test", choices=["test", "train"], help="SciFact qrels")
    ap.add_argument("--reuse-index", action="store_true", help="keep an existing product index")
    args = ap.parse_args(argv)
    if not DATA.exists():
        print(f"shared data not found at {DATA}", file=sys.stderr)
        return 2
    del ir_measures
    jobs = []
    if args.only in (None, "scifact"):
        jobs.append(
            (f"SciFact {args.split}", "scifact", *load_scifact(args.split), [nDCG @ 10, R @ 100])
        )
    if args.only in (None, "cranfield"):
        jobs.append(
            ("Cranfield", "cranfield", *load_cranfield(), [nDCG @ 10, R @ 100, AP @ 100, P @ 10])
        )
    for title, key, docs, queries, qrels, measures in jobs:
        work = WORK / key
        work.mkdir(parents=True, exist_ok=True)
        ours, t_ours, note = product_run(work, docs, queries, args.reuse_index)
        stock, t_stock = stock_run(work, docs, queries)
        rows = {
            "stock": evaluate(qrels, stock, measures),
            "migsearch": evaluate(qrels, ours, measures),
        }
        n = len(queries)
        report(
            title,
            n,
            rows,
            [
                f"migsearch: {note}; `migsearch batch` {t_ours:.1f}s for {n} queries "
                f"(process start included, {1000 * t_ours / n:.1f} ms/query)",
                f"stock: {1000 * t_stock / n:.1f} ms/query in process",
            ],
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
