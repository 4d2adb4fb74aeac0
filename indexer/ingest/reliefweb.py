"""ReliefWeb API exports: one JSON file per country, a ``reports`` list of HTML bodies.

The shape is ReliefWeb's own: the file names its country at the top level
(the per-report country lists are empty in exports), and each report carries
``reliefweb_id``, ``title``, ``body_text`` (HTML), ``date.original`` and
``url``. Ids are ``reliefweb-<id>``, so a report indexed from two exports
stays one document. The ``source`` list names the report's publishers.

An export may come with a full-text file beside it (``X_reports.json`` and
``X_reports_full_text.json``): the same reports as ``articles``, with
``pdf_text``, the text of each report's PDF. Read with its export, that text
is added to its report's body (matched by URL); the full-text file is then not
read again on its own (an IngestError of kind ``attached``). Alone, it is an export of its own.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from migsearch.errors import IngestError
from migsearch.indexer.ingest.html import parse_html
from migsearch.indexer.ingest.jsonl import json_text
from migsearch.indexer.ingest.records import Record, make_id, publisher_value
from migsearch.indexer.ingest.tagging import given_countries, tag
from migsearch.indexer.vocabulary.dates import parse_date

__all__ = [
    "FULL_TEXT_SUFFIX",
    "full_text_file",
    "is_reliefweb_export",
    "is_reliefweb_full_text",
    "pdf_texts",
    "reliefweb_full_text_records",
    "reliefweb_records",
    "report_file",
]

#: ``X_reports.json``'s full-text file is ``X_reports_full_text.json``
FULL_TEXT_SUFFIX = "_full_text.json"
_RW_ID = re.compile(r"^(\d+)_")


def is_reliefweb_export(obj: Any) -> bool:
    return isinstance(obj, dict) and isinstance(obj.get("reports"), list)


def is_reliefweb_full_text(obj: Any) -> bool:
    return isinstance(obj, dict) and isinstance(obj.get("articles"), list)


def full_text_file(export: Path) -> Path | None:
    """The full-text file beside an export, if there is one."""
    name = export.name
    if not name.lower().endswith(".json") or name.lower().endswith(FULL_TEXT_SUFFIX):
        return None
    other = export.with_name(name[: -len(".json")] + FULL_TEXT_SUFFIX)
    return other if other.is_file() else None


def report_file(full_text: Path) -> Path | None:
    """The export a full-text file belongs to, if it is beside it."""
    name = full_text.name
    if not name.lower().endswith(FULL_TEXT_SUFFIX):
        return None
    other = full_text.with_name(name[: -len(FULL_TEXT_SUFFIX)] + ".json")
    return other if other.is_file() else None


def pdf_texts(obj: dict[str, Any]) -> dict[str, str]:
    """The PDF text of each article of a full-text file, by report URL."""
    out: dict[str, str] = {}
    for a in obj.get("articles") or []:
        if isinstance(a, dict):
            url, text = json_text(a, "url"), json_text(a, "pdf_text")
            if url and text:
                out[url] = text
    return out


def _publishers(report: dict[str, Any]) -> list[str]:
    names = report.get("source", report.get("sources"))
    names = names if isinstance(names, list) else [names] if names else []
    return [str(n.get("name", "")) if isinstance(n, dict) else str(n) for n in names]


def _date(report: dict[str, Any]) -> str | None:
    d = report.get("date")
    iso = parse_date(str(d.get("original"))) if isinstance(d, dict) else None
    return iso[:10] if iso else None


def reliefweb_records(
    obj: dict[str, Any], source: str, pdfs: dict[str, str] | None = None
) -> tuple[list[Record], list[IngestError]]:
    """One tagged record per report (the file's country given to each), and an
    error for each entry of ``reports`` that is not a report. ``pdfs`` (from
    :func:`pdf_texts`) adds each report's PDF text to its body."""
    return _records(obj, "reports", source, pdfs or {})


def reliefweb_full_text_records(
    obj: dict[str, Any], source: str
) -> tuple[list[Record], list[IngestError]]:
    """A full-text file read alone: one record per article, its PDF text in its body.
    Its id is the export's (``reliefweb-<id>``, the id opening ``pdf_filename``)."""
    return _records(obj, "articles", source, pdf_texts(obj))


def _records(
    obj: dict[str, Any], key: str, source: str, pdfs: dict[str, str]
) -> tuple[list[Record], list[IngestError]]:
    country = given_countries([obj["country"]]) if obj.get("country") else []
    out: list[Record] = []
    errors: list[IngestError] = []
    for n, r in enumerate(obj[key], start=1):
        if not isinstance(r, dict):
            what = "report" if key == "reports" else "article"
            errors.append(IngestError(f"{source}:{what} {n}", f"a {what} must be a JSON object"))
            continue
        html = json_text(r, "body_text")
        try:
            body = parse_html(html).body if html.strip() else ""
        except IngestError:
            body = ""  # a report whose body is only markup still has its title and date
        rid = json_text(r, "reliefweb_id") or json_text(r, "id")
        if not rid and (m := _RW_ID.match(json_text(r, "pdf_filename"))):
            rid = m.group(1)
        url = json_text(r, "url")
        pdf = pdfs.get(url, "") if url else ""
        rec = Record(
            id=f"reliefweb-{rid}" if rid else make_id(source, r.get("url")),
            title=json_text(r, "title") or "(untitled)",
            body=f"{body}\n\n{pdf}".strip() if pdf else body,
            source=source,
            date=_date(r),
            url=url or None,
            type="report",
            publishers=[publisher_value(p) for p in _publishers(r) if p.strip()],
        )
        out.append(tag(rec, countries=country))
    return out, errors
