"""Tagging a record: given tags first, text tags after, roles, regions, corridors, groups,
primary, summary."""

from __future__ import annotations

from migsearch.indexer.ingest.records import Record
from migsearch.indexer.ingest.tagging import (
    TAG_SCAN_CHARS,
    given_countries,
    given_themes,
    tag,
    tag_only,
)


def test_given_values_in_any_shape_resolve_or_drop() -> None:
    assert given_countries("Qatar; np, Narnia") == ["QAT", "NPL"]
    assert given_countries(["Burma", 7, None]) == ["MMR"]
    assert given_countries(None) == given_countries(5) == []
    # a region a source names stays the region: it does not stand for each member
    assert given_countries("GCC; Thailand") == ["GCC", "THA"]
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
    assert rec.evidence["roles"]["NPL"] == "about: given by the source"


def test_a_given_region_is_a_region_of_the_record_not_its_members() -> None:
    rec = tag(
        Record(id="1", title="Strategy", body="Labour migration policy.", source="s"),
        countries=["GCC"],
    )
    assert rec.regions == ["GCC"] and rec.countries == [] and rec.primary_country is None


def test_places_the_text_only_mentions_are_kept_apart() -> None:
    body = (
        "Nepal’s labour migration has grown. Nepali workers send remittances home. In Nepal, "
        "the government reformed recruitment. Funding came from donors: Japan, Norway and Sweden."
    )
    rec = tag(Record(id="1", title="Remittances and recruitment", body=body, source="s"))
    assert rec.countries == ["NPL"] and rec.primary_country == "NPL"
    assert set(rec.mentioned_countries) == {"JPN", "NOR", "SWE"}
    assert "SOUTH_ASIA" in rec.regions and "EUROPE" in rec.mentioned_regions
    assert rec.evidence["roles"]["JPN"].startswith("mentioned:")


def test_regions_named_in_the_text_corridors_and_groups() -> None:
    body = (
        "Cambodian and Myanmar migrant workers work on Thai vessels. Many domestic workers "
        "migrate to the Gulf countries."
    )
    rec = tag(Record(id="1", title="Migrant fishers in ASEAN", body=body, source="s"))
    assert {"ASEAN", "GCC"} <= set(rec.regions)
    assert rec.corridors[:2] == ["KHM-THA", "MMR-THA"]
    assert rec.evidence["corridors"]["KHM-THA"] == [
        "Cambodian and Myanmar migrant workers work on Thai vessels."
    ]
    assert {"fishers_seafarers", "domestic_workers"} <= set(rec.groups)
    assert rec.evidence["regions"]["GCC"] == ["Gulf countries"]


def test_a_corridor_in_the_title_is_read_too() -> None:
    rec = tag(Record(id="1", title="Filipino nurses in the UK", body="A short film.", source="s"))
    assert rec.corridors == ["PHL-GBR"] and rec.groups == ["health_care_workers"]


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


def test_a_process_may_tag_only_the_records_it_keeps() -> None:
    """A shard's build parses every record but tags only its own (the rest are dropped)."""

    def fresh(rid: str) -> Record:
        return Record(id=rid, title="Filipino nurses in the UK", body="Manila.", source="s")

    tag_only(lambda rid: rid == "mine")
    try:
        kept, other = tag(fresh("mine")), tag(fresh("other"))
    finally:
        tag_only(None)
    assert kept.countries and kept.summary and kept.language
    assert (other.countries, other.corridors, other.summary, other.language) == ([], [], "", None)
    assert tag(fresh("other")).countries == kept.countries  # every record again


PASTED = (
    "GENEVA/BANGKOK/JAKARTA/MANILA, 3 December 2026 – Workers from Nepal and Bangladesh"
    " who paid recruitment fees to reach Malaysia were stranded. Several countries continue"
    " to return people to Myanmar, notably Thailand and Malaysia."
)


def test_a_title_made_from_the_body_is_not_read_as_a_title() -> None:
    """The made title holds the dateline's offices; read as a title, Indonesia and the
    Philippines (Jakarta, Manila) were "about: in the title" of a passage on Nepal,
    Bangladesh, Malaysia and Myanmar."""
    made = tag(Record(id="1", title="", body=PASTED, source="s"))
    assert made.title_made and made.title.startswith("GENEVA/BANGKOK")
    assert {"IDN", "PHL"} <= set(made.mentioned_countries)
    assert not {"IDN", "PHL"} & set(made.countries)
    assert "in the title" not in " ".join(made.evidence["roles"].values())
    assert {"NPL", "BGD", "MYS"} <= set(made.countries)
    # the same words given as the source's own title are read as one
    titled = tag(Record(id="2", title=PASTED[:118], body=PASTED, source="s"))
    assert "IDN" in titled.countries and "in the title" in titled.evidence["roles"]["IDN"]
