"""One record per resource: the listing's title and blurb, the detail page, the attachments.

A resource found on a listing page is seen three times: as an item (title,
blurb, perhaps a date and a type), as its own detail page (the full text and
what the page declares), and through the documents the page attaches (the
report itself). The record takes each field from where it is best said: the
title and summary from the listing, which a librarian wrote for the purpose;
the date from the detail page's metadata, else the listing; the body from the
detail page followed by each attachment's full text.

Each resource is a source of its own for the incremental writer, named by its
URL, and its hash covers everything the record is made from (the item's
words, the bytes of the page and of each attachment, and which formats the
ingest pipeline can read), so the record is rebuilt exactly when one of them
changed, including when migsearch learns to read an attachment it could not.
"""

from __future__ import annotations

import hashlib

from migsearch.errors import IngestError
from migsearch.indexer.fetch.crawl import Resource
from migsearch.indexer.fetch.reading import document_text
from migsearch.indexer.fetch.sniff import ingest_format, kind
from migsearch.indexer.fetch.visit import Fetched
from migsearch.indexer.ingest.records import Record, make_id
from migsearch.indexer.ingest.tagging import tag
from migsearch.indexer.store.writer import PreparedSource

__all__ = ["ASSEMBLY_VERSION", "prepared_source", "resource_hash", "resource_record"]

#: bump when the way records are assembled changes, so every resource is rebuilt
ASSEMBLY_VERSION = "1"


def _attachments(res: Resource, visits: dict[str, Fetched]) -> list[Fetched]:
    """The resource's attachments that were fetched (off-site or capped ones were not)."""
    return [visits[u] for u in res.attachment_urls if u in visits and u != res.url]


def resource_hash(res: Resource, visits: dict[str, Fetched]) -> str:
    h = hashlib.sha1(f"assembly {ASSEMBLY_VERSION}\n".encode())
    if res.item is not None:
        it = res.item
        h.update(f"item\n{it.title}\n{it.summary}\n{it.date}\n{it.type}\n".encode())
    if res.main is not None:
        m = res.main
        h.update(f"main\n{m.final_url}\n{m.entry.sha1}\n{ingest_format(m.media)}\n".encode())
    for a in _attachments(res, visits):
        h.update(f"attachment\n{a.url}\n{a.entry.sha1}\n{ingest_format(a.media)}\n".encode())
    return h.hexdigest()


def resource_record(res: Resource, visits: dict[str, Fetched]) -> tuple[Record, list[str]]:
    """The resource's record, and one line per attachment that gave no text."""
    errors: list[str] = []
    item = res.item
    title = item.title if item else ""
    summary = item.summary if item else ""
    date = item.date if item else None
    type_ = item.type if item else None
    url = res.url
    parts: list[str] = []
    main = res.main
    if res.page is not None:
        page = res.page
        title = title or page.title
        summary = summary or page.summary
        date = page.date or date
        type_ = type_ or page.type
        url = page.url or (main.final_url if main else url)
        if page.body.strip():
            parts.append(page.body.strip())
    elif main is not None and main.body is not None and kind(main.media) == "document":
        url = main.final_url
        text = document_text(res.url, main.body, main.media)  # the resource itself: must read
        parts.append(text)
    for a in _attachments(res, visits):
        if a.body is None:
            errors.append(f"{a.url}: {a.error} (attachment of {res.url})")
            continue
        try:
            parts.append(document_text(a.url, a.body, a.media))
        except IngestError as e:
            errors.append(f"{e} (attachment of {res.url})")
    body = "\n\n".join(parts) or summary
    if not title and not body.strip():
        raise IngestError(res.url, "no text in the resource")
    rec = Record(
        id=make_id(res.url),
        title=title,
        body=body,
        source=res.url,
        summary=summary,
        date=date,
        url=url,
        type=type_,
    )
    return tag(rec), errors


def prepared_source(res: Resource, visits: dict[str, Fetched]) -> PreparedSource:
    """The resource as a source for the incremental writer."""

    def build() -> tuple[list[Record], list[str]]:
        rec, errors = resource_record(res, visits)
        return [rec], errors

    return PreparedSource(res.url, resource_hash(res, visits), build)
