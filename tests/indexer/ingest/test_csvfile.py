"""CSV exports: a header row names the columns, each row is a record."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support import ROOT

from migsearch.errors import IngestError
from migsearch.indexer.ingest.csvfile import COLUMNS, csv_records
from migsearch.indexer.ingest.pipeline import extract_paths

CSV = (
    "Title;Body;Date;URL;Countries;Publisher;Notes\n"
    "Fishers at sea;Thai fishing vessels hold migrant workers from Myanmar.;3 May 2021;"
    "https://example.org/a;Thailand, Myanmar;Ministry of Labour, Invalids and Social Affairs | ILO;x\n"
    ";;;;;;\n"
    ';"A body with ""quotes"" and a\nline break, about Nepal.";2020;;;;\n'
    ";;2020;;;;only a note\n"
)


def test_rows_become_records_and_bad_rows_cost_themselves(tmp_path: Path) -> None:
    recs, errors = csv_records("x.csv", CSV)
    assert [r.title for r in recs] == [
        "Fishers at sea",
        'A body with "quotes" and a line break, about Nepal.',
    ]
    a = recs[0]
    assert a.date == "2021-05-03" and a.url == "https://example.org/a"
    assert a.countries[:2] == ["THA", "MMR"]
    assert a.publishers == ["Ministry of Labour; Invalids and Social Affairs", "ILO"]
    assert recs[1].body == 'A body with "quotes" and a\nline break, about Nepal.'
    assert recs[1].date == "2020"
    # the blank row is passed; the row with only a note is named by its line
    assert [str(e) for e in errors] == ["x.csv:6: record has neither title nor text"]


def test_a_header_without_title_or_text_fails_the_file(tmp_path: Path) -> None:
    p = tmp_path / "sheet.csv"
    p.write_text("name,amount\nNepal,12\n")
    (err,) = list(extract_paths([p]))
    assert isinstance(err, IngestError)
    assert err.reason == "CSV header has no title or text column (it has: name, amount)"


def test_every_column_name_is_documented() -> None:
    doc = (ROOT / "docs" / "records.md").read_text("utf-8").split("### CSV", 1)[1]
    table = doc.split("\n\n| column")[1].split("\n\n")[0]
    documented = set(re.findall(r"`([a-z]+)`", table.split("|")[0] + table))
    assert set(COLUMNS) <= documented


@pytest.mark.parametrize("sep", [",", "\t", "|"])
def test_the_delimiter_is_read_from_the_header(sep: str) -> None:
    text = f"title{sep}text\nKafala reform{sep}Qatar changed the kafala system.\n"
    (rec,), errors = csv_records("y.csv", text)
    assert errors == [] and rec.title == "Kafala reform" and rec.countries == ["QAT"]
