"""PDF files, printed here by headless Chromium with known text on known pages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from documents import encrypted_copy, page_html, pdf_printer, with_metadata

from migsearch.errors import IngestError
from migsearch.indexer.ingest.pdffile import SCANNED_NOTE, pdf_records, read_pdf
from migsearch.indexer.ingest.pipeline import extract_paths
from migsearch.indexer.ingest.records import Record, page_at
from migsearch.indexer.store.storage import open_existing
from migsearch.indexer.store.writer import build_index
from migsearch.search.engine import open_index

RUNNING_HEAD = "Mekong migration study"
FRONT = [
    RUNNING_HEAD,
    "Labour migration in the Mekong:",
    "recruitment costs and wages",
    "March 2019",
    "Migrant workers from Cambodia and Myanmar pay recruitment fees to brokers "
    "before they reach Thailand, and many of them repay debts for months.",
    "© International Labour Organization 2019",
]


def _page(n: int) -> list[str]:
    words = "zanzibarite ore" if n == 7 else "fishing vessels"
    return [
        RUNNING_HEAD,
        f"Chapter {n}. Migrant workers on {words} face long hours and unpaid wages; "
        "inspections found recruitment debts at every port that was visited.",
        "Employers in the sector hold passports, which the law forbids, and "
        "workers rarely know the terms of their contracts.",
        # more lines than a short page has (pdffile._MIN_LINES), however the printer wraps
        "Unions in the ports asked for written contracts in the workers' own languages.",
        "Inspectors visited again after six months.",
    ]


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    d = tmp_path_factory.mktemp("pdfs")
    try:
        printer = pdf_printer()
        print_pdf = printer.__enter__()
    except RuntimeError as e:
        pytest.skip(str(e))
    try:
        plain = print_pdf(page_html([FRONT] + [_page(n) for n in range(2, 10)]), d / "plain.pdf")
        scan = print_pdf(page_html([[]] * 3, "Annual review 2018", scanned=True), d / "scan.pdf")
        single = print_pdf(page_html([["Brief on domestic work in Lebanon"]]), d / "one.pdf")
    finally:
        printer.__exit__(None, None, None)
    out = {
        "report": with_metadata(
            plain,
            d / "report.pdf",
            Title="Microsoft Word - final_v3.docx",
            Author="jsmith",
            CreationDate="D:20190402101500Z",
        ),
        "scan": with_metadata(scan, d / "scan-meta.pdf", Author="Migrant Forum in Asia"),
        "single": single,
        "encrypted": encrypted_copy(plain, d / "encrypted.pdf"),
    }
    data = plain.read_bytes()
    (d / "truncated.pdf").write_bytes(data[: len(data) // 3])
    (d / "malformed.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> nonsense\n")
    out["truncated"], out["malformed"] = d / "truncated.pdf", d / "malformed.pdf"
    yield out


def _record(path: Path) -> Record:
    (rec,), notes = pdf_records(str(path), path.read_bytes())
    assert notes == []
    return rec


def test_text_per_page_and_the_page_of_a_word(pdfs: dict[str, Path]) -> None:
    parts, has_text = read_pdf(pdfs["report"].read_bytes(), "report.pdf")
    assert has_text and len(parts.pages) == 9
    assert "zanzibarite" in parts.pages[6]
    assert all("zanzibarite" not in p for i, p in enumerate(parts.pages) if i != 6)
    rec = _record(pdfs["report"])
    assert len(rec.pages) == 9 and rec.pages[0] == 0
    at = rec.body.index("zanzibarite")
    assert page_at(rec.pages, at) == 7
    # every page's text sits where its offset says
    for n, start in enumerate(rec.pages, start=1):
        assert rec.body[start:].startswith(parts.pages[n - 1][:30])
        assert page_at(rec.pages, start) == n
    assert page_at(rec.pages, len(rec.body) - 1) == 9
    assert page_at([], 10) is None


def test_running_heads_go_and_words_stay_whole(pdfs: dict[str, Path]) -> None:
    rec = _record(pdfs["report"])
    assert RUNNING_HEAD not in rec.body
    assert "recruitment debts at every port" in " ".join(rec.body.split())


def test_junk_metadata_gives_way_to_the_first_page(pdfs: dict[str, Path]) -> None:
    rec = _record(pdfs["report"])
    assert rec.title == "Labour migration in the Mekong: recruitment costs and wages"
    # "jsmith" is a log-in name, not a publisher; the copyright line names one
    assert rec.publishers == ["International Labour Organization"]
    assert rec.date == "2019-03"  # printed on the first page, before the metadata's
    assert rec.type == "report"
    assert {"KHM", "MMR", "THA"} <= set(rec.countries)
    assert "fair_recruitment" in rec.themes
    assert rec.summary.startswith("Labour migration in the Mekong")


def test_a_single_page_pdf_is_page_one(pdfs: dict[str, Path]) -> None:
    rec = _record(pdfs["single"])
    assert rec.pages == [0] and page_at(rec.pages, 5) == 1
    assert rec.title == "Brief on domestic work in Lebanon"
    assert rec.countries == ["LBN"]


def test_a_scan_is_indexed_by_its_metadata_and_reported(pdfs: dict[str, Path]) -> None:
    (rec,), (note,) = pdf_records(str(pdfs["scan"]), pdfs["scan"].read_bytes())
    assert rec.body == "" and rec.title == "Annual review 2018"
    assert rec.publishers == ["Migrant Forum in Asia"]
    assert note.kind == "note" and note.reason == SCANNED_NOTE


@pytest.mark.parametrize(
    ("name", "kind", "reason"),
    [
        ("encrypted", "encrypted", "encrypted PDF (needs a password)"),
        ("truncated", "failed", "not a readable PDF"),
        ("malformed", "failed", "not a readable PDF"),
    ],
)
def test_bad_pdfs_are_one_line_each(
    pdfs: dict[str, Path], name: str, kind: str, reason: str
) -> None:
    (err,) = list(extract_paths([pdfs[name]]))
    assert isinstance(err, IngestError)
    assert err.kind == kind and err.reason.startswith(reason)
    assert "\n" not in str(err)


def test_a_folder_of_pdfs_is_indexed_and_bad_ones_cost_only_themselves(
    pdfs: dict[str, Path], tmp_path: Path
) -> None:
    folder = pdfs["report"].parent
    errors: list[str] = []
    r = build_index([folder], tmp_path / "ix", workers=2, on_error=errors.append)
    # plain, report, scan, scan-meta, one are indexed; the three bad ones named
    assert r.added == 5 and r.failed == 3 == len(errors)
    assert {Path(s["path"]).name: s["kind"] for s in r.skipped} == {
        "encrypted.pdf": "encrypted",
        "malformed.pdf": "failed",
        "truncated.pdf": "failed",
    }
    assert sorted(Path(n.split(":")[0]).name for n in r.notes) == ["scan-meta.pdf", "scan.pdf"]
    with open_index(tmp_path / "ix") as ix:
        res = ix.search("zanzibarite")
        assert res.total == 2  # plain.pdf and report.pdf
        hit_id = res.hits[0].id
    with open_existing(tmp_path / "ix").searcher() as s:
        doc = s.document(id=hit_id)
    assert page_at(doc["pages"], doc["body"].index("zanzibarite")) == 7
