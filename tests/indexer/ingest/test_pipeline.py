"""Records end to end: what `extract` and `index` make of the seed pages.

Titles, dates and countries come from tests/seed_pages.py, one table of what a
reader of the pages gives, checked here through the whole ingestion path (read,
decode, split, tag) rather than the parts.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from seed_pages import COUNTRIES, NEWS_ITEMS, REPORT_TITLES, about_for, expected_for
from support import CORPUS

from migsearch.errors import IngestError
from migsearch.indexer.ingest.pipeline import extract_paths

ASEAN = {"BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM", "TLS"}


@pytest.fixture(scope="module")
def records() -> list:
    out = list(extract_paths([CORPUS]))
    # the corpus's README is named as skipped, not read and not passed over in silence
    skipped = [(Path(r.source).name, r.kind) for r in out if isinstance(r, IngestError)]
    assert skipped == [("README.md", "unsupported")]
    return [r for r in out if not isinstance(r, IngestError)]


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
        want, _ = expected_for(COUNTRIES, r.title)
        assert set(r.countries) | set(r.mentioned_countries) == want, r.title
        assert not set(r.countries) & set(r.mentioned_countries), r.title
        about = set(r.countries)
        assert ("ASEAN" in r.regions) >= bool(about & ASEAN), r.title
        assert (r.primary_country is None) == (not about)


def test_every_item_naming_a_region_carries_it(records: list) -> None:
    """The sample corpus's items that write ASEAN or the Gulf carry the region, whatever
    their countries (the two ASEAN statistics reports and the Gulf strategy name none)."""
    named = {"ASEAN": re.compile(r"\bASEAN\b"), "GCC": re.compile(r"\bGulf\b")}
    seen = dict.fromkeys(named, 0)
    for r in records:
        text = f"{r.title}\n{r.summary}\n{r.body}"
        for rid, pattern in named.items():
            if pattern.search(text):
                seen[rid] += 1
                assert rid in r.regions, (rid, r.title)
    assert seen["ASEAN"] == 11 and seen["GCC"] == 1


def test_about_and_mentioned_match_the_reader(records: list) -> None:
    """Roles against the table written by reading the items: a floor, since some items
    are judgement calls (the fishers item names eight countries as examples)."""
    tp = fp = fn = 0
    for r in records:
        want = about_for(r.title)
        got = set(r.countries)
        tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
    assert tp / (tp + fp) >= 0.9 and tp / (tp + fn) >= 0.9, (tp, fp, fn)


def test_named_examples(records: list) -> None:
    def by_title(prefix: str):
        [r] = [r for r in records if r.title.startswith(prefix)]
        return r

    fishers = by_title("Providing better working and living conditions")
    assert fishers.date == "2015-04-27"
    named = set(fishers.countries) | set(fishers.mentioned_countries)
    assert {"THA", "MMR", "KHM", "MYS", "IDN"} <= named
    assert "fishing" in fishers.themes and "fishers_seafarers" in fishers.groups
    assert {"KHM-THA", "MMR-THA", "PHL-KOR"} <= set(fishers.corridors)
    nepal = by_title("Protection, Not Restrictions!")
    assert nepal.primary_country == "NPL" and nepal.countries == ["NPL"]
    # the destinations are listed once: mentioned, and their regions with them
    assert "SAU" in nepal.mentioned_countries and "GCC" in nepal.mentioned_regions
    assert "SOUTH_ASIA" in nepal.regions
    assert {"NPL-SAU", "NPL-HKG"} <= set(nepal.corridors)
    assert {"domestic_workers", "women_migrant_workers"} <= set(nepal.groups)
    gulf = by_title("IOM Strategy for the Gulf Countries")
    assert gulf.regions == ["GCC"] and gulf.countries == []
    assert "KGZ" in by_title("Empowering landless migrant").countries
    assert "IND" in by_title("Recognising and Empowering Migrant Sex").countries


def test_ids_are_stable_across_runs(records: list) -> None:
    again = [r.id for r in extract_paths([CORPUS]) if not isinstance(r, IngestError)]
    assert again == [r.id for r in records]
