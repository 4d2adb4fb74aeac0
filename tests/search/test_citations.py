"""Citations (search/citations.py): every file read back by a real parser of its format.

RIS by ``rispy``, BibTeX by ``bibtexparser`` (with LaTeX decoding, so escaping is
checked by getting the original text back), CSL-JSON by ``citeproc-py``, which
renders a bibliography from it.
"""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime
from pathlib import Path

import bibtexparser
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import formatter as cite_formatter
from citeproc.source.json import CiteProcJSON
from support import run_cli

from migsearch.indexer.store.writer import build_index
from migsearch.search.citations import CITATION_FORMATS, Provenance, write_citations
from migsearch.search.engine import open_index
from migsearch.search.request import SearchRequest

ODD_TITLE = "Wages {and} 100% of fees: R&D_costs #1 \\ $5 ~ ^ in Việt Nam } {"
DOCS = [
    {
        "id": "r1",
        "title": "Recruitment fees report",
        "text": "Migrant workers pay recruitment fees in Nepal.",
        "date": "2019-03-05",
        "url": "https://www.ilo.org/publications/fees.pdf",
        "type": "report",
        "countries": ["NPL"],
        "themes": ["recruitment"],
    },
    {
        "id": "n1",
        "title": "Fishers rescued",
        "text": "Migrant fishers were rescued off Thailand.",
        "date": "2020-07",
        "url": "http://news.example.org/a?b=1&c={x}",
        "type": "news",
    },
    {"id": "w1", "title": ODD_TITLE, "text": "Migrant wages.", "date": "2016"},
    {"id": "u1", "title": "Undated page", "text": "Migrant workers.", "url": "file:///etc/x"},
]
ACCESSED = date(2026, 5, 1)


@pytest.fixture(scope="module")
def cite_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("cite")
    src = base / "docs.jsonl"
    src.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in DOCS), "utf-8")
    assert build_index([src], base / "ix", workers=1).failed == 0
    return base / "ix"


def _cite(ix_dir: Path, fmt: str, request: SearchRequest | None = None) -> tuple[str, list]:
    request = request or SearchRequest(query="migrant", sort="oldest", limit=10)
    with open_index(ix_dir) as ix:
        res = ix.search(request)
        prov = Provenance(
            request.criteria(), ix.generation(), datetime(2026, 5, 1, 10, 0, tzinfo=UTC), res.total
        )
        out = io.StringIO()
        assert write_citations(res.hits, fmt, out, prov, accessed=ACCESSED) == len(res.hits)
    return out.getvalue(), res.hits


PROVENANCE = (
    "Found with migsearch: query 'migrant'; sort oldest; 4 matches; index generation 1; "
    "exported 2026-05-01T10:00:00Z."
)


def test_ris_reads_back_with_rispy(cite_index: Path) -> None:
    text, hits = _cite(cite_index, "ris")
    entries = {e["id"]: e for e in rispy.loads(text)}
    assert list(entries) == [h.id for h in hits] == ["w1", "r1", "n1", "u1"]
    r = entries["r1"]
    assert (r["type_of_reference"], r["title"], r["year"], r["date"]) == (
        "RPRT",
        "Recruitment fees report",
        "2019",
        "2019/03/05/",
    )
    assert r["urls"] == ["https://www.ilo.org/publications/fees.pdf"]
    assert r["access_date"] == "2026/05/01" and r["publisher"] == "ilo.org"
    assert r["keywords"] == ["Fair recruitment", "Nepal"]
    assert r["notes"] == [PROVENANCE]
    assert entries["n1"]["type_of_reference"] == "NEWS" and entries["n1"]["date"] == "2020/07//"
    assert entries["w1"]["title"] == ODD_TITLE and entries["w1"]["type_of_reference"] == "ELEC"
    # a file: address is not a web address to cite, and an undated page has no date
    assert "urls" not in entries["u1"] and "year" not in entries["u1"]


def test_bibtex_reads_back_with_bibtexparser(cite_index: Path) -> None:
    text, hits = _cite(cite_index, "bibtex")
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert library.failed_blocks == []
    assert [c.comment for c in library.comments] == [PROVENANCE]
    entries = {e.key: e for e in library.entries}
    assert len(entries) == len(hits) == 4
    by_title = {e.fields_dict["title"].value.strip("{}"): e for e in library.entries}
    report = by_title["Recruitment fees report"]
    assert report.entry_type == "techreport" and report.key.startswith("recruitment2019_")
    fields = {k: f.value for k, f in report.fields_dict.items()}
    assert fields["institution"] == "ilo.org" and fields["year"] == "2019"
    assert fields["date"] == "2019-03-05" and fields["urldate"] == "2026-05-01"
    assert fields["url"] == "https://www.ilo.org/publications/fees.pdf"
    # biblatex reads url verbatim (no LaTeX decoding); only braces had to go
    raw = bibtexparser.parse_string(text)
    urls = {e.fields_dict["url"].value for e in raw.entries if "url" in e.fields_dict}
    assert "http://news.example.org/a?b=1&c=%7Bx%7D" in urls
    # LaTeX's special characters were escaped and come back as they were typed; the
    # unbalanced braces became parentheses, since BibTeX needs braces in pairs
    odd = next(t for t in by_title if "Việt Nam" in t)
    # (pylatexenc reads LaTeX's \textasciicircum as the modifier letter U+02C6)
    assert odd.replace("\u02c6", "^") == ODD_TITLE.replace("{", "(").replace("}", ")")


def test_bibtex_keeps_balanced_braces_and_keys_are_unique(tmp_path: Path) -> None:
    docs = tmp_path / "d.jsonl"
    # ids alike in their first eight characters, where keys take them from
    rows = [{"id": f"samesame{i}", "title": "A {UN} report", "text": "migrant"} for i in range(3)]
    docs.write_text("".join(json.dumps(r) + "\n" for r in rows))
    build_index([docs], tmp_path / "ix", workers=1)
    text, _ = _cite(tmp_path / "ix", "bibtex")
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert library.failed_blocks == []
    keys = sorted(e.key for e in library.entries)
    assert keys == ["report_samesame", "report_samesame_2", "report_samesame_3"]
    # the title's own braces are kept (escaped), so it decodes to what was typed
    assert {e.fields_dict["title"].value for e in library.entries} == {"A {UN} report"}


def test_csl_json_renders_with_citeproc(cite_index: Path) -> None:
    text, hits = _cite(cite_index, "csljson")
    items = json.loads(text)
    assert [i["id"] for i in items] == [h.id for h in hits]
    report = next(i for i in items if i["id"] == "r1")
    assert report["type"] == "report" and report["issued"] == {"date-parts": [[2019, 3, 5]]}
    assert report["accessed"] == {"date-parts": [[2026, 5, 1]]}
    assert report["note"] == PROVENANCE
    source = CiteProcJSON(items)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, source, cite_formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    rendered = [str(entry) for entry in bibliography.bibliography()]
    assert len(rendered) == len(items)
    assert any("Recruitment fees report" in r and "2019" in r for r in rendered)
    assert any("https://www.ilo.org/publications/fees.pdf" in r for r in rendered)
    assert any("Việt Nam" in r for r in rendered)


def test_a_pdf_hit_cites_its_page(cite_index: Path) -> None:
    """A hit that knows its PDF page (the page attribute documents add) cites it."""
    with open_index(cite_index) as ix:
        hit = ix.search("recruitment").hits[0]
    hit.page = 12  # type: ignore[attr-defined]
    outs = {}
    for fmt in CITATION_FORMATS:
        out = io.StringIO()
        write_citations([hit], fmt, out, accessed=ACCESSED)
        outs[fmt] = out.getvalue()
    assert rispy.loads(outs["ris"])[0]["start_page"] == "12"
    entry = bibtexparser.parse_string(outs["bibtex"]).entries[0]
    assert entry.fields_dict["pages"].value == "12"
    assert json.loads(outs["csljson"])[0]["page"] == "12"


def test_no_hits_is_an_empty_but_valid_file(cite_index: Path) -> None:
    nothing = SearchRequest(query="xylophone")
    texts = {}
    for fmt in CITATION_FORMATS:
        texts[fmt], hits = _cite(cite_index, fmt, nothing)
        assert hits == []
    assert rispy.loads(texts["ris"]) == []
    assert json.loads(texts["csljson"]) == []
    library = bibtexparser.parse_string(texts["bibtex"])
    assert library.entries == [] and len(library.comments) == 1


def test_cli_cites_a_result_set_and_one_document(cite_index: Path) -> None:
    ix = str(cite_index)
    res = run_cli("search", "migrant", "--index", ix, "--format", "ris", "--all")
    assert res.returncode == 0, res.stderr
    entries = rispy.loads(res.stdout)
    assert len(entries) == 4
    assert entries[0]["notes"][0].startswith("Found with migsearch: query 'migrant'; 4 matches;")
    one = run_cli("show", "r1", "--index", ix, "--format", "bibtex")
    library = bibtexparser.parse_string(one.stdout)
    assert [e.key for e in library.entries] == [library.entries[0].key]
    assert library.comments[0].comment.startswith("Found with migsearch: every document; id r1;")
    csl = run_cli("show", "r1", "--index", ix, "--format", "csljson")
    assert json.loads(csl.stdout)[0]["URL"] == "https://www.ilo.org/publications/fees.pdf"
    both = run_cli("show", "r1", "--index", ix, "--format", "ris", "--json")
    assert both.returncode == 2 and both.stderr.count("\n") == 1
