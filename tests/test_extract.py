"""Records end to end: what `extract` and `index` make of the seed pages and of JSON sources.

Titles and dates come from tests/test_text.py, countries from tests/test_countries.py:
one table of what a reader of the pages would give, checked here through the whole
ingestion path (read, decode, split, tag) rather than the parts.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import CORPUS, need_shared
from test_countries import EXPECTED
from test_text import NEWS_ITEMS, REPORT_TITLES

from migsearch.errors import IngestError
from migsearch.indexer.ingest.pipeline import extract_paths

ASEAN = {"BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM", "TLS"}


@pytest.fixture(scope="module")
def records() -> list:
    out = list(extract_paths([CORPUS]))
    assert not [r for r in out if isinstance(r, IngestError)]
    return out


def _expected_countries(title: str) -> set[str]:
    [want] = [v[0] for k, v in EXPECTED.items() if title.startswith(k)]
    return want


def test_thirty_records_none_of_them_furniture(records: list) -> None:
    assert len(records) == 30
    titles = [r.title for r in records]
    assert titles[10:] == REPORT_TITLES
    for t, (prefix, _) in zip(titles[:10], NEWS_ITEMS, strict=True):
        assert t.startswith(prefix)
    assert not any(
        t in ("All Resources", "Document Actions", "Resources on labour migration") for t in titles
    )


def test_every_record_has_every_field(records: list) -> None:
    for r in records:
        assert r.id and r.title and r.body and r.summary
        assert r.source.endswith(".txt") and Path(r.source).is_absolute()
        assert r.date is None or r.date[:2] in ("19", "20")
        assert r.url is None  # text pages carry no links
    assert len({r.id for r in records}) == 30


def test_dates(records: list) -> None:
    assert [r.date for r in records[:10]] == [d for _, d in NEWS_ITEMS]
    assert all(r.date is None for r in records[10:])


def test_countries_and_regions_match_what_a_reader_gives(records: list) -> None:
    for r in records:
        want = _expected_countries(r.title)
        assert set(r.countries) == want, r.title
        assert ("ASEAN" in r.regions) == bool(want & ASEAN), r.title
        assert (r.primary_country is None) == (not want)


def test_named_examples(records: list) -> None:
    def by_title(prefix: str):
        [r] = [r for r in records if r.title.startswith(prefix)]
        return r

    fishers = by_title("Providing better working and living conditions")
    assert fishers.date == "2015-04-27"
    assert {"THA", "MMR", "KHM", "MYS", "IDN"} <= set(fishers.countries)
    assert "fishing" in fishers.themes
    nepal = by_title("Protection, Not Restrictions!")
    assert nepal.primary_country == "NPL"
    assert "GCC" in nepal.regions and "SOUTH_ASIA" in nepal.regions
    assert "KGZ" in by_title("Empowering landless migrant").countries
    assert "IND" in by_title("Recognising and Empowering Migrant Sex").countries


def test_ids_are_stable_across_runs(records: list) -> None:
    again = [r.id for r in extract_paths([CORPUS])]
    assert again == [r.id for r in records]


def test_jsonl_record_fields_and_given_tags(tmp_path: Path) -> None:
    p = tmp_path / "r.jsonl"
    p.write_text(
        json.dumps(
            {
                "id": "x1",
                "title": "Kafala reform in Qatar",
                "body": "Qatar ended the exit permit under the kafala system.",
                "date": "2020-09-01T00:00:00Z",
                "url": "https://example.org/kafala",
                "countries": ["Qatar", "np"],
                "themes": ["Fair recruitment"],
            }
        )
        + "\n",
        "utf-8",
    )
    [r] = list(extract_paths([p]))
    assert (r.id, r.date, r.url) == ("x1", "2020-09-01", "https://example.org/kafala")
    assert r.countries[:2] == ["QAT", "NPL"]
    assert "fair_recruitment" in r.themes
    assert "GCC" in r.regions


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
