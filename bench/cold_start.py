"""A fresh process's first answer: this tree against other checkouts, on one index.

Two figures per checkout, taken in turns (one round runs every checkout once,
so a load that comes and goes touches them alike):

* ``one-shot``: wall seconds from launching ``migsearch search QUERY --index DIR
  --limit 10`` to its exit, its CPU seconds (user + system: what a loaded
  machine changes least) and its peak memory (``/usr/bin/time``);
* ``columns``: seconds a fresh process of that checkout spends reading every
  facet column and the date order of the index into arrays
  (``Snapshot.warm``), after opening it: the part of a first search that
  grows with the number of documents;
* ``id order``: seconds the same process then spends putting the documents in
  id order (``IdOrder.of``: the order ties take), the other such part.

Each round takes the next query of ``--queries`` (the same for every checkout).
A checkout is a folder with the project and its ``.venv``; the index is read
as it is (an index written by this tree also serves a checkout that predates
its side files: they are ignored there).

    .venv/bin/python bench/cold_start.py --index /path/ix --queries q.txt \\
        --baseline /path/to/main-checkout --rounds 5
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_COLUMNS_CHILD = """
import sys, time
from migsearch.search.engine import IdOrder, open_index
ix = open_index(sys.argv[1])
snap = ix._snapshot()
t = time.perf_counter()
snap.warm()
t1 = time.perf_counter()
IdOrder.of(snap)
print(t1 - t, time.perf_counter() - t1)
"""


def one_shot(checkout: Path, index: Path, query: str) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak MB) of one ``migsearch search`` in a new process."""
    exe = checkout / ".venv" / "bin" / "migsearch"
    cmd = ["/usr/bin/time", "-f", "%e %U %S %M", str(exe), "search", query, "--index", str(index)]
    out = subprocess.run([*cmd, "--limit", "10"], capture_output=True, text=True, check=True)
    wall, user, system, kb = out.stderr.strip().splitlines()[-1].split()
    return float(wall), float(user) + float(system), int(kb) / 1024


def columns(checkout: Path, index: Path) -> tuple[float, float]:
    """Seconds a new process of ``checkout`` takes to read the index's facet arrays,
    and then to put its documents in id order."""
    py = checkout / ".venv" / "bin" / "python"
    out = subprocess.run(
        [str(py), "-c", _COLUMNS_CHILD, str(index)], capture_output=True, text=True, check=True
    )
    arrays, order = out.stdout.strip().splitlines()[-1].split()
    return float(arrays), float(order)


def fmt(vals: list[float], digits: int = 2) -> str:
    return f"{statistics.median(vals):.{digits}f} ({min(vals):.{digits}f}–{max(vals):.{digits}f})"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--queries", type=Path, help="one query a line (default: 'migrant workers')")
    ap.add_argument("--baseline", type=Path, action="append", default=[], help="another checkout")
    ap.add_argument("--rounds", type=int, default=5)
    a = ap.parse_args(argv)
    queries = ["migrant workers"]
    if a.queries:
        queries = [q.strip() for q in a.queries.read_text().splitlines() if q.strip()]
    checkouts = [ROOT, *a.baseline]
    shots: dict[Path, list[tuple[float, float, float]]] = {c: [] for c in checkouts}
    cols: dict[Path, list[tuple[float, float]]] = {c: [] for c in checkouts}
    for r in range(a.rounds):
        q = queries[r % len(queries)]
        for c in checkouts:
            shots[c].append(one_shot(c, a.index, q))
            cols[c].append(columns(c, a.index))
        print(f"round {r + 1}/{a.rounds} done", file=sys.stderr)
    print(f"index {a.index}, {a.rounds} rounds; median (min–max); ratio = baseline / this tree")
    head = ("one-shot wall s", "one-shot CPU s", "peak MB", "columns s", "id order s")
    print(f"{'checkout':32}" + "".join(f"{h:>22}" for h in head))
    for c in checkouts:
        wall, cpu, mb = (list(x) for x in zip(*shots[c], strict=True))
        arrays, order = (list(x) for x in zip(*cols[c], strict=True))
        row = (fmt(wall), fmt(cpu), fmt(mb, 0), fmt(arrays), fmt(order, 3))
        print(f"{c!s:32}" + "".join(f"{v:>22}" for v in row))

    def median_of(c: Path, i: int) -> float:
        return statistics.median(s[i] for s in shots[c])

    for c in a.baseline:
        ratios = [median_of(c, i) / max(median_of(ROOT, i), 1e-9) for i in (0, 1)]
        for i in (0, 1):
            base, mine = (statistics.median(x[i] for x in cols[k]) for k in (c, ROOT))
            ratios.append(base / max(mine, 1e-9))
        print(
            f"{c!s:32} ÷ this tree: one-shot wall {ratios[0]:.2f}×, CPU {ratios[1]:.2f}×,"
            f" columns {ratios[2]:.1f}×, id order {ratios[3]:.1f}×"
        )


if __name__ == "__main__":
    main()
