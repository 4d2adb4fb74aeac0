"""JSON records: one object a line (``.jsonl``, ``.jsonl.gz``) or a list of them (``.json``).

An object needs a ``title`` or a ``text`` (``body`` is read as ``text``);
``id`` (or BEIR's ``_id``), ``summary``, ``date``, ``url``, ``type``,
``countries``, ``themes`` and ``publishers`` (or ``publisher``) are optional,
so a BEIR corpus is read as it is.
Tags a record names itself are kept before those found in its text.

A bad line costs that line, not the file: one broken row in a 100,000-line
export is reported with its line number and the rest is indexed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from migsearch.errors import IngestError
from migsearch.indexer.ingest.records import Record, make_id
from migsearch.indexer.ingest.sentences import first_sentences
from migsearch.indexer.ingest.tagging import given_countries, given_publishers, given_themes, tag
from migsearch.indexer.vocabulary.dates import parse_date

__all__ = [
    "Row",
    "iter_json_list",
    "iter_jsonl",
    "json_text",
    "jsonl_record",
    "rows_to_records",
]

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
        except RecursionError:
            yield IngestError(f"{src}:{lineno}", "invalid JSON (nested too deeply)")
            continue
        yield _row(src, lineno, obj)


def iter_json_list(src: str, items: list[Any]) -> Iterator[Row]:
    """The objects of a JSON list, numbered from 1; anything else in it is an error."""
    for n, obj in enumerate(items, start=1):
        yield _row(src, n, obj)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _clean(text: str) -> str:
    """A lone surrogate (a JSON ``"\\ud800"`` escape) is no character and cannot be
    written out as UTF-8: it becomes U+FFFD, as undecodable bytes do."""
    return text if text.isascii() else _SURROGATE.sub("\ufffd", text)


def json_text(obj: dict[str, Any], *keys: str) -> str:
    """The first non-empty value among ``keys``, as trimmed text (surrogates replaced)."""
    for k in keys:
        v = obj.get(k)
        if v not in (None, ""):
            return _clean(str(v).strip())
    return ""


def jsonl_record(obj: dict[str, Any], source: str, lineno: int) -> Record:
    """One JSON object to a tagged record; IngestError when it has neither title nor text."""
    rid = obj.get("id", obj.get("_id"))
    if isinstance(rid, dict | list):
        raise IngestError(f"{source}:{lineno}", "id must be a string or a number")
    title = json_text(obj, "title")
    body = json_text(obj, "text", "body")
    if not title and not body:
        raise IngestError(f"{source}:{lineno}", "record has neither title nor text")
    date = json_text(obj, "date")
    rec = Record(
        id=_clean(str(rid)) if rid not in (None, "") else make_id(source, lineno),
        title=title or first_sentences(body, 120),
        body=body,
        source=source,
        summary=json_text(obj, "summary"),
        date=parse_date(date) if date else None,
        url=json_text(obj, "url") or None,
        type=json_text(obj, "type") or None,
        publishers=given_publishers(obj.get("publishers", obj.get("publisher"))),
    )
    return tag(
        rec,
        countries=given_countries(obj.get("countries")),
        themes=given_themes(obj.get("themes")),
    )


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
        except Exception as e:
            errors.append(
                IngestError(f"{source}:{n}", f"could not be read ({type(e).__name__}: {e})")
            )
    return recs, errors
