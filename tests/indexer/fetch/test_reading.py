"""Fetched bytes to text through the ingest pipeline's readers."""

from __future__ import annotations

import time

import pytest

from migsearch.errors import IngestError
from migsearch.indexer.fetch.cache import Entry
from migsearch.indexer.fetch.reading import document_text, page_text
from migsearch.indexer.fetch.visit import Fetched


def _got(body: bytes, charset: str | None) -> Fetched:
    return Fetched(
        "http://x/a", Entry("http://x/a", "downloaded", time.time(), charset=charset), body, True
    )


def test_a_page_is_decoded_with_the_declared_charset_else_as_a_file() -> None:
    latin = "<html><body>Migración laboral</body></html>".encode("latin-1")
    assert "Migración" in page_text(_got(latin, "iso-8859-1"))
    assert "Migración" in page_text(_got(latin, None))  # the file fallback guesses cp1252
    assert "Migración" in page_text(_got(latin, "no-such-charset"))
    utf8 = "<html><body>Việt Nam</body></html>".encode()
    assert "Việt Nam" in page_text(_got(utf8, "utf-8"))


def test_documents_are_read_by_the_pipeline_by_media_type() -> None:
    text = document_text(
        "http://x/brief.txt",
        b"Remittance brief\n\nHundi transfers fell after banks lowered their fees.\n",
        "text/plain",
    )
    assert text.startswith("Remittance brief") and "Hundi transfers fell" in text
    html = document_text(
        "http://x/a.html",
        b"<html><body><h1>Title here</h1><p>Body words.</p></body></html>",
        "text/html",
    )
    assert "Body words." in html


def test_unreadable_documents_are_one_line_errors_named_by_url() -> None:
    with pytest.raises(IngestError) as e:
        document_text("http://x/a.xyz", b"\x00\x01", "application/x-unknown")
    assert str(e.value).startswith("http://x/a.xyz: application/x-unknown is not a format")
    with pytest.raises(IngestError) as e:
        document_text("http://x/a.txt", b"\x00\x01\x02binary", "text/plain")
    assert str(e.value) == "http://x/a.txt: binary file, not text"
