"""What a parsing worker does with one job: parse a source (or a chunk of JSONL lines)
into records, write them into its own segment (:mod:`.segments`), and send back
what the run's accounts need: ids, warnings, errors, and where the records went.

These functions run in the worker processes of :mod:`.pool` (or in the run's
own process when it parses alone); they are pure functions of the bytes they
read, apart from the segment they add to.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from migsearch.errors import IngestError
from migsearch.indexer.ingest.jsonl import Line, lines_to_records
from migsearch.indexer.ingest.pipeline import records_from_bytes, source_hash
from migsearch.indexer.ingest.records import Record
from migsearch.indexer.ingest.sources import Skipped, Source, read_source
from migsearch.indexer.ingest.tagging import tag, tag_only
from migsearch.indexer.store import segments
from migsearch.indexer.store.schema import record_fields
from migsearch.indexer.store.shardset import shard_of

__all__ = [
    "Batch",
    "configure_shard",
    "in_this_shard",
    "job_file",
    "job_jsonl_chunk",
    "load_vocabulary",
    "write_batch",
    "writing_shard",
]

#: the shard this process writes (number, count), or None for an index of one shard;
#: set before the workers fork, so they inherit it (see :mod:`.shards`)
_shard: tuple[int, int] | None = None


def configure_shard(shard: tuple[int, int] | None) -> None:
    """Write only the records of shard ``(k, n)`` from now on (None: every record)."""
    global _shard
    _shard = shard
    _filter_tagging()


@contextmanager
def writing_shard(shard: tuple[int, int] | None) -> Iterator[None]:
    """Write only shard ``shard``'s records (None: every record) within the block."""
    configure_shard(shard)
    try:
        yield
    finally:
        configure_shard(None)


def _filter_tagging() -> None:
    """The other shards' records are parsed (for their ids and errors), not tagged."""
    tag_only(None if _shard is None else in_this_shard)


def in_this_shard(doc_id: str) -> bool:
    """Does the record ``doc_id`` belong to the shard this process writes?"""
    return _shard is None or shard_of(doc_id, _shard[1]) == _shard[0]


@dataclass(frozen=True)
class Batch:
    """Records a worker wrote into its segment: their ids and warnings in order, and
    where they went (segment id, number of the first), for the parent's accounts."""

    segment: str = ""
    first: int = 0
    ids: list[str] = field(default_factory=list)
    warnings: list[list[str]] = field(default_factory=list)
    #: usable records left to the other shards of a sharded index
    elsewhere: int = 0


def write_batch(recs: list[Record], h: str) -> Batch:
    """Write ``recs`` (those of this process's shard) into its segment (see :mod:`.segments`)."""
    mine = [r for r in recs if in_this_shard(r.id)]
    elsewhere = len(recs) - len(mine)
    if not mine:
        return Batch(elsewhere=elsewhere)
    segid, first = segments.write(record_fields(r, h) for r in mine)
    return Batch(segid, first, [r.id for r in mine], [r.warnings for r in mine], elsewhere)


def job_file(
    src: Source, known_hash: str | None
) -> tuple[Source, str | None, Batch | None, list[str], Skipped | None, list[str]]:
    """Read, hash and (when changed) parse and write one source. Runs in a worker.

    Returns the source, its hash, what was written of it (None when the file
    failed as a whole), the errors to report, why it failed as a whole, and notes.
    """
    try:
        data = read_source(src)
        h = source_hash(src, data)
        if h == known_hash:
            return src, h, Batch(), [], None, []
        recs, errors = records_from_bytes(src, data)
        notes = [str(e) for e in errors if e.kind == "note"]
        batch = write_batch(recs, h)
        return src, h, batch, [str(e) for e in errors if e.kind != "note"], None, notes
    except IngestError as e:
        return src, None, None, [str(e)], Skipped(src.name, e.reason, e.kind), []
    except Exception as e:  # a parser bug must not end the run: report and go on
        deep = isinstance(e, RecursionError)
        why = f"could not be parsed ({'nested too deeply' if deep else f'{type(e).__name__}: {e}'})"
        return src, None, None, [f"{src.name}: {why}"], Skipped(src.name, why, "failed"), []


def job_jsonl_chunk(name: str, h: str, lines: list[Line]) -> tuple[Batch, list[str]]:
    """Parse and write a chunk of JSONL lines; what was written, and the errors to
    report. Runs in a worker.

    The lines travel as text and are parsed here: a deeply nested object
    cannot even be pickled to a worker, and parsing is work worth spreading.
    """
    recs, errors = lines_to_records(name, lines)
    return write_batch(recs, h), [str(e) for e in errors]


def load_vocabulary() -> None:
    """Load what tagging needs (the gazetteer, themes: over a second of CPU) in the
    parent, once, so forked workers share it instead of each loading it again."""
    tag_only(None)  # this record must be tagged, whatever shard it would fall in
    try:
        tag(Record(id="", title="Migrant workers", body="Thailand.", source=""))
    finally:
        _filter_tagging()
