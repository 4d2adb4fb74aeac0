"""Lists of ISO alpha-2 codes read as countries, and the runs of capitals that are not.

Each refusal is checked in a text that also holds a list that is read, so that a
tagger that reads no codes at all fails it too.
"""

from __future__ import annotations

import pytest

from migsearch.indexer.vocabulary.country_tagger import find_countries, scan_places
from migsearch.indexer.vocabulary.salience import ABOUT, country_salience

AHA = (
    "AHA Centre Flash Update #7: Tropical Storm Tembin (VINTA) Countries under monitoring: "
    "PH, MY, BN, ID, VN, KH, TH • AHA Centre Disaster Monitoring & Response System maintain "
    "the highest alert for Typhoon Tembin (Vinta).\n\n"
    "• Philippines, Typhoon Tembin affected 268,792 persons (59,580 families) in 518 "
    "barangays of 21 provinces.\n\n"
    "• Viet Nam, the NCHMF has updated its warning of Typhoon Tembin for provinces in the "
    "southern part."
)
#: a list that is read, after each text that must add nothing to it
READ = "\nCountries under monitoring: PH, MY and TH."


def code_mentions(text: str) -> list[tuple[str, str]]:
    return [(m.written, m.code) for m in scan_places(text) if m.kind == "code"]


def test_a_scope_in_codes_names_each_country() -> None:
    assert code_mentions(AHA) == [
        ("PH", "PHL"),
        ("MY", "MYS"),
        ("BN", "BRN"),
        ("ID", "IDN"),
        ("VN", "VNM"),
        ("KH", "KHM"),
        ("TH", "THA"),
    ]
    assert find_countries(AHA).evidence["BRN"] == ["BN"]


@pytest.mark.parametrize(
    "text",
    [
        "Assessment teams are on standby in PH/MY/TH.",
        "Assessment teams are on standby in PH, MY and TH.",
        "Assessment teams are on standby in PH, MY, and TH.",
    ],
)
def test_codes_joined_by_commas_slashes_or_and(text: str) -> None:
    assert [c for _, c in code_mentions(text)] == ["PHL", "MYS", "THA"]


def test_countries_a_report_scopes_in_codes_are_about() -> None:
    sal = country_salience([], scan_places(AHA), AHA)
    for code in ("BRN", "IDN", "KHM", "MYS", "THA"):
        assert sal[code].role == ABOUT, sal[code].explain()


def test_a_list_of_codes_weighs_as_a_list() -> None:
    text = (
        "Over the past year the AHA Centre has trained 120 officers of national disaster "
        "management offices across the region. Emergency response teams, drawn from PH, MY "
        "and TH, were deployed to Marawi to support the evacuation of 57,768 persons."
    )
    sal = country_salience([], scan_places(text), text)
    assert "1 in lists" in sal["MYS"].reasons


@pytest.mark.parametrize(
    "text",
    [
        # a heading in capitals
        "FLOODS IN THE US, UK, FR AND DE LEAVE THOUSANDS HOMELESS",
        "STORM HITS PH, MY, TH AND VN",
        "REGIONAL UPDATE ON PH, MY, TH",
        # English words in capitals
        "IT, IS, NO, TO BE DECIDED",
        "Tick one: IN, TO, AT or ON.",
        "Answer YES or NO, IT, IS, AS shown.",
        # the languages of a report
        "Syria: Cross-border operations from Turkey to Syria [EN/AR/TR]",
        "Flash appeal [FR/ES/IT]",
        "Available in EN, FR, ES, AR and RU.",
        "The guidance is available in FR, ES, AR and RU.",
        "Download the PT/ES/IT versions here.",
        # one code, two codes, codes inside words
        "Bring your ID to the office.",
        "Staff from PH and MY attended.",
        "Staff from PH, MY and PH again.",
        "The PHMYTH code and the PH-MY-TH route and xPH, MY, THx.",
        # US states and Canadian provinces
        "Offices in AL, GA, MS and SC reported delays.",
        "Shipments to CA, IN, IL were delayed.",
        # abbreviations the text spells out
        "amitriptylinoxide (AO), amitriptyline (AM) and placebo (PL) were compared. No "
        "significant difference emerged between AO, AM and PL.",
    ],
)
def test_runs_of_capitals_that_name_no_countries(text: str) -> None:
    assert [c for _, c in code_mentions(text + READ)] == ["PHL", "MYS", "THA"]


def test_codes_that_are_languages_too_stay_countries_outside_a_language_context() -> None:
    text = "Country offices in ID, MY and TH reported no damage."
    assert [c for _, c in code_mentions(text)] == ["IDN", "MYS", "THA"]


def test_codes_the_text_spells_out_as_the_country_stay() -> None:
    text = "Offices in the Philippines (PH), Malaysia (MY) and Thailand (TH).\nStaff: PH, MY, TH."
    assert [c for _, c in code_mentions(text)] == ["PHL", "MYS", "THA"]
