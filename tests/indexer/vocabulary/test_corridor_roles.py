"""Roles of places in a clause (corridor_roles.py), seen through the corridors they give."""

from __future__ import annotations

import pytest

from migsearch.indexer.vocabulary.corridor_roles import lists, role
from migsearch.indexer.vocabulary.corridors import find_corridors
from migsearch.indexer.vocabulary.country_tagger import scan_places


def test_a_list_in_brackets_takes_the_role_of_the_words_before_it() -> None:
    text = "Cases were submitted for resettlement to three States (Canada, Norway and Sweden)."
    places = list(scan_places(text))
    assert [m.code for m in places] == ["CAN", "NOR", "SWE"]
    assert lists(places, text) == [[0, 1, 2]]
    assert role(places[0], text, 0, len(text), False) == "destination"


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # a departure leaves the country people are in, for the one they go to
        (
            "Refugees registered in Kenya were submitted for resettlement to 4 countries "
            "(Australia, Canada, Norway and Sweden).",
            ["KEN-AUS", "KEN-CAN", "KEN-NOR", "KEN-SWE"],
        ),
        ("Asylum seekers detained in Libya were evacuated to Rwanda.", ["LBY-RWA"]),
        # without a place they go to, the place they are in stays where they are
        ("Resettlement places are needed for refugees stranded in Libya.", []),
        # not a departure: being in a place and being sent to a camp keep their roles
        ("Sudanese refugees in Chad were moved to a new camp.", ["SDN-TCD"]),
    ],
)
def test_a_departure_starts_where_people_are(text: str, want: list[str]) -> None:
    assert find_corridors(text).values == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # people of one country named in another live abroad, without a word of migration
        ("Vaccines were given to Afghans in Pakistan and Iran.", ["AFG-PAK", "AFG-IRN"]),
        # "Swiss" is an adjective as often as a people: it says nothing of moving
        ("In Viet Nam, a loan from the Swiss Development Agency built an embankment.", []),
        # an adjective is no people
        ("Afghan officials met in Pakistan.", []),
    ],
)
def test_a_people_in_the_plural_is_on_the_move(text: str, want: list[str]) -> None:
    assert find_corridors(text).values == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # a government acting on people from elsewhere acts where they are
        ("The Government of Egypt grants Syrian refugee children access to schools.", ["SYR-EGY"]),
        ("Peruvian immigration authorities will admit Venezuelan nationals.", ["VEN-PER"]),
        # … and one that returns them sends them from there
        ("The Government of Kenya authorized return convoys to Somalia.", ["KEN-SOM"]),
        # … but not one that only helps returnees where they are
        (
            "The Government of India proposes to build housing in Rakhine State for "
            "returning people.",
            [],
        ),
        # a donor is no host
        ("The Government of Norway funded programmes for Syrian refugees.", []),
        # a destination the clause states wins over the government
        ("The Government of Norway resettled Syrian refugees in Canada.", ["SYR-CAN"]),
    ],
)
def test_a_government_is_where_its_migrants_are(text: str, want: list[str]) -> None:
    assert find_corridors(text).values == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # a facility's acronym between a word of direction and a place, or in a list
        (
            "Refugees held in Libya were evacuated to ETM Niger.",
            ["LBY-NER"],
        ),
        (
            "Asylum seekers were evacuated from Libya to Niger (200), Italy (41) and the "
            "ETC Romania (26).",
            ["LBY-NER", "LBY-ITA", "LBY-ROU"],
        ),
    ],
)
def test_an_acronym_before_a_place_keeps_its_role(text: str, want: list[str]) -> None:
    assert find_corridors(text).values == want


@pytest.mark.parametrize(
    ("text", "homes", "want"),
    [
        # a move only wished or planned leads nowhere, not even to the text's country
        ("The border is closed to Palestinian refugees wishing to enter Jordan.", ("JOR",), []),
        ("Many Afghan refugees plan to travel to Turkey.", ("IRN",), []),
        # a move made is read as before
        ("Palestinian refugees entered Jordan.", ("JOR",), ["PSE-JOR"]),
    ],
)
def test_a_wished_move_is_no_corridor(text: str, homes: tuple[str, ...], want: list[str]) -> None:
    assert find_corridors(text, homes=homes).values == want
