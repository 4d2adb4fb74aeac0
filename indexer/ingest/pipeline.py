"""From a source's bytes to finished records.

The split between reading (``sources``), page structure (``html``, ``text``)
and tagging (``countries``, ``themes``) lives here; this module only wires them
together, so that ``index`` and ``extract`` make exactly the same records.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from migsearch.errors import IngestError, MigsearchError
from migsearch.indexer.ingest.html import parse_html
from migsearch.indexer.ingest.records import Record, make_id
from migsearch.indexer.ingest.sentences import first_sentences
from migsearch.indexer.ingest.sources import Source, decode, iter_sources, read_source
from migsearch.indexer.ingest.text import split_text
from migsearch.indexer.vocabulary.countries import find_countries, regions_for, resolve_country
from migsearch.indexer.vocabulary.dates import parse_date
from migsearch.indexer.vocabulary.themes import find_themes, resolve_theme

__all__ = ["enrich", "extract_paths", "jsonl_record", "records_from_bytes"]

#: Only so much of a body is scanned for countries and themes: tags come from
#: what a document is about, which its first pages say; a 50 MB page would
#: otherwise cost seconds for no better tags.
TAG_SCAN_CHARS = 200_000


def enrich(
    rec: Record, *, given_countries: Iterable[str] = (), given_themes: Iterable[str] = ()
) -> Record:
    """Fill countries, regions, primary country, themes and summary from the text."""
    text = rec.body[:TAG_SCAN_CHARS]
    if rec.summary and rec.summary not in text:
        text = f"{rec.summary}\n{text}"
    cm = find_countries(text, title=rec.title)
    given = [c for c in given_countries if c]
    codes = list(dict.fromkeys([*given, *cm.codes]))
    rec.countries = codes
    rec.primary_country = given[0] if given else cm.primary
    rec.regions = regions_for(codes)
    tm = find_themes(rec.title, text)
    rec.themes = list(dict.fromkeys([*given_themes, *tm.ids]))
    rec.evidence = {"countries": cm.evidence, "themes": tm.evidence}
    if not rec.summary:
        rec.summary = first_sentences(rec.body)
    return rec


def _norm_countries(values: Any) -> list[str]:
    if isinstance(values, str):
        values = [v for v in values.replace(";", ",").split(",")]
    out: list[str] = []
    for v in values or []:
        try:
            out.extend(resolve_country(str(v)))
        except MigsearchError:
            continue  # a label we do not know is dropped, the text still gets tagged
    return out


def _norm_themes(values: Any) -> list[str]:
    if isinstance(values, str):
        values = values.split(",")
    out: list[str] = []
    for v in values or []:
        try:
            out.append(resolve_theme(str(v)))
        except MigsearchError:
            continue
    return out


def jsonl_record(obj: dict[str, Any], source: str, lineno: int) -> Record:
    """One JSONL object (DESIGN §3; BEIR corpora as they are) to a record."""
    rid = obj.get("id", obj.get("_id"))
    title = str(obj.get("title") or "").strip()
    body = str(obj.get("text") or obj.get("body") or "").strip()
    if not title and not body:
        raise IngestError(f"{source}:{lineno}", "record has neither title nor text")
    date = parse_date(str(obj["date"])) if obj.get("date") else None
    rec = Record(
        id=str(rid) if rid not in (None, "") else make_id(source, lineno),
        title=title or first_sentences(body, 120),
        body=body,
        source=source,
        summary=str(obj.get("summary") or ""),
        date=date,
        url=obj.get("url") or None,
        type=obj.get("type") or None,
    )
    return enrich(
        rec,
        given_countries=_norm_countries(obj.get("countries")),
        given_themes=_norm_themes(obj.get("themes")),
    )


def _reliefweb(obj: dict[str, Any], source: str) -> list[Record]:
    """ReliefWeb API export: one file, one country, a ``reports`` list of HTML bodies."""
    country = _norm_countries([obj["country"]]) if obj.get("country") else []
    out = []
    for r in obj.get("reports") or []:
        html = r.get("body_text") or ""
        try:
            body = parse_html(html).body if html.strip() else ""
        except IngestError:
            body = ""  # a report whose body is only markup still has its title and date
        date = r.get("date")
        date = parse_date(str(date.get("original"))) if isinstance(date, dict) else None
        date = date[:10] if date else None
        rid = r.get("reliefweb_id") or r.get("id")
        rec = Record(
            id=f"reliefweb-{rid}" if rid else make_id(source, r.get("url")),
            title=str(r.get("title") or "").strip() or "(untitled)",
            body=body,
            source=source,
            date=date,
            url=r.get("url"),
            type="report",
        )
        out.append(enrich(rec, given_countries=country))
    return out


def _html_records(src: str, text: str) -> list[Record]:
    page = parse_html(text, base_url=None)
    if page.items:
        recs = []
        for pos, it in enumerate(page.items, start=1):
            rec = Record(
                id=make_id(src, it.url or pos),
                title=it.title,
                body=it.summary,
                source=src,
                summary=it.summary,
                date=it.date,
                url=it.url,
                type=it.type,
            )
            recs.append(enrich(rec))
        return recs
    if not page.body.strip() and not page.title.strip():
        raise IngestError(src, "no text content in the page")
    rec = Record(
        id=make_id(src),
        title=page.title or first_sentences(page.body, 120),
        body=page.body,
        source=src,
        summary=getattr(page, "summary", "") or "",
        date=page.date,
        url=page.url,
        type=page.type,
    )
    return [enrich(rec)]


def _text_records(src: str, text: str) -> list[Record]:
    items = split_text(text)
    if not items:
        raise IngestError(src, "no text content")
    many = len(items) > 1
    recs = []
    for it in items:
        rec = Record(
            id=make_id(src, it.position if many else None),
            title=it.title,
            body=it.summary,
            source=src,
            summary=first_sentences(it.summary) if not many else it.summary,
            date=it.date,
        )
        recs.append(enrich(rec))
    return recs


def iter_jsonl(src: str, text: str) -> Iterator[tuple[int, dict[str, Any]] | IngestError]:
    """Objects of a JSONL text; a bad line is yielded as an error, not raised.

    One broken line in a 100,000-line export should cost that line, not the file.
    """
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            yield IngestError(f"{src}:{lineno}", f"invalid JSON ({e.msg})")
            continue
        if not isinstance(obj, dict):
            yield IngestError(f"{src}:{lineno}", "a JSONL line must be an object")
            continue
        yield lineno, obj


def records_from_bytes(src: Source, data: bytes) -> list[Record]:
    """Every record of one source; raises IngestError for a source that yields none."""
    name = src.name
    if src.format == "html":
        return _html_records(name, decode(data, name, html=True))
    if src.format == "text":
        return _text_records(name, decode(data, name))
    text = decode(data, name)
    if src.format == "json":
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as e:
            raise IngestError(name, f"invalid JSON ({e.msg} at line {e.lineno})") from e
        if isinstance(obj, dict) and isinstance(obj.get("reports"), list):
            return _reliefweb(obj, name)
        if isinstance(obj, list):
            return [jsonl_record(o, name, i) for i, o in enumerate(obj, 1) if isinstance(o, dict)]
        raise IngestError(name, "JSON file is neither a record list nor a ReliefWeb export")
    recs: list[Record] = []
    bad: list[IngestError] = []
    for row in iter_jsonl(name, text):
        if isinstance(row, IngestError):
            bad.append(row)
            continue
        try:
            recs.append(jsonl_record(row[1], name, row[0]))
        except IngestError as e:
            bad.append(e)
    if bad and not recs:
        raise bad[0]
    return recs


def extract_paths(paths: Iterable[str]) -> Iterator[Record | IngestError]:
    """What ``index`` would store for ``paths``, source by source; errors are yielded, not raised."""
    for src in iter_sources(paths):
        try:
            yield from records_from_bytes(src, read_source(src))
        except IngestError as e:
            yield e
