"""Places the words around them keep out of a corridor (corridors.toml, ``never_before``
and ``never_after``), read through find_corridors."""

from __future__ import annotations

import pytest

from migsearch.indexer.vocabulary.corridors import find_corridors


@pytest.mark.parametrize(
    ("text", "homes", "want"),
    [
        # a "to" that leads to no place people go
        (
            "A consensus grants refugee status to Venezuelans according to the Cartagena "
            "Declaration.",
            (),
            [],
        ),
        (
            "Turkey delivered food aid to Kirkuk in Northern Iraq, Afghanistan and "
            "violence-affected Rohingya people in Bangladesh.",
            (),
            ["MMR-BGD"],
        ),
        ("Syrian refugees receive support thanks to Germany.", (), []),
        ("Syrian refugees were mentioned in relation to Jordan.", (), []),
        # a place naming an agreement or a meeting
        ("Pledges were made for Syrian refugees at the London Conference.", (), []),
        ("Venezuelan migrants benefit from the Quito process in Peru.", (), ["VEN-PER"]),
        # where goods come from is no origin of people
        (
            "UNHCR's first airlift for flood survivors in Sudan arrived from UAE in early "
            "September.",
            ("SDN",),
            [],
        ),
        ("A shipment of tents for refugees in Chad was sent from Cameroon.", (), []),
        (
            "People in 27 provinces received the COVID-19 vaccine from India, the first "
            "vaccine supplies Afghanistan has received.",
            ("AFG",),
            [],
        ),
        (
            "The Council authorized the cross-border delivery of humanitarian assistance "
            "across the border from Turkey to Syria.",
            ("SYR",),
            [],
        ),
        # where an office or an embassy sits, or is moved from, is no end of a corridor
        (
            "The country cluster office in Haiti and the regional office for the Americas "
            "(ARO) in Panama have deployed a coordinator to Guatemala.",
            (),
            [],
        ),
        (
            "Palestinian civilians held protests across the Gaza Strip against the decision "
            "to move the American Embassy from Tel Aviv to Jerusalem.",
            ("PSE",),
            [],
        ),
        ("Staff of the embassy fled from Kabul to Pakistan.", (), ["AFG-PAK"]),
        # … while people who arrive from a place still come from it
        ("Flood survivors arrived in Sudan from Ethiopia.", (), ["ETH-SDN"]),
        # … while a plain "to" still leads there
        ("Refugees fled to Chad due to the fighting.", ("SDN",), ["SDN-TCD"]),
        ("Migrants travel from Eritrea to Sudan.", (), ["ERI-SDN"]),
    ],
)
def test_words_that_keep_a_place_out_of_a_corridor(
    text: str, homes: tuple[str, ...], want: list[str]
) -> None:
    assert find_corridors(text, homes=homes).values == want
