"""Fetcher throughput: pages per second against a library site on 127.0.0.1.

A synthetic library in the shape of the fixture one (listing pages of 20
resources, each resource a detail page with one text attachment; robots.txt)
is served by tests/library_site.py in a separate process, so the server and
the crawler do not share one interpreter. Each repeat measures, in this order:

* baseline: the same URLs fetched one after another by a bare httpx client
  (keep-alive, no robots, no cache, no parsing): what the server and the
  loopback give;
* cold: ``crawl`` on an empty cache with ``--rate 0`` (robots.txt, scope,
  listing detection, attachment discovery, bodies and rows written to the
  cache), ``--per-host`` requests open at once;
* warm: the same crawl again: every request conditional, every answer 304.

Pages per second are URLs visited over the crawl's wall time; figures are the
median over repeats with min–max, and each crawl's ratio to the baseline of
its own repeat. ``--cli`` adds one timed ``migsearch index URL`` (crawl plus
indexing, in a subprocess).

    .venv/bin/python bench/crawl.py                        # 300 resources, 3 repeats
    .venv/bin/python bench/crawl.py --resources 1000 --per-host 4 --cli

Not a test: timings depend on the machine and its load (2 shared cores here).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from library_site import LibrarySite, Route, detail_page, listing_page  # noqa: E402
from library_site import Resource as SiteResource  # noqa: E402

PER_LISTING = 20
COUNTRIES = ["Thailand", "Nepal", "Malaysia", "the Philippines", "Cambodia", "Myanmar"]


def build(site: LibrarySite, n: int) -> list[str]:
    """Serve a library of ``n`` resources; the URLs a full crawl visits, listing first."""
    res = []
    for i in range(n):
        c = COUNTRIES[i % len(COUNTRIES)]
        r = SiteResource(
            f"/resources/r{i}",
            f"Report {i} on migrant workers from {c} and their working conditions",
            "Report",
            f"20{10 + i % 12}-0{1 + i % 9}-1{i % 10}",
            f"Resource {i}: a study of recruitment, wages and the return of migrant workers from {c}, with recommendations for governments and employers.",
            f"The study of resource {i} interviewed workers in {c} about recruitment fees and contracts.\n\n"
            + "It recommends written contracts, bank wages and inspections. " * 20,
            [f"/files/r{i}.txt"],
        )
        res.append(r)
        site.set(r.slug, Route(detail_page(r)))
        text = f"Annex {i}\n\n" + f"Statistical annex for resource {i}, {c}. " * 50
        site.set(f"/files/r{i}.txt", Route(text.encode(), "text/plain; charset=utf-8"))
    pages = [res[i : i + PER_LISTING] for i in range(0, n, PER_LISTING)]
    listing_urls = []
    for p, items in enumerate(pages):
        path = "/resources" if p == 0 else f"/resources?page={p + 1}"
        nxt = f"/resources?page={p + 2}" if p + 1 < len(pages) else None
        site.set(path, Route(listing_page("All Resources", items, nxt)))
        listing_urls.append(path)
    site.set("/robots.txt", Route(b"User-agent: *\nDisallow: /private/\n", "text/plain"))
    urls = listing_urls + [r.slug for r in res] + [f"/files/r{i}.txt" for i in range(n)]
    return [site.url(u) for u in urls]


def serve(n: int) -> None:
    """Child process: serve the library, print the port, run until stdin closes."""
    with LibrarySite() as site:
        build(site, n)
        print(site.port, flush=True)
        sys.stdin.read()


def baseline(urls: list[str]) -> float:
    import httpx

    started = time.perf_counter()
    with httpx.Client() as c:
        for u in urls:
            c.get(u).raise_for_status()
    return len(urls) / (time.perf_counter() - started)


def crawl_once(seed: str, cache_dir: Path, per_host: int) -> tuple[float, int, int]:
    from migsearch.indexer.fetch.cache import Cache
    from migsearch.indexer.fetch.crawl import CrawlSettings, crawl

    settings = CrawlSettings(rate=0, per_host=per_host, workers=max(4, per_host))
    with Cache(cache_dir) as cache:
        run = cache.start_run({"seed": seed})
        started = time.perf_counter()
        report = crawl([seed], cache, run, settings)
        seconds = time.perf_counter() - started
        cache.finish_run(run)
    return len(report.visits) / seconds, len(report.visits), report.count("not-modified")


def fmt(xs: list[float]) -> str:
    return f"{statistics.median(xs):7.1f}  ({min(xs):.1f}–{max(xs):.1f})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--resources", type=int, default=300)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--per-host", type=int, default=2)
    ap.add_argument("--cli", action="store_true", help="also time one `migsearch index URL`")
    ap.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve:
        serve(args.serve)
        return
    # imports are not the crawler's speed: load them before any clock starts
    import migsearch.indexer.fetch.crawl  # noqa: F401

    child = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(args.resources)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        port = int(child.stdout.readline())
        with LibrarySite() as probe:  # only for its URL list; serves nothing asked
            urls = [u.replace(f":{probe.port}", f":{port}") for u in build(probe, args.resources)]
        seed = f"http://127.0.0.1:{port}/resources"
        base, cold, warm, cold_r, warm_r = [], [], [], [], []
        visited = 0
        for _ in range(args.repeats):
            b = baseline(urls)
            with tempfile.TemporaryDirectory() as tmp:
                c, visited, _ = crawl_once(seed, Path(tmp) / "cache", args.per_host)
                w, _, n304 = crawl_once(seed, Path(tmp) / "cache", args.per_host)
                assert n304 == visited, (n304, visited)  # the warm run is all 304s
            base.append(b)
            cold.append(c)
            warm.append(w)
            cold_r.append(c / b)
            warm_r.append(w / b)
        print(
            f"library: {args.resources} resources, {visited} URLs a crawl "
            f"({len(urls) - 2 * args.resources} listing pages); --per-host {args.per_host}, "
            f"--rate 0; {args.repeats} repeats"
        )
        print("                              pages/s median (min–max)   ratio to baseline")
        print(f"baseline (bare httpx, serial) {fmt(base)}")
        print(f"crawl, cold cache             {fmt(cold)}      {statistics.median(cold_r):.2f}")
        print(f"crawl, warm (all 304)         {fmt(warm)}      {statistics.median(warm_r):.2f}")
        if args.cli:
            with tempfile.TemporaryDirectory() as tmp:
                cmd = [sys.executable, "-m", "migsearch.cli", "index", seed, "--index", f"{tmp}/ix"]
                cmd += ["--rate", "0", "--per-host", str(args.per_host), "--json"]
                started = time.perf_counter()
                out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
                print(f"migsearch index URL (crawl + index): {time.perf_counter() - started:.1f} s")
                print(f"  {out.strip()}")
    finally:
        if child.stdin:
            child.stdin.close()
        child.wait(30)


if __name__ == "__main__":
    main()
