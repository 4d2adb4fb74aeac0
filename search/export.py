"""Writing search output as files other tools read: hits as CSV or JSONL, runs as TREC or JSONL.

``migsearch search --format`` and ``migsearch batch`` print through these, and
so can any Python caller, so a spreadsheet column or a run line has one
definition. Writers take any text stream and write as they iterate, so an
export of every hit holds one page in memory at a time.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping
from typing import TextIO

from migsearch.search.results import Hit

__all__ = ["CSV_FIELDS", "HIT_FORMATS", "RUN_FORMATS", "write_hits", "write_run"]

#: formats of ``write_hits`` and ``write_run``
HIT_FORMATS = ("csv", "jsonl")
RUN_FORMATS = ("trec", "jsonl")
#: CSV columns; list fields are joined with ";"
CSV_FIELDS = ("id", "title", "date", "countries", "themes", "summary", "source", "url", "score")


def write_hits(hits: Iterable[Hit], fmt: str, out: TextIO) -> int:
    """Write ``hits`` to ``out`` as CSV (with a header) or JSONL; returns how many.

    A JSONL line is the hit's search JSON plus its ``url``.
    """
    if fmt not in HIT_FORMATS:
        raise ValueError(f"unknown hit format {fmt!r}")
    n = 0
    writer = csv.writer(out) if fmt == "csv" else None
    if writer is not None:
        writer.writerow(CSV_FIELDS)
    for h in hits:
        n += 1
        if writer is None:
            out.write(json.dumps({**h.to_dict(), "url": h.url}, ensure_ascii=False) + "\n")
            continue
        writer.writerow(
            [
                h.id,
                h.title,
                h.date or "",
                ";".join(h.countries),
                ";".join(h.themes),
                h.summary,
                h.source,
                h.url or "",
                h.score if h.score is not None else "",
            ]
        )
    return n


def write_run(
    run: Iterable[tuple[str, list[tuple[str, float]]]],
    fmt: str,
    out: TextIO,
    name: str = "migsearch",
    errors: Mapping[str, str] | None = None,
) -> None:
    """Write ranked (query id, [(doc id, score)…]) as a TREC run or JSONL.

    TREC lines are ``qid Q0 docid rank score name``; a JSONL line is
    ``{"id": qid, "hits": [{"id": …, "score": …}, …]}``, one per query. ``errors``
    (query id → message, filled while the run is read) marks the queries that
    could not be run: their JSONL line has an ``error`` and no hits; TREC has no
    place for it, so the caller reports those elsewhere.
    """
    if fmt not in RUN_FORMATS:
        raise ValueError(f"unknown run format {fmt!r}")
    for qid, ranked in run:
        if fmt == "jsonl":
            hits = [{"id": d, "score": round(s, 6)} for d, s in ranked]
            row: dict[str, object] = {"id": qid, "hits": hits}
            if errors and qid in errors:
                row["error"] = errors[qid]
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            for rank, (doc, score) in enumerate(ranked, start=1):
                out.write(f"{qid} Q0 {doc} {rank} {score:.6f} {name}\n")
        out.flush()
