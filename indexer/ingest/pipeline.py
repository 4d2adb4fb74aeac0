"""From a source's bytes to finished records: the one dispatch by format.

``index`` (through the writer) and ``extract`` both come here, so what one
shows is what the other stores. Each format has its own module that builds
tagged records (:mod:`.htmlpage`, :mod:`.textpage`, :mod:`.pdffile`,
:mod:`.wordfile`, :mod:`.csvfile`, :mod:`.jsonl`, :mod:`.reliefweb`); this
module only decodes and picks one. :func:`records_from` is the entry point for
bytes that come from elsewhere than a file (a crawler's fetch).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from migsearch.errors import IngestError
from migsearch.indexer.ingest.csvfile import csv_records
from migsearch.indexer.ingest.htmlpage import html_records
from migsearch.indexer.ingest.jsonl import iter_json_list, iter_jsonl, rows_to_records
from migsearch.indexer.ingest.pdffile import pdf_records
from migsearch.indexer.ingest.records import Record
from migsearch.indexer.ingest.reliefweb import (
    full_text_file,
    is_reliefweb_export,
    is_reliefweb_full_text,
    pdf_texts,
    reliefweb_full_text_records,
    reliefweb_records,
    report_file,
)
from migsearch.indexer.ingest.sources import (
    ATTACHED,
    FORMATS,
    Skipped,
    Source,
    content_hash,
    decode,
    read_source,
    scan,
)
from migsearch.indexer.ingest.textpage import text_records
from migsearch.indexer.ingest.wordfile import docx_records

__all__ = ["Extracted", "extract_paths", "records_from", "records_from_bytes", "source_hash"]

#: The records of one source, and the errors of its items that gave none
#: (a bad line of a JSONL file, a non-object in a JSON list), or notes about a
#: source indexed in part (kind "note": a scanned PDF indexed by its metadata).
Extracted = tuple[list[Record], list[IngestError]]


def _load_json(name: str, text: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise IngestError(name, f"invalid JSON ({e.msg} at line {e.lineno})") from e
    except RecursionError as e:
        raise IngestError(name, "invalid JSON (nested too deeply)") from e


def _companion_pdfs(path: Path | None, name: str) -> tuple[dict[str, str], list[IngestError]]:
    """The PDF texts of the full-text file beside a ReliefWeb export, if any."""
    other = full_text_file(path) if path is not None else None
    if other is None:
        return {}, []
    try:
        src = Source(other, "json", other)
        obj = _load_json(str(other), decode(read_source(src), str(other)))
    except IngestError as e:
        return {}, [IngestError(name, f"its full-text file was not read ({e})", kind="note")]
    return (pdf_texts(obj) if is_reliefweb_full_text(obj) else {}), []


def _json_records(name: str, text: str, path: Path | None) -> Extracted:
    obj = _load_json(name, text)
    if is_reliefweb_export(obj):
        pdfs, notes = _companion_pdfs(path, name)
        recs, errors = reliefweb_records(obj, name, pdfs)
        return recs, errors + notes
    if is_reliefweb_full_text(obj):
        export = report_file(path) if path is not None else None
        if export is not None:
            why = f"read with {export.name}, whose reports it gives their PDF text"
            raise IngestError(name, why, kind=ATTACHED)
        return reliefweb_full_text_records(obj, name)
    if isinstance(obj, list):
        return rows_to_records(name, iter_json_list(name, obj))
    raise IngestError(name, "JSON file is neither a record list nor a ReliefWeb export")


def records_from(name: str, data: bytes, fmt: str, path: Path | None = None) -> Extracted:
    """Every record of one source's bytes, ``fmt`` being one of
    :data:`~.sources.FORMATS`' values, and the errors of the items that gave none.

    ``name`` is the source every record names (a path, a URL); ``path``, when
    the bytes come from a file, lets a ReliefWeb export find the full-text file
    beside it. Raises IngestError when the source as a whole gives no record: a
    file that cannot be decoded or parsed, or whose every item is bad (the first
    item's error is raised then).
    """
    if fmt == "pdf":
        return pdf_records(name, data)
    if fmt == "docx":
        return docx_records(name, data), []
    if fmt == "html":
        return html_records(name, decode(data, name, html=True)), []
    if fmt not in FORMATS.values():
        raise IngestError(name, f"unsupported format {fmt!r}", kind="unsupported")
    text = decode(data, name)
    if fmt == "text":
        return text_records(name, text), []
    if fmt == "csv":
        recs, errors = csv_records(name, text)
    elif fmt == "json":
        recs, errors = _json_records(name, text, path)
    else:
        recs, errors = rows_to_records(name, iter_jsonl(name, text))
    if errors and not recs and all(e.kind != "note" for e in errors):
        raise errors[0]
    return recs, errors


def records_from_bytes(src: Source, data: bytes) -> Extracted:
    """Every record of one source read from a file (see :func:`records_from`)."""
    return records_from(src.name, data, src.format, src.path)


def source_hash(src: Source, data: bytes) -> str:
    """A hash of what a source's records are made of: its bytes, and those of a
    ReliefWeb export's full-text file, so a change to either re-reads the export."""
    other = full_text_file(src.path) if src.format == "json" else None
    if other is None:
        return content_hash(data)
    try:
        extra = other.read_bytes()
    except OSError:
        extra = b""
    return content_hash(data + b"\0" + extra)


def extract_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Record | IngestError]:
    """What ``index`` would store for ``paths``, source by source; errors (and files
    skipped by the walk) are yielded, not raised."""
    for src in scan(paths):
        if isinstance(src, Skipped):
            yield IngestError(src.path, src.reason, kind=src.kind)
            continue
        try:
            recs, errors = records_from_bytes(src, read_source(src))
        except IngestError as e:
            yield e
            continue
        yield from recs
        yield from errors
