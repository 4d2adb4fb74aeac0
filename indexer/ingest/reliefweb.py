"""ReliefWeb API exports: one JSON file per country, a ``reports`` list of HTML bodies.

The shape is ReliefWeb's own: the file names its country at the top level
(the per-report country lists are empty in exports), and each report carries
``reliefweb_id``, ``title``, ``body_text`` (HTML), ``date.original`` and
``url``. Ids are ``reliefweb-<id>``, so a report indexed from two exports
stays one document. The ``source`` list names the report's publishers.
Values are checked as a JSON record's are (:mod:`.values`).

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
from migsearch.indexer.ingest.records import Record, make_id, publisher_value
from migsearch.indexer.ingest.tagging import given_countries, tag
from migsearch.indexer.ingest.values import (
    MAX_RECORD_CHARS,
    Warnings,
    clean_text,
    date_value,
    id_value,
    names_value,
    text_value,
    url_value,
)

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


def _string(obj: dict[str, Any], key: str) -> str:
    v = obj.get(key)
    return clean_text(v.strip()) if isinstance(v, str) else ""


def pdf_texts(obj: dict[str, Any]) -> dict[str, str]:
    """The PDF text of each article of a full-text file, by report URL."""
    out: dict[str, str] = {}
    for a in obj.get("articles") or []:
        if isinstance(a, dict):
            url, text = _string(a, "url"), _string(a, "pdf_text")
            if url and text:
                out[url] = text
    return out


def _publishers(report: dict[str, Any]) -> list[str]:
    names = report.get("source", report.get("sources"))
    names = names if isinstance(names, list) else [names] if names else []
    found = [n.get("name", "") if isinstance(n, dict) else n for n in names]
    return [publisher_value(clean_text(n)) for n in found if isinstance(n, str) and n.strip()]


def _date(report: dict[str, Any], w: Warnings) -> str | None:
    d = report.get("date")
    if d is None:
        return None
    if not isinstance(d, dict):
        w.add("date must be an object with an 'original' date; the record is undated")
        return None
    iso = date_value(d.get("original"), w, field="date.original")
    return iso[:10] if iso else None


def _report(
    r: dict[str, Any], source: str, where: str, country: list[str], pdfs: dict[str, str]
) -> Record:
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
    if not rid and (m := _RW_ID.match(_string(r, "pdf_filename"))):
        rid = m.group(1)
    url = url_value(r.get("url"), w)
    pdf = pdfs.get(url, "") if url else ""
    rec = Record(
        id=f"reliefweb-{rid}" if rid else make_id(source, url),
        title=text_value(r.get("title"), "title", w, one_line=True) or "(untitled)",
        body=f"{body}\n\n{pdf}".strip() if pdf else body,
        source=source,
        date=_date(r, w),
        url=url,
        type="report",
        publishers=list(dict.fromkeys(p for p in _publishers(r) if p)),
    )
    rec.warnings = w.messages
    return tag(rec, countries=country)


def reliefweb_records(
    obj: dict[str, Any], source: str, pdfs: dict[str, str] | None = None
) -> tuple[list[Record], list[IngestError]]:
    """One tagged record per report (the file's country given to each), and an
    error for each entry of ``reports`` that is not a usable report. ``pdfs``
    (from :func:`pdf_texts`) adds each report's PDF text to its body."""
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
    top = Warnings(source)
    named = names_value(obj.get("country"), "country", top)
    country = given_countries([named] if isinstance(named, str) else named)
    what = "report" if key == "reports" else "article"
    out: list[Record] = []
    errors: list[IngestError] = []
    for n, r in enumerate(obj[key], start=1):
        where = f"{source}:{what} {n}"
        if not isinstance(r, dict):
            errors.append(IngestError(where, f"a {what} must be a JSON object"))
            continue
        try:
            out.append(_report(r, source, where, country, pdfs))
        except IngestError as e:
            errors.append(e)
    if out and top.messages:
        out[0].warnings[:0] = top.messages
    return out, errors
