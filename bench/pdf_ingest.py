"""PDF ingestion: pages per second and peak memory on long reports.

Run: ``.venv/bin/python bench/pdf_ingest.py`` (from the repository root; needs
``/usr/bin/chromium``). Options: ``--pages 300 --copies 4 --repeats 3``.

A report of ``--pages`` pages is printed by headless Chromium from the
extraction benchmark's gold articles (each page a few paragraphs of real news
text), so its text layer is a browser's, as a report's is. Then, each in a
fresh process so its peak memory is its own:

* *read one report*: :func:`migsearch.indexer.ingest.pipeline.records_from` on
  the file's bytes (text per page, running heads, tagging) — one core;
* *index a folder*: ``build_index`` on ``--copies`` copies of the report with
  two worker processes — two cores, what ``migsearch index folder/`` does.

Pages per second are medians over ``--repeats`` runs (min–max); peak memory is
the largest resident set of the process (and of its workers, for the folder).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from extraction import AEB, load_pages
from sections import Section, run

ROOT = Path(__file__).resolve().parents[1]
sys.path.append(str(ROOT / "tests"))
from documents import page_html, pdf_printer  # noqa: E402

_READ_ONE = """
import json, resource, sys, time
from pathlib import Path
from migsearch.indexer.ingest.pipeline import records_from
data = Path(sys.argv[1]).read_bytes()
t0 = time.perf_counter()
(rec,), notes = records_from(sys.argv[1], data, "pdf")
took = time.perf_counter() - t0
print(json.dumps({"seconds": took, "pages": len(rec.pages), "chars": len(rec.body),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

_INDEX_FOLDER = """
import json, resource, sys, time
from migsearch.indexer.store.writer import build_index
t0 = time.perf_counter()
r = build_index([sys.argv[1]], sys.argv[2], workers=2)
took = time.perf_counter() - t0
me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"seconds": took, "added": r.added, "rss_mb": me, "worker_rss_mb": kids}))
"""


def make_report(pages: int, out: Path) -> Path:
    """A ``pages``-page PDF of the benchmark's gold articles, a few paragraphs a page."""
    _, gold = load_pages()
    paras = [
        p.strip() for k in sorted(gold) for p in gold[k]["articleBody"].split("\n") if p.strip()
    ]
    per_page = [paras[(i * 4) % len(paras) : (i * 4) % len(paras) + 4] for i in range(pages)]
    per_page[0] = ["Labour migration in Asia and the Pacific: annual report", *per_page[0]]
    with pdf_printer() as print_pdf:
        print_pdf(page_html(per_page, "Annual report"), out)
    return out


def _run(code: str, *args: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _spread(xs: list[float]) -> str:
    return f"{statistics.median(xs):.0f} ({min(xs):.0f}–{max(xs):.0f})"


def throughput_section(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        report = make_report(args.pages, t / "report.pdf")
        size = report.stat().st_size / 1e6
        one = [_run(_READ_ONE, str(report)) for _ in range(args.repeats)]
        pages = one[0]["pages"]
        print(
            f"== PDF ingestion: a {pages}-page report ({size:.1f} MB, {one[0]['chars']:,} characters)"
        )
        rates = [pages / r["seconds"] for r in one]
        print(
            f"read one report (1 core): {_spread(rates)} pages/s; "
            f"peak memory {max(r['rss_mb'] for r in one):.0f} MB"
        )
        folder = t / "reports"
        folder.mkdir()
        for i in range(args.copies):
            shutil.copy(report, folder / f"report-{i}.pdf")
        runs = []
        for i in range(args.repeats):
            runs.append(_run(_INDEX_FOLDER, str(folder), str(t / f"ix{i}")))
        total = pages * args.copies
        rates = [total / r["seconds"] for r in runs]
        print(
            f"index {args.copies} copies ({total} pages) with 2 workers: {_spread(rates)} pages/s; "
            f"peak memory {max(r['rss_mb'] for r in runs):.0f} MB (writer), "
            f"{max(r['worker_rss_mb'] for r in runs):.0f} MB (largest worker)"
        )
        print()


SECTIONS: list[Section] = [throughput_section]


def _options(ap: argparse.ArgumentParser) -> None:
    ap.add_argument("--pages", type=int, default=300)
    ap.add_argument("--copies", type=int, default=4)
    ap.add_argument("--repeats", type=int, default=3)


if __name__ == "__main__":
    run(__doc__, SECTIONS, AEB, _options)
