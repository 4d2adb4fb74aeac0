"""What fetched bytes are: the bytes' own signature first, the declared type second.

Servers mislabel: PDFs as ``application/octet-stream``, sitemaps as
``text/plain``, HTML as ``text/plain``. The crawler decides what to do with a
body (parse a page, read a sitemap or a feed, hand a document to the ingest
pipeline) from what it is, so magic numbers and the first tag win over the
``Content-Type`` header, which wins over the URL's suffix.
"""

from __future__ import annotations

import io
import mimetypes
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from migsearch.indexer.ingest.sources import detect_format

__all__ = ["FEED", "HTML", "SITEMAP", "ingest_format", "kind", "sniff", "suffix_for", "unwrap"]

HTML = "text/html"
#: not registered media types: the names migsearch gives what it found
SITEMAP = "application/x-sitemap+xml"
FEED = "application/x-feed+xml"

#: media type → the file suffix the ingest pipeline knows formats by
SUFFIXES: dict[str, str] = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/plain": ".txt",
    "text/markdown": ".txt",
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/msword": ".doc",
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/rtf": ".rtf",
    "text/csv": ".csv",
    "application/json": ".json",
    "application/x-ndjson": ".jsonl",
    "application/jsonl": ".jsonl",
}
_FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/rdf+xml"}
_XML_ROOTS = {
    b"<urlset": SITEMAP,
    b"<sitemapindex": SITEMAP,
    b"<rss": FEED,
    b"<feed": FEED,
    b"<rdf:rdf": FEED,
    b"<html": HTML,
}


def unwrap(body: bytes, max_bytes: int) -> bytes | None:
    """A gzip file's content (``sitemap.xml.gz``), at most ``max_bytes``; the body itself
    when it is not gzip; None when it inflates past the cap or is corrupt."""
    if not body.startswith(b"\x1f\x8b"):
        return body
    d = zlib.decompressobj(wbits=47)
    try:
        out = d.decompress(body, max_bytes + 1)
    except zlib.error:
        return None
    return None if len(out) > max_bytes or not d.eof else out


def _markup(head: bytes) -> str | None:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<!doctype html"):
        return HTML
    if not text.startswith(b"<"):
        return None
    for root, media in _XML_ROOTS.items():
        at = text.find(root)
        if at >= 0 and text[at + len(root) : at + len(root) + 1] in (
            b" ",
            b">",
            b"\n",
            b"\r",
            b"\t",
        ):
            return media
    if text.startswith((b"<head", b"<body", b"<div", b"<p", b"<!--")):
        return HTML
    return None


def _zip_kind(body: bytes) -> str | None:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(body)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "word/document.xml" in names:
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if "content.xml" in names:
        return "application/vnd.oasis.opendocument.text"
    return "application/zip"


def sniff(body: bytes, declared: str, url: str) -> str:
    """The media type of ``body``: signature, then ``declared``, then the URL's suffix."""
    head = body[:2048]
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(body) or "application/zip"
    if head.startswith(b"{\\rtf"):
        return "application/rtf"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "application/msword"
    found = _markup(head)
    if found:
        return found
    if declared in _FEED_TYPES:
        return FEED
    if declared and declared not in ("application/octet-stream", "binary/octet-stream"):
        return declared
    guess, _ = mimetypes.guess_type(PurePosixPath(urlsplit(url).path).name)
    return guess or "application/octet-stream"


def kind(media: str) -> str:
    """``page``, ``sitemap``, ``feed`` or ``document`` (handed to the ingest pipeline)."""
    if media in (HTML, "application/xhtml+xml"):
        return "page"
    if media == SITEMAP:
        return "sitemap"
    if media == FEED:
        return "feed"
    return "document"


def suffix_for(media: str) -> str | None:
    return SUFFIXES.get(media)


def ingest_format(media: str) -> str | None:
    """The ingest pipeline's format for this media type, or None when it reads no such files.

    Asked of the pipeline's own suffix table, so a format the pipeline learns
    (PDF, Word) is read from the web the moment it is read from disk.
    """
    suffix = SUFFIXES.get(media)
    return detect_format(Path("document" + suffix)) if suffix else None
