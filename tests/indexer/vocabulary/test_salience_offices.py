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


def test_where_a_university_or_an_institute_sits_is_an_affiliation() -> None:
    """An immunology article quoting scientists "at the University of Pennsylvania", "at
    the University of California, San Francisco" is not about the United States; a
    laboratory named with its city ("the Institute Pasteur (IP) Dakar") is where tests
    were run, not what a Nigerian report is about."""
    science = (
        "Cells with taste receptors sometimes develop inside the lungs of infected mice.\n\n"
        "When the immunologist De'Broski Herbert at the University of Pennsylvania looked "
        "deep inside the lungs of mice, he found tuft cells. This system, says Richard "
        "Locksley, an immunologist at the University of California, San Francisco, helps "
        "direct a response to parasites. In 2012, a research group at the University of "
        "Pennsylvania found that the sugars coating the airways matter.\n\n"
        "Tuft cells may act as sentinels for the immune system, researchers say."
    )
    assert roles(science)["USA"] == MENTIONED
    nigeria = (
        "Yellow fever: in April, 332 suspected cases were recorded in Nigeria. Three new "
        "confirmed cases came from the Institute Pasteur (IP) Dakar. Nineteen States have "
        "had a case confirmed by the Institute Pasteur (IP) Dakar since 2017.\n\n"
        "Nigeria has recorded confirmed cases in 19 States since the onset of the outbreak. "
        "Vaccination campaigns continue in Edo State, Nigeria."
    )
    got = roles(nigeria)
    assert got["NGA"] == ABOUT and got["SEN"] == MENTIONED
    # a university's country named in its own right stays a subject
    kenya = (
        "Kenya: floods displaced 20,000 people in Kenya this week. Students of the "
        "University of Nairobi volunteered in Kisumu, and the Kenya Red Cross opened camps "
        "in Garissa. In Kenya, schools stay closed."
    )
    assert roles(kenya)["KEN"] == ABOUT


def test_where_a_body_is_based_and_the_state_after_its_city_are_an_office() -> None:
    """ "Based in Houston, Texas, the foundation was created …": where the donor sits, and
    "Texas" after the city only says where the city is; the grant goes to Zambia."""
    text = (
        "Episcopal Health Foundation grant supports early childhood development in Zambia "
        "Episcopal Relief & Development is pleased to announce that it has received a "
        "$200,000 grant from the Episcopal Health Foundation to support its integrated "
        "Early Childhood Development program (ECD) in Zambia.\n\n"
        "This is Episcopal Relief & Development’s second grant from the Episcopal Health "
        "Foundation (EHF). Based in Houston, Texas, the foundation was created in 2013 with a "
        "central mission of improving the health and well-being of the 11 million people "
        "living within the diocese."
    )
    got = roles(text)
    assert got["ZMB"] == ABOUT and got["USA"] == MENTIONED
