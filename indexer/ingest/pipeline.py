"""From a source's bytes to finished records: the one dispatch by format.

``index`` (through the writer) and ``extract`` both come here, so what one
shows is what the other stores. Each format has its own module that builds
tagged records (:mod:`.htmlpage`, :mod:`.textpage`, :mod:`.jsonl`,
:mod:`.reliefweb`); this module only decodes and picks one.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator

from migsearch.errors import IngestError
from migsearch.indexer.ingest.htmlpage import html_records
from migsearch.indexer.ingest.jsonl import iter_json_list, iter_jsonl, rows_to_records
from migsearch.indexer.ingest.records import Record
from migsearch.indexer.ingest.reliefweb import is_reliefweb_export, reliefweb_records
from migsearch.indexer.ingest.sources import Skipped, Source, decode, read_source, scan
from migsearch.indexer.ingest.textpage import text_records

__all__ = ["Extracted", "extract_paths", "records_from_bytes"]

#: The records of one source, and the errors of its items that gave none
#: (a bad line of a JSONL file, a non-object in a JSON list).
Extracted = tuple[list[Record], list[IngestError]]


def _json_records(name: str, text: str) -> Extracted:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as e:
        raise IngestError(name, f"invalid JSON ({e.msg} at line {e.lineno})") from e
    except RecursionError as e:
        raise IngestError(name, "invalid JSON (nested too deeply)") from e
    if is_reliefweb_export(obj):
        return reliefweb_records(obj, name)
    if isinstance(obj, list):
        return rows_to_records(name, iter_json_list(name, obj))
    raise IngestError(name, "JSON file is neither a record list nor a ReliefWeb export")


def records_from_bytes(src: Source, data: bytes) -> Extracted:
    """Every record of one source, and the errors of the items that gave none.

    Raises IngestError when the source as a whole gives no record: a file that
    cannot be decoded or parsed, or whose every item is bad (the first item's
    error is raised then).
    """
    name = src.name
    if src.format == "html":
        return html_records(name, decode(data, name, html=True)), []
    text = decode(data, name)
    if src.format == "text":
        return text_records(name, text), []
    if src.format == "json":
        recs, errors = _json_records(name, text)
    else:
        recs, errors = rows_to_records(name, iter_jsonl(name, text))
    if errors and not recs:
        raise errors[0]
    return recs, errors


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
