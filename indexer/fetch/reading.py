"""Fetched bytes to text, through the ingest pipeline's own readers.

A fetched page is decoded with the charset its server declared when that
works, else as a file would be (BOM, UTF-8, ``<meta charset>``, a guess). A
fetched document is handed to :func:`~migsearch.indexer.ingest.pipeline.records_from_bytes`
under the format its media type maps to in the pipeline's suffix table, so
every format the pipeline reads from disk (PDF and Word among them once it
has those readers) is read from the web the same way, with no reader here.
"""

from __future__ import annotations

from pathlib import Path

from migsearch.errors import IngestError
from migsearch.indexer.fetch.sniff import ingest_format, suffix_for
from migsearch.indexer.fetch.visit import Fetched
from migsearch.indexer.ingest.pipeline import records_from_bytes
from migsearch.indexer.ingest.sources import FORMATS, Source, decode

__all__ = ["document_text", "page_text"]


def page_text(got: Fetched) -> str:
    """The decoded text of a fetched page."""
    body = got.body or b""
    charset = got.entry.charset
    if charset:
        try:
            return body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration: read the bytes as a file's
    return decode(body, got.url, html=True)


def document_text(url: str, body: bytes, media: str) -> str:
    """The full text of a fetched document, read by the pipeline as a file of its format.

    Raises IngestError (named by ``url``) when the pipeline has no reader for
    the media type, or the document gives no text.
    """
    fmt = ingest_format(media)
    if fmt is None:
        known = ", ".join(sorted(FORMATS))
        raise IngestError(url, f"{media} is not a format migsearch reads (it reads {known})")
    src = Source(Path("/fetched/document" + (suffix_for(media) or "")), fmt, Path("/fetched"))
    try:
        recs, _ = records_from_bytes(src, body)
    except IngestError as e:
        raise IngestError(url, e.reason) from None
    parts = []
    for r in recs:
        body_text = r.body.strip()
        if r.title and not body_text.startswith(r.title):
            parts.append(f"{r.title}\n{body_text}" if body_text else r.title)
        elif body_text:
            parts.append(body_text)
    if not parts:
        raise IngestError(url, "no text in the document")
    return "\n\n".join(parts)
