"""Salience: offices and initials that are not the text's subject (datelines of several
offices, an acronym the text spells out as a body)."""

from __future__ import annotations

from support import country_roles as roles

from migsearch.indexer.vocabulary.salience import ABOUT, MENTIONED

REGIONAL = (
    "Step Up the Pace: Towards an AIDS-free generation in West and Central Africa "
    "ABIDJAN/DAKAR/NEW YORK/GENEVA, 5 December 2017 – More than four decades into the HIV "
    "epidemic, four in five children living with HIV in West and Central Africa are still "
    "not receiving life-saving antiretroviral therapy, according to a new report released "
    "today. The region's coverage of antiretroviral therapy among children is the lowest in "
    "the world because many countries have limited capacity to perform the tests needed for "
    "early infant diagnosis.\n\n"
)


def test_a_dateline_of_three_offices_or_more_is_no_subject() -> None:
    """A regional release signed from its offices ("ABIDJAN/DAKAR/NEW YORK/GENEVA, 5
    December 2017 –") is not about Côte d'Ivoire or Senegal."""
    got = roles(REGIONAL)
    assert got["CIV"] == MENTIONED and got["SEN"] == MENTIONED


def test_a_headquarters_and_the_field_keep_the_field() -> None:
    """ "GENEVA/KYIV, 21 December 2017 –": a headquarters and the field office, and the
    field is what the release is about; a country the text then develops stays about."""
    text = (
        "Ukraine: winter aid reaches the east GENEVA/KYIV, 21 December 2017 – Aid agencies "
        "in Kyiv say 3.4 million people need help in eastern Ukraine this winter. Shelling "
        "damaged water stations in Donetsk.\n\nIn Ukraine, the plan seeks US$187 million."
    )
    assert roles(text)["UKR"] == ABOUT
    two = "Cox's Bazar camps flooded DHAKA/GENEVA, 3 July 2018 – Rains hit the camps."
    assert roles(two).get("BGD") == ABOUT


def test_an_acronym_spelled_out_as_a_body_is_not_the_country() -> None:
    """ "the Dominican Red Cross … the DRC" (the National Society) is not the Democratic
    Republic of the Congo; a text that spells "DRC" out as the country keeps it."""
    text = (
        "Dominican Republic: Hurricane Irma DREF Operation Update. Hurricane Irma impacted "
        "the Dominican Republic on 6 September 2017.\n\nThe Dominican Red Cross activated its "
        "disaster response protocols. The DRC distributed relief items to 2,096 families, and "
        "the DRC's water teams produced 3 million liters of water. The IFRC deployed an "
        "operations coordinator to the DRC. The DRC also ran psychosocial support."
    )
    got = roles(text)
    assert got.get("COD") is None and got["DOM"] == ABOUT
    congo = (
        "The Democratic Republic of the Congo (DRC) faces a cholera outbreak. In the DRC, "
        "1,200 cases were reported in Kasai. The DRC health ministry leads the response."
    )
    assert roles(congo)["COD"] == ABOUT
    plain = "Refugees from the DRC arrived in Uganda. The DRC has 4.5 million displaced people."
    assert "COD" in roles(plain)
