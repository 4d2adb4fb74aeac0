"""Tags must not move when tagging gets faster: a snapshot of every record's tags, compared.

``--write FILE`` extracts the records of the given paths (through the same
path as ``migsearch extract``) and stores each one whole: countries with their
roles and evidence, regions, corridors, groups, themes, language, summary,
publishers, pages… ``--compare FILE`` extracts them again and reports every
record whose dictionary differs (exit 1), or says they are identical::

    .venv/bin/python bench/tag_snapshot.py --write /tmp/tags.json corpus \\
        /work/wt-core/bench/work/corpus-2000 /work/shared/data/reliefweb-api-sample
    .venv/bin/python bench/tag_snapshot.py --compare /tmp/tags.json corpus …

Take the snapshot with the code before a change, compare after it. The order of
tied countries follows Python's string hashing (a set's order), so both runs use
the same ``PYTHONHASHSEED`` (0 unless given; the script restarts itself). Records are
keyed by their source path and id, so two checkouts are compared on the same absolute
paths (``/work/main/corpus``, not each one's ``corpus``). A comparison ends with how many
records differ in each field. Not a test: the generated corpus is not in the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from migsearch.errors import IngestError
from migsearch.indexer.ingest.pipeline import extract_paths


def snapshot(paths: list[str]) -> dict[str, dict[str, object]]:
    """Every record of ``paths`` as a dictionary (with its evidence), keyed by source and id."""
    out: dict[str, dict[str, object]] = {}
    for item in extract_paths(paths):
        if isinstance(item, IngestError):
            out[f"error:{item}"] = {}
            continue
        d = item.to_dict(evidence=True)
        out[f"{item.source}#{item.id}"] = json.loads(json.dumps(d))
    return out


def main(argv: list[str] | None = None) -> int:
    if "PYTHONHASHSEED" not in os.environ:
        os.environ["PYTHONHASHSEED"] = "0"
        os.execv(sys.executable, [sys.executable, *sys.argv])
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", type=Path)
    mode.add_argument("--compare", type=Path)
    ap.add_argument("paths", nargs="+")
    a = ap.parse_args(argv)
    t0 = time.perf_counter()
    now = snapshot(a.paths)
    secs = time.perf_counter() - t0
    if a.write:
        a.write.write_text(json.dumps(now, sort_keys=True))
        print(f"{len(now)} records written to {a.write} ({secs:.1f} s)")
        return 0
    before = json.loads(a.compare.read_text())
    differ = sorted(k for k in before.keys() | now.keys() if before.get(k) != now.get(k))
    by_field: dict[str, int] = {}
    for n, k in enumerate(differ):
        old, new = before.get(k) or {}, now.get(k) or {}
        fields = sorted(f for f in old.keys() | new.keys() if old.get(f) != new.get(f))
        for f in fields:
            by_field[f] = by_field.get(f, 0) + 1
        if n < 20:
            print(f"DIFFERS {k}: {', '.join(fields) or 'missing'}")
    if differ:
        print(
            "records differing in each field: "
            + ", ".join(f"{f} {c}" for f, c in sorted(by_field.items()))
        )
        print(f"{len(differ)} of {len(before)} records differ ({secs:.1f} s)")
        return 1
    print(f"all {len(before)} records identical ({secs:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
