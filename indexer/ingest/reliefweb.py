"""ReliefWeb API exports: one JSON file per country, a ``reports`` list of HTML bodies.

The shape is ReliefWeb's own: the file names its country at the top level
(the per-report country lists are empty in exports), and each report carries
``reliefweb_id``, ``title``, ``body_text`` (HTML), ``date.original`` and
``url``. Ids are ``reliefweb-<id>``, so a report indexed from two exports
stays one document.
"""

from __future__ import annotations

from typing import Any

from migsearch.errors import IngestError
from migsearch.indexer.ingest.html import parse_html
from migsearch.indexer.ingest.jsonl import json_text
from migsearch.indexer.ingest.records import Record, make_id
from migsearch.indexer.ingest.tagging import given_countries, tag
from migsearch.indexer.vocabulary.dates import parse_date

__all__ = ["is_reliefweb_export", "reliefweb_records"]


def is_reliefweb_export(obj: Any) -> bool:
    return isinstance(obj, dict) and isinstance(obj.get("reports"), list)


def _date(report: dict[str, Any]) -> str | None:
    d = report.get("date")
    iso = parse_date(str(d.get("original"))) if isinstance(d, dict) else None
    return iso[:10] if iso else None


def reliefweb_records(obj: dict[str, Any], source: str) -> tuple[list[Record], list[IngestError]]:
    """One tagged record per report (the file's country given to each), and an
    error for each entry of ``reports`` that is not a report."""
    country = given_countries([obj["country"]]) if obj.get("country") else []
    out: list[Record] = []
    errors: list[IngestError] = []
    for n, r in enumerate(obj["reports"], start=1):
        if not isinstance(r, dict):
            errors.append(IngestError(f"{source}:report {n}", "a report must be a JSON object"))
            continue
        html = json_text(r, "body_text")
        try:
            body = parse_html(html).body if html.strip() else ""
        except IngestError:
            body = ""  # a report whose body is only markup still has its title and date
        rid = json_text(r, "reliefweb_id") or json_text(r, "id")
        rec = Record(
            id=f"reliefweb-{rid}" if rid else make_id(source, r.get("url")),
            title=json_text(r, "title") or "(untitled)",
            body=body,
            source=source,
            date=_date(r),
            url=json_text(r, "url") or None,
            type="report",
        )
        out.append(tag(rec, countries=country))
    return out, errors
