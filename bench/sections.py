"""How a benchmark script runs: its sections in order, ``--only`` to pick some
(``--only corridors,groups``; a name that picks none is an error, not an empty run).

Each section is a function printing one block of figures; a script lists them
and hands its own options to :func:`run`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

__all__ = ["Section", "run"]

Section = Callable[[argparse.Namespace], None]


def run(
    doc: str,
    sections: Sequence[Section],
    needs: Path,
    options: Callable[[argparse.ArgumentParser], None],
    argv: list[str] | None = None,
) -> None:
    """Parse the command line, check the data folder ``needs`` exists, run the sections."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument(
        "--only",
        help="run only sections whose name contains this (several: comma-separated)",
    )
    options(ap)
    args = ap.parse_args(argv)
    if not needs.exists():
        sys.exit(f"no benchmark data at {needs}")
    wanted = [w.strip() for w in (args.only or "").split(",") if w.strip()]
    chosen = [s for s in sections if not wanted or any(w in s.__name__ for w in wanted)]
    if not chosen:
        names = ", ".join(s.__name__ for s in sections)
        sys.exit(f"--only {args.only!r} names no section; the sections are: {names}")
    for section in chosen:
        section(args)
