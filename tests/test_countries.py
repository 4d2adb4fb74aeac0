"""Country gazetteer: tagging of text, primary country, filter values, regions.

Expected values for the seed corpus were written by reading the pages, not by
running the tagger.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pycountry
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migsearch.errors import MigsearchError, UnknownCountryError
from migsearch.indexer.vocabulary.countries import (
    countries_in_query,
    country_label,
    region_label,
    regions_for,
    resolve_country,
)
from migsearch.indexer.vocabulary.country_tagger import CountryMatch, find_countries
from migsearch.indexer.vocabulary.gazetteer import gazetteer

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
RELIEFWEB = SHARED / "data" / "reliefweb-api-sample"


def codes(text: str, title: str = "") -> set[str]:
    return set(find_countries(text, title=title).codes)


# ------------------------------------------------------------- seed corpus


def _corpus_items() -> list[tuple[str, str]]:
    """(title, summary) of the 30 resources on the two seed listing pages."""
    items: list[tuple[str, str]] = []
    page0 = next((REPO / "corpus").glob("000_*.txt")).read_text(encoding="utf-8")
    for chunk in re.split(r"\n\s*\d+\.\s+", page0)[1:]:
        lines = [ln.strip() for ln in chunk.strip().splitlines() if ln.strip()]
        body = [ln for ln in lines[1:] if not re.fullmatch(r"\d{2} \w+ \d{4}", ln)]
        items.append((lines[0], " ".join(body)))
    page1 = next((REPO / "corpus").glob("001_*.txt")).read_text(encoding="utf-8")
    lines = [ln.strip() for ln in page1.splitlines() if ln.strip()]
    start = (
        lines.index(
            "Latest resources is shown by default. To search or browse resources,"
            " use the criteria boxes on the right."
        )
        + 1
    )
    rest = lines[start:-1]  # the last line is the page's "Document Actions"
    items.extend((rest[i], rest[i + 1]) for i in range(0, len(rest), 2))
    return items


# title prefix -> (expected countries, expected primary or None when the item is
# about several countries alike and any of them may come first)
EXPECTED: dict[str, tuple[set[str], str | None]] = {
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


def _expected_for(title: str) -> tuple[set[str], str | None]:
    hits = [v for k, v in EXPECTED.items() if title.startswith(k)]
    assert len(hits) == 1, f"no single expectation for {title!r}"
    return hits[0]


def test_corpus_has_the_30_seed_items() -> None:
    items = _corpus_items()
    assert len(items) == 30
    assert {_expected_for(t) is not None for t, _ in items} == {True}


@pytest.mark.parametrize("title,summary", _corpus_items(), ids=lambda v: str(v)[:40])
def test_corpus_item_countries(title: str, summary: str) -> None:
    want, primary = _expected_for(title)
    got = find_countries(summary, title=title)
    assert set(got.codes) == want
    if primary:
        assert got.primary == primary
    if not want:
        assert got.primary is None


def test_corpus_precision_and_recall() -> None:
    tp = fp = fn = 0
    for title, summary in _corpus_items():
        want, _ = _expected_for(title)
        got = codes(summary, title)
        tp += len(got & want)
        fp += len(got - want)
        fn += len(want - got)
    assert tp / (tp + fp) >= 0.95
    assert tp / (tp + fn) >= 0.95


def test_fishers_item_evidence_is_the_words_as_written() -> None:
    text = (
        "Cambodian and Myanmar migrant workers, for example, work on Thai vessels fishing in "
        "Malaysian and Indonesian waters; while beyond the ASEAN region, Vietnamese, Indonesian "
        "and Filipino fishermen also work on Korean and Taiwanese vessels."
    )
    m = find_countries(text)
    assert m.evidence == {
        "KHM": ["Cambodian"],
        "MMR": ["Myanmar"],
        "THA": ["Thai"],
        "MYS": ["Malaysian"],
        "IDN": ["Indonesian"],
        "VNM": ["Vietnamese"],
        "PHL": ["Filipino"],
        "KOR": ["Korean"],
        "TWN": ["Taiwanese"],
    }
    assert m.primary == "IDN"  # the only one named twice


# --------------------------------------------------- names, aliases, demonyms


@pytest.mark.parametrize(
    "text,code",
    [
        ("Workers from Burma.", "MMR"),
        ("Migrants from Laos.", "LAO"),
        ("Lao PDR ratified it.", "LAO"),
        ("The Lao People's Democratic Republic signed.", "LAO"),
        ("The Lao People’s Democratic Republic signed.", "LAO"),
        ("Viet Nam and", "VNM"),
        ("Vietnam and", "VNM"),
        ("Türkiye hosts refugees.", "TUR"),
        ("Turkey hosts refugees.", "TUR"),
        ("Côte d'Ivoire", "CIV"),
        ("Côte d’Ivoire", "CIV"),
        ("Cote d'Ivoire", "CIV"),
        ("Ivory Coast", "CIV"),
        ("the DPRK", "PRK"),
        ("North Korea", "PRK"),
        ("the Republic of Korea", "KOR"),
        ("South Korea", "KOR"),
        ("Korea", "KOR"),
        ("the UAE", "ARE"),
        ("to the KSA", "SAU"),
        ("the UK", "GBR"),
        ("the US", "USA"),
        ("the USA", "USA"),
        ("Kosovo", "XKX"),
        ("Palestine", "PSE"),
        ("Taiwan", "TWN"),
        ("Hong Kong", "HKG"),
        ("Macao", "MAC"),
        ("Macau", "MAC"),
        ("Timor-Leste", "TLS"),
        ("East Timor", "TLS"),
        ("Holy See", "VAT"),
    ],
)
def test_aliases(text: str, code: str) -> None:
    assert codes(text) == {code}


@pytest.mark.parametrize(
    "word,code",
    [
        ("Vietnamese", "VNM"),
        ("Filipino", "PHL"),
        ("Filipina", "PHL"),
        ("Filipinos", "PHL"),
        ("Nepali", "NPL"),
        ("Nepalese", "NPL"),
        ("Kyrgyz", "KGZ"),
        ("Indian", "IND"),
        ("Thai", "THA"),
        ("Cambodian", "KHM"),
        ("Myanmar", "MMR"),
        ("Burmese", "MMR"),
        ("Lao", "LAO"),
        ("Laotian", "LAO"),
        ("Malaysian", "MYS"),
        ("Indonesian", "IDN"),
        ("Singaporean", "SGP"),
        ("Bruneian", "BRN"),
        ("Timorese", "TLS"),
        ("Bangladeshi", "BGD"),
        ("Sri Lankan", "LKA"),
        ("Pakistani", "PAK"),
        ("Korean", "KOR"),
        ("Taiwanese", "TWN"),
        ("Chinese", "CHN"),
        ("Japanese", "JPN"),
        ("Emirati", "ARE"),
        ("Saudi", "SAU"),
        ("Qatari", "QAT"),
        ("Kuwaiti", "KWT"),
        ("Omani", "OMN"),
        ("Bahraini", "BHR"),
        ("Ethiopian", "ETH"),
        ("Haitian", "HTI"),
    ],
)
def test_demonyms(word: str, code: str) -> None:
    assert codes(f"Many {word} migrant workers arrived.") == {code}


@pytest.mark.parametrize(
    "city,code",
    [
        ("Bangkok", "THA"),
        ("Manila", "PHL"),
        ("Quezon City", "PHL"),
        ("Makati", "PHL"),
        ("Pasay", "PHL"),
        ("Jakarta", "IDN"),
        ("Kuala Lumpur", "MYS"),
        ("Phnom Penh", "KHM"),
        ("Vientiane", "LAO"),
        ("Yangon", "MMR"),
        ("Hanoi", "VNM"),
        ("Ho Chi Minh City", "VNM"),
        ("Dhaka", "BGD"),
        ("Kathmandu", "NPL"),
        ("Colombo", "LKA"),
        ("Doha", "QAT"),
        ("Dubai", "ARE"),
        ("Riyadh", "SAU"),
        ("Ulaanbaatar", "MNG"),
        ("Bishkek", "KGZ"),
        ("Port-au-Prince", "HTI"),
        ("Addis Ababa", "ETH"),
    ],
)
def test_cities(city: str, code: str) -> None:
    assert codes(f"The meeting took place in {city} last year.") == {code}


def test_hong_kong_and_macao_are_not_china() -> None:
    assert codes("Domestic workers in Hong Kong SAR, China and in Macao, China.") == {
        "HKG",
        "MAC",
    }


# ------------------------------------------------------------ false friends


@pytest.mark.parametrize(
    "text,want",
    [
        ("The conference was held in Atlanta, Georgia, last spring.", set()),
        ("He studied at the University of Georgia and Georgia Tech.", set()),
        ("Tbilisi, Georgia hosted the meeting.", {"GEO"}),
        ("Armenia, Azerbaijan, Georgia and Moldova signed.", {"ARM", "AZE", "GEO", "MDA"}),
        ("Georgia Launches New Labour Migration Strategy", {"GEO"}),
        ("Michael Jordan played basketball.", set()),
        ("Jordan Peterson wrote a book about rules.", set()),
        ("Michael Jordan was great. Later Jordan retired.", set()),
        ("In Jordan Save the Children runs schools. Jordan hosts refugees.", {"JOR"}),
        ("Syrian refugees in Jordan work in agriculture.", {"SYR", "JOR"}),
        ("The Jordan Compact opened work permits.", {"JOR"}),
        ("Chad Smith is a drummer.", set()),
        ("Refugees fled to Chad from Sudan.", {"TCD", "SDN"}),
        ("The guinea pig was tested, and a Guinea pig too.", set()),
        ("Workers from Nigeria and Niger.", {"NGA", "NER"}),
        ("French Indochina and Indo-China.", {"FRA"}),
        ("The Indian Ocean tsunami", set()),
        ("American Indian communities", set()),
        ("Indian workers crossed the Indian Ocean.", {"IND"}),
        ("We ate a thanksgiving turkey with roast Turkey stuffing.", set()),
        ("china plates and fine china", set()),
        ("Papua New Guinea", {"PNG"}),
        ("Guinea-Bissau", {"GNB"}),
        ("Guinea Bissau", {"GNB"}),
        ("Equatorial Guinea", {"GNQ"}),
        ("Guinea", {"GIN"}),
        ("New Guinea is an island.", set()),
        ("Dominica", {"DMA"}),
        ("the Dominican Republic", {"DOM"}),
        ("Sudan", {"SDN"}),
        ("South Sudan", {"SSD"}),
        ("the Democratic Republic of the Congo", {"COD"}),
        ("DR Congo", {"COD"}),
        ("the Republic of the Congo", {"COG"}),
        ("the Democratic People's Republic of Korea", {"PRK"}),
        ("North Korean defectors", {"PRK"}),
        ("South Korean firms", {"KOR"}),
        ("the Korean Peninsula", set()),
        ("New Mexico", {"USA"}),
        ("Latin American and Central American migrants", set()),
        ("The report is available in English, French and Spanish.", set()),
        ("A Thai version is available; also in Lao and Khmer.", set()),
        ("French workers on Thai vessels", {"FRA", "THA"}),
        ("Leaflets in Bahasa Indonesia and Bahasa Malaysia", set()),
        ("CONTACT US", set()),
        ("let us know", set()),
        ("countries opt to close borders", set()),
        ("50% Male, 50% Female", set()),
        ("a Canadian Government-funded project", set()),
        ("a project funded by the Government of Japan", set()),
        ("Participants pledged US$2.01 billion.", set()),
        ("paid in US dollars", set()),
        ("The Norwegian Refugee Council trained staff.", set()),
        ("The Danish Refugee Council (DRC) runs a DRC programme.", set()),
        ("Refugees from the DRC arrived.", {"COD"}),
        ("The Philippine Red Cross (PRC) helped; PRC volunteers", {"PHL"}),
        ("The PRC and Japan", {"CHN", "JPN"}),
        ("Sri Lanka chairs the Colombo Process.", {"LKA"}),
        ("The Colombo Process and the Abu Dhabi Dialogue", set()),
        ("United Nations, New York and Geneva, 2015", set()),
        ("IDPs in Juba Hoose", {"SOM"}),
        ("IDPs in Juba", {"SSD"}),
        ("Family Reunion Programme", set()),
        ("Malé, Maldives", {"MDV"}),
    ],
)
def test_false_friends(text: str, want: set[str]) -> None:
    assert codes(text) == want


@pytest.mark.parametrize(
    "text",
    [
        "ASEAN Member States agreed.",
        "The Gulf countries and the GCC.",
        "Labour migration in Asia and Africa.",
        "South Asia and Southeast Asia",
        "the European Union and the Middle East",
    ],
)
def test_region_words_tag_no_country(text: str) -> None:
    assert find_countries(text) == CountryMatch([], None, {})


def test_lowercase_names_in_running_text_are_not_countries() -> None:
    assert codes("we will turkey the china in jordan, chad and georgia") == set()


def test_all_caps_text_is_tagged() -> None:
    assert codes("MIGRANT WORKERS IN THE PHILIPPINES AND VIET NAM") == {"PHL", "VNM"}


def test_names_broken_across_lines() -> None:
    assert codes("the Lao People’s\nDemocratic Republic") == {"LAO"}
    m = find_countries("the Lao People’s\nDemocratic Republic")
    assert m.evidence["LAO"] == ["Lao People’s Democratic Republic"]


# ----------------------------------------------------------------- primary


def test_primary_is_the_one_country_a_text_is_about() -> None:
    text = (
        "Labour migration has been the main pillar of Nepal's economy. Nepali migrant "
        "workers go to Malaysia, Qatar and Saudi Arabia. The Government of Nepal imposed "
        "travel bans. Nepali women face risks."
    )
    m = find_countries(text)
    assert m.primary == "NPL"
    assert m.codes[0] == "NPL"
    assert set(m.codes) == {"NPL", "MYS", "QAT", "SAU"}


def test_title_mentions_outweigh_body_mentions() -> None:
    m = find_countries(
        "Thailand and Thailand again, Thailand.", title="Migrant workers in Viet Nam"
    )
    assert m.primary == "VNM"
    assert m.codes == ["VNM", "THA"]
    body = "Jamaica " * 10 + "and Haiti. " + "Cuba " * 3
    m = find_countries(body, title="Haiti: Hurricane Melissa Flash Update")
    assert m.codes == ["HTI", "JAM", "CUB"]
    m = find_countries(body, title="Haiti and Cuba: Flash Update")
    assert m.codes == ["CUB", "HTI", "JAM"]  # same title count: more body mentions first


def test_ties_go_to_the_earliest_mention() -> None:
    assert find_countries("Cambodia, Myanmar and Thailand.").codes == ["KHM", "MMR", "THA"]
    assert find_countries("Myanmar and Cambodia.", title="").primary == "MMR"


def test_no_country_no_primary() -> None:
    assert find_countries("", title="") == CountryMatch()
    assert find_countries("Nothing here.").primary is None


# ---------------------------------------------------------- filter values


@pytest.mark.parametrize(
    "value,want",
    [
        ("THA", ["THA"]),
        ("tha", ["THA"]),
        ("  th ", ["THA"]),
        ("Thailand", ["THA"]),
        ("THAILAND", ["THA"]),
        ("Kingdom of Thailand", ["THA"]),
        ("Thai", ["THA"]),
        ("Burma", ["MMR"]),
        ("myanmar", ["MMR"]),
        ("Viet Nam", ["VNM"]),
        ("vietnam", ["VNM"]),
        ("Lao People’s Democratic Republic", ["LAO"]),
        ("lao pdr", ["LAO"]),
        ("Korea, Republic of", ["KOR"]),
        ("korea", ["KOR"]),
        ("Filipina", ["PHL"]),
        ("Kosovo", ["XKX"]),
        ("XK", ["XKX"]),
        ("Türkiye", ["TUR"]),
        ("turkey", ["TUR"]),
        ("Cote d'Ivoire", ["CIV"]),
        ("the Netherlands", ["NLD"]),
        ("UK", ["GBR"]),
        ("gb", ["GBR"]),
        ("Hong Kong", ["HKG"]),
    ],
)
def test_resolve_country(value: str, want: list[str]) -> None:
    assert resolve_country(value) == want


def test_resolve_regions() -> None:
    asean = ["BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM", "TLS"]
    assert sorted(resolve_country("ASEAN")) == sorted(asean)
    assert sorted(resolve_country(" asean ")) == sorted(asean)
    assert sorted(resolve_country("GCC")) == sorted(["BHR", "KWT", "OMN", "QAT", "SAU", "ARE"])
    assert sorted(resolve_country("Gulf countries")) == sorted(resolve_country("gcc"))
    south_asia = ["AFG", "BGD", "BTN", "IND", "MDV", "NPL", "PAK", "LKA"]
    assert sorted(resolve_country("South Asia")) == sorted(south_asia)
    assert sorted(resolve_country("SOUTH_ASIA")) == sorted(south_asia)
    r = resolve_country("ASEAN")
    r.clear()  # a copy: changing it must not change the data
    assert len(resolve_country("ASEAN")) == 11


@pytest.mark.parametrize("value", ["Thialand", "Narnia", "", "   ", "XX", "ZZZ"])
def test_unknown_country(value: str) -> None:
    with pytest.raises(UnknownCountryError) as exc:
        resolve_country(value)
    assert isinstance(exc.value, MigsearchError)
    assert exc.value.value == value
    assert len(exc.value.suggestions) <= 3


def test_unknown_country_suggests_close_names() -> None:
    with pytest.raises(UnknownCountryError) as exc:
        resolve_country("Thialand")
    assert "Thailand" in exc.value.suggestions
    assert "did you mean" in str(exc.value)
    with pytest.raises(UnknownCountryError) as exc:
        resolve_country("Philipines")
    assert "Philippines" in exc.value.suggestions


# ------------------------------------------------------------------ regions


def test_regions() -> None:
    regions = gazetteer().regions
    assert len(regions["ASEAN"]) == 11 and "TLS" in regions["ASEAN"]
    assert sorted(regions["GCC"]) == ["ARE", "BHR", "KWT", "OMN", "QAT", "SAU"]
    assert len(regions["SOUTH_ASIA"]) == 8
    assert all(rid == rid.upper() for rid in regions)
    assert regions_for(["THA", "NPL"]) == ["ASEAN", "SOUTH_ASIA"]
    assert regions_for(["QAT"])[:1] == ["GCC"]
    assert regions_for([]) == []
    assert region_label("SOUTH_ASIA") == "South Asia"
    assert region_label("ASEAN") == "ASEAN"
    assert region_label("NOWHERE") == "NOWHERE"


def test_every_region_member_is_a_known_country() -> None:
    for rid, members in gazetteer().regions.items():
        for code in members:
            assert country_label(code) != code, (rid, code)
            assert resolve_country(code) == [code]


# ------------------------------------------------------------------ labels


@pytest.mark.parametrize(
    "code,label",
    [
        ("THA", "Thailand"),
        ("VNM", "Viet Nam"),
        ("LAO", "Lao PDR"),
        ("KOR", "South Korea"),
        ("TUR", "Türkiye"),
        ("XKX", "Kosovo"),
        ("HKG", "Hong Kong"),
        ("PSE", "Palestine"),
        ("tha", "Thailand"),
        ("QQQ", "QQQ"),
    ],
)
def test_country_label(code: str, label: str) -> None:
    assert country_label(code) == label


def test_gazetteer_covers_iso_and_extra_territories() -> None:
    for c in pycountry.countries:
        assert country_label(c.alpha_3) != c.alpha_3
        assert resolve_country(c.alpha_2) == [c.alpha_3]
        assert resolve_country(c.name) == [c.alpha_3], c.name
    for code in ("XKX", "HKG", "MAC", "TWN", "PSE", "VAT"):
        assert country_label(code) != code


def test_gazetteer_has_no_unsettled_conflicts() -> None:
    assert gazetteer().conflicts == {}


# ------------------------------------------------------------------ queries


def test_countries_in_query() -> None:
    assert countries_in_query("Burma fishers") == [("Burma", "MMR")]
    assert countries_in_query("burma fishers") == [("burma", "MMR")]
    assert countries_in_query("filipino nurses in the uae") == [
        ("filipino", "PHL"),
        ("uae", "ARE"),
    ]
    assert countries_in_query("Lao People’s Democratic Republic") == [
        ("Lao People’s Democratic Republic", "LAO")
    ]
    assert countries_in_query("tell us about indian ocean fishing") == []
    assert countries_in_query("US visas") == [("US", "USA")]
    assert countries_in_query("ASEAN migration") == []
    assert countries_in_query("bangkok shelters") == []
    assert countries_in_query("Hong Kong domestic workers") == [("Hong Kong", "HKG")]
    assert countries_in_query("") == []


def test_countries_in_query_is_fast() -> None:
    countries_in_query("warm up")
    queries = [f"migrant workers {i} from Viet Nam to Thailand" for i in range(300)]
    t = time.perf_counter()
    for q in queries:
        countries_in_query(q)
    per_query = (time.perf_counter() - t) / len(queries)
    assert per_query < 0.001


def test_find_countries_is_fast() -> None:
    text = " ".join(s for _, s in _corpus_items()) * 4
    find_countries("warm up")
    t = time.perf_counter()
    for _ in range(5):
        find_countries(text)
    per_kb = (time.perf_counter() - t) / 5 / (len(text) / 1000)
    assert per_kb < 0.001  # measured ~0.05-0.1 ms per KB


# --------------------------------------------------------------- robustness


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.text(max_size=60))
def test_any_text_gives_a_consistent_match(text: str, title: str) -> None:
    m = find_countries(text, title=title)
    assert m.primary == (m.codes[0] if m.codes else None)
    assert set(m.evidence) == set(m.codes)
    assert len(set(m.codes)) == len(m.codes)
    for code in m.codes:
        assert country_label(code) != code
        assert m.evidence[code]


# ---------------------------------------------------------------- ReliefWeb


def _reliefweb_reports() -> list[tuple[str, str, str]]:
    if not RELIEFWEB.is_dir():
        pytest.skip(f"shared test data not found at {RELIEFWEB}")
    from bs4 import BeautifulSoup

    out = []
    for path in sorted(RELIEFWEB.glob("*_reports.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        want = data["country_code"].upper()
        for r in data["reports"]:
            html = r.get("body_text") or ""
            if html.strip():
                out.append((want, r["title"], BeautifulSoup(html, "lxml").get_text(" ")))
    return out


def test_reliefweb_reports_are_tagged_with_their_country() -> None:
    reports = _reliefweb_reports()
    assert len(reports) == 49
    tagged = primary = 0
    for want, title, body in reports:
        m = find_countries(body, title=title)
        tagged += want in m.codes
        primary += m.primary == want
    # measured: 49/49 tagged, 45/49 primary (the four misses are regional
    # reports on the Caribbean or Eastern Africa where Haiti/Ethiopia is one of several)
    assert tagged / len(reports) >= 0.95
    assert primary / len(reports) >= 0.90


# ------------------------------------------------------------------- HumSet


def test_humset_country_toponyms_are_found() -> None:
    """Every place annotated (LOC) in HumSet excerpts whose text is itself a country
    name or alias must come out of the excerpt as that country (recall on real
    humanitarian prose: measured 3204 of 3207; the three misses are
    annotation slips, "in Greek" and "in Spanish" as languages)."""
    path = SHARED / "data" / "humset-toponyms" / "toponym_annotations.json.gz"
    if not path.is_file():
        pytest.skip(f"shared test data not found at {path}")
    import gzip

    excerpts = json.loads(gzip.decompress(path.read_bytes()))
    total = found = 0
    for ex in excerpts:
        tagged = set(find_countries(ex["text"]).codes)
        for a in ex["annotations"]:
            if a["label"] != "LOC" or len(a["text"]) < 4:
                continue
            named = countries_in_query(a["text"])
            if len(named) == 1 and named[0][0] == a["text"]:
                total += 1
                found += named[0][1] in tagged
    assert total > 3000
    assert found / total >= 0.98
