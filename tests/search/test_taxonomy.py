"""describe_taxonomy: every vocabulary a search filters on, counted on a real index."""

from __future__ import annotations

from migsearch.indexer.vocabulary.countries import all_countries, all_regions
from migsearch.indexer.vocabulary.groups import all_groups
from migsearch.indexer.vocabulary.themes import all_themes
from migsearch.search.engine import SearchIndex
from migsearch.search.request import SearchRequest
from migsearch.search.taxonomy import SECTIONS, describe_taxonomy


def _by_value(entries: list[dict]) -> dict[str, dict]:
    return {e["value"]: e for e in entries}


def test_without_an_index_every_value_is_listed_uncounted() -> None:
    t = describe_taxonomy(None)
    assert t["documents"] is None
    assert [e["value"] for e in t["themes"]] == [th.id for th in all_themes()]
    assert [e["value"] for e in t["groups"]] == [g.id for g in all_groups()]
    assert len(t["countries"]) == len(all_countries())
    assert {e["value"] for e in t["regions"]} == set(all_regions())
    for section in SECTIONS:
        assert all(e["count"] is None for e in t[section]), section


def test_counts_are_what_a_filtered_search_finds(searcher: SearchIndex) -> None:
    t = describe_taxonomy(searcher)
    assert t["documents"] == searcher.doc_count()
    checks = [
        ("themes", "fishing", SearchRequest(themes=("fishing",))),
        ("groups", "domestic_workers", SearchRequest(groups=("domestic_workers",))),
        ("regions", "ASEAN", SearchRequest(countries=("ASEAN",))),
        ("regions", "GCC", SearchRequest(countries=("GCC",))),
    ]
    for section, value, req in checks:
        count = _by_value(t[section])[value]["count"]
        assert count == searcher.search(req).total > 0, (section, value)
    gulf = _by_value(t["regions"])["GCC"]
    assert gulf["members"] and "SAU" in gulf["members"]


def test_countries_count_about_and_with_mentions_apart(searcher: SearchIndex) -> None:
    sau = _by_value(describe_taxonomy(searcher)["countries"])["SAU"]
    about = searcher.search(SearchRequest(countries=("SAU",))).total
    broad = searcher.search(SearchRequest(countries=("SAU",), mentions=True)).total
    assert (sau["count"], sau["count_with_mentions"]) == (about, broad) == (0, 1)
