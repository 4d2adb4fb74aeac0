"""An HTML page to records: the page itself, or each resource of a listing page.

:func:`~.html.parse_html` decides whether a page is one document or a listing
of many; this module turns either answer into records. A listing item's id
comes from its own link (or its position when it has none), so an item keeps
its id when the page gains or loses other items.
"""

from __future__ import annotations

from migsearch.errors import IngestError
from migsearch.indexer.ingest.html import parse_html
from migsearch.indexer.ingest.records import Record, make_id
from migsearch.indexer.ingest.tagging import tag

__all__ = ["html_records"]


def html_records(source: str, text: str) -> list[Record]:
    """Tagged records of one decoded page; IngestError when it holds no text at all.

    The parser knows no file name, so its errors are given this source's name here:
    a message must say which file of a folder was refused.
    """
    try:
        page = parse_html(text, base_url=None)
    except IngestError as e:
        raise IngestError(source, e.reason, kind=e.kind) from None
    if page.items:
        return [
            tag(
                Record(
                    id=make_id(source, it.url or pos),
                    title=it.title,
                    body=it.summary,
                    source=source,
                    summary=it.summary,
                    date=it.date,
                    url=it.url,
                    type=it.type,
                )
            )
            for pos, it in enumerate(page.items, start=1)
        ]
    if not page.body.strip() and not page.title.strip():
        raise IngestError(source, "no text content in the page")
    rec = Record(
        id=make_id(source),
        title=page.title,
        body=page.body,
        source=source,
        summary=page.summary,
        date=page.date,
        url=page.url,
        type=page.type,
    )
    return [tag(rec)]
