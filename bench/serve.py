"""Load on ``migsearch serve`` from a second process: throughput and latency under concurrency.

Starts the real server (``migsearch serve``) on a free loopback port over an
index, then runs client threads, each with its own keep-alive httpx client,
for ``--duration`` seconds after a short warm-up, once per number of clients
in ``--clients`` (default 1, 8 and 32) and per number of server processes in
``--workers`` (default 1 and 2). The request mix is what a resource library
sees: plain searches, searches refined by a country, browsing newest-first a
few pages deep, and the HTML search page. Every answer must be 200; anything
else counts as an error and makes the exit status 1.

With ``--baseline DIR`` (another checkout with its own ``.venv``) the same
grid runs on that checkout's server too, in the same run, alternating the
two, and each row gets the ratio of throughput (and of p50) against the
baseline's. The two checkouts may need their own index of the same corpus
(``--baseline-index``) when their index formats differ.

    .venv/bin/python bench/serve.py                                  # sample corpus
    .venv/bin/python bench/serve.py --index bench/work/ms-2000 \\
        --queries bench/work/queries-2000.txt \\
        --baseline ../wt-base --baseline-index bench/work/ms-base-2000
    .venv/bin/python bench/serve.py --clients 8 --workers 2 --duration 5 --json

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


@dataclass
class Checkout:
    """A migsearch to serve: its console script and the index it serves."""

    name: str
    command: list[str]
    index: Path


def start_server(co: Checkout, workers: int, log: Path) -> tuple[subprocess.Popen, str, int]:
    """The server of ``co`` on a free port, once it answers /api/health: (process, url, docs)."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    out = open(log, "ab")  # noqa: SIM115 - the server writes to it until stopped
    server = subprocess.Popen(
        [
            *co.command,
            "serve",
            "--index",
            str(co.index),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=out,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1", "WEB_CONCURRENCY": str(workers)},
    )
    out.close()
    deadline = time.monotonic() + 120
    while True:
        try:
            r = httpx.get(base + "/api/health", timeout=5)
            if r.status_code == 200:
                return server, base, r.json()["documents"]
        except httpx.TransportError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            stop_server(server)
            print(log.read_text(errors="replace")[-3000:], file=sys.stderr)
            raise SystemExit(f"the {co.name} server did not come up")
        time.sleep(0.1)


def stop_server(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGINT)
    try:
        server.wait(15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def load(
    base: str, queries: list[str], clients: int, lead: float, seconds: float, seed: int
) -> list[Sample]:
    """``clients`` threads on ``base``: ``lead`` seconds unmeasured, then ``seconds`` measured."""
    workers = [Worker(base, queries, seed * 1000 + i) for i in range(clients)]
    start_at = time.monotonic() + 0.2
    record_from = start_at + lead
    stop_at = record_from + seconds
    threads = [
        threading.Thread(target=w.run, args=(start_at, record_from, stop_at)) for w in workers
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return [s for w in workers for s in w.samples]


def numbers(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x.strip()]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", type=Path, help="index to serve (default: build corpus/)")
    ap.add_argument("--queries", type=Path, help="queries, one a line (default: built-in)")
    ap.add_argument("--clients", type=numbers, default=[1, 8, 32], help="e.g. 1,8,32")
    ap.add_argument("--workers", type=numbers, default=[1, 2], help="server processes, e.g. 1,2")
    ap.add_argument("--duration", type=float, default=5.0, help="measured seconds per row")
    ap.add_argument("--warmup", type=float, default=4.0, help="unmeasured seconds per server")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--baseline", type=Path, help="another checkout (with .venv) to compare")
    ap.add_argument("--baseline-index", type=Path, help="its index (default: --index)")
    ap.add_argument("--json", action="store_true", help="print the rows as JSON")
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
        checkouts = [Checkout("this", cli(), index)]
        if args.baseline:
            script = args.baseline / ".venv" / "bin" / "migsearch"
            if not script.exists():
                raise SystemExit(f"no {script}: the baseline needs its own venv")
            checkouts.insert(0, Checkout("baseline", [str(script)], args.baseline_index or index))

        rows: list[dict] = []
        for n, workers in enumerate(args.workers):
            # alternate which checkout goes first, so neither always meets a cooler machine
            for co in checkouts if n % 2 == 0 else checkouts[::-1]:
                server, base, documents = start_server(co, workers, tmp / f"{co.name}.log")
                try:
                    # every server process warmed (first queries open columns, import
                    # NLTK) before any row is measured: 8 clients reach both processes
                    load(base, queries, 8, args.warmup, 0.0, args.seed + 7)
                    for clients in args.clients:
                        samples = load(base, queries, clients, 0.5, args.duration, args.seed)
                        summary = summarize(samples, args.duration)
                        summary.update(
                            checkout=co.name, workers=workers, clients=clients, documents=documents
                        )
                        rows.append(summary)
                        print(
                            f"  {co.name} workers={workers} clients={clients}: "
                            f"{summary['rps']} req/s",
                            file=sys.stderr,
                        )
                finally:
                    stop_server(server)
        base_of = {(r["workers"], r["clients"]): r for r in rows if r["checkout"] == "baseline"}
        for r in rows:
            b = base_of.get((r["workers"], r["clients"]))
            if b and b["rps"] and r["p50_ms"]:
                r["rps_ratio"] = round(r["rps"] / b["rps"], 2)
                r["p50_ratio"] = round(b["p50_ms"] / r["p50_ms"], 2)

        if args.json:
            print(json.dumps(rows, indent=2))
        else:
            print(
                f"migsearch serve: {rows[0]['documents']:,} documents ({corpus_name}), "
                f"{len(queries)} queries, {args.duration:g} s measured per row, "
                f"{args.warmup:g} s warm-up per server, {os.cpu_count()} CPUs, "
                f"load average {os.getloadavg()[0]:.1f} at the end"
            )
            print(
                f"{'checkout':9} {'workers':>7} {'clients':>7} {'req/s':>7} {'p50 ms':>8} "
                f"{'p95 ms':>8} {'p99 ms':>8} {'errors':>6} {'req/s ×':>8} {'p50 ×':>6}"
            )
            for r in sorted(rows, key=lambda r: (r["workers"], r["clients"], r["checkout"])):
                print(
                    f"{r['checkout']:9} {r['workers']:>7} {r['clients']:>7} {r['rps']:>7} "
                    f"{r['p50_ms']:>8} {r['p95_ms']:>8} {r['p99_ms']:>8} {r['errors']:>6} "
                    f"{r.get('rps_ratio', ''):>8} {r.get('p50_ratio', ''):>6}"
                )
            print("ratios: this checkout against the baseline (req/s: higher is better; p50: ")
            print("baseline p50 / this p50, higher is better)")
        return 1 if any(r["errors"] for r in rows) else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
