"""JSON records: one object a line (``.jsonl``, ``.jsonl.gz``) or a list of them (``.json``).

An object needs a ``title`` or a ``text`` (``body`` is read as ``text``);
``id`` (or BEIR's ``_id``), ``summary``, ``date``, ``url``, ``type``,
``countries``, ``themes`` and ``publishers`` (or ``publisher``) are optional,
so a BEIR corpus is read as it is.
Tags a record names itself are kept before those found in its text.

Every value is checked before it is used (:mod:`.values`): a bad value costs
that value, with a warning; a bad line (not JSON, nested too deeply, too
large, not an object, an id that is a list) costs that line, not the file:
one broken row in a 100,000-line export is reported with its line number and
the rest is indexed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from migsearch.errors import IngestError
from migsearch.indexer.ingest.records import Record, make_id
from migsearch.indexer.ingest.tagging import given_countries, given_publishers, given_themes, tag
from migsearch.indexer.ingest.values import (
    MAX_RECORD_CHARS,
    Warnings,
    date_value,
    id_value,
    names_value,
    text_value,
    url_value,
)

__all__ = [
    "Line",
    "Row",
    "iter_json_list",
    "iter_jsonl",
    "jsonl_lines",
    "jsonl_record",
    "lines_to_records",
    "parse_line",
    "rows_to_records",
]

#: (line or item number, the object) of one record, or why that line is unusable
Row = tuple[int, dict[str, Any]] | IngestError
#: (line number, the line's text) of a JSONL file, before it is parsed
Line = tuple[int, str]


def _row(src: str, n: int, obj: Any) -> Row:
    if not isinstance(obj, dict):
        return IngestError(f"{src}:{n}", "a record must be a JSON object")
    return n, obj


def _too_large(chars: int) -> str:
    return (
        f"record is {chars / 1e6:.1f} million characters, over the limit of "
        f"{MAX_RECORD_CHARS / 1e6:.0f} million per record"
    )


def jsonl_lines(text: str) -> Iterator[Line]:
    """The non-blank lines of a JSONL text, numbered from 1.

    Lines end at ``\\n`` only: a JSON string may hold U+2028 or a form feed
    as they are, and ``str.splitlines`` would cut the record there.
    """
    for lineno, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            yield lineno, line


def parse_line(src: str, lineno: int, line: str) -> Row:
    """One JSONL line as a row, or the error that makes it unusable."""
    where = f"{src}:{lineno}"
    if len(line) > MAX_RECORD_CHARS:
        return IngestError(where, _too_large(len(line)))
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        return IngestError(where, f"invalid JSON ({e.msg})")
    except RecursionError:
        return IngestError(where, "invalid JSON (nested too deeply)")
    return _row(src, lineno, obj)


def iter_jsonl(src: str, text: str) -> Iterator[Row]:
    """The objects of a JSONL text, numbered by line; a bad line is yielded as an error."""
    for lineno, line in jsonl_lines(text):
        yield parse_line(src, lineno, line)


def iter_json_list(src: str, items: list[Any]) -> Iterator[Row]:
    """The objects of a JSON list, numbered from 1; anything else in it is an error."""
    for n, obj in enumerate(items, start=1):
        yield _row(src, n, obj)


def jsonl_record(obj: dict[str, Any], source: str, lineno: int) -> Record:
    """One JSON object to a tagged record.

    IngestError when it has neither title nor text, an unusable id, or is too
    large; a bad optional value is dropped and named in the record's warnings.
    """
    where = f"{source}:{lineno}"
    w = Warnings(where)
    rid = id_value(obj["id"] if "id" in obj else obj.get("_id"), where)
    title = text_value(obj.get("title"), "title", w, one_line=True)
    body = text_value(obj.get("text"), "text", w) or text_value(obj.get("body"), "body", w)
    if not title and not body:
        raise IngestError(where, "record has neither title nor text")
    summary = text_value(obj.get("summary"), "summary", w)
    size = len(title) + len(body) + len(summary)
    if size > MAX_RECORD_CHARS:
        raise IngestError(where, _too_large(size))
    rec = Record(
        id=rid or make_id(source, lineno),
        title=title,
        body=body,
        source=source,
        summary=summary,
        date=date_value(obj.get("date"), w),
        url=url_value(obj.get("url"), w),
        type=text_value(obj.get("type"), "type", w, one_line=True) or None,
        publishers=given_publishers(
            names_value(obj.get("publishers", obj.get("publisher")), "publishers", w)
        ),
    )
    countries = names_value(obj.get("countries"), "countries", w)
    themes = names_value(obj.get("themes"), "themes", w)
    rec.warnings = w.messages
    return tag(rec, countries=given_countries(countries), themes=given_themes(themes))


def rows_to_records(source: str, rows: Iterable[Row]) -> tuple[list[Record], list[IngestError]]:
    """The records of ``rows``, and an error for each row that gives none.

    A bug met on one row costs that row, reported with its cause, and not the
    rows around it (a JSONL file is read in chunks of hundreds).
    """
    recs: list[Record] = []
    errors: list[IngestError] = []
    for row in rows:
        if isinstance(row, IngestError):
            errors.append(row)
            continue
        n, obj = row
        try:
            recs.append(jsonl_record(obj, source, n))
        except IngestError as e:
            errors.append(e)
        except RecursionError:
            errors.append(IngestError(f"{source}:{n}", "a value is nested too deeply"))
        except Exception as e:
            errors.append(
                IngestError(f"{source}:{n}", f"could not be read ({type(e).__name__}: {e})")
            )
    return recs, errors


def lines_to_records(source: str, lines: Iterable[Line]) -> tuple[list[Record], list[IngestError]]:
    """The records of JSONL ``lines`` (parsed here: a worker gets text, never a deep object)."""
    return rows_to_records(source, (parse_line(source, n, line) for n, line in lines))
