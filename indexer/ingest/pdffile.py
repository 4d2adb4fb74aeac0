"""PDF files to records: the text of each page, through PDFium.

PDFium (``pypdfium2``, Apache-2.0/BSD) was chosen on measurements
(``bench/pdf_libs.py``): on 30 of the extraction benchmark's articles printed
to PDF by Chromium, its text scores shingle F1 0.991 against the known text
(pypdf 0.904, pdfminer.six 0.899), and it reads 5 to 20 times as many pages a
second (140-930 pages/s on one core).

Pages are read one at a time and closed, so a 300-page report costs its text,
not its rendered pages. Lines repeated at the top or bottom of most pages
(running heads, "Page 3 of 40") are left out of the body; a word broken at a
line end ("migra-" / "tion") is joined. Where each page starts in the body is
kept on the record (:attr:`~.records.Record.pages`), so a hit can say its page.

A PDF without a text layer (a scan) is indexed by its metadata and reported;
an encrypted, truncated or malformed one is one :class:`IngestError`.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from migsearch.errors import IngestError
from migsearch.indexer.ingest.documents import DocumentParts, document_record, metadata_date
from migsearch.indexer.ingest.records import Record

__all__ = ["SCANNED_NOTE", "pdf_records", "read_pdf"]

#: how a PDF with no text layer is reported (it is indexed by its metadata)
SCANNED_NOTE = "no text layer: scanned PDF; indexed by its metadata only"
#: fewer characters than this per page on average: no text layer to speak of
_MIN_CHARS_PER_PAGE = 20
_HYPHENATED = re.compile(r"(?<=[^\W\d_])-\n(?=[^\W\d_]*[a-zß-ÿ])")
_DIGITS = re.compile(r"\d+")
#: pages of more lines than this may have running heads and feet
_MIN_LINES = 4


def _open(data: bytes, source: str) -> Any:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        msg = str(e).lower()
        if "password" in msg:
            raise IngestError(source, "encrypted PDF (needs a password)", kind="encrypted") from e
        raise IngestError(source, f"not a readable PDF (damaged or truncated: {e})") from e


def _page_texts(doc: Any, source: str) -> list[str]:
    import pypdfium2 as pdfium

    out: list[str] = []
    for i in range(len(doc)):
        try:
            page = doc[i]
            tp = page.get_textpage()
            try:
                text = tp.get_text_bounded()
            finally:
                tp.close()
                page.close()
        except pdfium.PdfiumError:
            text = ""  # one unreadable page costs that page
        out.append(text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", ""))
    return out


def _running_lines(pages: list[str]) -> set[str]:
    """Lines that open or close most pages (running heads and feet, page numbers),
    compared with their digits masked ("Page 3 of 40" is "Page # of #")."""
    if len(pages) < 4:
        return set()
    seen: Counter[str] = Counter()
    for text in pages:
        lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
        if len(lines) > _MIN_LINES:  # a short page's lines are its content
            seen.update({_DIGITS.sub("#", ln) for ln in lines[:2] + lines[-2:]})
    return {ln for ln, n in seen.items() if n >= max(3, 0.4 * len(pages)) and len(ln) <= 120}


def _clean(text: str, running: set[str]) -> str:
    lines = text.split("\n")
    if running and sum(1 for ln in lines if ln.strip()) > _MIN_LINES:
        keep = []
        for i, ln in enumerate(lines):
            at_edge = i < 2 or i >= len(lines) - 2
            if at_edge and _DIGITS.sub("#", ln.strip()) in running:
                continue
            keep.append(ln)
        lines = keep
    text = "\n".join(ln.rstrip() for ln in lines).strip()
    return _HYPHENATED.sub("", text)


def read_pdf(data: bytes, source: str) -> tuple[DocumentParts, bool]:
    """The parts of a PDF, and whether it has a text layer at all."""
    doc = _open(data, source)
    try:
        if len(doc) == 0:
            raise IngestError(source, "not a readable PDF (no pages)")
        raw = _page_texts(doc, source)
        meta = doc.get_metadata_dict(skip_empty=True)
    finally:
        doc.close()
    has_text = sum(len(t.strip()) for t in raw) >= _MIN_CHARS_PER_PAGE * len(raw)
    running = _running_lines(raw)
    pages = [_clean(t, running) for t in raw]
    parts = DocumentParts(
        pages=pages if has_text else [""],
        meta_title=meta.get("Title", ""),
        meta_author=meta.get("Author", ""),
        meta_date=metadata_date(meta.get("CreationDate")),
    )
    return parts, has_text


def pdf_records(source: str, data: bytes) -> tuple[list[Record], list[IngestError]]:
    """One record for the PDF, and a note when it had no text layer to index."""
    parts, has_text = read_pdf(data, source)
    rec = document_record(source, parts)
    notes = [] if has_text else [IngestError(source, SCANNED_NOTE, kind="note")]
    return [rec], notes
