"""PDF text libraries compared: text quality and speed, on PDFs whose text is known.

Run: ``.venv/bin/python bench/pdf_libs.py`` (from the repository root; needs
``/usr/bin/chromium`` and the candidates: ``pip install pypdfium2 pypdf pdfminer.six``).

Candidates, all with licences an MIT project may depend on: pypdfium2 (PDFium,
Apache-2.0/BSD-3), pypdf (BSD-3), pdfminer.six (MIT). PyMuPDF is AGPL and not
considered.

The PDFs are made here, by headless Chromium printing HTML, so the text of
each page is known:

* *gold layout*: the gold article text of benchmark pages laid out as a
  document (headings, paragraphs, several pages). Quality is the shingle F1 of
  :mod:`extraction` between a library's text and the gold text.
* *printed page*: the original benchmark page itself printed as a browser
  prints it (menus, columns, sidebars). Only the article's text is known, so
  quality is its recall (how much of the article's 4-word shingles come out).
* *real*: PDFs found on this machine (TeX manuals under /usr/share/doc), for
  speed and word counts only.

Speed is pages per second on one core (median of ``--repeats`` runs, min–max),
and the ratio against pypdfium2 measured in the same run.
"""

from __future__ import annotations

import argparse
import io
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from extraction import AEB, load_pages, page_counts, prf
from halves import split
from sections import Section, run

ROOT = Path(__file__).resolve().parents[1]
sys.path.append(str(ROOT / "tests"))
from documents import page_html, pdf_printer  # noqa: E402

REAL = [
    Path("/usr/share/doc/libtasn1-doc/libtasn1.pdf"),
    Path("/usr/share/doc/shared-mime-info/shared-mime-info-spec.pdf"),
]
_WORD = re.compile(r"\w+")


def pdfium_pages(data: bytes) -> list[str]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    out = []
    try:
        for i in range(len(doc)):
            page = doc[i]
            tp = page.get_textpage()
            out.append(tp.get_text_bounded())
            tp.close()
            page.close()
    finally:
        doc.close()
    return out


def pypdf_pages(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages]


def pdfminer_pages(data: bytes) -> list[str]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTTextContainer

    out = []
    for layout in extract_pages(io.BytesIO(data)):
        out.append("".join(el.get_text() for el in layout if isinstance(el, LTTextContainer)))
    return out


LIBS: dict[str, Callable[[bytes], list[str]]] = {
    "pypdfium2": pdfium_pages,
    "pypdf": pypdf_pages,
    "pdfminer.six": pdfminer_pages,
}


def _version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def _paragraph_pages(text: str, per_page: int = 6) -> list[list[str]]:
    paras = [p.strip() for p in re.split(r"\n+", text) if p.strip()]
    return [paras[i : i + per_page] for i in range(0, len(paras), per_page)] or [[text]]


_MADE: dict[str, list[tuple[str, str, bytes]]] = {}


def made_pdfs(args: argparse.Namespace) -> dict[str, list[tuple[str, str, bytes]]]:
    """{"gold layout"|"printed page": [(page id, gold text, PDF bytes)]}, printed once."""
    if _MADE:
        return _MADE
    html, gold = load_pages()
    keys = sorted(gold)[: args.pages]
    _MADE["gold layout"], _MADE["printed page"] = [], []
    with tempfile.TemporaryDirectory() as tmp, pdf_printer() as print_pdf:
        out = Path(tmp) / "x.pdf"
        for k in keys:
            body = gold[k]["articleBody"]
            print_pdf(page_html(_paragraph_pages(body), title=k), out)
            _MADE["gold layout"].append((k, body, out.read_bytes()))
            page = re.sub(r"<script\b.*?</script>", "", html[k], flags=re.S | re.I)
            try:
                print_pdf(page, out, pages="1-30")
            except Exception as e:  # a page the browser cannot print in a minute
                print(f"(printing {k} failed: {type(e).__name__}; left out)", file=sys.stderr)
                continue
            _MADE["printed page"].append((k, body, out.read_bytes()))
    return _MADE


def _timed(fn: Callable[[bytes], list[str]], docs: list[bytes], repeats: int) -> list[float]:
    """Pages per second of ``fn`` over ``docs``, one figure per repeat."""
    rates = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        pages = sum(len(fn(d)) for d in docs)
        rates.append(pages / (time.perf_counter() - t0))
    return rates


def _speed(rates: list[float]) -> str:
    return f"{statistics.median(rates):7.1f} ({min(rates):.0f}–{max(rates):.0f})"


def quality_section(args: argparse.Namespace) -> None:
    made = made_pdfs(args)
    n = len(made["gold layout"])
    print(f"== PDF text libraries on {n} benchmark articles printed by Chromium")
    print(", ".join(f"{name} {_version(name)}" for name in LIBS))
    print(
        f"{'library':<14}{'gold F1':>9}{'tuning':>8}{'held-out':>9}{'printed R':>11}"
        f"{'pages/s gold':>22}{'pages/s printed':>24}{'ratio':>7}"
    )
    base = None
    for name, fn in LIBS.items():
        texts = {k: "\n".join(fn(pdf)) for k, _, pdf in made["gold layout"]}
        gold = {k: g for k, g, _ in made["gold layout"]}
        counts = {k: page_counts(gold[k], texts[k]) for k in gold}
        f_all = prf(counts.values())[0]
        halves = split(sorted(gold), lambda k: k)
        f_half = [prf(counts[k] for k in keys)[0] if keys else 0.0 for keys in halves.values()]
        printed = [page_counts(g, "\n".join(fn(pdf))) for _, g, pdf in made["printed page"]]
        recall = prf(printed)[2]
        r_gold = _timed(fn, [p for _, _, p in made["gold layout"]], args.repeats)
        r_printed = _timed(fn, [p for _, _, p in made["printed page"]], args.repeats)
        med = statistics.median(r_gold + r_printed)
        base = base or med
        print(
            f"{name:<14}{f_all:>9.3f}{f_half[0]:>8.3f}{f_half[1]:>9.3f}{recall:>11.3f}"
            f"{_speed(r_gold):>22}{_speed(r_printed):>24}{med / base:>7.2f}"
        )
    print("(gold F1: shingle F1 against the laid-out gold text; printed R: recall of the")
    print(" article's shingles in the printed original page; ratio: speed against pypdfium2)")
    print()


def real_section(args: argparse.Namespace) -> None:
    docs = [(p.name, p.read_bytes()) for p in REAL if p.exists()]
    if not docs:
        print("== real PDFs: none found under /usr/share/doc\n")
        return
    print("== real PDFs on this machine (TeX manuals): speed and words extracted")
    for fname, data in docs:
        counts = {}
        for name, fn in LIBS.items():
            pages = fn(data)
            text = "\n".join(pages)
            rates = _timed(fn, [data], args.repeats)
            # "ﬁ"-style ligatures and words broken by a line-end hyphen hurt search
            lig = len(re.findall("[\ufb00-\ufb06]", text))
            counts[name] = (len(pages), len(_WORD.findall(text)), lig, rates)
        print(f"-- {fname}")
        base = statistics.median(counts["pypdfium2"][3])
        for name, (pages, words, lig, rates) in counts.items():
            print(
                f"  {name:<14}{pages:>4} pages {words:>7} words {lig:>4} ligature chars  "
                f"pages/s {_speed(rates)}  ratio {statistics.median(rates) / base:.2f}"
            )
    print()


SECTIONS: list[Section] = [quality_section, real_section]


def _options(ap: argparse.ArgumentParser) -> None:
    ap.add_argument("--pages", type=int, default=40, help="benchmark articles to print")
    ap.add_argument("--repeats", type=int, default=3)


if __name__ == "__main__":
    run(__doc__, SECTIONS, AEB, _options)
