"""What fetched bytes are: signatures before the declared type, before the URL's suffix."""

from __future__ import annotations

import gzip
import io
import zipfile

from migsearch.indexer.fetch.sniff import (
    FEED,
    HTML,
    SITEMAP,
    ingest_format,
    kind,
    sniff,
    unwrap,
)


def _docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def test_bytes_win_over_a_wrong_declared_type() -> None:
    assert sniff(b"%PDF-1.7\n...", "application/octet-stream", "http://x/a") == "application/pdf"
    assert sniff(b"%PDF-1.4", "text/html", "http://x/a.html") == "application/pdf"
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert sniff(_docx(), "application/zip", "http://x/a") == docx
    assert sniff(b"<!DOCTYPE html><html>", "text/plain", "http://x/a.txt") == HTML
    assert sniff(b"\xef\xbb\xbf  <html lang=en>", "", "http://x/a") == HTML
    xml = b'<?xml version="1.0"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    assert sniff(xml, "text/plain", "http://x/s") == SITEMAP
    assert sniff(b'<?xml version="1.0"?><sitemapindex>', "text/xml", "http://x/s") == SITEMAP
    assert sniff(b'<?xml version="1.0"?><rss version="2.0">', "text/xml", "http://x/f") == FEED
    assert sniff(b'<feed xmlns="http://www.w3.org/2005/Atom">', "", "http://x/f") == FEED


def test_declared_type_then_suffix_when_the_bytes_say_nothing() -> None:
    assert sniff(b"plain words", "text/plain", "http://x/a") == "text/plain"
    assert sniff(b"plain words", "application/rss+xml", "http://x/a") == FEED
    assert sniff(b"plain words", "application/octet-stream", "http://x/notes.txt") == "text/plain"
    assert sniff(b"\x00\x01", "", "http://x/blob") == "application/octet-stream"


def test_kinds_and_the_pipelines_formats() -> None:
    assert [kind(m) for m in (HTML, SITEMAP, FEED, "application/pdf")] == [
        "page",
        "sitemap",
        "feed",
        "document",
    ]
    assert ingest_format("text/plain") == "text"
    assert ingest_format("text/html") == "html"
    assert ingest_format("application/x-unknown") is None


def test_gzip_is_inflated_within_the_cap() -> None:
    data = b"<urlset>" + b" " * 10_000 + b"</urlset>"
    gz = gzip.compress(data)
    assert unwrap(gz, 1_000_000) == data
    assert unwrap(gz, 1000) is None  # would inflate past the cap
    assert unwrap(gz[:20], 1_000_000) is None  # truncated
    assert unwrap(b"plain", 10) == b"plain"
