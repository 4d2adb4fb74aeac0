"""Tagging a record: given tags first, text tags after, regions, primary, summary."""

from __future__ import annotations

from migsearch.indexer.ingest.records import Record
from migsearch.indexer.ingest.tagging import (
    TAG_SCAN_CHARS,
    given_countries,
    given_themes,
    tag,
)


def test_given_values_in_any_shape_resolve_or_drop() -> None:
    assert given_countries("Qatar; np, Narnia") == ["QAT", "NPL"]
    assert given_countries(["Burma", 7, None]) == ["MMR"]
    assert given_countries(None) == given_countries(5) == []
    assert given_countries("GCC")[:1] and set(given_countries("GCC")) >= {"QAT", "SAU"}
    assert given_themes("Fair recruitment,no such theme") == ["fair_recruitment"]
    assert given_themes(["fishing"]) == ["fishing"]


def test_given_tags_come_first_and_set_the_primary_country() -> None:
    rec = Record(
        id="1", title="Fishers", body="Thai fishing vessels in Malaysian waters.", source="s"
    )
    tag(rec, countries=["NPL"], themes=["remittances"])
    assert rec.countries[0] == "NPL" and {"THA", "MYS"} <= set(rec.countries)
    assert rec.primary_country == "NPL"
    assert "SOUTH_ASIA" in rec.regions and "ASEAN" in rec.regions
    assert rec.themes[0] == "remittances" and "fishing" in rec.themes
    assert rec.evidence["countries"]["THA"] == ["Thai"]


def test_summary_is_the_first_sentences_when_none_is_given() -> None:
    body = "Remittances to Nepal rose in 2020. " * 30
    rec = tag(Record(id="1", title="T", body=body, source="s"))
    assert rec.summary.startswith("Remittances to Nepal rose in 2020.")
    assert len(rec.summary) <= 321
    kept = tag(Record(id="2", title="T", body=body, source="s", summary="Given."))
    assert kept.summary == "Given."


def test_only_the_head_of_a_long_body_is_scanned() -> None:
    body = "x " * (TAG_SCAN_CHARS // 2) + " Workers from Thailand."
    rec = tag(Record(id="1", title="Report", body=body, source="s"))
    assert rec.countries == []
    assert tag(Record(id="2", title="Report", body=body[-40:], source="s")).countries == ["THA"]
