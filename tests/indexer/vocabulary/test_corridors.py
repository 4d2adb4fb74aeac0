"""Corridors read from text: the issue's examples, roles, lists, returns, homes, evidence."""

from __future__ import annotations

import pytest
from benchmarks import bench
from support import assert_floors, need_labelled_sets

from migsearch.errors import MigsearchError
from migsearch.indexer.vocabulary.corridors import find_corridors, format_corridor, parse_corridor


def corridors(text: str, *homes: str) -> list[str]:
    return find_corridors(text, homes=homes).values


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "Cambodian and Myanmar migrant workers, for example, work on Thai vessels fishing in "
            "Malaysian and Indonesian waters.",
            ["KHM-THA", "MMR-THA"],
        ),
        ("Filipino nurses in the UK", ["PHL-GBR"]),
        ("Support for returnees to Nepal from Malaysia.", ["MYS-NPL"]),
        ("Over 3,200 refugees journeyed by sea from Turkey to Greece.", ["TUR-GRC"]),
        ("Tanzania is hosting 314,797 refugees from Burundi and the DRC.", ["BDI-TZA", "COD-TZA"]),
        ("Jordan had received over 1.3 million Syrian refugees.", ["SYR-JOR"]),
        (
            "5 refugees returned to Afghanistan from Pakistan and 12 from Iran.",
            ["PAK-AFG", "IRN-AFG"],
        ),
        (
            "Health-care professionals from the Philippines, India and Viet Nam migrate to "
            "selected European member States.",
            ["PHL-EU", "IND-EU", "VNM-EU"],
        ),
        ("Migrant workers from ASEAN in the Gulf countries.", ["ASEAN-GCC"]),
    ],
)
def test_stated_corridors(text: str, want: list[str]) -> None:
    assert corridors(text) == want


@pytest.mark.parametrize(
    ("text", "homes", "want"),
    [
        # the origin in one sentence, the destination in the next, or the other way
        (
            "Myanmar workers are recruited by brokers. Most of them end up on fishing boats in "
            "Thailand.",
            (),
            ["MMR-THA"],
        ),
        (
            "Thousands of Venezuelans left their country in 2018. Most arrived in Colombia.",
            (),
            ["VEN-COL"],
        ),
        (
            "On 21 November, a girl from Afghanistan was hit by a train. The girl had entered "
            "Croatia irregularly.",
            (),
            ["AFG-HRV"],
        ),
        (
            "They arrived at a transit centre, a first stop for new arrivals in Bangladesh. A "
            "week later, they moved to a camp where they live beside neighbours from Myanmar.",
            (),
            ["MMR-BGD"],
        ),
        # a possessive that says abroad; a country that deports; a part of a country
        ("Nepal's workers abroad in Malaysia face debt bondage.", (), ["NPL-MYS"]),
        ("Malaysia deported 500 Indonesian workers.", (), ["MYS-IDN"]),
        ("Refugees fled from southern Syria.", ("JOR",), ["SYR-JOR"]),
        (
            "South Sudanese refugees started to come back from Obo Camp in southeastern CAR.",
            ("SSD",),
            ["CAF-SSD"],
        ),
        ("Workers migrate from Nepal to Qatar.", (), ["NPL-QAT"]),
        ("IOM assisted returnees from Saudi Arabia to Ethiopia.", (), ["SAU-ETH"]),
        (
            "Refugees were evacuated to the Emergency Transit Mechanism (ETM) in Niger.",
            ("LBY",),
            ["LBY-NER"],
        ),
        # a nationality adjective before one person, a family or arrivals
        ("A Cambodian man who worked in Thailand was injured.", (), ["KHM-THA"]),
        ("Sudanese arrivals in Chad", (), ["SDN-TCD"]),
        ("A Thai national was deported from Malaysia.", (), ["MYS-THA"]),
        # a corridor named as such; a border is none
        ("Recruitment costs in the Myanmar–Thailand corridor are high.", (), ["MMR-THA"]),
        ("Remittances along the Nepal-Qatar migration corridor rose.", (), ["NPL-QAT"]),
        ("The Myanmar-Thailand border is closed to migrants.", (), []),
        ("Migration in the ASEAN-Thailand corridor", (), []),
        # returnees from the text's first country go back to its next one, not where
        # others merely come from
        ("Interviewed returnees from Iran crossed at Islam Qala.", ("IRN", "AFG"), ["IRN-AFG"]),
        ("Refugees from Iran arrived at Islam Qala.", ("IRN", "AFG"), []),
        ("Interviewed returnees from Iran crossed at Islam Qala.", ("IRN",), []),
        (
            "Vietnamese, Indonesian and Filipino fishermen work on Korean vessels.",
            ("IDN",),
            ["VNM-KOR", "IDN-KOR", "PHL-KOR"],
        ),
        # two allocations of money are two statements; one sum is none
        (
            "Amongst the allocations was $12 million to cover the needs of 196,000 Rohingya "
            "refugees in Bangladesh and $13 million to support the response to the hurricanes "
            "in the Caribbean.",
            (),
            ["MMR-BGD"],
        ),
        ("Syrian refugees received US$ 30 each in Lebanon.", (), ["SYR-LBN"]),
        # a departure goes to a place: where refugees are stranded is none
        ("Resettlement places are needed for refugees stranded in Libya.", ("ITA",), []),
    ],
)
def test_corridors_told_in_other_ways(text: str, homes: tuple[str, ...], want: list[str]) -> None:
    assert corridors(text, *homes) == want


def test_a_corridor_across_sentences_shows_both_as_evidence() -> None:
    text = (
        "In contrast, arrivals from Libya increased in November. Eritreans were the largest "
        "group arriving in Italy."
    )
    got = find_corridors(text)
    assert got.values == ["LBY-ITA", "ERI-ITA"]
    assert got.evidence["LBY-ITA"] == [
        "In contrast, arrivals from Libya increased in November. … Eritreans were the largest "
        "group arriving in Italy."
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Thailand and Myanmar signed a memorandum on labour cooperation.",  # no one moves
        "Thai officials met Myanmar officials in Bangkok.",
        "Exports from Viet Nam to China rose.",  # goods, not people
        "Fishing in Malaysian and Indonesian waters is hard.",
        "Beyond the ASEAN region, workers also go to Korea.",  # "beyond": no origin
        "Thousands of people were displaced in Haiti.",  # within one country
        "Migrant workers from Asia in Myanmar.",  # a region and its own member
        "Thailand's migrant workers earn the minimum wage.",  # hosted, not sent
        "The Thai government worked in Myanmar.",  # an adjective of a government
        # two sentences, but the first says no one moves
        "Refugees from Syria face hardship. Donors met in Geneva in May.",
        # a crisis named after a people, in the plural too
        "CERF funded the response to the Rohingya refugee crises and to storms in Haiti.",
    ],
)
def test_no_corridor_where_none_is_stated(text: str) -> None:
    assert corridors(text) == []


def test_the_home_is_the_destination_of_arrivals_that_name_none() -> None:
    text = "WFP distributed hot meals to support returnees from the Dominican Republic."
    assert corridors(text) == []
    assert corridors(text, "HTI") == ["DOM-HTI"]
    # a report on Venezuelans in Peru: Venezuela is where people come from, Peru the home
    text = (
        "Refugees and migrants from Venezuela arrived. In Peru, partners assisted 8,000 refugees."
    )
    assert corridors(text, "VEN", "PER") == ["VEN-PER"]


def test_an_opening_in_country_frames_the_paragraph() -> None:
    text = "In Costa Rica, partners opened schools. They enrolled 20 Venezuelan children."
    assert corridors(text) == ["VEN-CRI"]
    # a country heading a paragraph or a bullet frames it too
    text = "Cameroon: over 5,000 Nigerian refugees arrived in Minawao camp."
    assert corridors(text) == ["NGA-CMR"]
    assert corridors("• Chad: Sudanese refugees need water.") == ["SDN-TCD"]
    # … but not a country named later in a sentence, before a colon
    assert corridors("Donors met officials of Chad: Sudanese refugees need water.") == []


def test_a_return_makes_the_demonym_the_destination() -> None:
    text = "The voluntary repatriation of Somali refugees from Kenya continued."
    assert corridors(text) == ["KEN-SOM"]


def test_departures_start_from_the_home() -> None:
    text = "UNHCR evacuated 131 refugees to the Emergency Transit Mechanism in Niger."
    assert corridors(text, "LBY") == ["LBY-NER"]


def test_evidence_is_the_clause() -> None:
    text = "Filipino nurses work in the UK. Many send money home."
    found = find_corridors(text)
    assert found.evidence == {"PHL-GBR": ["Filipino nurses work in the UK."]}


def test_parse_and_format() -> None:
    assert parse_corridor("MMR-THA") == [("MMR", "THA")]
    assert parse_corridor("*→THA") == [("*", "THA")]
    assert parse_corridor("Timor-Leste-THA")[1] == ("Timor-Leste", "THA")
    assert format_corridor("ASEAN", "GCC") == "ASEAN-GCC"
    with pytest.raises(MigsearchError, match="ORIGIN-DESTINATION"):
        parse_corridor("Thailand")


def test_corridor_figures_keep_their_floors() -> None:
    """The corridor figures bench/tagging.py reports on the labelled sets of bench/labels/.

    Floors against regressions, a few points under what was measured. Paragraphs read
    alone: tuning 0.924 / 0.784 (328 mentions), held-out 0.841 / 0.688 (154); 3ff862e
    gives 0.896 / 0.759 and 0.841 / 0.688 on the same labels. The 70 tuning mentions of
    December's fourth round, drawn among paragraphs not read before, are harder: 3ff862e
    read them at 0.73 / 0.54 (0.934 / 0.818 on the 258 before them). Read within their
    whole documents, as indexing reads them: tuning 0.921 / 0.744, held-out 0.803 / 0.636
    (3ff862e: 0.898 / 0.723 and 0.802 / 0.630). After issue 13's rules (goods, offices,
    nations, conflicts, reporting governments): paragraphs alone tuning 0.945 / 0.838,
    held-out 0.840 / 0.682; within documents 0.942 / 0.799 and 0.810 / 0.636. With
    December's seventh round (54 mentions drawn at random, 41 held-out): paragraphs alone
    tuning 0.941 / 0.842 (341), held-out 0.848 / 0.687 (195); within documents 0.941 /
    0.801 and 0.831 / 0.631; with a French "et" joining lists and "and her …" opening a
    clause, tuning 0.944 / 0.848 and 0.945 / 0.806, held-out unchanged.
    """
    need_labelled_sets()
    quality = bench("facet_quality")
    assert_floors(quality.corridor_pairs(), {"tuning": (0.94, 0.83), "held-out": (0.83, 0.67)})
    assert_floors(
        quality.corridor_pairs_in_documents(),
        {"tuning": (0.93, 0.79), "held-out": (0.80, 0.63)},
    )


@pytest.mark.parametrize(
    ("text", "homes", "want"),
    [
        # a people's name says where its people come from, without tagging that country
        ("The Rohingya, facing ethnic cleansing in Myanmar, flee to Bangladesh.", (), ["MMR-BGD"]),
        ("Over 815,000 **Rohingya refugees** are sheltering in **Bangladesh**.", (), ["MMR-BGD"]),
        # … but not when it names a crisis
        ("Emergencies such as Yemen, Somalia and the Rohingya refugee crisis.", ("NLD",), []),
        # a return that leads to a place starts from the country the text is about
        ("So far, 676 individuals have returned to Somalia.", ("YEM",), ["YEM-SOM"]),
        ("Refugees were assisted to voluntarily repatriate to Burundi.", ("TZA",), ["TZA-BDI"]),
        # … and not from a word that only sits near one
        ("It was incumbent on all to work with Myanmar to allow their return.", ("PSE",), []),
        # a departure's word of direction covers the whole list after it
        (
            "UNHCR transferred refugees to prepare for evacuations to Italy and Niger.",
            ("LBY",),
            ["LBY-ITA", "LBY-NER"],
        ),
        # a French "et" joins a list as "and" does (a report title of the tuning half)
        (
            "Chad: Socioeconomic profiling of Sudanese, Central African et Nigerian refugees",
            ("TCD",),
            ["SDN-TCD", "CAF-TCD", "NGA-TCD"],
        ),
        # "and her …" opens a new subject: Somalia is where Turkey intervened, not where
        # the Syrians it hosts went (a joint statement of the tuning half)
        (
            "Turkey hosts millions of displaced Syrian people and her intervention in Somalia "
            "saved millions from starvation.",
            ("TUR", "IRQ"),
            ["SYR-TUR"],
        ),
        # sections of an organisation are no destination
        (
            "Response to new displacement in Borno. MSF (France, Swiss, Spain, Belgium) have "
            "wider coverage in case of a population influx.",
            ("NGA",),
            [],
        ),
        # a comma and a verb start a new clause: Germany is not a second Gaza
        (
            "A contribution to reconstruction in Gaza, Germany is continuing its support to "
            "Palestine refugees.",
            ("PSE", "DEU"),
            [],
        ),
        # a movement verb after a word of time; a lone family; a flight from home
        ("The United States resumed deporting migrants to Guatemala.", (), ["USA-GTM"]),
        ("A Venezuelan family was found living in a truck in Lima.", (), ["VEN-PER"]),
        ("This population had fled into Cameroon after the attacks.", ("NGA",), ["NGA-CMR"]),
        (
            "Violence has driven 655,000 Rohingya across the border into Bangladesh.",
            (),
            ["MMR-BGD"],
        ),
        # a country's name before "arrivals" is where they arrive, not where they come from
        ("Updates on incidents off the Libyan coast and on Italy arrivals.", ("SDN",), []),
        # … while "and" keeps a list together
        (
            "Jihadists fleeing from Libya, Yemen, and Syria were changing the war in Somalia.",
            (),
            ["LBY-SOM", "YEM-SOM", "SYR-SOM"],
        ),
    ],
)
def test_corridor_rules_of_december(text: str, homes: tuple[str, ...], want: list[str]) -> None:
    assert corridors(text, *homes) == want


def test_a_people_is_no_country_tag() -> None:
    """The Rohingya give a corridor, not a Myanmar mention: a report on the camps in
    Bangladesh is not about Myanmar."""
    from migsearch.indexer.vocabulary.country_tagger import scan_places

    codes = {m.code for m in scan_places("Rohingya refugees in Cox's Bazar, Bangladesh")}
    assert codes == {"BGD"}


@pytest.mark.parametrize(
    ("text", "homes", "want"),
    [
        # "came from" is a movement; the arrivals' destination is said after it
        (
            "27% came from Pakistan and 24% from Iraq. 49% arrived to Serbia from Bulgaria.",
            (),
            ["PAK-SRB", "IRQ-SRB", "BGR-SRB"],
        ),
        # who sends people back is where they come from
        ("Refugees are sent back into the country by Cameroon.", ("NGA",), ["CMR-NGA"]),
        # a return only wished is no return: the refugees are where they are
        (
            "In the Meri camp, 30,000 South Sudanese refugees in the Democratic Republic of "
            "Congo yearn to return to their homeland.",
            ("COD",),
            ["SSD-COD"],
        ),
        # displaced inside their own country ("Syrian IDPs", "from Deir-ez-Zor governorate"):
        # no corridor, and the text's country stays the destination of the others
        (
            "The camp population is refugees from Iraq (87%), most of whom are from Ninewa, as "
            "well as Syrian Internally Displaced Persons (IDPs) from Deir-ez-Zor governorate.",
            ("SYR",),
            ["IRQ-SYR"],
        ),
    ],
)
def test_came_sent_back_by_wished_returns_and_internal_moves(
    text: str, homes: tuple[str, ...], want: list[str]
) -> None:
    assert corridors(text, *homes) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Nationals of Eritrea arrived in Italy.", ["ERI-ITA"]),
        ("Citizens of Nepal work in Qatar.", ["NPL-QAT"]),
        ("Refugees of Syrian origin live in Jordan.", ["SYR-JOR"]),
    ],
)
def test_nationals_of_and_an_origin_or_nationality_make_an_origin(
    text: str, want: list[str]
) -> None:
    assert corridors(text) == want


def test_the_home_is_chosen_paragraph_by_paragraph() -> None:
    """A paragraph on Afghan refugees in Pakistan does not make Pakistan the home of
    returnees another paragraph speaks of: they arrive in Afghanistan."""
    text = "Afghan refugees live in Pakistan.\n\nReturnees arrived from Iran last week."
    assert corridors(text, "AFG", "PAK") == ["AFG-PAK", "IRN-AFG"]
    assert find_corridors(text, homes=["AFG", "PAK"]).evidence["IRN-AFG"] == [
        "Returnees arrived from Iran last week."
    ]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "Venezuelans arrived from Ecuador at the Colombian border town of Ipiales.",
            ["VEN-COL", "ECU-COL"],
        ),
        ("Syrian refugees in the Lebanese town of Arsal.", ["SYR-LBN"]),
        ("Families fled the Syrian city of Aleppo to Turkey.", ["SYR-TUR"]),
        ("Refugees gathered at the Syrian border.", []),
    ],
)
def test_a_town_of_a_country_is_where_people_arrive(text: str, want: list[str]) -> None:
    assert corridors(text) == want


def test_no_home_for_people_whose_destination_the_paragraph_states() -> None:
    """The text's country is the destination of arrivals whose destination goes unsaid,
    not of people the paragraph has already placed elsewhere."""
    text = (
        "Partners assessed refugees from Venezuela in Chile. "
        "They gave food to refugees from Venezuela in the capital."
    )
    assert corridors(text, "BRA") == ["VEN-CHL"]
    assert corridors("They gave food to refugees from Venezuela.", "BRA") == ["VEN-BRA"]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Tigrayan refugees fled to Sudan.", ["ETH-SDN"]),
        ("Yazidis who fled to Germany.", ["IRQ-DEU"]),
        ("Karen refugees in Thailand.", ["MMR-THA"]),
        # a people's name that is another word too counts only before a word for people
        ("Karen Smith met migrants in Thailand.", []),
    ],
)
def test_peoples_of_one_country(text: str, want: list[str]) -> None:
    assert corridors(text) == want


def test_an_origin_is_carried_forward_only_to_a_movement() -> None:
    """The sentence after one that says where someone comes from takes that origin only
    when it tells of a movement, and only when the first placed them nowhere."""
    assert corridors("A girl from Afghanistan was hit by a train. She lives in Croatia.") == []
    text = "Refugees from Syria live in Jordan. Others entered Lebanon."
    assert corridors(text) == ["SYR-JOR"]
