"""Salience: about or mentioned, from the title, topic positions, lists, asides and weight."""

from __future__ import annotations

import pytest
from benchmarks import bench
from support import assert_floors, need_labelled_sets
from support import country_roles as roles

from migsearch.indexer.vocabulary.country_tagger import scan_places
from migsearch.indexer.vocabulary.places import read_places
from migsearch.indexer.vocabulary.salience import ABOUT, MENTIONED, country_salience


def about(text: str, title: str = "") -> list[str]:
    return [c for c, r in roles(text, title).items() if r == ABOUT]


def test_the_title_decides_and_others_are_mentioned() -> None:
    text = "Hurricane Melissa struck Haiti. Haiti's south flooded. The storm later passed Jamaica."
    assert roles(text, title="Haiti: Flash Update") == {"HTI": ABOUT, "JAM": MENTIONED}


def test_given_countries_are_always_about_and_first() -> None:
    got = country_salience([], scan_places("Thai vessels."), "Thai vessels.", given=["NPL"])
    assert next(iter(got)) == "NPL" and got["NPL"].role == ABOUT
    assert got["NPL"].explain() == "about: given by the source"


def test_a_passing_mention_in_a_long_text_is_mentioned() -> None:
    body = "Nepal’s migrant workers send remittances. " * 3 + "Filler sentence. " * 200
    body += "A similar scheme exists in Mexico."
    assert roles(body) == {"NPL": ABOUT, "MEX": MENTIONED}


def test_donor_and_destination_lists_are_asides() -> None:
    text = (
        "Labour migration is the main pillar of Nepal’s economy. The major destination "
        "countries are UAE, Kuwait, Saudi Arabia and Qatar. Donors: Japan, Norway and Sweden."
    )
    got = country_salience([], scan_places(text), text)
    assert [c for c, s in got.items() if s.role == ABOUT] == ["NPL"]
    assert "as donor, partner, speaker or destination" in got["QAT"].explain()
    assert got["JPN"].score == 0


def test_speakers_are_asides() -> None:
    text = (
        "The General Assembly debated Jerusalem. MASUD BIN MOMEN (Bangladesh) spoke. "
        "The representative of Mexico said he had abstained. Cuba's representative agreed."
    )
    assert about(text) == []


def test_paragraphs_devoted_to_a_country_make_it_about() -> None:
    text = (
        "The funding update covers 39 countries and many crises.\n\n"
        "**Chad** hosts over 400,000 refugees.\n\n"
        "In Kenya, 370,000 children need treatment.\n\n"
        "Honduras: the cluster was activated."
    )
    assert set(about(text)) == {"TCD", "KEN", "HND"}


def test_a_scope_list_is_about_a_list_of_examples_less_so() -> None:
    scope = (
        "The initiative covers the five countries in the region—Burkina Faso, Chad, Mali and Niger."
    )
    assert set(about(scope)) == {"BFA", "TCD", "MLI", "NER"}


def test_a_dateline_is_not_the_lead() -> None:
    text = (
        "PANAMA CITY, 26 October 2025 - Caribbean countries, including Jamaica, Haiti and Cuba, "
        "expect heavy rains. Haiti's south is most exposed. Haiti has prepositioned supplies."
    )
    got = roles(text)
    assert got["PAN"] == MENTIONED and got["HTI"] == ABOUT


def test_a_dateline_weighs_nothing() -> None:
    text = (
        "UN launches a resilience initiative for women in the Sahel Paris, 12 December 2017 - "
        "A new programme will help women farmers in Chad, Mali and Niger. "
        + "Filler sentence on rainfall and farming. "
        * 40
    )
    got = country_salience([], scan_places(text), text)
    assert got["FRA"].role == MENTIONED and "1 in a dateline" in got["FRA"].explain()


@pytest.mark.parametrize(
    "text",
    [
        "Schools in Nepal reopened with the generous support of the Government of Japan. "
        "Nepal's teachers were trained.",
        "Schools in Nepal reopened thanks to the aid agency of Japan. "
        "Nepal's teachers were trained.",
    ],
)
def test_a_single_funder_is_an_aside(text: str) -> None:
    got = country_salience([], scan_places(text), text)
    assert got["NPL"].role == ABOUT and got["JPN"].role == MENTIONED
    assert got["JPN"].score == 0


@pytest.mark.parametrize(
    "text",
    [
        "Cambodian and Myanmar migrant workers, for example, work on Thai vessels.",
        "Countries such as Kenya, Uganda and Ghana have reformed their laws; the report is global.",
    ],
)
def test_examples_weigh_as_list_items(text: str) -> None:
    got = country_salience([], scan_places(text), text)
    assert all("in lists" in s.explain() for s in got.values())


def test_such_as_makes_only_what_follows_an_example() -> None:
    text = (
        "Country examples:\n\nHonduras: the cluster was activated to address violence. "
        "Uruguay: developed precautionary measures (such as extending deadlines, etc.) "
        "Bolivia: coordinates with PAHO/WHO on services, such as those of Paraguay. "
    ) + "Filler sentence on health services and supplies. " * 80
    got = roles(text)
    assert got["URY"] == ABOUT and got["BOL"] == ABOUT and got["HND"] == ABOUT
    assert got["PRY"] == MENTIONED


def test_lake_chad_is_a_region_not_chad() -> None:
    text = "Resolution 2349 on Lake Chad and the Lake Chad Basin crisis. Nigeria's north-east."
    assert "TCD" not in roles(text)


def test_every_role_has_reasons() -> None:
    text = "Thailand’s fishing fleet employs Myanmar workers. Thailand reformed its law."
    got = country_salience(scan_places("Thailand"), scan_places(text), text)
    assert got["THA"].explain().startswith("about: in the title; named 2 times")
    assert got["MMR"].role in (ABOUT, MENTIONED) and got["MMR"].reasons


def test_about_figures_keep_their_floors() -> None:
    """The "about" country figures bench/tagging.py reports on the labelled sets of bench/labels/.

    Floors against regressions, just under what was measured: tuning 0.960 / 0.933
    (357 labelled countries), held-out 0.892 / 0.918 (244); before issue 13's acronyms,
    donors' subjects, heads of state and universities (cce05c6) 0.946 / 0.936 and
    0.882 / 0.918. The code of main at a2fbf6e gives 0.891 / 0.915 and 0.874 / 0.885 on
    the first 331 and 244 labels. December's seventh round (56 documents drawn at random,
    36 held-out countries) brought the held-out half to 0.848 / 0.900 (280 labelled; on
    its new labels alone 28 right, 18 wrong, 8 missed), the tuning half 0.962 / 0.934 (376);
    the round's 16 tuning-half news pages, 0.958 / 0.923 (392; on them 11 right, 2 wrong,
    5 missed).
    """
    need_labelled_sets()
    assert_floors(
        bench("facet_quality").about_pairs(),
        {"tuning": (0.955, 0.92), "held-out": (0.84, 0.895)},
    )


def test_a_capitals_dateline_after_a_byline_weighs_nothing() -> None:
    text = (
        "Scientists look to Bali volcano for clues * Repeat of the 1963 eruption could cool the "
        "planet By Alister Doyle, Environment Correspondent OSLO, Nov 30 (Reuters) - Climate "
        "scientists are tracking an erupting volcano on the Indonesian island of Bali."
    )
    places = read_places("", text)
    assert "NOR" not in places.countries and "IDN" in places.countries


def test_a_month_and_year_in_brackets_is_no_dateline() -> None:
    places = read_places("", "Production and Trade Flow Map: Zambia Maize (December 2017) Maps.")
    assert places.countries == ["ZMB"]


def test_a_us_dateline_in_the_lead_weighs_nothing() -> None:
    text = (
        "Native ad units generate the greatest revenue for publishers this year. New York, NY – "
        "The range of native ad units now available has grown, analysts say."
    )
    assert read_places("", text).countries == []


def test_the_country_of_a_source_is_an_aside() -> None:
    text = (
        "Apple plans a new laptop, according to sources cited by Taiwanese publication DigiTimes."
    )
    assert read_places("", text).countries == []


def test_congo_is_the_dr_congo_in_a_text_that_names_only_it() -> None:
    text = (
        "In the Meri refugee camp in the Democratic Republic of Congo, 30,000 South Sudanese "
        "refugees wait. Rose came to Congo last year to escape the fighting."
    )
    assert {m.code for m in scan_places(text)} == {"COD", "SSD"}
    # … and stays the Republic of the Congo when that one is named too, or alone
    both = "Refugees in the Democratic Republic of Congo and in the Republic of Congo. Congo hosts."
    assert [m.code for m in scan_places(both)][-1] == "COG"
    assert [m.code for m in scan_places("Floods in Congo.")] == ["COG"]


def test_brussels_sprouts_are_no_place() -> None:
    assert scan_places("Related post: Pickled Brussels Sprouts Recipe") == []


def test_drc_ddg_is_the_danish_refugee_council() -> None:
    assert scan_places("In Parwan, DRC-DDG distributed cash to 483 displaced people.") == []


def test_where_people_come_from_weighs_less_than_where_they_are() -> None:
    """A country named as where refugees came from weighs half a country they are in,
    and so does its bonus for standing in the lead: where the lead's people come from
    is not what it is about."""

    def score(sentence: str) -> float:
        text = (
            f"Winter support for families in Kabul, Afghanistan, as the season sets in. {sentence}"
        )
        return country_salience([], scan_places(text), text)["PAK"].score

    came_from = score("Partners will support 13,000 refugee families from Pakistan with cash.")
    living_in = score("Partners will support 13,000 refugee families in Pakistan with cash.")
    assert living_in == pytest.approx((1 + 1) ** 0.85, abs=1e-3)
    assert came_from == pytest.approx((0.5 + 0.5) ** 0.85, abs=1e-3)


def test_countries_come_out_in_the_same_order_whatever_the_hash_seed() -> None:
    """Two countries tied in a title keep the title's order in every process."""
    import subprocess
    import sys

    code = (
        "from migsearch.indexer.vocabulary.places import read_places;"
        "print(read_places('Thailand and Cambodia: fishers', 'Fishers at sea.').countries)"
    )
    seen = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={"PYTHONHASHSEED": str(seed), "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in range(6)
    }
    assert seen == {"['THA', 'KHM']\n"}


@pytest.mark.parametrize(
    "giving",
    [
        "Canada announced an additional $15 million in humanitarian assistance.",
        "The Canadian government has committed 2 million CAD to the response.",
        "Canada’s funding will help provide protection.",
        "Canada will support the response with EUR 1.5 million.",
    ],
)
def test_a_country_that_gives_is_a_donor(giving: str) -> None:
    text = f"Floods in Kenya displaced families in Garissa. Kenya's north is worst hit. {giving}"
    got = country_salience([], scan_places(text), text)
    assert got["KEN"].role == ABOUT and got["CAN"].role == MENTIONED
    assert got["CAN"].score == 0 and "as donor" in got["CAN"].explain()


@pytest.mark.parametrize(
    "text",
    [
        "Kenya hosts 500,000 refugees in Dadaab and Kakuma.",
        "Kenya provides shelter to refugees arriving from Somalia.",
        "Kenya supports the resolution on refugees.",
    ],
)
def test_a_subject_that_hosts_or_acts_is_no_donor(text: str) -> None:
    got = country_salience([], scan_places(text), text)
    assert got["KEN"].role == ABOUT and got["KEN"].score > 0


def test_a_date_first_dateline_weighs_nothing() -> None:
    text = (
        "Conflicts cast a shadow on Zero Hunger across the region\n\n21 December 2017, "
        "Cairo/Rome – Conflict in Syria, Yemen and Libya drives hunger. Syria's harvest failed."
    )
    got = country_salience([], scan_places(text), text)
    assert got["EGY"].role == MENTIONED and "1 in a dateline" in got["EGY"].explain()


def test_a_contact_line_names_an_office_not_a_subject() -> None:
    text = (
        "Floods displaced 20,000 people in Chad. Chad's south is worst hit.\n\n"
        "For interviews contact: Jens Laerke, OCHA New York, laerke@un.org, Tel: +1 212 963"
    )
    got = country_salience([], scan_places(text), text)
    assert got["USA"].role == MENTIONED and got["USA"].score == 0


def test_a_dateline_on_a_line_of_its_own_weighs_nothing() -> None:
    text = "I remain concerned about Yemen. Yemen imports its food.\n\nNew York, 24 December 2017"
    got = country_salience([], scan_places(text), text)
    assert got["USA"].role == MENTIONED and "1 in a dateline" in got["USA"].explain()


@pytest.mark.parametrize(
    "funder",
    [
        "WFP welcomed a contribution of €4.4 million (US$5.2 million) from the Government of "
        "Germany.",
        "We are grateful to the Government of Germany for its help.",
    ],
)
def test_an_amount_or_thanks_before_a_funder(funder: str) -> None:
    text = f"Cash assistance reaches families in Iraq. Iraq's displaced benefit. {funder}"
    got = country_salience([], scan_places(text), text)
    assert got["IRQ"].role == ABOUT and got["DEU"].score == 0


def test_a_country_named_only_through_a_seat_of_bodies_is_mentioned() -> None:
    text = (
        "The UN General Assembly in New York adopted a resolution on migrant workers. "
        "Delegates met again in New York. Nepal sends most of the workers it names."
    )
    got = roles(text)
    assert got["USA"] == MENTIONED and got["NPL"] == ABOUT


def test_a_seat_with_the_country_s_own_name_or_in_the_title_stays_about() -> None:
    text = "Migrants in New York face eviction. The United States has cut shelter funding."
    assert roles(text)["USA"] == ABOUT
    assert (
        roles("Shelters filled up across the city.", title="Migrants in New York")["USA"] == ABOUT
    )


def test_beside_a_dominant_country_a_secondary_one_needs_more() -> None:
    """The same two mentions of South Sudan, a quarter of the best country's score: beside
    a Kenya that holds most of the text's mentions they are a passing aside; in a text that
    shares its mentions between Kenya and Uganda, South Sudan is one of its subjects."""
    lead = "Drought deepened across the north this year, and prices rose in every market. " * 3
    south_sudan = "Floods also struck South Sudan. Cholera spread in South Sudan."
    dominated = lead + "Kenya hosts many refugees. " * 10 + south_sudan
    shared = lead + "Kenya hosts many refugees. Uganda hosts many refugees. " * 10 + south_sudan
    got = country_salience([], scan_places(dominated), dominated)
    assert got["KEN"].features and got["KEN"].features.dominance > 0.5
    assert roles(dominated) == {"KEN": ABOUT, "SSD": MENTIONED}
    assert roles(shared) == {"KEN": ABOUT, "UGA": ABOUT, "SSD": ABOUT}
    # the same share of the best score in both
    again = country_salience([], scan_places(shared), shared)
    assert got["SSD"].features and again["SSD"].features
    assert got["SSD"].features.share == pytest.approx(again["SSD"].features.share)


def test_a_donor_named_mostly_as_a_donor_is_mentioned_even_in_the_lead() -> None:
    """Two of Finland's three mentions give; the third, a partner in the lead, does not
    make the release about Finland."""
    text = (
        "Finland will support Northeast Nigeria with EUR 1.5 million in humanitarian aid. "
        "Finland has provided EUR 3 million to the region since 2016, said the minister. "
        "Finland is a long-standing partner of the United Nations. "
        "In Nigeria, 7.7 million people need assistance in Borno, Adamawa and Yobe."
    )
    got = country_salience([], scan_places(text), text)
    assert got["FIN"].features and got["FIN"].features.aside > 0.5
    assert "in the lead" in got["FIN"].explain()
    assert roles(text) == {"NGA": ABOUT, "FIN": MENTIONED}


def test_a_list_in_the_lead_states_the_scope() -> None:
    """Jamaica and Cuba are named once, in a list, in a text long enough that one name
    further down would be a passing one: in the lead, the list says what the text covers."""
    text = (
        "When the hurricane intensified, threatening Jamaica, Cuba and Haiti, agencies "
        "released funds for early action. Evacuations, cash transfers and shelters reached "
        "100,000 people in Haiti. "
        + "Forecasts and thresholds triggered the response in advance of landfall. "
        * 16
    )
    got = country_salience([], scan_places(text), text)
    assert "in the lead" in got["JAM"].explain() and "1 in lists" in got["JAM"].explain()
    assert roles(text) == {"HTI": ABOUT, "JAM": ABOUT, "CUB": ABOUT}
    # the same list further down, after the lead, is an enumeration, not the scope
    later = text.replace("threatening Jamaica, Cuba and Haiti, ", "")
    later += "The storm had threatened Jamaica, Cuba and Haiti."
    assert roles(later) == {"HTI": ABOUT, "JAM": MENTIONED, "CUB": MENTIONED}


def test_a_country_named_only_by_its_demonym_beside_another_is_mentioned() -> None:
    """ "Thai" three times, in the lead too, says who gives, not where: beside Myanmar, named
    by its name, Thailand is mentioned. A text that names only "Filipino" nurses is still
    about the Philippines: there the demonym is all it says of a place."""
    text = (
        "The Thai Red Cross Society donated USD 100,000 to the Myanmar Red Cross for the relief "
        "operation in Rakhine State, Myanmar. The Thai Red Cross sent the donation in December, "
        "and Thai volunteers joined. Families in Myanmar received food and shelter."
    )
    got = country_salience([], scan_places(text), text)
    assert got["THA"].features and got["THA"].features.demonym == 1.0
    assert "in the lead" in got["THA"].explain()
    assert "only by its demonym" in got["THA"].explain()
    assert "demonym" not in got["MMR"].explain()
    assert roles(text) == {"MMR": ABOUT, "THA": MENTIONED}
    only = "Filipino nurses staff many hospitals abroad. Filipino recruiters say demand rises."
    assert roles(only) == {"PHL": ABOUT}
