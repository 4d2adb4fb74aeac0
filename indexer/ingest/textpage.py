"""A plain-text page to records: one document, or each resource of a listing.

:func:`~.text.split_text` finds the items; a page of one item is one record
whose id is the file's, items of a listing take their position on the page.
A listing item's blurb is its body and its summary; a single document's
summary is its first sentences.
"""

from __future__ import annotations

from migsearch.errors import IngestError
from migsearch.indexer.ingest.records import Record, make_id
from migsearch.indexer.ingest.sentences import first_sentences
from migsearch.indexer.ingest.tagging import tag
from migsearch.indexer.ingest.text import split_text

__all__ = ["text_records"]


def text_records(source: str, text: str) -> list[Record]:
    """Tagged records of one decoded text file; IngestError when it holds no text."""
    items = split_text(text)
    if not items:
        raise IngestError(source, "no text content")
    many = len(items) > 1
    return [
        tag(
            Record(
                id=make_id(source, it.position if many else None),
                title=it.title,
                body=it.summary,
                source=source,
                summary=it.summary if many else first_sentences(it.summary),
                date=it.date,
            )
        )
        for it in items
    ]
