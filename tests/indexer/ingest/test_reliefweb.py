"""ReliefWeb API exports: one record per report, the file's country given to each."""

from __future__ import annotations

import json
from pathlib import Path

from support import need_shared

from migsearch.errors import IngestError
from migsearch.indexer.ingest.pipeline import extract_paths


def test_reliefweb_export_is_a_record_source() -> None:
    path = need_shared("reliefweb-api-sample", "Marburg_Disease_Outbreak_eth_reports.json")
    recs = [r for r in extract_paths([path]) if not isinstance(r, IngestError)]
    assert len(recs) == 19
    assert all(r.id.startswith("reliefweb-") for r in recs)
    assert all(r.primary_country == "ETH" for r in recs)
    assert all(r.date and len(r.date) == 10 for r in recs)
    assert all(r.url and r.url.startswith("https://reliefweb.int/") for r in recs)


def test_reliefweb_report_with_an_empty_body_keeps_the_rest(tmp_path: Path) -> None:
    export = {
        "country": "Haiti",
        "reports": [
            {"reliefweb_id": 1, "title": "Flash update", "body_text": "<p>&nbsp;</p>",
             "date": {"original": "2025-10-29T00:00:00+00:00"}, "url": "https://reliefweb.int/node/1"},
            {"reliefweb_id": 2, "title": "Situation report", "body_text": "<p>Floods in Jérémie, Haiti.</p>",
             "date": {"original": "2025-10-30T00:00:00+00:00"}},
        ],
    }  # fmt: skip
    p = tmp_path / "rw.json"
    p.write_text(json.dumps(export), "utf-8")
    recs = list(extract_paths([p]))
    assert [r.id for r in recs] == ["reliefweb-1", "reliefweb-2"]
    assert recs[0].body == "" and recs[0].date == "2025-10-29" and recs[0].primary_country == "HTI"


def test_an_entry_that_is_no_report_is_reported_not_fatal(tmp_path: Path) -> None:
    export = {"country": "Haiti", "reports": [{"reliefweb_id": 3, "title": "Update"}, "oops"]}
    p = tmp_path / "rw.json"
    p.write_text(json.dumps(export), "utf-8")
    rec, err = list(extract_paths([p]))
    assert rec.id == "reliefweb-3" and rec.primary_country == "HTI"
    assert isinstance(err, IngestError) and str(err).endswith(
        ":report 2: a report must be a JSON object"
    )


def test_full_text_file_gives_its_export_the_pdf_text(tmp_path: Path) -> None:
    src = need_shared("reliefweb-api-sample")
    for name in (
        "Hurricane_Melissa_hti_reports.json",
        "Hurricane_Melissa_hti_reports_full_text.json",
    ):
        (tmp_path / name).write_bytes((src / name).read_bytes())
    full = json.loads((src / "Hurricane_Melissa_hti_reports_full_text.json").read_text("utf-8"))
    pdf_by_url = {a["url"]: a["pdf_text"] for a in full["articles"] if a.get("pdf_text")}
    out = list(extract_paths([tmp_path]))
    recs = [r for r in out if not isinstance(r, IngestError)]
    (skip,) = [e for e in out if isinstance(e, IngestError)]
    assert skip.kind == "attached" and skip.source.endswith("_full_text.json")
    assert len(recs) == 31 and all(r.id.startswith("reliefweb-") for r in recs)
    with_pdf = [r for r in recs if r.url in pdf_by_url]
    assert len(with_pdf) == len(pdf_by_url) > 20
    for r in with_pdf:
        assert r.body.endswith(pdf_by_url[r.url].strip())
    flash = next(r for r in recs if r.id == "reliefweb-4183047")
    assert "FLASH UPDATE N0.1" in flash.body
    assert flash.publishers == ["UN Office for the Coordination of Humanitarian Affairs"]


def test_full_text_file_alone_is_an_export(tmp_path: Path) -> None:
    src = need_shared("reliefweb-api-sample", "Marburg_Disease_Outbreak_eth_reports_full_text.json")
    export = need_shared("reliefweb-api-sample", "Marburg_Disease_Outbreak_eth_reports.json")
    alone = tmp_path / src.name
    alone.write_bytes(src.read_bytes())
    recs = list(extract_paths([alone]))
    assert len(recs) == 19 and not [r for r in recs if isinstance(r, IngestError)]
    ids = {
        r["url"]: f"reliefweb-{r['reliefweb_id']}"
        for r in json.loads(export.read_text())["reports"]
    }
    # the id opening pdf_filename is the export's: one document whichever file is read
    numbered = [r for r in recs if r.id.startswith("reliefweb-")]
    assert len(numbered) >= 10 and all(r.id == ids[r.url] for r in numbered)
    assert all(r.primary_country == "ETH" and r.publishers for r in recs)
