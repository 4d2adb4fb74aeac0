"""Load on ``migsearch serve`` from a second process: throughput and latency under concurrency.

Starts the real server (``migsearch serve``) on a free loopback port over an
index, then runs ``--concurrency`` client threads, each with its own keep-alive
httpx client, for ``--duration`` seconds after a short warm-up. The request mix
is what a resource library sees: plain searches, searches refined by a
country, browsing newest-first a few pages deep, and the HTML search page.
Every answer must be 200; anything else counts as an error and makes the exit
status 1.

    .venv/bin/python bench/serve.py                                  # sample corpus
    .venv/bin/python bench/serve.py --index bench/work/ms-base \\
        --queries bench/work/queries-100000.txt                      # 100k-document index
    .venv/bin/python bench/serve.py --concurrency 8 --duration 5 --json
    .venv/bin/python bench/serve.py --workers 2                      # 2 server processes

Without ``--index`` (or when that folder holds no index) it builds an index of
corpus/ in a temporary folder. Not a test: figures depend on the machine and
on whatever else runs on it (the server and the clients share its cores).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]

QUERIES = [
    "migrant workers",
    "fishers",
    "domestic workers",
    "fair recruitment",
    "recruitment fees",
    "trafficking",
    "forced labour",
    "remittances",
    "covid-19 migrants",
    "labour inspection",
    "social protection",
    "women migrant workers",
    "return and reintegration",
    "skills recognition",
    "ASEAN labour migration",
    "Myanmar workers in Thailand",
    "Philippines health workers",
    "bilateral agreements",
    "wages",
    "construction workers housing",
    '"migrant workers"',
    "statistics database",
]
COUNTRIES = ["THA", "PHL", "MMR", "KHM", "MYS", "IDN", "VNM", "ASEAN", "GCC", "NPL"]
#: request kinds and their share of the mix
MIX = [("search", 0.55), ("refine", 0.15), ("browse", 0.10), ("page", 0.20)]


def cli() -> list[str]:
    script = Path(sys.executable).with_name("migsearch")
    return [str(script)] if script.exists() else [sys.executable, "-m", "migsearch.cli"]


def is_index(path: Path) -> bool:
    from migsearch.indexer.store.storage import index_exists

    return path.is_dir() and index_exists(path)


def load_queries(path: Path | None) -> list[str]:
    """Queries from a file (one a line, or id<TAB>query), made safe for the default parser."""
    if path is None:
        return list(QUERIES)
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        text = line.split("\t")[-1]
        # the bench measures serving, not error paths: drop syntax the parser may reject
        text = re.sub(r'["():*]', " ", text)
        text = re.sub(r"\b(AND|OR|NOT|ANDNOT)\b", lambda m: m.group(0).lower(), text)
        text = " ".join(text.split())
        if text:
            out.append(text[:200])
    if not out:
        raise SystemExit(f"no queries in {path}")
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Sample:
    kind: str
    seconds: float
    status: int


@dataclass
class Worker:
    base: str
    queries: list[str]
    seed: int
    samples: list[Sample] = field(default_factory=list)

    def request(self, rng: random.Random) -> tuple[str, str, list[tuple[str, str]]]:
        kind = rng.choices([k for k, _ in MIX], [w for _, w in MIX])[0]
        q = rng.choice(self.queries)
        if kind == "search":
            return kind, "/api/search", [("q", q)]
        if kind == "refine":
            return kind, "/api/search", [("q", q), ("country", rng.choice(COUNTRIES))]
        if kind == "browse":
            return kind, "/api/search", [("sort", "newest"), ("page", str(rng.randint(1, 5)))]
        return kind, "/", [("q", q)]

    def run(self, start_at: float, record_from: float, stop_at: float) -> None:
        rng = random.Random(self.seed)
        with httpx.Client(base_url=self.base, timeout=60) as client:
            while time.monotonic() < start_at:
                time.sleep(0.001)
            while True:
                t0 = time.monotonic()
                if t0 >= stop_at:
                    return
                kind, path, params = self.request(rng)
                try:
                    status = client.get(path, params=params).status_code
                except httpx.HTTPError:
                    status = 0
                t1 = time.monotonic()
                if t0 >= record_from:
                    self.samples.append(Sample(kind, t1 - t0, status))


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summarize(samples: list[Sample], seconds: float) -> dict:
    def block(ss: list[Sample]) -> dict:
        lat = [s.seconds * 1000 for s in ss]
        return {
            "requests": len(ss),
            "rps": round(len(ss) / seconds, 1),
            "p50_ms": round(percentile(lat, 50), 1),
            "p95_ms": round(percentile(lat, 95), 1),
            "p99_ms": round(percentile(lat, 99), 1),
            "mean_ms": round(statistics.fmean(lat), 1) if lat else None,
            "errors": sum(1 for s in ss if s.status != 200),
        }

    out = block(samples)
    out["by_kind"] = {k: block([s for s in samples if s.kind == k]) for k, _ in MIX}
    out["statuses"] = {
        str(code): sum(1 for s in samples if s.status == code)
        for code in sorted({s.status for s in samples})
    }
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", type=Path, help="index to serve (default: build corpus/)")
    ap.add_argument("--queries", type=Path, help="queries, one a line (default: built-in)")
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--duration", type=float, default=20.0, help="measured seconds")
    ap.add_argument("--warmup", type=float, default=3.0, help="unmeasured seconds first")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=1, help="server processes (WEB_CONCURRENCY)")
    ap.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="migsearch-bench-serve-"))
    try:
        if args.index and is_index(args.index):
            index, corpus_name = args.index, str(args.index)
        else:
            if args.index:
                print(f"no index at {args.index}; using the sample corpus", file=sys.stderr)
            index, corpus_name = tmp / "index", "corpus/ (sample)"
            subprocess.run(
                [*cli(), "index", str(ROOT / "corpus"), "--index", str(index)],
                check=True,
                capture_output=True,
            )
        queries = load_queries(args.queries)

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = open(tmp / "server.log", "wb")  # noqa: SIM115 - closed in finally
        server = subprocess.Popen(
            [*cli(), "serve", "--index", str(index), "--host", "127.0.0.1", "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1", "WEB_CONCURRENCY": str(args.workers)},
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    r = httpx.get(base + "/api/health", timeout=5)
                    if r.status_code == 200:
                        documents = r.json()["documents"]
                        break
                except httpx.TransportError:
                    pass
                if server.poll() is not None or time.monotonic() > deadline:
                    print((tmp / "server.log").read_text()[-3000:], file=sys.stderr)
                    raise SystemExit("the server did not come up")
                time.sleep(0.1)

            workers = [Worker(base, queries, args.seed * 1000 + i) for i in range(args.concurrency)]
            start_at = time.monotonic() + 0.5
            record_from = start_at + args.warmup
            stop_at = record_from + args.duration
            threads = [
                threading.Thread(target=w.run, args=(start_at, record_from, stop_at))
                for w in workers
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            samples = [s for w in workers for s in w.samples]
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            log.close()

        summary = summarize(samples, args.duration)
        summary.update(
            index=corpus_name,
            documents=documents,
            queries=len(queries),
            concurrency=args.concurrency,
            workers=args.workers,
            duration_s=args.duration,
            cpus=os.cpu_count(),
        )
        if args.json:
            print(json.dumps(summary, indent=2))
        else:
            print(
                f"migsearch serve: {documents:,} documents ({corpus_name}), "
                f"{args.concurrency} concurrent clients, {args.workers} server process(es), "
                f"{args.duration:g} s measured after {args.warmup:g} s warm-up, "
                f"{os.cpu_count()} CPUs"
            )
            print(
                f"{'':8} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
                f"{'p99 ms':>8} {'errors':>7}"
            )
            rows = [("all", summary), *summary["by_kind"].items()]
            for name, b in rows:
                print(
                    f"{name:8} {b['requests']:>9} {b['rps']:>8} {b['p50_ms']:>8} "
                    f"{b['p95_ms']:>8} {b['p99_ms']:>8} {b['errors']:>7}"
                )
            print("statuses: " + ", ".join(f"{k}: {v}" for k, v in summary["statuses"].items()))
        return 1 if summary["errors"] else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
