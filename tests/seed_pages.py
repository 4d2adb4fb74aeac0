"""The two seed listing pages of corpus/ and what a reader of them gives.

Titles, dates, countries and themes here were written by reading the pages,
not by running the code; tests of splitting, tagging and whole ingestion all
check against this one table.
"""

from __future__ import annotations

import re

from support import CORPUS

__all__ = [
    "ABOUT",
    "COUNTRIES",
    "NEWS",
    "NEWS_ITEMS",
    "REPORTS",
    "REPORT_TITLES",
    "THEMES",
    "about_for",
    "expected_for",
    "items",
]

NEWS = CORPUS / "000_c4eb84cda103fd2c.txt"
REPORTS = CORPUS / "001_66e0b69593462829.txt"

# (title starts with, date) for the ten numbered news items, in page order
NEWS_ITEMS = [
    ("The International Labour Migration Statistics (ILMS) Database for ASEAN", None),
    ("Providing better working and living conditions for migrant fishers", "2015-04-27"),
    ("In their own voices", "2015-03-02"),
    ("Second consultation with labour attaches from Cambodia, Laos Myanmar", "2015-02-12"),
    ("Opening address at the ASEAN conference on the labour dimensions", "2015-01-26"),
    ("Regional Conference on the Labour Dimensions of Trafficking, 27–29 January", "2015-01-27"),
    ("ASEAN Regional Conference of Senior Official on Strengthening", "2014-11-13"),
    ("National Tripartite Preparatory Meetings for 7th ASEAN Forum", "2014-09"),
    ("Regional Training on Strategic Management and Negotiations", "2014-09-08"),
    ("EU and ILO promote decent work for health professionals", "2014-11-20"),
]

# the twenty reports carry no publication date on the page
REPORT_TITLES = [
    "Measuring labour migration in ASEAN: Analysis from the ILO’s International Labour Migration Statistics (ILMS) Database",
    "Home truths: Access to adequate housing for migrant workers in the ASEAN region",
    "Origin of World’s Largest Migrant Population, India Seeks to Leverage Immigration",
    "TRIANGLE in ASEAN Quarterly Briefing Notes",
    "Guidance on Bilateral labour migration agreements",
    "Technological solutions to guaranteed wage payments of construction workers in China",
    "Intervention Model: For extending social protection to migrant seasonal agricultural workers",
    "Tackling the Socio-Economic Consequences of COVID-19 on Migrants and their Communities: Why Integration Matters",
    "China’s Rapid Development Has Transformed Its Migration Trends",
    "IOM Strategy for the Gulf Countries (2021–2024)",
    "Socioeconomic Impact of COVID-19 on Migrant Workers in Cambodia, Lao People’s Democratic Republic, Myanmar and Thailand",
    "Protecting the Rights of Migrant Workers in an Irregular Situation and Addressing Irregular Labour Migration: A Compendium",
    "Practical Guide on Developing Labour Migration Polices",
    "Use of digital technology in the recruitment of migrant workers",
    "Spotlight on Labour Migration in Asia",
    "Mongolia: Migration and Employment Study",
    "Empowering landless migrant and former refugee women to claim their right to accessing land from the state fund in the Chui region",
    "Protection, Not Restrictions! Organising and Mobilising Returnee Migrant Workers to Lift Gender-Based Migration Bans and Restrictions",
    "Recognising and Empowering Migrant Sex Workers as Workers to Gain Legal Protection and Access to Health",
    "Global Gender Strategy",
]  # fmt: skip


# title prefix -> (expected countries, expected primary or None when the item is
# about several countries alike and any of them may come first)
COUNTRIES: dict[str, tuple[set[str], str | None]] = {
    # corpus/000: ASEAN TRIANGLE listing
    "The International Labour Migration Statistics (ILMS) Database for ASEAN": (set(), None),
    "Providing better working and living conditions for migrant fishers": (
        {"THA", "MMR", "KHM", "MYS", "IDN", "VNM", "PHL", "KOR", "TWN"},
        None,
    ),
    "In their own voices": ({"PHL"}, "PHL"),
    "Second consultation with labour attaches": ({"KHM", "LAO", "MMR", "THA"}, "THA"),
    "Opening address at the ASEAN conference": ({"PHL"}, "PHL"),
    "Regional Conference on the Labour Dimensions of Trafficking": ({"PHL"}, "PHL"),
    "ASEAN Regional Conference of Senior Official": ({"PHL"}, "PHL"),
    "National Tripartite Preparatory Meetings": ({"PHL", "VNM", "MMR", "KHM", "THA"}, "PHL"),
    "Regional Training on Strategic Management": ({"PHL"}, "PHL"),
    "EU and ILO promote decent work": ({"PHL", "IND", "VNM"}, "PHL"),
    # corpus/001: All Resources listing
    "Measuring labour migration in ASEAN": (set(), None),
    "Home truths": ({"SGP", "THA", "MYS"}, "SGP"),
    "Origin of World’s Largest Migrant Population, India": ({"IND", "GBR", "PAK"}, "IND"),
    "TRIANGLE in ASEAN Quarterly Briefing Notes": (
        {"KHM", "LAO", "MYS", "MMR", "THA", "VNM"},
        None,
    ),
    "Guidance on Bilateral labour migration agreements": (set(), None),
    "Technological solutions to guaranteed wage payments": ({"CHN"}, "CHN"),
    "Intervention Model": (set(), None),
    "Tackling the Socio-Economic Consequences of COVID-19": (set(), None),
    "China’s Rapid Development": ({"CHN"}, "CHN"),
    "IOM Strategy for the Gulf Countries": (set(), None),
    "Socioeconomic Impact of COVID-19 on Migrant Workers in Cambodia": (
        {"KHM", "LAO", "MMR", "THA"},
        "KHM",
    ),
    "Protecting the Rights of Migrant Workers in an Irregular Situation": (set(), None),
    "Practical Guide on Developing Labour Migration Polices": (set(), None),
    "Use of digital technology in the recruitment": (set(), None),
    "Spotlight on Labour Migration in Asia": (set(), None),
    "Mongolia: Migration and Employment Study": ({"MNG"}, "MNG"),
    "Empowering landless migrant and former refugee women": ({"KGZ"}, "KGZ"),
    "Protection, Not Restrictions!": (
        {"NPL", "ARE", "KWT", "SAU", "QAT", "JOR", "MYS", "HKG"},
        "NPL",
    ),
    "Recognising and Empowering Migrant Sex Workers": ({"IND"}, "IND"),
    "Global Gender Strategy": (set(), None),
}


# title prefix -> the countries the item is *about* (the others of COUNTRIES it only
# mentions). About: the item reports on the country (its people, events held there, its
# policies), it is the item's scope ("in Cambodia, Lao PDR, Myanmar and Thailand") or has
# a passage of its own. Mentioned: examples of a regional issue, destinations listed once,
# history in passing. Items not listed are about no country.
ABOUT: dict[str, set[str]] = {
    "In their own voices": {"PHL"},
    "Second consultation with labour attaches": {"THA", "KHM", "LAO", "MMR"},
    "Opening address at the ASEAN conference": {"PHL"},  # held in Pasay City
    "Regional Conference on the Labour Dimensions of Trafficking": {"PHL"},  # in Manila
    "ASEAN Regional Conference of Senior Official": {"PHL"},  # in Quezon City
    # national meetings held in each of the five
    "National Tripartite Preparatory Meetings": {"PHL", "VNM", "MMR", "KHM", "THA"},
    "Regional Training on Strategic Management": {"PHL"},  # in Makati City
    "EU and ILO promote decent work": {"PHL", "IND", "VNM"},
    "Home truths": {"SGP", "THA", "MYS"},
    "Origin of World’s Largest Migrant Population, India": {"IND"},
    "TRIANGLE in ASEAN Quarterly Briefing Notes": {"KHM", "LAO", "MYS", "MMR", "THA", "VNM"},
    "Technological solutions to guaranteed wage payments": {"CHN"},
    "China’s Rapid Development": {"CHN"},
    "Socioeconomic Impact of COVID-19 on Migrant Workers in Cambodia": {"KHM", "LAO", "MMR", "THA"},
    "Mongolia: Migration and Employment Study": {"MNG"},
    "Empowering landless migrant and former refugee women": {"KGZ"},
    "Protection, Not Restrictions!": {"NPL"},
    "Recognising and Empowering Migrant Sex Workers": {"IND"},
}


def about_for(title: str) -> set[str]:
    """The countries the item with ``title`` is about (empty when none)."""
    found = [v for k, v in ABOUT.items() if title.startswith(k)]
    assert len(found) <= 1, title
    return found[0] if found else set()


# title prefix -> (themes it must have, themes it must not have); borderline ones unpinned
THEMES: dict[str, tuple[set[str], set[str]]] = {
    # listing 000: news
    "The International Labour Migration Statistics": (
        {"statistics_data"},
        {"fishing", "covid_19", "internal_migration"},
    ),
    "Providing better working and living conditions": (
        {"fishing"},
        {"covid_19", "domestic_work", "housing"},
    ),
    "In their own voices": ({"health"}, {"fishing", "covid_19"}),
    "Second consultation with labour attaches": (
        {"labour_migration_governance"},
        {"fishing", "covid_19", "trafficking_forced_labour"},
    ),
    "Opening address at the ASEAN conference": (
        {"trafficking_forced_labour"},
        {"fishing", "covid_19"},
    ),
    "Regional Conference on the Labour Dimensions": (
        {"trafficking_forced_labour"},
        {"fishing", "domestic_work"},
    ),
    "ASEAN Regional Conference of Senior Official": (
        {"women_gender"},
        {"fishing", "covid_19", "wages"},
    ),
    "National Tripartite Preparatory Meetings": (
        {"labour_migration_governance"},
        {"fishing", "covid_19", "women_gender"},
    ),
    "Regional Training on Strategic Management": (
        {"labour_migration_governance"},
        {"fishing", "trafficking_forced_labour"},
    ),
    "EU and ILO promote decent work for health": (
        {"health"},
        {"fishing", "covid_19", "domestic_work"},
    ),
    # listing 001: reports
    "Measuring labour migration in ASEAN": (
        {"statistics_data"},
        {"internal_migration", "covid_19"},
    ),
    "Home truths": ({"housing"}, {"fishing", "covid_19"}),
    "Origin of World’s Largest Migrant Population": (
        set(),
        {"covid_19", "fishing", "domestic_work", "internal_migration"},
    ),
    "TRIANGLE in ASEAN Quarterly Briefing Notes": (
        set(),
        {"fishing", "covid_19", "trafficking_forced_labour"},
    ),
    "Guidance on Bilateral labour migration agreements": (
        {"bilateral_agreements", "labour_migration_governance"},
        {"covid_19", "fishing"},
    ),
    "Technological solutions to guaranteed wage payments": (
        {"wages", "digital_technology", "internal_migration", "construction", "labour_inspection"},
        {"fishing", "covid_19", "domestic_work"},
    ),
    "Intervention Model: For extending social protection": (
        {"social_protection", "agriculture"},
        {"fishing", "covid_19"},
    ),
    "Tackling the Socio-Economic Consequences of COVID-19": (
        {"covid_19"},
        {"fishing", "domestic_work"},
    ),
    "China’s Rapid Development": (set(), {"fishing", "domestic_work", "trafficking_forced_labour"}),
    "IOM Strategy for the Gulf Countries": (
        {"labour_migration_governance"},
        {"fishing", "covid_19"},
    ),
    "Socioeconomic Impact of COVID-19 on Migrant Workers": (
        {"covid_19"},
        {"fishing", "domestic_work"},
    ),
    "Protecting the Rights of Migrant Workers in an Irregular": (
        {"irregular_migration"},
        {"fishing", "covid_19"},
    ),
    "Practical Guide on Developing Labour Migration": (
        {"labour_migration_governance"},
        {"fishing", "covid_19"},
    ),
    "Use of digital technology in the recruitment": (
        {"digital_technology", "fair_recruitment"},
        {"fishing", "covid_19"},
    ),
    "Spotlight on Labour Migration in Asia": (set(), {"fishing", "covid_19", "domestic_work"}),
    "Mongolia: Migration and Employment Study": (
        {"internal_migration"},
        {"fishing", "covid_19", "refugees_displacement"},
    ),
    "Empowering landless migrant and former refugee women": (
        {"women_gender", "refugees_displacement"},
        {"fishing", "covid_19"},
    ),
    "Protection, Not Restrictions!": ({"women_gender", "domestic_work"}, {"fishing", "covid_19"}),
    "Recognising and Empowering Migrant Sex Workers": (
        {"health", "women_gender"},
        {"fishing", "covid_19", "domestic_work"},
    ),
    "Global Gender Strategy": ({"women_gender"}, {"fishing", "covid_19", "domestic_work"}),
}


def expected_for(table: dict[str, tuple], title: str) -> tuple:
    """The entry of ``table`` whose key starts ``title`` (exactly one must)."""
    hits = [v for k, v in table.items() if title.startswith(k)]
    assert len(hits) == 1, f"no single expectation for {title!r}"
    return hits[0]


def items() -> list[tuple[str, str]]:
    """(title, summary) of the 30 resources on the two pages, read independently of
    the code under test (numbered items; then title and blurb lines in pairs)."""
    out: list[tuple[str, str]] = []
    for chunk in re.split(r"\n\s*\d+\.\s+", NEWS.read_text("utf-8"))[1:]:
        lines = [ln.strip() for ln in chunk.strip().splitlines() if ln.strip()]
        body = [ln for ln in lines[1:] if not re.fullmatch(r"\d{2} \w+ \d{4}", ln)]
        out.append((lines[0], " ".join(body)))
    lines = [ln.strip() for ln in REPORTS.read_text("utf-8").splitlines() if ln.strip()]
    start = next(i for i, ln in enumerate(lines) if ln.startswith("Latest resources")) + 1
    rest = lines[start:-1]  # the last line is the page's "Document Actions"
    out.extend((rest[i], rest[i + 1]) for i in range(0, len(rest), 2))
    return out
