"""JSON records: one object a line (``.jsonl``, ``.jsonl.gz``) or a list of them (``.json``).

An object needs a ``title`` or a ``text`` (``body`` is read as ``text``);
``id`` (or BEIR's ``_id``), ``summary``, ``date``, ``url``, ``type``,
``countries`` and ``themes`` are optional, so a BEIR corpus is read as it is.
Tags a record names itself are kept before those found in its text.

A bad line costs that line, not the file: one broken row in a 100,000-line
export is reported with its line number and the rest is indexed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from migsearch.errors import IngestError
from migsearch.indexer.ingest.records import Record, make_id
from migsearch.indexer.ingest.sentences import first_sentences
from migsearch.indexer.ingest.tagging import given_countries, given_themes, tag
from migsearch.indexer.vocabulary.dates import parse_date

__all__ = ["Row", "iter_json_list", "iter_jsonl", "jsonl_record", "rows_to_records"]

#: (line or item number, the object) of one record, or why that line is unusable
Row = tuple[int, dict[str, Any]] | IngestError


def _row(src: str, n: int, obj: Any) -> Row:
    if not isinstance(obj, dict):
        return IngestError(f"{src}:{n}", "a record must be a JSON object")
    return n, obj


def iter_jsonl(src: str, text: str) -> Iterator[Row]:
    """The objects of a JSONL text, numbered by line; a bad line is yielded as an error."""
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            yield IngestError(f"{src}:{lineno}", f"invalid JSON ({e.msg})")
            continue
        yield _row(src, lineno, obj)


def iter_json_list(src: str, items: list[Any]) -> Iterator[Row]:
    """The objects of a JSON list, numbered from 1; anything else in it is an error."""
    for n, obj in enumerate(items, start=1):
        yield _row(src, n, obj)


def _text(obj: dict[str, Any], *keys: str) -> str:
    """The first non-empty value among ``keys``, as trimmed text."""
    for k in keys:
        v = obj.get(k)
        if v not in (None, ""):
            return str(v).strip()
    return ""


def jsonl_record(obj: dict[str, Any], source: str, lineno: int) -> Record:
    """One JSON object to a tagged record; IngestError when it has neither title nor text."""
    rid = obj.get("id", obj.get("_id"))
    if isinstance(rid, dict | list):
        raise IngestError(f"{source}:{lineno}", "id must be a string or a number")
    title = _text(obj, "title")
    body = _text(obj, "text", "body")
    if not title and not body:
        raise IngestError(f"{source}:{lineno}", "record has neither title nor text")
    date = _text(obj, "date")
    rec = Record(
        id=str(rid) if rid not in (None, "") else make_id(source, lineno),
        title=title or first_sentences(body, 120),
        body=body,
        source=source,
        summary=_text(obj, "summary"),
        date=parse_date(date) if date else None,
        url=_text(obj, "url") or None,
        type=_text(obj, "type") or None,
    )
    return tag(
        rec,
        countries=given_countries(obj.get("countries")),
        themes=given_themes(obj.get("themes")),
    )


def rows_to_records(source: str, rows: Iterable[Row]) -> tuple[list[Record], list[IngestError]]:
    """The records of ``rows``, and an error for each row that gives none."""
    recs: list[Record] = []
    errors: list[IngestError] = []
    for row in rows:
        if isinstance(row, IngestError):
            errors.append(row)
            continue
        try:
            recs.append(jsonl_record(row[1], source, row[0]))
        except IngestError as e:
            errors.append(e)
    return recs, errors
