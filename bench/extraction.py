"""Extraction benchmark: main-content quality, dates, throughput.

Run: ``.venv/bin/python bench/extraction.py`` (from the repository root).

Each section is one function printing its own block; ``SECTIONS`` lists them
in order. Main-content figures are reported on all pages and on two fixed
halves (:mod:`halves`): tune on the tuning half only, the held-out half says
whether a change generalises (the extractor was tuned on all pages before the
split existed, so its held-out figure is honest only from here on). Nothing
here asserts: the unit suite floors :func:`main_content_scores` by importing
it. Tagging (countries, themes) has its own script, ``bench/tagging.py``.

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
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

from halves import half, split
from multilingual import PAGES as ML_PAGES
from multilingual import Page
from sections import Section, run
from structured_pages import PAGES as SP_PAGES

from migsearch.errors import IngestError
from migsearch.indexer.ingest.html import HtmlPage, parse_html
from migsearch.indexer.ingest.page_dates import declared_date
from migsearch.indexer.ingest.page_meta import read_meta
from migsearch.indexer.ingest.segments import parse_tree
from migsearch.indexer.vocabulary.dates import find_date, parse_date

ROOT = Path(__file__).resolve().parents[1]
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


def _f1(c: tuple[float, float, float]) -> float:
    p, r = _prec(*c), _rec(*c)
    return 2 * p * r / (p + r) if p + r else 0.0


def prf(counts: Iterable[tuple[float, float, float]]) -> tuple[float, float, float]:
    """(F1, P, R) over pages, averaged as the benchmark does."""
    cs = list(counts)
    p = statistics.mean(_prec(*c) for c in cs if c[0] + c[1] > 0)
    r = statistics.mean(_rec(*c) for c in cs if c[0] + c[2] > 0)
    return (2 * p * r / (p + r) if p + r else 0.0), p, r


# --------------------------------------------------------------------------- data


@cache
def load_pages() -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """HTML of the 181 pages and the gold records, keyed by page id."""
    gold = json.loads((AEB / "ground-truth.json").read_text(encoding="utf-8"))
    html = {
        k: gzip.decompress((AEB / "html" / f"{k}.html.gz").read_bytes()).decode("utf-8", "replace")
        for k in gold
    }
    return html, gold


def as_indexed(page: HtmlPage | None) -> str:
    """The text a page is indexed with: its body, or, when it is read as a listing
    and so split into several records, the longest record's title and summary
    (the most of the page a reader finds in one hit)."""
    if page is None:
        return ""
    if not page.items:
        return page.body
    return max((f"{it.title}\n\n{it.summary}" for it in page.items), key=len)


def ours(html: str, url: str | None = None) -> str:
    try:
        return as_indexed(parse_html(html, url))
    except IngestError:
        return ""


@cache
def our_pages() -> dict[str, HtmlPage | None]:
    """Our reading of every benchmark page (None where it raised), parsed once."""
    html, gold = load_pages()
    out: dict[str, HtmlPage | None] = {}
    for k in sorted(gold):
        try:
            out[k] = parse_html(html[k], gold[k].get("url"))
        except IngestError:
            out[k] = None
    return out


def trafilatura_text(html: str, url: str | None = None) -> str:
    """trafilatura's main text, measured in the same run as ours (a baseline, not a
    dependency of migsearch); "" when it is not installed or finds nothing."""
    import trafilatura  # bench extra: pip install -e '.[bench]'

    return trafilatura.extract(html, url=url, include_comments=False, include_tables=True) or ""


@cache
def trafilatura_pages() -> dict[str, str]:
    html, gold = load_pages()
    return {k: trafilatura_text(html[k], gold[k].get("url")) for k in sorted(gold)}


def multilingual_scores(
    extract: str = "ours", pages: Sequence[Page] = ML_PAGES
) -> tuple[float, float, float]:
    """(F1, P, R) on ``pages`` (the German, French, Spanish and Indonesian pages of
    :mod:`multilingual` by default), for ours or ``"trafilatura"``."""
    fn = ours if extract == "ours" else trafilatura_text
    return prf(page_counts(p.gold, fn(p.html)) for p in pages)


# --------------------------------------------------------------------------- sections


def main_content_scores(keys: list[str] | None = None) -> tuple[float, float, float, int]:
    """(F1, P, R, listings) of our main text over the pages ``keys`` (all by default);
    ``listings`` counts the pages wrongly read as listings (all are articles)."""
    _, gold = load_pages()
    pages = our_pages()
    keys = sorted(gold) if keys is None else keys
    counts = [page_counts(gold[k]["articleBody"], as_indexed(pages[k])) for k in keys]
    return (*prf(counts), sum(bool(p and p.items) for k in keys if (p := pages[k])))


def main_content_section(args: argparse.Namespace) -> None:
    _, gold = load_pages()
    parts = {"all": sorted(gold), **split(sorted(gold), lambda k: k)}
    t0 = time.perf_counter()
    mine = {k: as_indexed(p) for k, p in our_pages().items()}
    took = time.perf_counter() - t0
    per_page = {k: page_counts(gold[k]["articleBody"], mine[k]) for k in gold}
    outputs = {"migsearch (ours)": mine, "trafilatura (this run)": trafilatura_pages()}
    for f in sorted((AEB / "output").glob("*.json.gz")):
        out = json.loads(gzip.decompress(f.read_bytes()))["output"]
        outputs[f.name.removesuffix(".json.gz")] = {
            k: out.get(k, {}).get("articleBody", "") for k in gold
        }
    sizes = ", ".join(f"{name} {len(keys)}" for name, keys in parts.items())
    print(f"== main content: article-extraction-benchmark pages ({sizes})")
    print(
        f"{'extractor':<22}"
        + "".join(f"{name + ' F1':>14}" for name in parts)
        + f"{'P':>7}{'R':>7}"
    )
    rows = []
    for name, texts in outputs.items():
        f1s = [
            prf(page_counts(gold[k]["articleBody"], texts[k]) for k in keys)[0]
            for keys in parts.values()
        ]
        _, p, r = prf(page_counts(gold[k]["articleBody"], texts[k]) for k in gold)
        rows.append((name, f1s, p, r))
    for name, f1s, p, r in sorted(rows, key=lambda x: -x[1][0]):
        print(f"{name:<22}" + "".join(f"{f:>14.3f}" for f in f1s) + f"{p:>7.3f}{r:>7.3f}")
    listings = main_content_scores()[3]
    print(f"ours: {listings} of these article pages read as a listing")
    exact = sum(_TOKEN.findall(gold[k]["articleBody"]) == _TOKEN.findall(mine[k]) for k in gold)
    print(f"ours: exact token match on {exact}/{len(gold)} pages; extraction took {took:.1f} s")
    if args.worst:
        print(f"-- worst {args.worst} pages for ours (F1, P, R, half, id)")
        scored = []
        for k, c in per_page.items():
            p, r = _prec(*c), _rec(*c)
            scored.append((2 * p * r / (p + r) if p + r else 0.0, p, r, k))
        for f1, p, r, k in sorted(scored)[: args.worst]:
            print(f"  {f1:.3f} {p:.3f} {r:.3f} {half(k):8} {k[:16]} {gold[k].get('url', '')[:60]}")
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


def multilingual_section(args: argparse.Namespace) -> None:
    print(f"== main content: {len(ML_PAGES)} pages in German, French, Spanish, Indonesian")
    print(f"{'page':<12}{'ours F1':>9}{'trafilatura F1':>16}")
    for p in ML_PAGES:
        a = _f1(page_counts(p.gold, ours(p.html)))
        b = _f1(page_counts(p.gold, trafilatura_text(p.html)))
        print(f"{p.id:<12}{a:>9.3f}{b:>16.3f}")
    for name in ("ours", "trafilatura"):
        f, pr, r = multilingual_scores(name)
        print(f"{name:<12} F1 {f:.3f}  P {pr:.3f}  R {r:.3f}")
    print()


def structured_section(args: argparse.Namespace) -> None:
    parts = {"all": SP_PAGES, **split(SP_PAGES, lambda p: p.id)}
    sizes = ", ".join(f"{name} {len(ps)}" for name, ps in parts.items())
    print(f"== main content: headings, lists, tables, steps, repeated blocks ({sizes})")
    print(f"{'page':<16}{'half':<10}{'ours F1':>9}{'trafilatura F1':>16}{'records':>9}")
    for p in SP_PAGES:
        a = _f1(page_counts(p.gold, ours(p.html)))
        b = _f1(page_counts(p.gold, trafilatura_text(p.html)))
        n = len(parse_html(p.html).items) or 1
        print(f"{p.id:<16}{half(p.id):<10}{a:>9.3f}{b:>16.3f}{n:>9}")
    for part, ps in parts.items():
        for name in ("ours", "trafilatura"):
            f, pr, r = multilingual_scores(name, ps)
            print(f"{part:<9} {name:<12} F1 {f:.3f}  P {pr:.3f}  R {r:.3f}")
    print()


SECTIONS: list[Section] = [
    main_content_section,
    multilingual_section,
    structured_section,
    date_section,
    page_date_section,
    throughput_section,
]


def _options(ap: argparse.ArgumentParser) -> None:
    ap.add_argument("--worst", type=int, default=0, help="list the N worst pages for ours")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--times", type=int, default=3, help="copies of the 181 pages per run")


if __name__ == "__main__":
    run(__doc__, SECTIONS, AEB, _options)
