"""Load on ``migsearch serve`` from a second process: throughput and latency under concurrency.

Starts the real server (``migsearch serve``) on a free loopback port over an
index, warms every server process, then runs client threads, each with its
own keep-alive connection, for ``--duration`` seconds, once per number of
clients in ``--clients`` (default 1, 8 and 32) and per number of server
processes in ``--workers`` (default 1 and 2). The request mix is what a
resource library sees: plain searches, searches refined by a country,
browsing newest-first a few pages deep, and the HTML search page. Every
answer must be 200; anything else counts as an error and makes the exit
status 1.

Warm-up, the same for every checkout: each server process (found through
/proc as the one that accepted a connection) answers every query once as a
search, a refined search and a search page, plus five pages of browsing,
before any row is measured; then each row has 0.5 s of unmeasured lead.
Each process has its own caches, and a process that has not seen a query
answers it about twice as slowly, so a time-based warm-up that leaves it to
the kernel which process gets which connection measures cold readers.

Beside latency and throughput each row gives the CPU time that the server's
processes spent per answered request (less noisy than req/s on a shared
machine) and the load clients' own CPU per request: they run in this
process, on the standard library's ``http.client``, and share the cores.

With ``--baseline DIR`` (another checkout with its own ``.venv``; repeat the
option for several) the same grid runs on that checkout's server too, in the
same run, rotating which goes first, and each row gets the ratio of
throughput (and of p50) against each baseline's. A baseline may need its own
index of the same corpus (``--baseline-index``, one per ``--baseline`` in the
same order) when its index format differs.

    .venv/bin/python bench/serve.py                                  # sample corpus
    .venv/bin/python bench/serve.py --index bench/work/ms-100000 \\
        --queries bench/work/queries-100000.txt --baseline ../wt-r3-base \\
        --baseline ../wt-base --baseline-index bench/work/ms-100000 \\
        --baseline-index ../wt-core/bench/work/ms-base-100000
    .venv/bin/python bench/serve.py --clients 8 --workers 2 --duration 5 --json

Without ``--index`` (or when that folder holds no index) it builds an index of
corpus/ in a temporary folder. Not a test: figures depend on the machine and
on whatever else runs on it (the server and the clients share its cores).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import httpx
from server_procs import cpu_seconds, descendants, owner

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
    """An index folder: one index, or a shard set (its manifest names its shards)."""
    from migsearch.indexer.store.shardset import shard_count
    from migsearch.indexer.store.storage import index_exists

    return path.is_dir() and (index_exists(path) or bool(shard_count(path)))


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


class Connection:
    """One keep-alive HTTP/1.1 connection from the standard library's client.

    The clients share the machine's cores with the server, so they are kept
    cheap: ``http.client`` costs a fraction of httpx's time per request (the
    bench reports the clients' own CPU beside every row)."""

    def __init__(self, base: str, timeout: float = 60) -> None:
        host, _, port = base.removeprefix("http://").partition(":")
        self.host, self.port, self.timeout = host, int(port), timeout
        self.conn: http.client.HTTPConnection | None = None

    def get(self, path: str, params: Sequence[tuple[str, str]] = ()) -> int:
        """The status of GET ``path?params``, the body read to its end; 0 on a failure."""
        url = path + ("?" + urlencode(params) if params else "")
        for attempt in (1, 2):  # a keep-alive connection the server closed: once more
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.conn.request("GET", url)
                response = self.conn.getresponse()
                response.read()
                return response.status
            except (OSError, http.client.HTTPException):
                self.close()
                if attempt == 2:
                    return 0
        return 0

    def local_port(self) -> int | None:
        sock = self.conn.sock if self.conn is not None else None
        return sock.getsockname()[1] if sock is not None else None

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def pick(rng: random.Random, queries: list[str]) -> tuple[str, str, list[tuple[str, str]]]:
    """One request of the mix: (kind, path, params)."""
    kind = rng.choices([k for k, _ in MIX], [w for _, w in MIX])[0]
    q = rng.choice(queries)
    if kind == "search":
        return kind, "/api/search", [("q", q)]
    if kind == "refine":
        return kind, "/api/search", [("q", q), ("country", rng.choice(COUNTRIES))]
    if kind == "browse":
        return kind, "/api/search", [("sort", "newest"), ("page", str(rng.randint(1, 5)))]
    return kind, "/", [("q", q)]


@dataclass
class Client:
    base: str
    queries: list[str]
    seed: int
    samples: list[Sample] = field(default_factory=list)
    answered: int = 0

    def run(self, start_at: float, record_from: float, stop_at: float) -> None:
        rng = random.Random(self.seed)
        conn = Connection(self.base)
        try:
            while time.monotonic() < start_at:
                time.sleep(0.001)
            while True:
                t0 = time.monotonic()
                if t0 >= stop_at:
                    return
                kind, path, params = pick(rng, self.queries)
                status = conn.get(path, params)
                t1 = time.monotonic()
                self.answered += 1
                if t0 >= record_from:
                    self.samples.append(Sample(kind, t1 - t0, status))
        finally:
            conn.close()


# ---------------------------------------------------------------- warming every process
def warm_walk(queries: list[str]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every query once as each kind of the mix that carries one (a search, a search
    refined by a country, the search page), and the first pages of browsing."""
    walk: list[tuple[str, list[tuple[str, str]]]] = []
    for i, q in enumerate(queries):
        walk.append(("/api/search", [("q", q)]))
        walk.append(("/api/search", [("q", q), ("country", COUNTRIES[i % len(COUNTRIES)])]))
        walk.append(("/", [("q", q)]))
    walk += [("/api/search", [("sort", "newest"), ("page", str(p))]) for p in range(1, 6)]
    return walk


def warm(server: subprocess.Popen, base: str, queries: list[str], workers: int) -> str:
    """Walk :func:`warm_walk` once in every server process before anything is measured.

    Each process has its own caches (postings, filter sets, facet arrays), and
    a process that has not seen a query yet answers it about twice as slowly;
    a warm-up that merely sends load for some seconds reaches each process with
    whatever share of the connections the kernel hands it, and measures cold
    readers in the next rows. Here a connection is opened per process: the
    process that accepted it is read from /proc (the one holding the server
    end of the socket), connections landing on a process already held are
    dropped, and each held connection walks every query while the next one is
    sought (a busy process is slower to accept, so the idle ones get the new
    connections). Returns how the warm-up went, for the report."""
    port = int(base.rpartition(":")[2])
    held: dict[int, threading.Thread] = {}
    errors: list[int] = []

    def walk(conn: Connection) -> None:
        for path, params in warm_walk(queries):
            status = conn.get(path, params)
            if status != 200:
                errors.append(status)
        conn.close()

    unknown = 0
    for _ in range(20 * workers):
        if len(held) >= workers:
            break
        conn = Connection(base)
        conn.get("/api/health")
        local = conn.local_port()
        pid = owner(server.pid, port, local) if local else None
        if pid is None:  # no /proc: walk anyway and count it
            pid, unknown = -1 - unknown, unknown + 1
        if pid in held:
            conn.close()
            time.sleep(0.05)
            continue
        held[pid] = threading.Thread(target=walk, args=(conn,))
        held[pid].start()
    for t in held.values():
        t.join()
    if errors:
        raise SystemExit(f"warm-up answers were not 200: {sorted(set(errors))}")
    if unknown:
        return f"{len(held)} walk(s), processes not verified"
    if len(held) < workers:
        return f"only {len(held)} of {workers} processes reached"
    return f"each of {workers} process(es) walked all queries"


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
    #: more options of ``migsearch serve`` (``--shards-in threads``)
    serve_args: tuple[str, ...] = ()


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
            *co.serve_args,
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


@dataclass
class Row:
    """What one row measured: the samples of the measured window, and the CPU that the
    server's processes and the clients used over the whole run of the row (its lead
    included) with the number of requests that run answered."""

    samples: list[Sample]
    answered: int
    server_cpu: float
    client_cpu: float


def own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def load(
    server: subprocess.Popen,
    base: str,
    queries: list[str],
    clients: int,
    lead: float,
    seconds: float,
    seed: int,
) -> Row:
    """``clients`` threads on ``base``: ``lead`` seconds unmeasured, then ``seconds`` measured."""
    runners = [Client(base, queries, seed * 1000 + i) for i in range(clients)]
    start_at = time.monotonic() + 0.2
    record_from = start_at + lead
    stop_at = record_from + seconds
    threads = [
        threading.Thread(target=c.run, args=(start_at, record_from, stop_at)) for c in runners
    ]
    pids = descendants(server.pid)
    server0, client0 = cpu_seconds(pids), own_cpu()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return Row(
        samples=[s for c in runners for s in c.samples],
        answered=sum(c.answered for c in runners),
        server_cpu=cpu_seconds(pids) - server0,
        client_cpu=own_cpu() - client0,
    )


def numbers(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x.strip()]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", type=Path, help="index to serve (default: build corpus/)")
    ap.add_argument("--queries", type=Path, help="queries, one a line (default: built-in)")
    ap.add_argument("--clients", type=numbers, default=[1, 8, 32], help="e.g. 1,8,32")
    ap.add_argument("--workers", type=numbers, default=[1, 2], help="server processes, e.g. 1,2")
    ap.add_argument("--duration", type=float, default=5.0, help="measured seconds per row")
    ap.add_argument("--rounds", type=int, default=1, help="runs of the whole grid (medians)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--baseline",
        type=Path,
        action="append",
        default=[],
        help="another checkout (with .venv) to compare; repeat for several",
    )
    ap.add_argument(
        "--baseline-index",
        type=Path,
        action="append",
        default=[],
        help="the index of the baseline of the same rank (default: --index)",
    )
    ap.add_argument(
        "--shards-in",
        type=lambda v: v.split(","),
        default=None,
        help="serve a sharded --index with each of these (e.g. processes,threads: the "
        "first is 'this', the others its baselines)",
    )
    ap.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = ap.parse_args()
    if len(args.baseline_index) > len(args.baseline):
        raise SystemExit("more --baseline-index than --baseline")

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
        baselines: list[Checkout] = []
        for i, path in enumerate(args.baseline):
            script = path / ".venv" / "bin" / "migsearch"
            if not script.exists():
                raise SystemExit(f"no {script}: a baseline needs its own venv")
            ix = args.baseline_index[i] if i < len(args.baseline_index) else index
            name = path.resolve().name
            if name == "this" or any(b.name == name for b in baselines):
                name = f"base{i + 1}"
            baselines.append(Checkout(name, [str(script)], ix))
        if args.shards_in:  # this checkout again, its shards searched each way in turn
            baselines += [
                Checkout(f"this-{w}", cli(), index, ("--shards-in", w)) for w in args.shards_in[1:]
            ]
            this = Checkout(
                f"this-{args.shards_in[0]}", cli(), index, ("--shards-in", args.shards_in[0])
            )
        else:
            this = Checkout("this", cli(), index)
        checkouts = [*baselines, this]

        rows: list[dict] = []
        warmed: list[str] = []
        grid = [(r, w) for r in range(args.rounds) for w in args.workers]
        for n, (round_no, workers) in enumerate(grid):
            # rotate which checkout goes first, so none always meets a cooler machine
            shift = n % len(checkouts)
            for co in checkouts[shift:] + checkouts[:shift]:
                server, base, documents = start_server(co, workers, tmp / f"{co.name}.log")
                try:
                    how = warm(server, base, queries, workers)
                    if round_no == 0:
                        warmed.append(f"{co.name} ×{workers}: {how}")
                    for clients in args.clients:
                        row = load(server, base, queries, clients, 0.5, args.duration, args.seed)
                        summary = summarize(row.samples, args.duration)
                        answered = max(row.answered, 1)
                        summary.update(
                            round=round_no + 1,
                            checkout=co.name,
                            workers=workers,
                            clients=clients,
                            documents=documents,
                            server_ms_per_request=round(1000 * row.server_cpu / answered, 1),
                            client_ms_per_request=round(1000 * row.client_cpu / answered, 2),
                            load_average=round(os.getloadavg()[0], 1),
                        )
                        rows.append(summary)
                        print(
                            f"  {co.name} workers={workers} clients={clients}: "
                            f"{summary['rps']} req/s, load {summary['load_average']}",
                            file=sys.stderr,
                        )
                finally:
                    stop_server(server)
        rows = merge_rounds(rows)
        by_key = {(r["checkout"], r["workers"], r["clients"]): r for r in rows}
        for r in rows:
            r["ratios"] = {}
            for b in baselines:
                other = by_key.get((b.name, r["workers"], r["clients"]))
                if r["checkout"] != b.name and other and other["rps"] and r["p50_ms"]:
                    r["ratios"][b.name] = {
                        "rps": round(r["rps"] / other["rps"], 2),
                        "p50": round(other["p50_ms"] / r["p50_ms"], 2),
                    }

        if args.json:
            print(json.dumps(rows, indent=2))
        else:
            report(rows, baselines, corpus_name, len(queries), args.duration, warmed)
        return 1 if any(r["errors"] for r in rows) else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


MEDIANS = ("rps", "p50_ms", "p95_ms", "p99_ms", "server_ms_per_request", "client_ms_per_request")


def merge_rounds(rows: list[dict]) -> list[dict]:
    """One row per checkout, processes and clients: the median of each figure over the
    rounds, req/s also as min and max, errors added up; the rounds' rows under "rounds"."""
    groups: dict[tuple, list[dict]] = {}
    for r in rows:
        groups.setdefault((r["checkout"], r["workers"], r["clients"]), []).append(r)
    merged = []
    for same in groups.values():
        row = {k: v for k, v in same[0].items() if k not in ("round", "by_kind", "statuses")}
        for key in MEDIANS:
            row[key] = round(statistics.median(r[key] for r in same), 2)
        row["rps_min"] = min(r["rps"] for r in same)
        row["rps_max"] = max(r["rps"] for r in same)
        row["errors"] = sum(r["errors"] for r in same)
        row["load_average"] = max(r["load_average"] for r in same)
        row["rounds"] = same
        merged.append(row)
    return merged


def report(
    rows: list[dict],
    baselines: list[Checkout],
    corpus_name: str,
    queries: int,
    duration: float,
    warmed: list[str],
) -> None:
    loads = [x["load_average"] for r in rows for x in r["rounds"]]
    rounds = len(rows[0]["rounds"])
    print(
        f"migsearch serve: {rows[0]['documents']:,} documents ({corpus_name}), {queries} "
        f"queries, {duration:g} s measured per row, medians of {rounds} round(s) "
        f"(req/s also min-max), {os.cpu_count()} CPUs, load average "
        f"{min(loads)}-{max(loads)} over the rows"
    )
    print("warm-up: " + "; ".join(warmed))
    width = max(9, *(len(r["checkout"]) for r in rows))
    head = (
        f"{'checkout':{width}} {'procs':>5} {'clients':>7} {'req/s':>7} {'min-max':>11} "
        f"{'p50 ms':>8} "
        f"{'p95 ms':>8} {'p99 ms':>8} {'errors':>6} {'srv ms/req':>10} {'cli ms/req':>10}"
    )
    print(head + "".join(f" {'× ' + b.name:>16}" for b in baselines))
    order = {b.name: i for i, b in enumerate(baselines)}
    for r in sorted(
        rows, key=lambda r: (r["workers"], r["clients"], order.get(r["checkout"], len(order)))
    ):
        line = (
            f"{r['checkout']:{width}} {r['workers']:>5} {r['clients']:>7} {r['rps']:>7} "
            f"{str(r['rps_min']) + '-' + str(r['rps_max']):>11} {r['p50_ms']:>8} {r['p95_ms']:>8} {r['p99_ms']:>8} {r['errors']:>6} "
            f"{r['server_ms_per_request']:>10} {r['client_ms_per_request']:>10}"
        )
        for b in baselines:
            ratio = r["ratios"].get(b.name)
            cell = f"{ratio['rps']:.2f} / {ratio['p50']:.2f}" if ratio else ""
            line += f" {cell:>16}"
        print(line)
    print(
        "× NAME: req/s over that baseline's / that baseline's p50 over this row's (medians; "
        "both: higher is better; baselines are compared with each other too). srv ms/req: CPU of all server processes per answered request; "
        "cli ms/req: CPU of the load clients per request (they share the cores)."
    )


if __name__ == "__main__":
    sys.exit(main())
