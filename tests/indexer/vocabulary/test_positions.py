"""Positions: lists, asides, datelines and topic positions read from the words around a place."""

from __future__ import annotations

from migsearch.indexer.vocabulary.country_tagger import scan_places
from migsearch.indexer.vocabulary.places import read_places
from migsearch.indexer.vocabulary.positions import (
    classified_runs,
    gives,
    list_runs,
    names_aside,
    position,
)


def test_speakers_are_asides() -> None:
    text = (
        "The General Assembly debated Jerusalem. MASUD BIN MOMEN (Bangladesh) spoke. "
        "The representative of Mexico said he had abstained. Cuba's representative agreed."
    )
    places = scan_places(text)
    assert {places[i].code for i in names_aside(places, text)} == {"BGD", "MEX", "CUB"}


def test_envoys_abroad_are_asides_the_country_they_are_in_is_not() -> None:
    """An embassy, an ambassador or a consulate speaks for the country that sends it; the
    country it sits in stays a subject."""
    text = (
        "The Philippine Red Cross thanked the Chinese Embassy in the Philippines. "
        "The UAE Ambassador to Mexico spoke. Japan's embassy in Nepal and the Embassy of "
        "Norway in Kenya gave tents."
    )
    places = scan_places(text)
    envoys = {places[i].code for i in names_aside(places, text)}
    assert envoys == {"CHN", "ARE", "JPN", "NOR"}
    assert not envoys & {"PHL", "MEX", "NPL", "KEN"}


def test_a_former_ambassador_s_post_is_an_aside() -> None:
    """ "former U.S. ambassador to the Ukraine Marie Yovanovitch": the post describes the
    person, as a speaker's country does; a text on her testimony is not about Ukraine."""
    text = (
        "On Nov. 15, 2019, former U.S. ambassador to the Ukraine Marie Yovanovitch testified "
        "before the U.S. House Intelligence Committee. Websites provide some basic "
        "biographical information about the former ambassador to Ukraine."
    )
    places = scan_places(text)
    assert [position(p, text) for p in places if p.code == "UKR"] == ["speaker", "speaker"]


def test_a_head_of_state_s_country_is_who_holds_the_office() -> None:
    """ "the Ruler of Dubai", "the Crown Prince of Abu Dhabi", "President Nazarbayev of
    Kazakhstan": the place says whose office the person holds, as a speaker's does; a
    president's visit to a place keeps that place a subject."""
    text = (
        "The aid followed the directives of the Ruler of Dubai and the Crown Prince of Abu "
        "Dhabi. The meeting was hosted by President Nazarbayev of Kazakhstan. The Prime "
        "Minister of Nepal visited Kathmandu, and the President visited Kenya."
    )
    places = scan_places(text)
    assert {p.written: position(p, text) for p in places} == {
        "Dubai": "speaker",
        "Abu Dhabi": "speaker",
        "Kazakhstan": "speaker",
        "Nepal": "speaker",
        "Kathmandu": "",
        "Kenya": "",
    }


def test_a_scope_list_is_one_run_of_all_its_places() -> None:
    scope = (
        "The initiative covers the five countries in the region—Burkina Faso, Chad, Mali and Niger."
    )
    runs = list_runs(scan_places(scope), scope)
    assert [len(r) for r in runs] == [4]


def test_two_places_are_no_list() -> None:
    text = "Workers moved between Nepal and Malaysia."
    assert list_runs(scan_places(text), text) == []


def test_a_donor_list_is_aside_and_a_plain_list_is_not() -> None:
    donors = "The appeal was funded by donors: Japan, Norway, Canada and Germany."
    plain = "Floods hit Nepal, Bangladesh, India and Pakistan this week."
    d, p = scan_places(donors), scan_places(plain)
    assert {d[i].code for i in names_aside(d, donors)} == {"JPN", "NOR", "CAN", "DEU"}
    assert names_aside(p, plain) == set()


def test_where_a_mention_stands() -> None:
    text = "Bangkok, 3 May 2024 - The agency said.\n\nIn Kenya, 370,000 children need help."
    got = {m.code: position(m, text) for m in scan_places(text)}
    assert got == {"THA": "dateline", "KEN": "topic"}


def test_a_dateline_may_have_no_date() -> None:
    """A city in capitals, a comma, the place and a dash or the end of its line: where a
    release was written, dated or not."""
    for text, code in (
        ("Global Fund and ADB sign an MOU NAY PYI TAW, Myanmar – The Global Fund and", "MMR"),
        ("Ascom and Dräger introduce a solution\nBAAR, SWITZERLAND\n\nAscom announced", "CHE"),
    ):
        # the country, and its city when the gazetteer knows it ("NAY PYI TAW")
        assert {position(m, text) for m in scan_places(text) if m.code == code} == {"dateline"}
    # a place in running text before a dash stays running text
    text = "Workers moved to Kenya, Uganda – and beyond, said the report."
    assert {position(m, text) for m in scan_places(text)} == {""}


def test_two_countries_in_capitals_are_no_undated_dateline() -> None:
    text = "Drought in the Horn of Africa\nETHIOPIA, KENYA\n\nRains failed again this year."
    assert "dateline" not in {position(m, text) for m in scan_places(text)}


def test_the_speaker_shortcut_answers_as_the_pattern() -> None:
    # the shortcut skips the search when the text cannot end as a match does: it must
    # never skip a text the pattern matches, whatever comes before the place
    import random

    from migsearch.indexer.vocabulary.positions import _SPEAKER_BEFORE, _speaker_before

    pieces = [
        "Representative", "representatives", "Delegation", "Embassy", "embassies",
        "Permanent Observer", "Minister for Foreign Affairs", "Ministers", "Ambassador",
        "Mr", "John Smith", "Ms. O’Neil", "UN Women", "of", "for", "the", "The", "OF",
        "(", ")", "((", "in", "from", "and", ",", ".", "\t", " ", "  ", "\n", "é", "“", "”",
        "ประเทศ", "Việt Nam", "theof", "offor", "fort", "to", "former", "ambassador", "toe",
    ]  # fmt: skip
    rng = random.Random(16)
    # a line break ends the text before a place that opens a line: "$" would match
    # before it (and once disagreed with the shortcut), "\Z" does not
    texts = ["", " ", "(", "of", "for", "the", "Representative of ", "Smith (the  "]
    texts += ["Representative of \n", "John Smith (\n", "Ambassador of the \n"]
    for _ in range(20_000):
        texts.append("".join(rng.choice(pieces) + rng.choice(["", " ", "\t"]) for _ in range(8)))
    texts += [t[-n:] for t in texts[:2000] for n in (1, 3, 10)]
    matched = 0
    for before in texts:
        expected = _SPEAKER_BEFORE.search(before) is not None
        assert _speaker_before(before) == expected, before
        matched += expected
    assert matched > 100  # the texts reach the pattern's matches, not only its misses


def test_a_speaker_is_found_with_the_shortcut() -> None:
    text = "Statement by the Permanent Observer of the Philippines to the UN in Geneva."
    place = next(m for m in scan_places(text) if m.code == "PHL")
    assert position(place, text) == "speaker"


def _givers(text: str) -> dict[str, bool]:
    return {m.written: gives(text, m) for m in scan_places(text)}


def test_every_member_of_a_giving_subject_gives() -> None:
    """ "United Kingdom (UK) and Ireland provide MWK6.6bn": the subject is both countries,
    each a donor, whatever currency the amount is in; "funds" gives without an amount."""
    got = _givers(
        "United Kingdom (UK) and Ireland provide MWK6.6bn for Lean Season Food Insecurity "
        "Response in Malawi."
    )
    assert got == {"United Kingdom": True, "UK": False, "Ireland": True, "Malawi": False}
    got = _givers("Norway, Sweden and Denmark pledged a further KES 40m to the appeal.")
    assert got == {"Norway": True, "Sweden": True, "Denmark": True}
    got = _givers("UK and Ireland funds cash-based safety net in Nsanje.")
    assert got["UK"] and got["Ireland"]
    # the members after the place must be places: a comma may close an opening phrase
    got = _givers(
        "Today at the One Planet Summit in Paris, the Bill & Melinda Gates Foundation "
        "pledged $300M to help farmers."
    )
    assert got == {"Paris": False}


def test_countries_that_host_or_receive_do_not_give() -> None:
    """A coordinated subject of a verb that is no giving stays the text's subject, and a
    giving verb still needs an amount or aid: "Kenya and Uganda support the resolution"."""
    got = _givers("Kenya and Uganda host 1.5 million refugees from South Sudan.")
    assert not got["Kenya"] and not got["Uganda"]
    got = _givers("Kenya and Uganda support the resolution on refugee protection.")
    assert not got["Kenya"] and not got["Uganda"]


def test_donors_whose_list_a_verb_introduces_after_a_long_name_are_asides() -> None:
    """IFRC's emergency-fund reports end their lead with the fund's donors: a long name
    and "include" stand between "donors" and the list, which is still a donor list."""
    text = (
        "Final Report Nigeria: Yellow Fever The major donors and partners of the Disaster "
        "Relief Emergency Fund (DREF) include the Red Cross Societies and governments of "
        "Belgium, Britain, Canada, Denmark, Germany, Ireland, Italy, Japan and Norway."
    )
    places = scan_places(text)
    donors = {places[i].code for i in names_aside(places, text)}
    assert {"BEL", "GBR", "CAN", "DNK", "DEU", "JPN", "NOR"} <= donors
    assert "NGA" not in donors
    assert read_places("", text).countries == ["NGA"]


def test_a_list_of_other_countries_gives_examples_not_the_scope() -> None:
    """ "… and other countries (116) including India, Tajikistan, …": the list names some
    of the other countries, not the places the text covers."""
    text = (
        "VOLUNTARY REPATRIATION UPDATE 2,147 AFGHAN REFUGEES RETURNED IN 2020 During 2020, "
        "2,147 Afghan refugees have returned from Pakistan (1,092), Iran (939), and other "
        "countries (116) including India, Tajikistan, Kazakhstan, Azerbaijan, and the Russian "
        "Federation."
    )
    places = scan_places(text)
    kinds = {places[i].code: kind for kind, run in classified_runs(places, text) for i in run}
    assert {kinds[c] for c in ("IND", "TJK", "KAZ", "AZE", "RUS")} == {"listed"}


def test_a_list_a_short_sentence_introduces_is_what_the_sentence_before_says() -> None:
    """ "… 11 States have committed a total of 3,781 resettlement places for the
    Libya-Niger situation. The 11 States are: Canada, Finland, …": resettlement states,
    asides, though the list's own sentence says only "States"."""
    text = (
        "As of 25 June 2018, 11 States have committed a total of 3,781 resettlement places "
        "for the Libya-Niger situation. The 11 States are: Canada, Finland, France, Germany, "
        "Italy, Malta, Netherlands, Norway, Sweden, Switzerland and the United Kingdom."
    )
    runs = classified_runs(scan_places(text), text)
    assert [kind for kind, _ in runs] == ["aside"]
    plain = "Floods hit the region. The 3 countries are: Kenya, Uganda and Somalia."
    assert [kind for kind, _ in classified_runs(scan_places(plain), plain)] != ["aside"]
