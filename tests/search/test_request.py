"""The search request (``search/request.py``): bounds, strict resolution, lenient canonical form."""

from __future__ import annotations

import dataclasses

import pytest

from migsearch.errors import UnknownCountryError, UnknownGroupError, UnknownThemeError, UsageError
from migsearch.indexer.vocabulary.countries import all_regions, region_label, resolve_country
from migsearch.search.request import (
    FILTERS,
    MAX_FACET_LIMIT,
    MAX_LIMIT,
    MAX_PAGE,
    MAX_REPEAT,
    MAX_SOURCE_CHARS,
    MAX_VALUE_CHARS,
    SORTS,
    SearchRequest,
    describe,
)


def test_values_are_stripped_distinct_tuples() -> None:
    r = SearchRequest(countries=[" THA", "THA", "", "PHL "], themes="fishing", sort="  ")
    assert r.countries == ("THA", "PHL") and r.themes == ("fishing",) and r.sort is None


def test_of_builds_from_options_and_refuses_unknown_ones() -> None:
    r = SearchRequest.of("fishers", limit=5)
    assert (r.query, r.limit) == ("fishers", 5)
    assert SearchRequest.of(r) is r and SearchRequest.of(r, page=2).page == 2
    with pytest.raises(UsageError, match="unknown search option 'colour'"):
        SearchRequest.of("x", colour="red")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": MAX_LIMIT + 1}, "limit"),
        ({"page": MAX_PAGE + 1}, "page"),
        ({"facet_limit": MAX_FACET_LIMIT + 1}, "facet limit"),
        ({"sort": "random"}, "unknown sort"),
        ({"countries": [f"c{i}" for i in range(MAX_REPEAT + 1)]}, "at most"),
        ({"themes": ["t" * (MAX_VALUE_CHARS + 1)]}, "characters"),
        ({"sources": ["s" * (MAX_SOURCE_CHARS + 1)]}, "characters"),
        ({"date_from": "2" * (MAX_VALUE_CHARS + 1)}, "characters"),
        ({"years": ["2015", "15"]}, "four digits"),
        ({"years": [f"{2000 + i}" for i in range(MAX_REPEAT + 1)]}, "at most"),
    ],
)
def test_check_refuses_what_is_out_of_bounds(changes: dict, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        SearchRequest(**changes).check()


def test_the_bounds_themselves_are_accepted() -> None:
    SearchRequest(
        limit=MAX_LIMIT,
        page=MAX_PAGE,
        facet_limit=MAX_FACET_LIMIT,
        sources=["s" * MAX_SOURCE_CHARS],
        countries=[f"c{i}" for i in range(MAX_REPEAT)],
    ).check()
    for sort in SORTS:
        SearchRequest(sort=sort).check()


def test_resolve_turns_values_into_what_the_index_stores() -> None:
    rr = SearchRequest(
        "fishers", countries=["Burma", "th"], themes=["Fishing"], date_from="2015", date_to="2016"
    ).resolve()
    assert rr.places == ("MMR", "THA") and rr.theme_ids == ("fishing",)
    assert rr.sort == "relevance" and rr.date_lo == "2015" and rr.date_hi > "2016-12-31"
    assert SearchRequest().resolve().sort == "newest"  # browsing
    with pytest.raises(UnknownCountryError):
        SearchRequest(countries=["Atlantis"]).resolve()
    with pytest.raises(UsageError, match="after the end date"):
        SearchRequest(date_from="2016", date_to="2015").resolve()


def test_canonical_gives_each_value_the_form_the_facets_list() -> None:
    r, errors = SearchRequest(
        countries=["Burma", "asean", "south asia", "th", "Thailnd"],
        themes=["Fishing", "nope"],
        date_from="2015-13",
        date_to="2016",
    ).canonical()
    assert r.countries == ("MMR", "ASEAN", "SOUTH_ASIA", "THA")
    assert r.themes == ("fishing",)
    assert (r.date_from, r.date_to) == (None, "2016")
    assert [type(e) for e in errors] == [UnknownCountryError, UnknownThemeError, UsageError]
    assert "Thailand" in str(errors[0])
    # canonical values resolve to what the originals resolved to
    assert (
        r.resolve().places
        == SearchRequest(countries=["Burma", "asean", "south asia", "th"]).resolve().places
        == ("ASEAN", "MMR", "SOUTH_ASIA", "THA")  # a region stays a region
    )


def test_corridors_resolve_to_codes_regions_or_any() -> None:
    rr = SearchRequest(
        corridors=[
            "Myanmar-Thailand",
            "asean-gulf countries",
            "*-THA",
            "Timor-Leste - Guinea-Bissau",
        ]
    ).resolve()
    assert rr.corridors == ("*-THA", "ASEAN-GCC", "MMR-THA", "TLS-GNB")
    r, errors = SearchRequest(corridors=["Philippines → UK", "MMR", "Narnia-THA"]).canonical()
    assert r.corridors == ("PHL-GBR",)
    assert [type(e) for e in errors] == [UsageError, UnknownCountryError]
    with pytest.raises(UsageError, match="ORIGIN-DESTINATION"):
        SearchRequest(corridors=["Thailand"]).resolve()


def test_groups_and_mentions() -> None:
    rr = SearchRequest(groups=["Domestic workers", "idps"], mentions=1).resolve()  # type: ignore[arg-type]
    assert rr.group_ids == ("domestic_workers", "internally_displaced")
    assert rr.request.mentions is True and SearchRequest().mentions is False
    with pytest.raises(UnknownGroupError) as exc:
        SearchRequest(groups=["domestic"]).resolve()
    assert "domestic_workers" in exc.value.suggestions


@pytest.mark.parametrize("region", sorted(all_regions()))
def test_every_region_by_id_or_name_is_that_region(region: str) -> None:
    assert SearchRequest(countries=[region.lower()]).canonical()[0].countries == (region,)
    assert SearchRequest(countries=[region_label(region)]).resolve().places == (region,)
    assert set(resolve_country(region)) == set(all_regions()[region])


def test_every_front_end_parameter_is_described() -> None:
    for f in dataclasses.fields(SearchRequest):
        if f.name != "extra":
            text = describe(f.name)
            assert text and text.endswith(".") and "\n" not in text, f.name
    assert set(FILTERS) <= {f.name for f in dataclasses.fields(SearchRequest)}
    with pytest.raises(KeyError):
        describe("colour")
