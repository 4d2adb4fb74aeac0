"""Salience: names that say whose body acts, not where the text takes place (issue 13)."""

from __future__ import annotations

from support import country_roles as roles

from migsearch.indexer.vocabulary.country_tagger import scan_places
from migsearch.indexer.vocabulary.salience import ABOUT, MENTIONED, country_salience

PUERTO_RICO = (
    "Recovery in Puerto Rico continues three months after Hurricane Maria. More than $870 "
    "million has been provided to survivors in Puerto Rico.\n\n"
    "U.S. Small Business Administration loans reached 9,000 households, and the U.S. Army "
    "Corps of Engineers installed more than 930 generators across the island. Crews of the "
    "U.S. Coast Guard delivered water to remote towns.\n\n"
    "In Puerto Rico, 40 per cent of homes still lack power. Schools in Puerto Rico reopened "
    "in November."
)


def test_a_country_that_only_opens_bodies_names_is_mentioned() -> None:
    """ "U.S. Small Business Administration", "the U.S. Army Corps of Engineers": the
    United States is whose bodies act in Puerto Rico, as "American" would say; each such
    name weighs as a demonym, and a country named only so beside one that weighs more is
    mentioned."""
    sal = country_salience([], scan_places(PUERTO_RICO), PUERTO_RICO)
    assert sal["USA"].role == MENTIONED
    assert sal["USA"].features is not None and sal["USA"].features.demonym == 1.0
    assert "in a body's name" in sal["USA"].explain()
    assert sal["PRI"].role == ABOUT


def test_a_country_named_in_its_own_right_beside_its_bodies_stays_about() -> None:
    """The same bodies in a text that names the United States as a place of its own are
    no longer all it says of the country."""
    text = PUERTO_RICO + (
        "\n\nIn the United States, 300,000 people from Puerto Rico have arrived in Florida "
        "since the storm. The United States has seen the largest such arrival in decades."
    )
    assert roles(text)["USA"] == ABOUT


def test_a_body_name_that_is_the_country_itself_is_still_its_subject() -> None:
    """A country's name before words that name no body ("Kenya Hosts More Refugees") is no
    demonym: the heading and the text are about Kenya."""
    text = "Kenya Hosts More Refugees\n\nKenya hosts 500,000 refugees in Dadaab and Kakuma."
    sal = country_salience([], scan_places(text), text)
    assert sal["KEN"].role == ABOUT
    assert sal["KEN"].features is not None and sal["KEN"].features.demonym == 0.0


def test_where_people_arrive_or_are_expelled_from_is_an_origin() -> None:
    """ "arriving from Myanmar", "expelled back from Croatia", "coming from neighbouring
    Rakhine State": where people come from, weighed half, as "refugees from" is."""
    for phrase, code in (
        ("more women and girls arriving from Myanmar", "MMR"),
        ("families expelled back from Croatia", "HRV"),
        ("people coming from neighbouring Rakhine State", "MMR"),
        ("those who returned from Iran", "IRN"),
    ):
        text = f"Serbia registered 900 new asylum seekers in November, among them {phrase}."
        got = country_salience([], scan_places(text), text)
        f = got[code].features
        assert f is not None and f.origin == 1.0, phrase
        assert "as where people come from" in got[code].explain()
    # where people go or are is no origin
    text = "Serbia registered 900 asylum seekers, among them families who entered Croatia."
    f = country_salience([], scan_places(text), text)["HRV"].features
    assert f is not None and f.origin == 0.0


def test_where_an_office_sits_is_an_aside() -> None:
    """A Red Cross operation in the Dominican Republic run from "the country cluster office
    in Haiti" and "the regional office … in Panama" is not about Haiti nor Panama."""
    text = (
        "Dominican Republic: Floods - Emergency Plan of Action\n\n"
        "Heavy rains caused floods in the north of the Dominican Republic, where 12,000 "
        "people were displaced. The Dominican Red Cross has deployed volunteers to six "
        "provinces of the Dominican Republic.\n\n"
        "The IFRC has no physical presence in the country; the country cluster office in "
        "Haiti and the regional office for the Americas (ARO) in Panama have deployed a "
        "coordinator. The Spanish Red Cross may send staff from its country office in "
        "Haiti.\n\n"
        "In the Dominican Republic, shelters host 3,000 people."
    )
    got = country_salience([], scan_places(text), text)
    assert got["DOM"].role == ABOUT
    assert got["HTI"].role == MENTIONED and got["PAN"].role == MENTIONED
    assert "2 as where an office sits" in got["HTI"].explain()
    # a place people work in is no office: "volunteers in Haiti" is where the work is
    plain = text.replace("office in", "volunteers in")
    got = country_salience([], scan_places(plain), plain)
    assert "office" not in got["HTI"].explain()
