"""The fixture library on 127.0.0.1 and its PDFs, printed by headless Chromium.

Every test here talks to a real server on the loopback address only; the
library's shape (two listing pages, detail pages, PDF and text attachments,
robots.txt, a redirect, a 404, a slow page, huge files) is in
tests/library_site.py.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from html import escape
from pathlib import Path

import pytest
from library_site import PDF_TEXTS, LibrarySite, serve_library

CHROMIUM = "/usr/bin/chromium"


def print_pdf(html: str, out: Path) -> bytes:
    """A real PDF of ``html``, printed by headless Chromium."""
    src = out.with_suffix(".html")
    src.write_text(html, "utf-8")
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--print-to-pdf={out}",
            src.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    data = out.read_bytes()
    assert data.startswith(b"%PDF-"), out
    return data


@pytest.fixture(scope="session")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The fixture library's PDF attachments, each holding its sentence of PDF_TEXTS."""
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        pytest.skip("headless Chromium (Debian's chromium package) is needed to print PDFs")
    d = tmp_path_factory.mktemp("pdfs")
    out = {}
    for path, text in PDF_TEXTS.items():
        name = path.rsplit("/", 1)[-1]
        html = f"<html><body><h1>{escape(name)}</h1><p>{escape(text)}</p></body></html>"
        out[path] = print_pdf(html, d / name)
    return out


@pytest.fixture()
def site() -> Iterator[LibrarySite]:
    """An empty site; tests set its routes."""
    with LibrarySite() as s:
        yield s


@pytest.fixture()
def library(site: LibrarySite, pdfs: dict[str, bytes]) -> LibrarySite:
    """The fixture library, served."""
    serve_library(site, pdfs)
    return site
