"""ReliefWeb API exports: one JSON file per country, a ``reports`` list of HTML bodies.

The shape is ReliefWeb's own: the file names its country at the top level
(the per-report country lists are empty in exports), and each report carries
``reliefweb_id``, ``title``, ``body_text`` (HTML), ``date.original`` and
``url``. Ids are ``reliefweb-<id>``, so a report indexed from two exports
stays one document. Values are checked as a JSON record's are (:mod:`.values`).
"""

from __future__ import annotations

from typing import Any

from migsearch.errors import IngestError
from migsearch.indexer.ingest.html import parse_html
from migsearch.indexer.ingest.records import Record, make_id
from migsearch.indexer.ingest.tagging import given_countries, tag
from migsearch.indexer.ingest.values import (
    MAX_RECORD_CHARS,
    Warnings,
    date_value,
    id_value,
    names_value,
    text_value,
    url_value,
)

__all__ = ["is_reliefweb_export", "reliefweb_records"]


def is_reliefweb_export(obj: Any) -> bool:
    return isinstance(obj, dict) and isinstance(obj.get("reports"), list)


def _date(report: dict[str, Any], w: Warnings) -> str | None:
    d = report.get("date")
    if d is None:
        return None
    if not isinstance(d, dict):
        w.add("date must be an object with an 'original' date; the record is undated")
        return None
    iso = date_value(d.get("original"), w, field="date.original")
    return iso[:10] if iso else None


def _report(r: dict[str, Any], source: str, where: str, country: list[str]) -> Record:
    w = Warnings(where)
    html = text_value(r.get("body_text"), "body_text", w)
    if len(html) > MAX_RECORD_CHARS:
        raise IngestError(
            where, f"body_text is over {MAX_RECORD_CHARS / 1e6:.0f} million characters"
        )
    try:
        body = parse_html(html).body if html.strip() else ""
    except IngestError:
        body = ""  # a report whose body is only markup still has its title and date
    rid = id_value(r.get("reliefweb_id"), where) or id_value(r.get("id"), where)
    url = url_value(r.get("url"), w)
    rec = Record(
        id=f"reliefweb-{rid}" if rid else make_id(source, url),
        title=text_value(r.get("title"), "title", w, one_line=True) or "(untitled)",
        body=body,
        source=source,
        date=_date(r, w),
        url=url,
        type="report",
    )
    rec.warnings = w.messages
    return tag(rec, countries=country)


def reliefweb_records(obj: dict[str, Any], source: str) -> tuple[list[Record], list[IngestError]]:
    """One tagged record per report (the file's country given to each), and an
    error for each entry of ``reports`` that is not a usable report."""
    top = Warnings(source)
    named = names_value(obj.get("country"), "country", top)
    country = given_countries([named] if isinstance(named, str) else named)
    out: list[Record] = []
    errors: list[IngestError] = []
    for n, r in enumerate(obj["reports"], start=1):
        where = f"{source}:report {n}"
        if not isinstance(r, dict):
            errors.append(IngestError(where, "a report must be a JSON object"))
            continue
        try:
            out.append(_report(r, source, where, country))
        except IngestError as e:
            errors.append(e)
    if out and top.messages:
        out[0].warnings[:0] = top.messages
    return out, errors
