"""CSV exports to records: one row, one record.

The first row names the columns; names are matched without regard to case,
spaces or underscores. A row is read as a JSON record is (:mod:`.jsonl`):
``title``, ``text`` (or ``body``), ``summary``, ``date``, ``url``, ``type``,
``countries``, ``themes``, ``id``; ``publisher`` (or ``publishers``,
``organisation``, ``organization``, ``source``) names who published it. A file
whose header has neither a title nor a text column is refused as a whole; a
bad row costs that row, reported with its line number. The delimiter (comma,
semicolon, tab or pipe) is read from the header line.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import Any

from migsearch.errors import IngestError
from migsearch.indexer.ingest.jsonl import Row, rows_to_records
from migsearch.indexer.ingest.records import Record

__all__ = ["COLUMNS", "csv_records"]

#: column name (lower case, spaces and underscores removed) → record key
COLUMNS: dict[str, str] = {
    "id": "id",
    "title": "title",
    "text": "text",
    "body": "body",
    "content": "text",
    "summary": "summary",
    "description": "summary",
    "date": "date",
    "published": "date",
    "url": "url",
    "link": "url",
    "type": "type",
    "countries": "countries",
    "country": "countries",
    "themes": "themes",
    "theme": "themes",
    "publisher": "publishers",
    "publishers": "publishers",
    "organisation": "publishers",
    "organization": "publishers",
    "source": "publishers",
}
#: a cell may hold a long text (a report's body), not an unbounded one
_MAX_FIELD = 16 * 1024 * 1024


def _key(column: str) -> str:
    return re.sub(r"[\s_\-]+", "", column.strip().lower())


def _delimiter(text: str) -> str:
    """The delimiter of the header line (quoting is the usual doubled quotes)."""
    header = text.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(header, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def _rows(source: str, text: str) -> Iterator[Row]:
    csv.field_size_limit(_MAX_FIELD)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as e:
        raise IngestError(source, f"no CSV header row ({e or 'empty'})") from e
    keys = [COLUMNS.get(_key(h)) for h in header]
    if not {"title", "text", "body"} & set(keys):
        shown = ", ".join(h.strip() for h in header[:8]) or "(none)"
        raise IngestError(source, f"CSV header has no title or text column (it has: {shown})")
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            yield IngestError(f"{source}:{reader.line_num}", f"invalid CSV row ({e})")
            continue
        if not any(c.strip() for c in cells):
            continue
        obj: dict[str, Any] = {}
        for k, v in zip(keys, cells, strict=False):
            if k and v.strip() and k not in obj:
                obj[k] = v
        yield reader.line_num, obj


def csv_records(source: str, text: str) -> tuple[list[Record], list[IngestError]]:
    """The records of a CSV export, and an error for each row that gives none."""
    return rows_to_records(source, _rows(source, text))
