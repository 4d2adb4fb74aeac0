"""Real documents made on the spot: PDFs printed by headless Chromium, Word files
written by python-docx, and the usual ways a PDF goes bad.

Tests (and ``bench/pdf_libs.py``) need PDFs whose text and page layout are
known exactly; printing HTML is the way a browser makes them, so their text
layer is as real as a report's. Nothing here is a stub: each function writes a
file that the readers open as they would any other.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

__all__ = [
    "CHROMIUM",
    "PAGE_SEVEN_WORD",
    "PdfPrinter",
    "encrypted_copy",
    "page_html",
    "pdf_printer",
    "print_page_seven_report",
    "with_metadata",
    "write_docx",
]

CHROMIUM = Path("/usr/bin/chromium")
# a 1x1 grey PNG: a page holding only a picture has no text layer (a "scanned" page)
_PIXEL = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNoAAAAggCB"
    "d81ytgAAAABJRU5ErkJggg=="
)


class PdfPrinter(Protocol):
    """Prints ``html_text`` to ``out``; ``pages`` ("1-20") limits the pages printed."""

    def __call__(self, html_text: str, out: Path, pages: str = "") -> Path: ...


def page_html(pages: Sequence[Sequence[str]], title: str = "", *, scanned: bool = False) -> str:
    """An HTML document that prints one PDF page per entry of ``pages`` (its
    paragraphs, escaped); the first paragraph of the first page is an ``<h1>``.
    ``scanned`` prints a picture on each page instead of the text."""
    out = [
        "<!doctype html><html><head><meta charset='utf-8'>",
        f"<title>{html.escape(title)}</title>",
        "<style>body{font:12pt serif;margin:0}section{break-after:page}"
        "section:last-child{break-after:auto}img{width:15cm;height:22cm}</style>",
        "</head><body>",
    ]
    for n, paras in enumerate(pages):
        out.append("<section>")
        if scanned:
            out.append(f"<img src='{_PIXEL}' alt=''>")
        else:
            for i, p in enumerate(paras):
                tag = "h1" if n == 0 and i == 0 else "p"
                out.append(f"<{tag}>{html.escape(p)}</{tag}>")
        out.append("</section>")
    out.append("</body></html>")
    return "".join(out)


@contextmanager
def pdf_printer() -> Iterator[PdfPrinter]:
    """A function printing HTML to a PDF file with one headless Chromium (kept
    open: printing a page then takes a fraction of a second). Raises
    RuntimeError when Chromium is not installed."""
    if not CHROMIUM.exists():
        raise RuntimeError(f"no Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
            headless=True,
        )
        page = browser.new_page()
        # offline: a printed page's stylesheets, fonts and pictures from the web fail at once
        page.route(
            "**/*",
            lambda route: (
                route.abort()
                if route.request.url.startswith(("http:", "https:"))
                else route.continue_()
            ),
        )

        page.set_default_timeout(60_000)

        def print_pdf(html_text: str, out: Path, pages: str = "") -> Path:
            page.set_content(html_text, wait_until="load")
            page.pdf(path=str(out), format="A4", print_background=False, page_ranges=pages)
            return out

        try:
            yield print_pdf
        finally:
            browser.close()


def with_metadata(pdf: Path, out: Path, **meta: str) -> Path:
    """A copy of ``pdf`` whose document information says ``meta``
    (``Title="Microsoft Word - final_v3.docx"``, ``Author=…``, ``CreationDate=…``)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(pdf))
    writer.add_metadata({f"/{k}": v for k, v in meta.items()})
    with out.open("wb") as f:
        writer.write(f)
    return out


def encrypted_copy(pdf: Path, out: Path, password: str = "secret") -> Path:
    """A copy of ``pdf`` that opens only with ``password``."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(pdf))
    writer.encrypt(user_password=password, owner_password=password + "-owner")
    with out.open("wb") as f:
        writer.write(f)
    return out


def write_docx(
    out: Path,
    paragraphs: Sequence[str | tuple[str, str]],
    *,
    table: Sequence[Sequence[str]] = (),
    **core: Any,
) -> Path:
    """A Word file: ``paragraphs`` are text or (style, text) pairs such as
    ("Title", …) or ("Heading 1", …); ``table`` rows follow them; ``core`` sets
    the document's properties (``title``, ``author``, ``created``…)."""
    import docx

    doc = docx.Document()
    for p in paragraphs:
        style, text = p if isinstance(p, tuple) else (None, p)
        doc.add_paragraph(text, style=style)
    if table:
        t = doc.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                t.cell(r, c).text = cell
    for k, v in core.items():
        setattr(doc.core_properties, k, v)
    doc.save(str(out))
    return out


#: the word only page 7 of :func:`print_page_seven_report`'s report holds
PAGE_SEVEN_WORD = "quokkanomics"


def print_page_seven_report(out: Path) -> Path:
    """A nine-page "Fishers report" PDF whose word ``quokkanomics`` is on page 7 only.

    Printed by Chromium; where Chromium cannot print, the calling test is skipped
    with Chromium's reason (the one place the PDF tests may skip).
    """
    import pytest

    pages = [[f"Page {n}: migrant fishers and recruitment fees in Thailand."] for n in range(1, 10)]
    pages[6] = [f"Page 7: the word {PAGE_SEVEN_WORD} appears here only."]
    try:
        with pdf_printer() as print_pdf:
            return print_pdf(page_html(pages, "Fishers report"), out)
    except RuntimeError as e:
        pytest.skip(str(e))
