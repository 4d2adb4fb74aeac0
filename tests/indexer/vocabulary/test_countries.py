"""Countries and regions as users name them: filter values, labels, regions, query words."""

from __future__ import annotations

import pytest

from migsearch.errors import MigsearchError, UnknownCountryError
from migsearch.indexer.vocabulary.countries import (
    all_countries,
    all_regions,
    countries_in_query,
    country_label,
    region_label,
    region_members,
    regions_for,
    resolve_country,
    resolve_place,
)

# ---------------------------------------------------------- filter values


@pytest.mark.parametrize(
    "value,want",
    [
        ("THA", ["THA"]),
        ("tha", ["THA"]),
        ("  th ", ["THA"]),
        ("Thailand", ["THA"]),
        ("THAILAND", ["THA"]),
        ("Kingdom of Thailand", ["THA"]),
        ("Thai", ["THA"]),
        ("Burma", ["MMR"]),
        ("myanmar", ["MMR"]),
        ("Viet Nam", ["VNM"]),
        ("vietnam", ["VNM"]),
        ("Lao People’s Democratic Republic", ["LAO"]),
        ("lao pdr", ["LAO"]),
        ("Korea, Republic of", ["KOR"]),
        ("korea", ["KOR"]),
        ("Filipina", ["PHL"]),
        ("Kosovo", ["XKX"]),
        ("XK", ["XKX"]),
        ("Türkiye", ["TUR"]),
        ("turkey", ["TUR"]),
        ("Cote d'Ivoire", ["CIV"]),
        ("the Netherlands", ["NLD"]),
        ("UK", ["GBR"]),
        ("gb", ["GBR"]),
        ("Hong Kong", ["HKG"]),
    ],
)
def test_resolve_country(value: str, want: list[str]) -> None:
    assert resolve_country(value) == want


def test_resolve_regions() -> None:
    asean = ["BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM", "TLS"]
    assert sorted(resolve_country("ASEAN")) == sorted(asean)
    assert sorted(resolve_country(" asean ")) == sorted(asean)
    assert sorted(resolve_country("GCC")) == sorted(["BHR", "KWT", "OMN", "QAT", "SAU", "ARE"])
    assert sorted(resolve_country("Gulf countries")) == sorted(resolve_country("gcc"))
    south_asia = ["AFG", "BGD", "BTN", "IND", "MDV", "NPL", "PAK", "LKA"]
    assert sorted(resolve_country("South Asia")) == sorted(south_asia)
    assert sorted(resolve_country("SOUTH_ASIA")) == sorted(south_asia)
    r = resolve_country("ASEAN")
    r.clear()  # a copy: changing it must not change the data
    assert len(resolve_country("ASEAN")) == 11


@pytest.mark.parametrize(
    ("value", "want"),
    [
        ("ASEAN", ["ASEAN"]),
        (" asean ", ["ASEAN"]),
        ("Southeast Asia", ["ASEAN"]),
        ("Gulf countries", ["GCC"]),
        ("the Gulf Cooperation Council", ["GCC"]),
        ("Greater Mekong Subregion", ["GMS"]),
        ("SOUTH_ASIA", ["SOUTH_ASIA"]),
        ("European Union", ["EU"]),
        ("Middle East", ["MIDDLE_EAST"]),
        ("Thailand", ["THA"]),
        ("np", ["NPL"]),
    ],
)
def test_resolve_place_keeps_a_region_one_region(value: str, want: list[str]) -> None:
    assert resolve_place(value) == want


def test_resolve_place_fails_as_resolve_country_does() -> None:
    with pytest.raises(UnknownCountryError):
        resolve_place("Narnia")


@pytest.mark.parametrize("value", ["Thialand", "Narnia", "", "   ", "XX", "ZZZ"])
def test_unknown_country(value: str) -> None:
    with pytest.raises(UnknownCountryError) as exc:
        resolve_country(value)
    assert isinstance(exc.value, MigsearchError)
    assert exc.value.value == value
    assert len(exc.value.suggestions) <= 3


def test_unknown_country_suggests_close_names() -> None:
    with pytest.raises(UnknownCountryError) as exc:
        resolve_country("Thialand")
    assert "Thailand" in exc.value.suggestions
    assert "did you mean" in str(exc.value)
    with pytest.raises(UnknownCountryError) as exc:
        resolve_country("Philipines")
    assert "Philippines" in exc.value.suggestions


# ------------------------------------------------------------------ regions


def test_regions() -> None:
    regions = all_regions()
    assert len(regions["ASEAN"]) == 11 and "TLS" in regions["ASEAN"]
    assert sorted(regions["GCC"]) == ["ARE", "BHR", "KWT", "OMN", "QAT", "SAU"]
    assert len(regions["SOUTH_ASIA"]) == 8
    assert all(rid == rid.upper() for rid in regions)
    # in the data's order: the regions of both countries, the continent last
    assert regions_for(["THA", "NPL"]) == ["ASEAN", "GMS", "SOUTH_ASIA", "ASIA_PACIFIC", "ASIA"]
    assert regions_for(["QAT"])[:1] == ["GCC"]
    assert region_members("gcc") == region_members("GCC") == all_regions()["GCC"]
    assert region_members("THA") == []
    countries = all_countries()
    assert countries["THA"] == "Thailand" and "ASEAN" not in countries and len(countries) > 240
    assert regions_for([]) == []
    assert region_label("SOUTH_ASIA") == "South Asia"
    assert region_label("ASEAN") == "ASEAN"
    assert region_label("NOWHERE") == "NOWHERE"
    regions["ASEAN"].clear()  # a copy: changing it must not change the gazetteer
    assert len(all_regions()["ASEAN"]) == 11


# ------------------------------------------------------------------ labels


@pytest.mark.parametrize(
    "code,label",
    [
        ("THA", "Thailand"),
        ("VNM", "Viet Nam"),
        ("LAO", "Lao PDR"),
        ("KOR", "South Korea"),
        ("TUR", "Türkiye"),
        ("XKX", "Kosovo"),
        ("HKG", "Hong Kong"),
        ("PSE", "Palestine"),
        ("tha", "Thailand"),
        ("QQQ", "QQQ"),
    ],
)
def test_country_label(code: str, label: str) -> None:
    assert country_label(code) == label


# ------------------------------------------------------------------ queries


def test_countries_in_query() -> None:
    assert countries_in_query("Burma fishers") == [("Burma", "MMR")]
    assert countries_in_query("burma fishers") == [("burma", "MMR")]
    assert countries_in_query("filipino nurses in the uae") == [
        ("filipino", "PHL"),
        ("uae", "ARE"),
    ]
    assert countries_in_query("Lao People’s Democratic Republic") == [
        ("Lao People’s Democratic Republic", "LAO")
    ]
    assert countries_in_query("tell us about indian ocean fishing") == []
    assert countries_in_query("US visas") == [("US", "USA")]
    assert countries_in_query("ASEAN migration") == []
    assert countries_in_query("workers in asia and the gulf countries") == []  # regions
    assert countries_in_query("bangkok shelters") == []
    assert countries_in_query("Hong Kong domestic workers") == [("Hong Kong", "HKG")]
    assert countries_in_query("") == []
