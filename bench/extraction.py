"""Extraction benchmark: main-content quality, dates, throughput.

Run: ``.venv/bin/python bench/extraction.py`` (from the repository root).

Each section is one function taking the shared data folder and printing its own
block; ``SECTIONS`` lists them in order, so another section (countries, themes)
is one function and one list entry away. Benchmarks are not tests: nothing here
asserts; figures are printed for people to compare.

The main-content metric is the one the scrapinghub article-extraction benchmark
describes (re-implemented from its description): tokens are Unicode ``\\w+``
runs, each text becomes a multiset of 4-token shingles, per-page TP/FP/FN are
multiset overlaps normalised by their sum, precision and recall are averaged
over pages (a page with no predicted shingles does not count towards
precision), and F1 is the harmonic mean of the two averages.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import gzip
import json
import multiprocessing
import os
import re
import resource
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from migsearch.errors import IngestError  # noqa: E402
from migsearch.indexer.ingest.html import parse_html  # noqa: E402
from migsearch.indexer.ingest.page_dates import declared_date  # noqa: E402
from migsearch.indexer.ingest.page_meta import read_meta  # noqa: E402
from migsearch.indexer.ingest.segments import parse_tree  # noqa: E402
from migsearch.indexer.vocabulary.dates import find_date, parse_date  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
AEB = DATA / "article-extraction-benchmark"
RELIEFWEB = DATA / "reliefweb-api-sample"

_TOKEN = re.compile(r"\w+")


# --------------------------------------------------------------------------- metric


def _shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    toks = _TOKEN.findall(text or "")
    if len(toks) < n:
        return Counter([tuple(toks)] if toks else [])
    return Counter(tuple(toks[i : i + n]) for i in range(len(toks) - n + 1))


def page_counts(gold: str, pred: str) -> tuple[float, float, float]:
    """Normalised (tp, fp, fn) of one page."""
    g, p = _shingles(gold), _shingles(pred)
    tp = sum((g & p).values())
    fp = sum((p - g).values())
    fn = sum((g - p).values())
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def _prec(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def _rec(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def prf(counts: Iterable[tuple[float, float, float]]) -> tuple[float, float, float]:
    """(F1, P, R) over pages, averaged as the benchmark does."""
    cs = list(counts)
    p = statistics.mean(_prec(*c) for c in cs if c[0] + c[1] > 0)
    r = statistics.mean(_rec(*c) for c in cs if c[0] + c[2] > 0)
    return (2 * p * r / (p + r) if p + r else 0.0), p, r


# --------------------------------------------------------------------------- data


def load_pages() -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """HTML of the 181 pages and the gold records, keyed by page id."""
    gold = json.loads((AEB / "ground-truth.json").read_text(encoding="utf-8"))
    html = {
        k: gzip.decompress((AEB / "html" / f"{k}.html.gz").read_bytes()).decode("utf-8", "replace")
        for k in gold
    }
    return html, gold


def ours(html: str, url: str | None = None) -> str:
    try:
        return parse_html(html, url).body
    except IngestError:
        return ""


# --------------------------------------------------------------------------- sections


def main_content_section(args: argparse.Namespace) -> None:
    html, gold = load_pages()
    rows: list[tuple[str, float, float, float]] = []
    per_page: dict[str, tuple[float, float, float]] = {}
    t0 = time.perf_counter()
    mine = {k: ours(html[k], gold[k].get("url")) for k in gold}
    took = time.perf_counter() - t0
    for k in gold:
        per_page[k] = page_counts(gold[k]["articleBody"], mine[k])
    rows.append(("migsearch (ours)", *prf(per_page.values())))
    for f in sorted((AEB / "output").glob("*.json.gz")):
        out = json.loads(gzip.decompress(f.read_bytes()))["output"]
        name = f.name.removesuffix(".json.gz")
        rows.append(
            (
                name,
                *prf(
                    page_counts(gold[k]["articleBody"], out.get(k, {}).get("articleBody", ""))
                    for k in gold
                ),
            )
        )
    print(f"== main content: {len(gold)} pages of article-extraction-benchmark")
    print(f"{'extractor':<22}{'F1':>7}{'P':>7}{'R':>7}")
    for name, f1, p, r in sorted(rows, key=lambda x: -x[1]):
        print(f"{name:<22}{f1:>7.3f}{p:>7.3f}{r:>7.3f}")
    exact = 0
    for k in gold:
        a = _TOKEN.findall(gold[k]["articleBody"])
        b = _TOKEN.findall(mine[k])
        exact += a == b
    print(f"ours: exact token match on {exact}/{len(gold)} pages; extraction took {took:.1f} s")
    if args.worst:
        print(f"-- worst {args.worst} pages for ours (F1, P, R, id)")
        scored = []
        for k, c in per_page.items():
            p, r = _prec(*c), _rec(*c)
            scored.append((2 * p * r / (p + r) if p + r else 0.0, p, r, k))
        for f1, p, r, k in sorted(scored)[: args.worst]:
            print(f"  {f1:.3f} {p:.3f} {r:.3f} {k[:16]} {gold[k].get('url', '')[:70]}")
    print()


def _reliefweb_reports() -> list[dict]:
    reports: list[dict] = []
    for f in sorted(RELIEFWEB.glob("*_reports.json")):
        reports.extend(json.loads(f.read_text(encoding="utf-8"))["reports"])
    return reports


def _pdf_texts() -> dict[str, str]:
    """First 1,500 characters of each report's PDF text, by ReliefWeb URL."""
    out: dict[str, str] = {}
    for f in sorted(RELIEFWEB.glob("*_reports_full_text.json")):
        for a in json.loads(f.read_text(encoding="utf-8")).get("articles") or []:
            if a.get("url") and a.get("pdf_text"):
                out[a["url"]] = a["pdf_text"][:1500]
    return out


def country_section(args: argparse.Namespace) -> None:
    """Countries from the text alone: ReliefWeb's country, and the seed items' pinned tags.

    The ReliefWeb files name one country at their top level and leave the
    per-report lists empty, so each report's country is the file's. The
    extractor sees only the report's title and body text, never that field.
    """
    from migsearch.indexer.vocabulary.country_tagger import find_countries

    print("== Countries from the text alone")
    wanted = {
        "Hurricane_Melissa_hti_reports.json": "HTI",
        "Marburg_Disease_Outbreak_eth_reports.json": "ETH",
    }
    n = tagged = primary = 0
    misses: list[str] = []
    for name, code in wanted.items():
        for r in json.loads((RELIEFWEB / name).read_text(encoding="utf-8"))["reports"]:
            html = r.get("body_text") or ""
            if not html.strip():
                continue
            try:
                body = parse_html(html).body
            except IngestError:
                body = ""
            m = find_countries(body, title=r.get("title") or "")
            n += 1
            tagged += code in m.codes
            primary += m.primary == code
            if m.primary != code:
                misses.append(
                    f"  {code} report {r.get('reliefweb_id')}: primary {m.primary}, tags {m.codes[:6]}"
                )
    print(f"ReliefWeb reports with a body: {n}")
    print(f"  file's country among the tags: {tagged}/{n} = {tagged / n:.1%}  (goal >= 95%)")
    print(f"  file's country is the primary: {primary}/{n} = {primary / n:.1%}  (goal >= 90%)")
    for line in misses:
        print(line)

    # seed items: the expected tags pinned by tests/test_countries.py, read from the pages
    sys.path.insert(0, str(ROOT))
    from migsearch.indexer.ingest.pipeline import extract_paths
    from tests.test_countries import EXPECTED

    tp = fp = fn = 0
    for rec in extract_paths([ROOT / "corpus"]):
        if isinstance(rec, IngestError):
            continue
        [want] = [v[0] for k, v in EXPECTED.items() if rec.title.startswith(k)]
        got = set(rec.countries)
        tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    print(
        f"Seed items (30), country tags through ingestion: precision {p:.3f}, recall {r:.3f} (tp {tp}, fp {fp}, fn {fn})"
    )
    print()


def _days(a: str | None, b: str) -> int | None:
    if not a or len(a) < 10:
        return None
    return abs((datetime.date.fromisoformat(a[:10]) - datetime.date.fromisoformat(b)).days)


def date_section(args: argparse.Namespace) -> None:
    """ReliefWeb's date.original is when ReliefWeb posted the report, usually a day
    or two after the date the document itself bears; so 'from text' is shown both
    exact and within three days."""
    reports = _reliefweb_reports()
    pdfs = _pdf_texts()
    n = len(reports)
    meta_ok = 0
    html_got: list[tuple[str | None, str]] = []
    pdf_got: list[tuple[str | None, str]] = []
    for r in reports:
        want = (r.get("date") or {}).get("original", "")[:10]
        meta_ok += (parse_date(want) or "")[:10] == want
        body = r.get("body_text") or ""
        try:
            got = parse_html(f"<html><body>{body}</body></html>").date
        except IngestError:
            got = None
        html_got.append((got, want))
        if r.get("url") in pdfs:
            pdf_got.append((find_date(pdfs[r["url"]]), want))
    print(f"== dates: {n} ReliefWeb reports, against date.original (day precision)")
    print(f"from metadata (date.original parsed): {meta_ok}/{n} = {meta_ok / n:.1%}")
    for label, got in (("body HTML alone", html_got), ("PDF text, first page", pdf_got)):
        m = len(got)
        found = sum(1 for g, _ in got if g)
        exact = sum(1 for g, w in got if g and g[:10] == w)
        near = sum(1 for g, w in got if (_days(g, w) or 99) <= 3 or (g and g[:10] == w))
        print(
            f"from {label} ({m} reports): exact {exact}/{m} = {exact / m:.1%}, "
            f"within 3 days {near}/{m} = {near / m:.1%}; a date proposed on {found}/{m}"
        )
    print()


_PAGES: list[str] = []


def page_date_section(args: argparse.Namespace) -> None:
    """On the article pages, does the date read from visible text alone agree
    with the one the page's metadata declares (where it declares one)?"""
    html, _ = load_pages()
    both = agree = near = month = meta_n = text_n = 0
    for h in html.values():
        root = parse_tree(h)
        m = declared_date(read_meta(root)) if root is not None else None
        t = _shown_date(h)
        meta_n += m is not None
        text_n += t is not None
        if m and t and len(m) >= 10:
            both += 1
            agree += t[:10] == m[:10]
            near += len(t) >= 10 and (_days(t, m[:10]) or 0) <= 1
            month += t[:7] == m[:7]
    n = len(html)
    print(f"== dates on the {n} article pages: visible text alone vs the page's metadata")
    print(f"metadata gives a date on {meta_n}/{n}; visible text alone on {text_n}/{n}")
    print(
        f"where both give a day: same day {agree}/{both} = {agree / max(both, 1):.1%}, "
        f"within a day (time zones: metadata is often UTC) {near}/{both} = "
        f"{near / max(both, 1):.1%}, same month {month}/{both} = {month / max(both, 1):.1%}"
    )
    print()


def _shown_date(html: str) -> str | None:
    """The date the page prints near its title, its metadata ignored."""
    try:
        return parse_html(html).shown_date
    except IngestError:
        return None


def _work(span: tuple[int, int]) -> int:
    """Parse pages [a, b) of _PAGES: forked workers inherit the list, so only the
    two numbers cross the process boundary, as when workers read their own files."""
    a, b = span
    for h in _PAGES[a:b]:
        ours(h)
    return b - a


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the pool's workers)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def throughput_section(args: argparse.Namespace) -> None:
    html, _ = load_pages()
    _PAGES[:] = list(html.values()) * args.times
    n = len(_PAGES)
    mb = sum(len(h) for h in _PAGES) / 1e6
    print(f"== throughput: parse_html (parse + extract) over {n} pages ({mb:.0f} MB of HTML)")
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    results: dict[int, float] = {}
    cpu_results: dict[int, float] = {}
    spans = [(i, min(i + 4, n)) for i in range(0, n, 4)]
    for procs in (1, 2):
        rates, cpu_rates = [], []
        for _ in range(args.repeats):
            c0 = _cpu_seconds()
            t0 = time.perf_counter()
            if procs == 1:
                _work((0, n))
            else:
                gc.freeze()  # keep the inherited heap out of the workers' collections
                with multiprocessing.get_context("fork").Pool(procs) as pool:
                    sum(pool.imap_unordered(_work, spans))
                gc.unfreeze()
            rates.append(n / (time.perf_counter() - t0))
            cpu_rates.append(n / max(_cpu_seconds() - c0, 1e-9))
        results[procs] = statistics.median(rates)
        cpu_results[procs] = statistics.median(cpu_rates)
        print(
            f"{procs} process(es): median {results[procs]:.1f} pages/s over {args.repeats} "
            f"repeats ({', '.join(f'{x:.1f}' for x in rates)}); "
            f"{statistics.median(cpu_rates):.1f} pages per CPU-second"
        )
    print(
        "speed-up on an idle 2-core machine, estimated from CPU time per page: "
        f"{2 * cpu_results[2] / cpu_results[1]:.2f}x"
    )
    print(
        f"speed-up 2 procs / 1 proc: {results[2] / results[1]:.2f}x "
        f"(cores: {os.cpu_count()}; load average now {os.getloadavg()[0]:.1f}: "
        "other work on the machine skews these figures)"
    )
    print()


SECTIONS: list[Callable[[argparse.Namespace], None]] = [
    main_content_section,
    country_section,
    date_section,
    page_date_section,
    throughput_section,
]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", help="run only sections whose name contains this")
    ap.add_argument("--worst", type=int, default=0, help="list the N worst pages for ours")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--times", type=int, default=3, help="copies of the 181 pages per run")
    args = ap.parse_args(argv)
    if not AEB.is_dir():
        sys.exit(f"no benchmark data at {DATA}")
    for section in SECTIONS:
        if args.only and args.only not in section.__name__:
            continue
        section(args)


if __name__ == "__main__":
    main()
