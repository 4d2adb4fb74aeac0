"""Which origins of a clause go with which of its destinations (corridors.py, ``_pairs``)."""

from __future__ import annotations

import pytest

from migsearch.indexer.vocabulary.corridors import find_corridors


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # named in turns: each people with the place it is named with
        (
            "Syrian refugees in Lebanon and Afghan refugees in Iran face the winter.",
            ["SYR-LBN", "AFG-IRN"],
        ),
        (
            "Turkey hosts 3.6 million Syrians and Pakistan hosts 1.4 million Afghans.",
            ["SYR-TUR", "AFG-PAK"],
        ),
        (
            "Migrants from Nepal in Qatar, from Bangladesh in Saudi Arabia.",
            ["NPL-QAT", "BGD-SAU"],
        ),
        # one group of each, or groups not in turns: every origin with every destination
        (
            "Refugees from Syria and Iraq arrived in Turkey and Lebanon.",
            ["SYR-TUR", "SYR-LBN", "IRQ-TUR", "IRQ-LBN"],
        ),
        (
            "Myanmar workers in Thailand and Cambodian workers face abuse.",
            ["MMR-THA", "KHM-THA"],
        ),
    ],
)
def test_origins_named_in_turns_pair_with_their_own_destination(text: str, want: list[str]) -> None:
    assert find_corridors(text).values == want


@pytest.mark.parametrize(
    ("text", "homes", "want"),
    [
        # a border of the text's country and another: crossed into the text's country
        (
            "Arrivals via the Turkey-Greece land border are not subject to the Statement.",
            ("GRC",),
            ["TUR-GRC"],
        ),
        (
            "Some 5,100 people have arrived at the Evros Greek-Turkish land border.",
            ("GRC",),
            ["TUR-GRC"],
        ),
        ("Partners screen the people who crossed the CAR-Chad border.", ("TCD",), ["CAF-TCD"]),
        (
            "If refugees return from the camps on the Thai-Burma/Myanmar border, they face "
            "challenges.",
            ("MMR",),
            ["THA-MMR"],
        ),
        # no one crosses, or the border is not the text's country's: no corridor
        ("Migrants wait at the Colombia-Venezuela border.", ("COL",), []),
        ("Some 5,100 people have arrived at the Greek-Turkish land border.", ("ITA",), []),
        ("Some 5,100 people have arrived at the Greek-Turkish land border.", (), []),
    ],
)
def test_a_border_crossed_leads_into_the_texts_country(
    text: str, homes: tuple[str, ...], want: list[str]
) -> None:
    assert find_corridors(text, homes=homes).values == want
