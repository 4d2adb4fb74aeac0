"""Does a change to the query path leave every answer as it was?

Runs a fixed set of searches against one index and writes (``--write``) or
checks (``--check``) everything they answer: for each query the whole first
page as JSON (hits, rounded scores, highlights, facet counts, totals,
suggestion), its refinement by the top country, its second page, its
newest-first page, and the top 100 document ids with unrounded scores (the
same ranking, as ``batch`` returns it). Scores must agree within a relative
1e-9; everything else must be equal.

The queries: the speed benchmark's (``bench/work/queries-N.txt``), the first
SciFact claims and Cranfield questions (three words and more: feedback runs),
a few document-length texts (key terms, repeated words) and a few queries
with syntax (phrases, prefixes, AND/NOT, fields).

    .venv/bin/python bench/query_identity.py --write bench/out/identity.json   # before
    .venv/bin/python bench/query_identity.py --check bench/out/identity.json   # after

Not a test: it needs the large generated index; the test suite checks the
ranking against a brute-force BM25F on small ones.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"
DATA = ROOT.parent / "shared" / "data"

SYNTAX = [
    '"breast cancer"',
    "migra*",
    "cancer AND cells",
    "cancer NOT breast",
    "title:heat",
    '"heat transfer" flow',
    "humanitar* refugees",
    "cells -tumour",
    "boundary layer (heat OR mass)",
    "year:2015",
    "infection country:COL",
]


def queries(n_docs: int, scifact: int, cranfield: int, texts: int) -> list[str]:
    out = [q for q in (WORK / f"queries-{n_docs}.txt").read_text("utf-8").splitlines() if q.strip()]
    sf = DATA / "beir-scifact" / "queries.jsonl"
    if sf.exists():
        with sf.open(encoding="utf-8") as f:
            out += [json.loads(line)["text"] for _, line in zip(range(scifact), f, strict=False)]
    cq = DATA / "cranfield" / "cran.qry"
    if cq.exists():
        parts = re.split(r"^\.I .*$", cq.read_text("utf-8", errors="replace"), flags=re.M)
        out += [" ".join(p.replace(".W", " ").split()) for p in parts if p.strip()][:cranfield]
    corpus = WORK / f"corpus-{n_docs}"
    if corpus.is_dir():
        with next(iter(sorted(corpus.glob("*.jsonl")))).open(encoding="utf-8") as f:
            for _, line in zip(range(texts), f, strict=False):
                d = json.loads(line)
                out.append(d["title"] + ". " + d["text"][:1500])
    return out + SYNTAX


def answers(index: Path, qs: list[str]) -> list[dict[str, Any]]:
    from migsearch.errors import MigsearchError
    from migsearch.search.engine import open_index

    out = []
    with open_index(index, timeout=None) as ix:
        for q in qs:
            rec: dict[str, Any] = {"q": q}
            try:
                r = ix.search(q, limit=10)
                rec["page1"] = r.to_dict()
                cs = r.facets.get("countries") or []
                if cs:
                    rec["refine"] = ix.search(q, limit=10, countries=[cs[0].value]).to_dict()
                rec["page2"] = ix.search(q, limit=10, page=2).to_dict()
                rec["newest"] = ix.search(q, limit=5, sort="newest").to_dict()
                rec["top100"] = next(iter(ix.batch([("q", q)], top=100)))[1]
            except MigsearchError as e:
                rec["error"] = f"{type(e).__name__}: {e}"
            out.append(rec)
    return out


def _same(a: Any, b: Any, path: str, diffs: list[str]) -> None:
    if isinstance(a, float) and isinstance(b, float):
        if not math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12):
            diffs.append(f"{path}: {a!r} != {b!r}")
    elif isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            diffs.append(f"{path}: keys {sorted(a)} != {sorted(b)}")
        for k in a.keys() & b.keys():
            _same(a[k], b[k], f"{path}.{k}", diffs)
    elif isinstance(a, list | tuple) and isinstance(b, list | tuple):
        if len(a) != len(b):
            diffs.append(f"{path}: length {len(a)} != {len(b)}")
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            _same(x, y, f"{path}[{i}]", diffs)
    elif a != b:
        diffs.append(f"{path}: {str(a)[:120]!r} != {str(b)[:120]!r}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--index", type=Path, help="default: bench/work/ms-DOCS")
    ap.add_argument("--scifact", type=int, default=30)
    ap.add_argument("--cranfield", type=int, default=20)
    ap.add_argument("--texts", type=int, default=5)
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--write", type=Path)
    g.add_argument("--check", type=Path)
    a = ap.parse_args(argv)
    index = a.index or WORK / f"ms-{a.docs}"
    got = answers(index, queries(a.docs, a.scifact, a.cranfield, a.texts))
    # through JSON both ways, so tuples and lists compare alike
    got = json.loads(json.dumps(got))
    if a.write:
        a.write.parent.mkdir(parents=True, exist_ok=True)
        a.write.write_text(json.dumps(got, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{len(got)} queries written to {a.write}")
        return 0
    want = json.loads(a.check.read_text(encoding="utf-8"))
    diffs: list[str] = []
    _same(want, got, "", diffs)
    for d in diffs[:40]:
        print(d)
    print(f"{len(got)} queries: {'identical' if not diffs else f'{len(diffs)} differences'}")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
