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
