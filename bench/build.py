"""Build speed side by side: this tree with 1 and 2 workers, a baseline checkout, stock
Whoosh and SQLite FTS5, over the same generated corpus in the same run.

Each build runs in a fresh process of its own, one system after another in
turn within each repeat (so a burst of load on the shared machine falls on
every system alike); the report gives documents per second as the median with
min–max over the repeats, the ratio of the medians to the baseline and to
stock Whoosh, the CPU time per document (user + system of the whole process
tree, median: much steadier than wall time when other work shares the machine,
though not immune to it), the size of the index and the peak RSS of the build
(summed over the build's process tree, sampled every 0.2 s).

* ``ms-1``, ``ms-2``: ``migsearch index CORPUS --index DIR --workers N`` of this tree;
* ``base``: the same command of another checkout (``--baseline DIR``: a worktree
  with its own ``.venv``), with its default workers;
* ``whoosh``: stock Whoosh's single writer (``bench/speed.py``'s builder);
* ``fts5``: SQLite FTS5 (``bench/speed.py``'s builder).

The corpus comes from ``bench/gen_corpus.py`` (10,000 documents a file); a
size smaller than a corpus found is its first files::

    .venv/bin/python bench/gen_corpus.py --docs 100000
    .venv/bin/python bench/build.py --docs 10000 --repeats 3 --baseline ../wt-build-base
    .venv/bin/python bench/build.py --docs 100000 --repeats 1 --baseline ../wt-build-base

Not a test: timings depend on the machine and its load; read the ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"
PER_FILE = 10_000
SYSTEMS = ("ms-1", "ms-2", "base", "whoosh", "fts5")


def corpus_of(docs: int, corpus_dir: Path | None) -> Path:
    """A folder of JSONL files holding ``docs`` documents (links to a larger corpus's files)."""
    if docs % PER_FILE:
        raise SystemExit(f"--docs must be a multiple of {PER_FILE}")
    if corpus_dir is None:
        found = sorted(
            (p for p in WORK.glob("corpus-*") if p.name.split("-")[1].isdigit()),
            key=lambda p: int(p.name.split("-")[1]),
        )
        found = [p for p in found if int(p.name.split("-")[1]) >= docs]
        if not found:
            raise SystemExit(f"no corpus of {docs} documents: bench/gen_corpus.py --docs {docs}")
        corpus_dir = found[0]
    files = sorted(corpus_dir.glob("*.jsonl"))[: docs // PER_FILE]
    if len(files) * PER_FILE < docs:
        raise SystemExit(f"{corpus_dir} holds fewer than {docs} documents")
    out = WORK / f"build-corpus-{docs}"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for f in files:
        (out / f.name).symlink_to(f.resolve())
    return out


def _tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants (0 when gone)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            stat = Path(f"/proc/{d}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2 :].split()
        children.setdefault(int(fields[1]), []).append(int(d))
        rss[int(d)] = int(fields[21]) * page
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo.extend(children.get(p, ()))
    return total


def _children_cpu() -> float:
    """CPU seconds (user + system) of this process's waited-for descendants so far."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_measured(cmd: list[str], cwd: Path) -> tuple[float, int, float]:
    """Run ``cmd``; its wall seconds, peak RSS of its process tree and CPU seconds."""
    WORK.mkdir(parents=True, exist_ok=True)  # bench/work is not in a fresh checkout
    log = WORK / "build-last.log"
    cpu0 = _children_cpu()
    with log.open("wb") as f:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=f, stderr=subprocess.STDOUT)
        peak = 0
        while proc.poll() is None:
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(0.2)
        elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        tail = log.read_text(errors="replace")[-2000:]
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {tail}")
    return elapsed, peak, _children_cpu() - cpu0


def size_of(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def command(system: str, corpus: Path, out: Path, baseline: Path | None) -> tuple[list[str], Path]:
    """The command that builds ``system``'s index of ``corpus`` at ``out``, and its folder."""
    if system.startswith("ms-"):
        ms = str(ROOT / ".venv" / "bin" / "migsearch")
        n = system.split("-")[1]
        return [ms, "index", str(corpus), "--index", str(out), "--workers", n, "--json"], ROOT
    if system == "base":
        assert baseline is not None
        ms = str(baseline / ".venv" / "bin" / "migsearch")
        return [ms, "index", str(corpus), "--index", str(out), "--json"], baseline
    builder = {"whoosh": "whoosh_build", "fts5": "fts_build"}[system]
    code = (
        "import sys; from pathlib import Path; sys.path.insert(0, 'bench'); import speed; "
        f"speed.{builder}(Path({str(corpus)!r}), Path({str(out)!r}))"
    )
    return [sys.executable, "-c", code], ROOT


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--corpus", type=Path, help="a gen_corpus.py folder (default: bench/work)")
    ap.add_argument("--baseline", type=Path, help="another checkout with its own .venv")
    ap.add_argument("--systems", default=",".join(SYSTEMS), help="comma-separated subset")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    a = ap.parse_args(argv)
    systems = [s for s in a.systems.split(",") if s]
    if "base" in systems and a.baseline is None:
        systems.remove("base")
    corpus = corpus_of(a.docs, a.corpus)
    times: dict[str, list[float]] = {s: [] for s in systems}
    rss: dict[str, list[int]] = {s: [] for s in systems}
    cpu: dict[str, list[float]] = {s: [] for s in systems}
    sizes: dict[str, int] = {}
    for rep in range(a.repeats):
        order = systems if rep % 2 == 0 else systems[::-1]
        for s in order:
            out = WORK / f"build-{s}-{a.docs}" / ("index.db" if s == "fts5" else "index")
            shutil.rmtree(out.parent, ignore_errors=True)
            out.parent.mkdir(parents=True)
            cmd, cwd = command(s, corpus, out, a.baseline)
            secs, peak, cpu_secs = run_measured(cmd, cwd)
            times[s].append(secs)
            rss[s].append(peak)
            cpu[s].append(cpu_secs)
            sizes[s] = size_of(out)
            print(
                f"  repeat {rep + 1} {s}: {secs:.1f} s, {a.docs / secs:,.0f} docs/s,"
                f" CPU {cpu_secs:.1f} s",
                flush=True,
            )
    rates = {s: [a.docs / t for t in times[s]] for s in systems}
    med = {s: statistics.median(r) for s, r in rates.items()}
    print(f"\n{a.docs:,} documents, {a.repeats} repeat(s), load {os.getloadavg()[0]:.1f}")
    print(
        f"{'system':8} {'docs/s median (min-max)':>28} {'x base':>7} {'x whoosh':>9}"
        f" {'CPU ms/doc (min-max)':>22} {'x base':>7} {'size MB':>8} {'peak RSS MB':>12}"
    )
    per_doc = {s: [1000 * c / a.docs for c in cpu[s]] for s in systems}
    cmed = {s: statistics.median(c) for s, c in per_doc.items()}
    for s in systems:
        r, c = rates[s], per_doc[s]
        vs_base = f"{med[s] / med['base']:.2f}" if "base" in med else "-"
        vs_whoosh = f"{med[s] / med['whoosh']:.2f}" if "whoosh" in med else "-"
        cpu_vs_base = f"{cmed[s] / cmed['base']:.2f}" if "base" in cmed else "-"
        print(
            f"{s:8} {med[s]:>10,.0f} ({min(r):,.0f}-{max(r):,.0f}){'':>6} {vs_base:>7}"
            f" {vs_whoosh:>9} {cmed[s]:>8.2f} ({min(c):.2f}-{max(c):.2f}) {cpu_vs_base:>7}"
            f" {sizes[s] / 1e6:>8.0f} {max(rss[s]) / 1e6:>12.0f}"
        )
    if a.json:
        a.json.write_text(
            json.dumps(
                {"docs": a.docs, "seconds": times, "cpu": cpu, "rss": rss, "sizes": sizes},
                indent=1,
            )
        )


if __name__ == "__main__":
    main()
