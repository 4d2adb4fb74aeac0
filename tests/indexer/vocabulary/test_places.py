"""A text's places: countries about and mentioned, regions named and derived, evidence."""

from __future__ import annotations

from migsearch.indexer.vocabulary.places import read_places


def test_regions_named_in_a_text_that_names_no_member_state() -> None:
    p = read_places(
        "IOM Strategy for the Gulf Countries",
        "The Gulf countries are changing their labour migration systems.",
    )
    assert p.countries == [] and p.regions == ["GCC"] and p.primary is None
    assert p.evidence["GCC"] == ["Gulf Countries", "Gulf countries"]
    stats = read_places("Measuring labour migration in ASEAN", "Statistics of ASEAN Member States.")
    assert stats.regions == ["ASEAN"]


def test_regions_of_the_countries_about_and_mentioned() -> None:
    p = read_places(
        "Nepal: labour migration",
        "Nepal’s workers go abroad. The major destination countries are Qatar and Kuwait and "
        "Malaysia.",
    )
    assert p.countries == ["NPL"] and p.primary == "NPL"
    assert set(p.mentioned) == {"QAT", "KWT", "MYS"}
    assert "SOUTH_ASIA" in p.regions and "GCC" not in p.regions
    assert "GCC" in p.mentioned_regions and "SOUTH_ASIA" not in p.mentioned_regions
    assert p.roles["QAT"].startswith("mentioned:") and p.roles["NPL"].startswith("about:")


def test_donor_regions_are_not_regions_of_the_text() -> None:
    p = read_places("Myanmar", "A project in Myanmar funded by the European Union.")
    assert "EU" not in p.regions and "ASEAN" in p.regions
    q = read_places("Haiti", "Donors: Japan, the European Union and Norway supported Haiti.")
    assert "EU" not in q.regions


def test_given_places() -> None:
    p = read_places("A report", "No place named here.", given=["ASEAN", "THA"])
    assert p.countries == ["THA"] and p.regions[0] == "ASEAN"
    assert p.roles["THA"] == "about: given by the source"


def test_no_places() -> None:
    p = read_places("", "")
    assert (p.countries, p.mentioned, p.regions, p.primary) == ([], [], [], None)
