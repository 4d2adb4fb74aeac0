"""Speed at scale: migsearch side by side with stock Whoosh and SQLite FTS5.

One process, one run, the same corpus and the same queries for all three:

* migsearch: ``build_index`` (the ``migsearch index`` path) and
  ``open_index(...).search(q, limit=10)`` with highlights and facet counts
  (countries, regions, themes, years) — the product path; plus a refinement
  (the same query again with a country filter: the top country of its facet);
* stock Whoosh: an index built by one ``writer()`` with ``add_document`` per
  document and one commit (StemmingAnalyzer, TEXT title+body, KEYWORD
  countries/themes); ``searcher.search(q, limit=10)`` alone and with
  ``groupedby`` country and theme facets (``allow_overlap=True``);
* SQLite FTS5 (porter tokenizer): top 10 by bm25 with ``snippet()``, the
  total, and country/theme counts by GROUP BY over doc_country/doc_theme
  tables joined with the FTS match.

All three parse queries as OR of the words (migsearch's default), so facet
counts cover the same kind of result sets. Each query pass opens a fresh
searcher/connection, so no cache survives from one repeat to the next.
Latencies are per query; each repeat gives a p50 and p95 over the queries,
and the report shows the median over repeats with min–max. Peak memory is the
RSS high-water mark of a separate process that opens an index and runs all
queries.

    .venv/bin/python bench/speed.py                  # 100,000 documents
    .venv/bin/python bench/speed.py --docs 10000     # quicker
    .venv/bin/python bench/speed.py --reuse          # keep built indexes, query only

Two versions of migsearch side by side (this tree against an older commit checked
out in another worktree with its own virtualenv)::

    .venv/bin/python bench/speed.py --reuse --skip whoosh-top10,whoosh-facets,fts5-facets \
        --baseline-python ../wt-base/.venv/bin/python

Each repeat then runs both versions, one after the other in alternating order,
each in a fresh process of its own interpreter over its own index (an index is
built by the version that reads it, ``bench/work/ms-base-N`` for the baseline),
with the same queries and refinements; the report gives both medians and their
ratio.

Not a test: timings depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WORK = ROOT / "bench" / "work"
OUT = ROOT / "bench" / "out"


# ---------------------------------------------------------------- helpers


def pct(xs: list[float], p: float) -> float:
    s = sorted(xs)
    return s[max(0, math.ceil(p / 100 * len(s)) - 1)]


def summary(vals: list[float]) -> tuple[float, float, float]:
    return statistics.median(vals), min(vals), max(vals)


def fmt(vals: list[float], unit: str = "ms") -> str:
    m, lo, hi = summary(vals)
    if unit == "s":
        return f"{m:8.1f} s  ({lo:.1f}–{hi:.1f})" if len(vals) > 1 else f"{m:8.1f} s"
    if unit == "MB":
        return f"{m:8.0f} MB" + (f" ({lo:.0f}–{hi:.0f})" if len(vals) > 1 else "")
    return f"{m:8.1f} ms ({lo:.1f}–{hi:.1f})"


def iter_docs(corpus: Path) -> Iterator[dict]:
    for p in sorted(corpus.glob("*.jsonl")):
        with p.open(encoding="utf-8") as f:
            for line in f:
                yield json.loads(line)


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    t = time.perf_counter()
    r = fn()
    return time.perf_counter() - t, r


# ---------------------------------------------------------------- stock Whoosh


def whoosh_schema():
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import ID, KEYWORD, TEXT, Schema

    ana = StemmingAnalyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        title=TEXT(analyzer=ana, stored=True),
        body=TEXT(analyzer=ana),
        countries=KEYWORD(stored=True, commas=True),
        themes=KEYWORD(stored=True, commas=True),
        date=ID(stored=True),
    )


def whoosh_build(corpus: Path, index_dir: Path) -> int:
    import whoosh.index

    if index_dir.exists():
        shutil.rmtree(index_dir)
    index_dir.mkdir(parents=True)
    ix = whoosh.index.create_in(str(index_dir), whoosh_schema())
    w = ix.writer()
    n = 0
    for d in iter_docs(corpus):
        w.add_document(
            id=d["id"],
            title=d["title"],
            body=d["text"],
            countries=",".join(d["countries"]),
            themes=",".join(d["themes"]),
            date=d["date"],
        )
        n += 1
    w.commit()
    ix.close()
    return n


class StockWhoosh:
    def __init__(self, index_dir: Path, facets: bool) -> None:
        import whoosh.index
        from whoosh import qparser, sorting

        self.ix = whoosh.index.open_dir(str(index_dir))
        self.searcher = self.ix.searcher()
        self.parser = qparser.MultifieldParser(
            ["title", "body"], self.ix.schema, group=qparser.OrGroup
        )
        self.searcher.search(self.parser.parse("warm up"), limit=1)
        self.groupedby = (
            {
                "countries": sorting.FieldFacet("countries", allow_overlap=True),
                "themes": sorting.FieldFacet("themes", allow_overlap=True),
            }
            if facets
            else None
        )

    def query(self, text: str):
        q = self.parser.parse(text)
        r = self.searcher.search(q, limit=10, groupedby=self.groupedby)
        hits = [h["title"] for h in r]
        if self.groupedby:
            c = {k: len(v) for k, v in r.groups("countries").items()}
            t = {k: len(v) for k, v in r.groups("themes").items()}
            return hits, len(r), c, t
        return hits

    def close(self) -> None:
        self.searcher.close()
        self.ix.close()


# ---------------------------------------------------------------- SQLite FTS5


def fts_build(corpus: Path, db: Path) -> int:
    if db.exists():
        db.unlink()
    con = sqlite3.connect(db)
    con.executescript(
        """
        CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize='porter unicode61');
        CREATE TABLE meta(rowid INTEGER PRIMARY KEY, id TEXT, date TEXT);
        CREATE TABLE doc_country(docid INTEGER, country TEXT);
        CREATE TABLE doc_theme(docid INTEGER, theme TEXT);
        """
    )
    n = 0
    with con:
        for n, d in enumerate(iter_docs(corpus), start=1):
            con.execute(
                "INSERT INTO docs(rowid, title, body) VALUES (?,?,?)", (n, d["title"], d["text"])
            )
            con.execute("INSERT INTO meta VALUES (?,?,?)", (n, d["id"], d["date"]))
            con.executemany(
                "INSERT INTO doc_country VALUES (?,?)", [(n, c) for c in d["countries"]]
            )
            con.executemany("INSERT INTO doc_theme VALUES (?,?)", [(n, t) for t in d["themes"]])
    con.executescript(
        """
        CREATE INDEX dc ON doc_country(docid);
        CREATE INDEX dt ON doc_theme(docid);
        INSERT INTO docs(docs) VALUES ('optimize');
        """
    )
    con.close()
    return n


class Fts5:
    TOP = (
        "SELECT rowid, title, snippet(docs, 1, '<b>', '</b>', '…', 24) FROM docs "
        "WHERE docs MATCH ? ORDER BY rank LIMIT 10"
    )
    TOTAL = "SELECT count(*) FROM docs WHERE docs MATCH ?"
    COUNTRIES = (
        "SELECT c.country, count(*) AS n FROM docs JOIN doc_country c ON c.docid = docs.rowid "
        "WHERE docs MATCH ? GROUP BY c.country ORDER BY n DESC"
    )
    THEMES = (
        "SELECT t.theme, count(*) AS n FROM docs JOIN doc_theme t ON t.docid = docs.rowid "
        "WHERE docs MATCH ? GROUP BY t.theme ORDER BY n DESC"
    )

    def __init__(self, db: Path) -> None:
        self.con = sqlite3.connect(db)

    @staticmethod
    def match(text: str) -> str:
        return " OR ".join('"' + w.replace('"', "") + '"' for w in text.split())

    def query(self, text: str):
        m = self.match(text)
        c = self.con
        hits = c.execute(self.TOP, (m,)).fetchall()
        total = c.execute(self.TOTAL, (m,)).fetchone()[0]
        countries = c.execute(self.COUNTRIES, (m,)).fetchall()
        themes = c.execute(self.THEMES, (m,)).fetchall()
        return hits, total, countries, themes

    def close(self) -> None:
        self.con.close()


# ---------------------------------------------------------------- migsearch


class Migsearch:
    def __init__(self, index_dir: Path, processes: bool | None = None) -> None:
        from migsearch.search.engine import open_index

        self.ix = open_index(index_dir, processes=processes)
        # open the snapshot (facet arrays) and import the stemmer before timing queries
        self.ix.search("warm up", limit=1)

    def query(self, text: str):
        return self.ix.search(text, limit=10)

    def refine(self, text: str, country: str):
        return self.ix.search(text, limit=10, countries=[country])

    def close(self) -> None:
        self.ix.close()


def run_queries(system, queries: list[str]) -> tuple[list[float], list[float]]:
    """Latency of each query; for migsearch also of its refinement, run right after it
    (the same query with its top country picked, as a user clicking a facet does)."""
    lat, refine = [], []
    for q in queries:
        t = time.perf_counter()
        r = system.query(q)
        lat.append((time.perf_counter() - t) * 1000)
        if isinstance(system, Migsearch):
            cs = r.facets.get("countries") or []
            if cs:
                t = time.perf_counter()
                system.refine(q, cs[0].value)
                refine.append((time.perf_counter() - t) * 1000)
    return lat, refine


SYSTEMS = {
    "migsearch": lambda d: Migsearch(d["ms"]),
    "whoosh-top10": lambda d: StockWhoosh(d["wh"], facets=False),
    "whoosh-facets": lambda d: StockWhoosh(d["wh"], facets=True),
    "fts5-facets": lambda d: Fts5(d["fts"]),
}


def rss_child(system: str, dirs: dict[str, Path], queries: list[str]) -> float:
    """Peak RSS (MB) of a fresh process that opens ``system`` and runs the queries."""
    args = [sys.executable, __file__, "--rss-child", system, "--queries-file", str(dirs["queries"])]
    for k in ("ms", "wh", "fts"):
        args += [f"--{k}", str(dirs[k])]
    out = subprocess.run(args, check=True, capture_output=True, text=True, cwd=ROOT)
    return float(out.stdout.strip().splitlines()[-1])


def child_main(a: argparse.Namespace) -> None:
    dirs = {"ms": a.ms, "wh": a.wh, "fts": a.fts}
    queries = a.queries_file.read_text(encoding="utf-8").split("\n")
    sysobj = SYSTEMS[a.rss_child](dirs)
    for q in (q for q in queries if q.strip()):
        sysobj.query(q)
    sysobj.close()
    # VmHWM, the high-water mark of this process's own memory map. ru_maxrss
    # (getrusage) is printed too, but on Linux it carries over across exec from the
    # forking parent, so in a child of this (large) process it reports the parent.
    ru = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    hwm = next(
        int(line.split()[1]) / 1024
        for line in Path("/proc/self/status").read_text().splitlines()
        if line.startswith("VmHWM")
    )
    print(f"{ru:.0f}")
    print(hwm)


# ---------------------------------------------------------------- two versions


def _open_index_fn():
    """``open_index`` of whichever migsearch this interpreter has (one import name since
    the restructure; top-level ``search`` before it)."""
    try:
        from migsearch.search.engine import open_index
    except ImportError:
        from search.engine import open_index  # type: ignore[no-redef]
    return open_index


def _build_index_fn():
    try:
        from migsearch.indexer.store.writer import build_index
    except ImportError:
        from indexer.build import build_index  # type: ignore[no-redef]
    return build_index


def version_child(a: argparse.Namespace) -> None:
    """In this interpreter's migsearch: build the index if asked, then time the queries
    (and refinements) as :func:`run_queries` does; one JSON line on stdout."""
    if a.build_from:
        build_index = _build_index_fn()
        build_index([a.build_from], a.ms, rebuild=True)
    open_index = _open_index_fn()
    queries = [q for q in a.queries_file.read_text(encoding="utf-8").split("\n") if q.strip()]
    t = time.perf_counter()
    ix = open_index(a.ms)
    ix.search("warm up", limit=1)
    opened = time.perf_counter() - t
    lat, refine = [], []
    for q in queries:
        t = time.perf_counter()
        r = ix.search(q, limit=10)
        lat.append((time.perf_counter() - t) * 1000)
        cs = r.facets.get("countries") or []
        if cs:
            t = time.perf_counter()
            ix.search(q, limit=10, countries=[cs[0].value])
            refine.append((time.perf_counter() - t) * 1000)
    ix.close()
    print(json.dumps({"open_s": opened, "lat": lat, "refine": refine}))


def run_version(python: str, index: Path, qfile: Path, build_from: Path | None = None) -> dict:
    args = [python, __file__, "--version-child", "--ms", str(index), "--queries-file", str(qfile)]
    if build_from is not None:
        args += ["--build-from", str(build_from)]
    out = subprocess.run(args, check=True, capture_output=True, text=True, cwd=ROOT.parent)
    return json.loads(out.stdout.strip().splitlines()[-1])


def compare_versions(
    a: argparse.Namespace, corpus: Path, dirs: dict[str, Path]
) -> dict[str, dict[str, list]]:
    """This tree against ``--baseline-python``'s migsearch, ``a.repeats`` times."""
    base_ix = WORK / f"ms-base-{a.docs}"
    if not base_ix.exists():
        t = time.perf_counter()
        run_version(a.baseline_python, base_ix, dirs["queries"], build_from=corpus)
        print(f"  built the baseline's index in {time.perf_counter() - t:.0f} s", flush=True)
    versions = {"this tree": (sys.executable, dirs["ms"]), "baseline": (a.baseline_python, base_ix)}
    out: dict[str, dict[str, list]] = {
        k: {"p50": [], "p95": [], "refine50": [], "open": []} for k in versions
    }
    for rep in range(a.repeats):
        names = list(versions) if rep % 2 == 0 else list(versions)[::-1]
        for name in names:
            python, index = versions[name]
            r = run_version(python, index, dirs["queries"])
            o = out[name]
            o["p50"].append(pct(r["lat"], 50))
            o["p95"].append(pct(r["lat"], 95))
            o["refine50"].append(pct(r["refine"], 50) if r["refine"] else 0.0)
            o["open"].append(r["open_s"] * 1000)
            print(
                f"  repeat {rep + 1} {name:10s} p50 {o['p50'][-1]:7.1f} ms  p95 {o['p95'][-1]:7.1f} ms"
                f"  refine p50 {o['refine50'][-1]:6.1f} ms  (open {r['open_s']:.2f} s)",
                flush=True,
            )
    return out


def report_versions(out: dict[str, dict[str, list]], a: argparse.Namespace) -> None:
    print(f"\n== this tree vs baseline ({a.baseline_python}), median (min–max) over {a.repeats} ==")
    for name, o in out.items():
        print(
            f"{name:10s} p50 {fmt(o['p50'])}   p95 {fmt(o['p95'])}   refine p50 {fmt(o['refine50'])}"
            f"   open {fmt(o['open'])}"
        )
    for key in ("p50", "p95", "refine50", "open"):
        mine = statistics.median(out["this tree"][key])
        base = statistics.median(out["baseline"][key])
        if base:
            print(f"  this tree / baseline {key:8s} {mine / base:6.2f}x")


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="migsearch vs stock Whoosh vs SQLite FTS5")
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--build-repeats", type=int, default=1)
    ap.add_argument("--reuse", action="store_true", help="reuse built indexes if present")
    ap.add_argument("--skip", default="", help="comma list of systems not to query")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument(
        "--slow-queries",
        type=int,
        default=200,
        help="run stock Whoosh with facets (~1 s a query at 100k) on only the first N queries",
    )
    ap.add_argument(
        "--baseline-python",
        help="also time another migsearch (the python of its worktree's venv) against this tree",
    )
    ap.add_argument("--rss-child", help=argparse.SUPPRESS)
    ap.add_argument("--version-child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--build-from", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--queries-file", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--ms", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--wh", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--fts", type=Path, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.rss_child:
        child_main(a)
        return
    if a.version_child:
        version_child(a)
        return

    from gen_corpus import generate

    corpus = WORK / f"corpus-{a.docs}"
    qfile = WORK / f"queries-{a.docs}.txt"
    if not (corpus.is_dir() and qfile.exists()):
        dt_gen, _ = timed(lambda: generate(a.docs))
        print(f"generated corpus in {dt_gen:.1f} s")
    queries = [q for q in qfile.read_text(encoding="utf-8").split("\n") if q.strip()][: a.queries]
    dirs = {
        "ms": WORK / f"ms-{a.docs}",
        "wh": WORK / f"whoosh-{a.docs}",
        "fts": WORK / f"fts5-{a.docs}.db",
        "queries": WORK / f"queries-{a.docs}.run.txt",
    }
    dirs["queries"].write_text("\n".join(queries) + "\n", encoding="utf-8")
    print(f"corpus {corpus} ({a.docs} docs), {len(queries)} queries, {a.repeats} repeats")
    res: dict[str, object] = {"docs": a.docs, "queries": len(queries), "build": {}}

    # ---- builds (side by side, same JSONL)
    from migsearch.indexer.store.writer import build_index

    builds = {
        "migsearch": lambda: build_index([corpus], dirs["ms"], rebuild=True).documents,
        "whoosh": lambda: whoosh_build(corpus, dirs["wh"]),
        "fts5": lambda: fts_build(corpus, dirs["fts"]),
    }
    skip = set(filter(None, a.skip.split(",")))
    have = {
        "migsearch": dirs["ms"].exists(),
        "whoosh": dirs["wh"].exists(),
        "fts5": dirs["fts"].exists(),
    }
    # an index that no system will query is not built
    unneeded = {"whoosh"} if {"whoosh-top10", "whoosh-facets"} <= skip else set()
    unneeded |= {"fts5"} if "fts5-facets" in skip else set()
    btimes: dict[str, list[float]] = {k: [] for k in builds}
    for _ in range(a.build_repeats):
        for name, fn in builds.items():
            if (a.reuse and have[name]) or name in unneeded:
                continue
            dt_b, n = timed(fn)
            btimes[name].append(dt_b)
            print(f"  build {name:10s} {dt_b:7.1f} s  ({n} docs)", flush=True)
    res["build"] = btimes

    # ---- queries
    lats: dict[str, list[tuple[float, float]]] = {}
    refine: list[tuple[float, float]] = []
    opens: dict[str, list[float]] = {}
    for rep in range(a.repeats):
        for name, make in SYSTEMS.items():
            if name in skip:
                continue
            dt_o, sysobj = timed(lambda make=make: make(dirs))
            opens.setdefault(name, []).append(dt_o)
            qs = queries[: a.slow_queries] if name == "whoosh-facets" else queries
            lat, rl = run_queries(sysobj, qs)
            lats.setdefault(name, []).append((pct(lat, 50), pct(lat, 95)))
            if rl:
                refine.append((pct(rl, 50), pct(rl, 95)))
            sysobj.close()
            print(
                f"  repeat {rep + 1} {name:14s} p50 {pct(lat, 50):7.1f} ms  p95 {pct(lat, 95):7.1f} ms"
                f"  (open {dt_o:.2f} s, {len(qs)} queries)",
                flush=True,
            )

    versions = compare_versions(a, corpus, dirs) if a.baseline_python else None

    rss = {}
    for name in SYSTEMS:
        if name in skip or name == "whoosh-facets":
            continue
        rss[name] = rss_child(name, dirs, queries)

    # ---- report
    print()
    print(
        f"== {a.docs} documents, {len(queries)} queries, median (min–max) over {a.repeats} repeats =="
    )
    for name, v in btimes.items():
        if v:
            print(f"index build {name:14s} {fmt(v, 's')}")
    if btimes["migsearch"] and btimes["whoosh"]:
        ratio = statistics.median(btimes["whoosh"]) / statistics.median(btimes["migsearch"])
        print(f"  migsearch index speed-up vs stock Whoosh single writer: {ratio:.2f}x")
    for name, v in lats.items():
        p50 = [x[0] for x in v]
        p95 = [x[1] for x in v]
        print(f"{name:16s} p50 {fmt(p50)}   p95 {fmt(p95)}")
    if refine:
        print(
            f"{'migsearch refine':16s} p50 {fmt([x[0] for x in refine])}   "
            f"p95 {fmt([x[1] for x in refine])}   (same query + top country filter)"
        )
    if "migsearch" in lats:
        m50 = statistics.median(x[0] for x in lats["migsearch"])
        m95 = statistics.median(x[1] for x in lats["migsearch"])
        for name, v in lats.items():
            if name == "migsearch":
                continue
            o50 = statistics.median(x[0] for x in v)
            o95 = statistics.median(x[1] for x in v)
            print(f"  {name:14s}/ migsearch: p50 {o50 / m50:6.2f}x  p95 {o95 / m95:6.2f}x")
    for name, v in opens.items():
        print(f"open {name:14s} {fmt([x * 1000 for x in v])}")
    for name, mb in rss.items():
        print(
            f"peak RSS {name:14s} {mb:8.0f} MB (VmHWM of a fresh process: open + "
            f"{len(queries)} queries)"
        )
    if versions is not None:
        report_versions(versions, a)
    res.update(latency_ms=lats, refine_ms=refine, open_s=opens, rss_mb=rss, versions=versions)
    OUT.mkdir(parents=True, exist_ok=True)
    out = OUT / f"speed-{a.docs}.json"
    out.write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")
    print(f"\n(raw figures: {out.relative_to(ROOT)})")


if __name__ == "__main__":
    main()
