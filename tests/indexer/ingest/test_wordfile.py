"""Word files written here by python-docx: text in order, properties checked."""

from __future__ import annotations

import datetime
from pathlib import Path

from documents import write_docx

from migsearch.errors import IngestError
from migsearch.indexer.ingest.pipeline import extract_paths
from migsearch.indexer.ingest.records import Record
from migsearch.indexer.ingest.wordfile import docx_records

PARAGRAPHS = [
    ("Title", "Domestic workers in Lebanon"),
    ("Heading 1", "Findings"),
    "Migrant domestic workers from Ethiopia and the Philippines work under the kafala system.",
    ("List Bullet", "Passports are confiscated by employers"),
    ("List Bullet", "Wages are paid late or not at all"),
    "© International Labour Organization 2021",
]
TABLE = [["Country", "Workers"], ["Ethiopia", "150,000"], ["Philippines", "25,000"]]


def _one(path: Path) -> Record:
    (rec,) = docx_records(str(path), path.read_bytes())
    return rec


def test_paragraphs_lists_and_tables_in_order(tmp_path: Path) -> None:
    p = write_docx(
        tmp_path / "brief.docx",
        PARAGRAPHS,
        table=TABLE,
        title="Document1",
        author="Administrator",
        created=datetime.datetime(2021, 6, 3, 9, 0),
    )
    rec = _one(p)
    body = rec.body.split("\n\n")
    assert body[:5] == [
        "Domestic workers in Lebanon",
        "Findings",
        PARAGRAPHS[2],
        "Passports are confiscated by employers",
        "Wages are paid late or not at all",
    ]
    assert body[-1] == "Country | Workers\nEthiopia | 150,000\nPhilippines | 25,000"
    # "Document1" is no title and "Administrator" no publisher: the text says both
    assert rec.title == "Domestic workers in Lebanon"
    assert rec.publishers == ["International Labour Organization"]
    assert rec.date == "2021-06-03"
    assert rec.pages == [] and rec.type == "report"
    # the workers come from Ethiopia and the Philippines: named in the table, the text is about Lebanon
    assert rec.countries == ["LBN"] and {"ETH", "PHL"} <= set(rec.mentioned_countries)
    assert "domestic_work" in rec.themes


def test_real_properties_are_kept(tmp_path: Path) -> None:
    p = write_docx(
        tmp_path / "x.docx",
        ["Some text about remittances to Nepal."],
        title="Remittances and return in Nepal",
        author="International Organization for Migration",
    )
    rec = _one(p)
    assert rec.title == "Remittances and return in Nepal"
    assert rec.publishers == ["International Organization for Migration"]


def test_broken_and_encrypted_word_files_are_one_line(tmp_path: Path) -> None:
    good = write_docx(tmp_path / "good.docx", ["Fishers in Thailand"]).read_bytes()
    (tmp_path / "cut.docx").write_bytes(good[: len(good) // 2])
    # an encrypted .docx is an OLE compound file, as an old .doc is
    (tmp_path / "locked.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    got = {Path(e.source).name: e for e in extract_paths([tmp_path]) if isinstance(e, IngestError)}
    assert set(got) == {"cut.docx", "locked.docx"}
    assert got["cut.docx"].reason.startswith("not a readable .docx file")
    assert got["locked.docx"].kind == "encrypted"
