"""Salience at the edges of a text's scope: overviews of the world, statements spread
across lists, template lines, origins in the lead, titles with a date, language codes."""

from __future__ import annotations

from support import country_roles as roles

from migsearch.indexer.vocabulary.country_tagger import scan_places
from migsearch.indexer.vocabulary.positions import classified_runs, position, template_lines
from migsearch.indexer.vocabulary.salience import ABOUT, MENTIONED, country_salience


def test_a_title_with_an_issue_number_and_a_date_is_no_dateline() -> None:
    """ "Chad Health Cluster Bulletin 8, 31 August 2017" opens a bulletin on Chad; a
    dateline is a place, maybe another place after a comma, then the date."""
    text = "Chad Health Cluster Bulletin 8, 31 August 2017 HIGHLIGHTS\n\nMeasles cases fell."
    got = country_salience([], scan_places(text), text)
    assert got["TCD"].role == ABOUT and "dateline" not in got["TCD"].explain()
    # the real kinds stay datelines, with or without a country after the city
    for dated in (
        "Addis Ababa, Ethiopia, 15 November 2025 — The agency said.",
        "Kenya, 12 March 2024 - The agency said.",
    ):
        assert {position(m, dated) for m in scan_places(dated)} == {"dateline"}


def test_language_codes_after_a_title_name_no_country() -> None:
    """ "[EN/UK/RU]" gives the report's languages: UK there is Ukrainian."""
    text = "Stories of women who survived violence [EN/UK/RU] Eleven women tell their stories."
    got = country_salience([], scan_places(text), text)
    assert got["GBR"].role == MENTIONED and got["GBR"].score == 0
    assert "1 as a language code" in got["GBR"].explain()
    # the same letters in running text still name the country
    plain = "Nurses recruited from Kerala now work in the UK and send money home."
    assert "GBR" in roles(plain)


def test_a_short_line_is_devoted_to_the_first_country_it_names() -> None:
    text = (
        "Hotspots to watch in the coming year, from the agency's annual early-warning list "
        "of crises that donors and the press may overlook, in the order of the report, "
        "each with a line on what is at stake and a longer note further down.\n\n"
        "* Lebanon: a stage for the Saudi vs. Iran rivalry\n* Other news\n\n"
        + "The list draws on field reports and on interviews with staff. "
        * 25
    )
    got = {m.code: position(m, text) for m in scan_places(text)}
    assert got["LBN"] == "topic" and got["IRN"] == ""
    assert roles(text)["LBN"] == ABOUT and roles(text)["IRN"] == MENTIONED


def test_a_country_named_before_its_nationals_in_the_lead_is_where_they_come_from() -> None:
    text = (
        "Camps in Cox's Bazar: 655,000 forcibly displaced Myanmar nationals have entered "
        "Bangladesh since August. Bangladesh has opened new sites. Aid reached Bangladesh's "
        "camps and the host villages around them this week."
    )
    got = country_salience([], scan_places(text), text)
    assert got["BGD"].role == ABOUT and got["MMR"].role == MENTIONED
    assert got["MMR"].features is not None and got["MMR"].features.origin == 1.0
    # named as where things happen, the same country in the lead is a subject
    assert roles(text.replace("Myanmar nationals", "people in Myanmar"))["MMR"] == ABOUT


def test_each_country_of_a_pair_of_origins_is_an_origin() -> None:
    """ "from Cambodia and Myanmar": both are where the workers come from, weighed alike;
    in a short text on those workers both are what it is about, with where they go."""
    text = (
        "Migrant workers from Cambodia and Myanmar pay recruitment fees to brokers before "
        "they reach Thailand, and many of them repay debts for months."
    )
    got = country_salience([], scan_places(text), text)
    assert {c: s.role for c, s in got.items()} == {"THA": ABOUT, "KHM": ABOUT, "MMR": ABOUT}
    origin = {c: s.features.origin for c, s in got.items() if s.features is not None}
    assert origin == {"THA": 0.0, "KHM": 1.0, "MMR": 1.0}
    assert got["KHM"].score == got["MMR"].score < got["THA"].score
    assert "1 as where people come from" in got["MMR"].explain()
    assert "come from" not in got["THA"].explain()
    # a place after the pair that is not joined to it is not an origin
    later = text.replace("Myanmar pay", "Myanmar. Employers in Malaysia pay")
    mys = country_salience([], scan_places(later), later)["MYS"].features
    assert mys is not None and mys.origin == 0.0


OVERVIEW = (
    "Rice market update. Since October, the forecast of {scope} paddy production was raised "
    "by 2 million tonnes, mostly on better crops than reported in the last issue, and "
    "stocks are set to grow for the fourth year running, the update says.\n\nThe revisions "
    "mirror improved prospects in China and Myanmar. Rains were uneven this season and "
    "output is set to grow slowly, with state help to farmers in China and Myanmar.\n\n"
    + "Prices rose slightly in most markets this month. "
    * 60
)


def test_an_overview_of_the_world_needs_more_than_two_passing_mentions() -> None:
    """Producers an overview of the world names twice each are examples; the same text
    read as a regional one keeps them (they are mentioned often enough for its length)."""
    assert roles(OVERVIEW.format(scope="world")) == {"CHN": MENTIONED, "MMR": MENTIONED}
    assert roles(OVERVIEW.format(scope="the region's")) == {"CHN": ABOUT, "MMR": ABOUT}
    # bodies called World or Global are no overview
    assert roles(OVERVIEW.format(scope="the World Food Programme's")) == {
        "CHN": ABOUT,
        "MMR": ABOUT,
    }


ACROSS = (
    "Weather hazards this week. {lead} Rivers are high after weeks of rain and more is "
    "forecast in the coming days; the risk of further floods stays elevated in the basins "
    "already flooded.\n\nHeavy rain over the past weeks has caused flooding "
    "across Sudan, South Sudan and Ethiopia, and swarms remain present in parts of Kenya, "
    "Uganda and Somalia.\n\n" + "More rain is expected next week over the same basins. " * 8
)


def test_a_statement_spread_across_a_list_is_on_each_of_its_countries() -> None:
    text = ACROSS.format(lead="Flood risk stays high.")
    places = scan_places(text)
    kinds = {places[i].code: kind for kind, run in classified_runs(places, text) for i in run}
    assert kinds == dict.fromkeys(["SDN", "SSD", "ETH", "KEN", "UGA", "SOM"], "across")
    assert set(roles(text).values()) == {ABOUT}
    # in an overview of the world the same lists are examples
    world = ACROSS.format(lead="Flood risk stays high around the world.")
    assert set(roles(world).values()) == {MENTIONED}


PETITION = (
    "Attacks on hospitals in Syria go on. A clinic in Syria was destroyed; Syria's health "
    "workers fear more strikes. Petitions were sent to leaders:\n\n"
    "USA: Take Action To Stop The Targeting Of Hospitals In Syria\n"
    "Canada: Take Action To Stop The Targeting Of Hospitals In Syria\n"
    "France: Take Action To Stop The Targeting Of Hospitals In Syria\n"
    "Germany: Take Action To Stop The Targeting Of Hospitals In Syria\n"
)


def test_lines_that_fill_in_one_template_are_a_list_not_topics() -> None:
    places = scan_places(PETITION)
    got = {places[i].code for i in template_lines(places, PETITION)}
    assert got == {"USA", "CAN", "FRA", "DEU"}
    assert roles(PETITION) == {
        "SYR": ABOUT,
        "USA": MENTIONED,
        "CAN": MENTIONED,
        "FRA": MENTIONED,
        "DEU": MENTIONED,
    }


def test_lines_each_with_their_own_statement_stay_topics() -> None:
    text = (
        "Regional update.\n\n"
        "Honduras: 3,000 returnees received kits at the reception centre.\n"
        "Guatemala: shelters in the capital were full for the second week.\n"
        "El Salvador: a new law on displacement came into force on Monday.\n"
    )
    places = scan_places(text)
    assert template_lines(places, text) == set()
    assert roles(text) == {"HND": ABOUT, "GTM": ABOUT, "SLV": ABOUT}


CLIMATE = (
    "Climate Change, From Paris to Palestinian Camps Combating climate change is a {scope} "
    "issue, yet we recently saw that not all countries are on board. Namely, only three: "
    "Syria, Nicaragua and the United States.\n\n"
    "The good news is that the Paris Climate Agreement shows how widespread environmentalism "
    "has become. All 175 other nations in the world signed on, vowing to protect the "
    "environment. It is one thing that even Israel and the Palestinian Authority agree on. "
    "Today environmental efforts are launching all over the globe, from grassroots projects "
    "to institutional policy.\n\n"
    "In Palestine, our engineers install solar panels on schools and clinics in the refugee "
    "camps, and Palestinian farmers learn to harvest rainwater in the dry months.\n\n"
    "Read more on our website about the camps and the work of our teams."
)


def test_a_list_in_the_lead_of_an_overview_of_the_world_gives_examples() -> None:
    """ "a global issue … only three: Syria, Nicaragua and the United States" names
    examples, not the scope; the text is about Palestine, where its work is. Without the
    overview the same lead list is the text's scope."""
    got = roles(CLIMATE.format(scope="global"))
    assert got["PSE"] == ABOUT
    assert got["SYR"] == MENTIONED and got["NIC"] == MENTIONED and got["USA"] == MENTIONED
    local = roles(CLIMATE.format(scope="pressing"))
    assert local["SYR"] == ABOUT and local["NIC"] == ABOUT and local["USA"] == ABOUT


def test_countries_that_act_or_that_people_come_from_are_no_scope() -> None:
    """ "the adoption of the Declaration by six states (Belize, Costa Rica, …)",
    "Researchers from eight Asian countries – Bangladesh, Cambodia, …": the list names
    who acted or where participants come from, a plain list, not the text's scope; "The
    programme will focus on five countries - Lesotho, Malawi, …" still is its scope."""
    for text in (
        "Key notes followed the adoption of the San Pedro Sula Declaration by six states "
        "(Belize, Costa Rica, Guatemala, Honduras, Mexico and Panama).",
        "Researchers from eight Asian countries – Bangladesh, Cambodia, China, India, Laos, "
        "Myanmar, Philippines, Vietnam – gathered in Haikou City.",
    ):
        places = scan_places(text)
        assert {kind for kind, _ in classified_runs(places, text)} == {"listed"}, text
    scope = (
        "The Programme will focus its efforts on five countries - Lesotho, Malawi, Uganda, "
        "Zambia and Zimbabwe."
    )
    places = scan_places(scope)
    assert [kind for kind, _ in classified_runs(places, scope)] == ["scope"]
