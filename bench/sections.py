"""How a benchmark script runs: its sections in order, ``--only`` to pick some.

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
    ap.add_argument("--only", help="run only sections whose name contains this")
    options(ap)
    args = ap.parse_args(argv)
    if not needs.exists():
        sys.exit(f"no benchmark data at {needs}")
    for section in sections:
        if not args.only or args.only in section.__name__:
            section(args)
