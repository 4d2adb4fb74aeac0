"""How one country mention weighs: a country's acronym used as a modifier (issue 13)."""

from __future__ import annotations

from migsearch.indexer.vocabulary.country_tagger import scan_places
from migsearch.indexer.vocabulary.salience import ABOUT, MENTIONED, country_salience
from migsearch.indexer.vocabulary.salience_mentions import acronym_modifier, where_meeting_sits


def _first(text: str, code: str):  # type: ignore[no-untyped-def]
    return next(m for m in scan_places(text) if m.code == code)


def test_an_acronym_before_a_noun_is_a_modifier() -> None:
    """ "US politicians", "the U.S. military effort", "the UAE Ambassador": the acronym
    says whose people or body act, as "American" would."""
    for text, code in (
        ("A row involving Taylor Swift and a couple of big name US politicians.", "USA"),
        ("USAID was to match the major U.S. military effort in a war zone.", "USA"),
        ("The UAE Ambassador delivered a speech at the embassy.", "ARE"),
        ("In the aftermath, a UAE delegation visited the city of Puebla.", "ARE"),
    ):
        assert acronym_modifier(text, _first(text, code)), text


def test_an_acronym_before_a_verb_or_a_small_word_names_the_country() -> None:
    """ "The UAE has delivered", "from the US and Canada", "in the UK.": the country itself."""
    for text, code in (
        ("The UAE has delivered the latest batch of assistance to Mexico.", "ARE"),
        ("Visitors from the US and Canada were stranded.", "USA"),
        ("Nurses trained in the UK.", "GBR"),
        ("The sedan is set to go on sale in the US in late January.", "USA"),
    ):
        assert not acronym_modifier(text, _first(text, code)), text


def test_a_name_spelled_out_is_never_an_acronym_modifier() -> None:
    """Only an acronym is read so: "Kenya Red Cross volunteers" names Kenya's society
    (a body's name, read elsewhere), "Germany and France" the countries."""
    text = "Germany pledged support to refugees in Greece."
    assert not acronym_modifier(text, _first(text, "DEU"))


def test_a_country_named_by_its_acronym_as_a_modifier_is_mentioned() -> None:
    """A review of aid in Afghanistan that speaks of "the major U.S. military effort",
    "U.S. political objectives" and "the U.S. Foreign Service" is about Afghanistan: the
    acronym weighs as "American" would, and a country named only so is mentioned."""
    text = (
        "Lessons from a decade of development aid in Afghanistan.\n\n"
        "Expectations were high that aid would match the major U.S. military effort, "
        "delivering development results in a war zone. Programmes in Afghanistan served "
        "constantly shifting U.S. political objectives, and U.S. security objectives "
        "changed faster than institutions could.\n\n"
        "Based on field experience in Afghanistan, the report finds that schools and "
        "clinics in Kandahar and Helmand outlasted the programmes. The author served in "
        "the U.S. Foreign Service for thirty years."
    )
    got = country_salience([], scan_places(text), text)
    assert got["AFG"].role == ABOUT
    assert got["USA"].role == MENTIONED
    f = got["USA"].features
    assert f is not None and f.demonym == 1.0


def test_a_city_where_a_meeting_is_held_is_a_venue() -> None:
    """ "a three-days Forum in Tunis", "the Astana meeting": where representatives met on
    another country's situation, not what the text reports on."""
    text = (
        "Fezzan representatives adopt a charter for reconciliation Tunis, 22 December 2017 - "
        "More than 55 representatives from the South of Libya concluded a three-days Forum "
        "in Tunis by adopting a general Charter for Reconciliation. The participants "
        "included elders and wisemen from various tribal components of the South of Libya."
    )
    got = country_salience((), scan_places(text), text)
    assert got["TUN"].role == MENTIONED and got["LBY"].role == ABOUT
    astana = "Special Envoy de Mistura attended today the Astana meeting on Syria."
    assert where_meeting_sits(astana, _first(astana, "KAZ"))


def test_a_city_where_officials_have_been_meeting_is_no_venue() -> None:
    """ "have been meeting in Bangkok": a verb, not a named meeting."""
    text = "Officials from 19 governments have been meeting in Bangkok this week."
    assert not where_meeting_sits(text, _first(text, "THA"))


BULLETIN = (
    "Turkey: Health Cluster Bulletin - November 2017 **HIGHLIGHTS**\n\n"
    "• More than 500 hundred of patients suffering from critical medical conditions are "
    "waiting to be referred out of Eastern Ghouta to receive specialized medical "
    "treatment.\n\n"
    "• The Health Cluster partner, UOSSM started supporting health governance in Syria, by "
    "providing salaries and operation costs for the health directorates of Idlib, Hama and "
    "Rural Damascus, and health facilities run by these directorates.\n\n"
    "**Situation update**\n\n"
    "Idleb governorate witnessed an increase in the IDP arrivals as compared to October "
    "because of heightened clashes and insecurity in Hama and Aleppo."
)


def test_a_heading_country_named_nowhere_else_is_where_the_report_comes_from() -> None:
    """ "Turkey: Health Cluster Bulletin" over a text on north-west Syria that never names
    Turkey again is the Turkey hub's bulletin, about Syria."""
    got = country_salience((), scan_places(BULLETIN), BULLETIN)
    assert got["TUR"].role == MENTIONED and got["SYR"].role == ABOUT


def test_a_heading_country_the_text_names_again_is_its_subject() -> None:
    """ "Serbia: Inter-Agency Operational Update" that names Serbia again is on Serbia."""
    text = BULLETIN.replace("Turkey:", "Serbia:") + " Serbia received 500 of them."
    got = country_salience((), scan_places(text), text)
    assert got["SRB"].role == ABOUT


def test_a_meeting_s_subject_may_stand_between_it_and_its_city() -> None:
    """ "a conference on climate change and security issues at The Hague": the venue of a
    text on Iraq's water shortages."""
    text = (
        '"People are very, very upset," Janabi said at a conference on climate change and '
        "security issues at The Hague on Tuesday."
    )
    assert where_meeting_sits(text, _first(text, "NLD"))


def test_the_countries_of_a_paragraph_on_the_world_are_ranks() -> None:
    """A weekly update on Bangladesh opens with the global situation ("Globally, … USA, the
    world's worst hit country, has counted …"): the USA is a rank there, not a subject."""
    text = (
        "WHO Bangladesh COVID-19 Morbidity and Mortality Weekly Update (MMWU)\n\n"
        "21 December 2020/Vol. No43\n\n1. Global Situation\n\n"
        "Globally, as of 8:05pm, 20 December 2020, there have been 75,098,369 confirmed cases "
        "of COVID-19, including 1,680,339 deaths, reported to WHO by the national "
        "authorities. USA, the world’s worst hit country, has counted 17,314,834 (402,270) "
        "cases with 311,150 (2,747) deaths as reported to WHO.\n\n"
        "2. Bangladesh Situation Between 8 March and 20 December 2020, according to the DGHS "
        "Press Release there were 500,713 COVID-19 confirmed by rRT-PCR, GeneXpert and "
        "Antigen tests including 7,280 related deaths (CFR 1.45%). Bangladesh is the top "
        "26th country in the world and accounts for 0.7% of the COVID-19 disease burden in "
        "the world."
    )
    got = country_salience((), scan_places(text), text)
    assert got["USA"].role == MENTIONED and got["BGD"].role == ABOUT


def test_a_process_named_for_a_capital_is_no_venue() -> None:
    """ "the Kabul process" is a peace process on Afghanistan, not a meeting held there."""
    text = "While supporting the Kabul process, he underlined the importance of it being inclusive."
    assert not where_meeting_sits(text, _first(text, "AFG"))
