"""Theme taxonomy and tagger: data integrity, seed documents, real labelled reports."""

from __future__ import annotations

import csv
import gzip
import re
import sys
import time
import tomllib
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migsearch.errors import MigsearchError, UnknownThemeError
from migsearch.indexer.vocabulary import themes
from migsearch.indexer.vocabulary.themes import (
    all_themes,
    find_themes,
    resolve_theme,
    score_themes,
    theme_label,
)

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
RW_THEMES = SHARED / "reliefweb-tagged-reports" / "report_theme_en-1k.csv.gz"

# The themes DESIGN §2 names; other modules and external tests may filter on these ids.
REQUIRED_IDS = {
    "labour_migration_governance",
    "fair_recruitment",
    "trafficking_forced_labour",
    "domestic_work",
    "fishing",
    "women_gender",
    "social_protection",
    "health",
    "covid_19",
    "wages",
    "skills",
    "statistics_data",
    "bilateral_agreements",
    "irregular_migration",
    "return_reintegration",
    "internal_migration",
    "refugees_displacement",
    "remittances",
    "housing",
    "digital_technology",
}


# --------------------------------------------------------------------------- data


def test_taxonomy_has_every_design_theme_with_label_and_description():
    got = {t.id: t for t in all_themes()}
    assert set(got) >= REQUIRED_IDS
    for t in got.values():
        assert re.fullmatch(r"[a-z][a-z0-9_]*", t.id)
        assert t.label and t.description
        assert theme_label(t.id) == t.label


def test_every_theme_has_a_term_strong_enough_on_its_own():
    """A theme no single phrase can trigger in a short text would need padding to appear."""
    raw = tomllib.loads(
        (REPO / "indexer" / "vocabulary" / "data" / "themes.toml").read_text("utf-8")
    )
    for entry in raw["themes"]:
        assert max(entry["terms"].values()) >= themes.THRESHOLD, entry["id"]


def test_theme_label_of_unknown_id_is_the_id():
    assert theme_label("no_such_theme") == "no_such_theme"


# ----------------------------------------------------------------------- matching


def test_stems_match_inflections():
    for text in ("Migrant fishers", "the fishermen", "a fisherman", "work in fisheries"):
        assert "fishing" in find_themes("", text).ids, text


def test_exact_term_does_not_fire_on_other_forms():
    # "=fishing" must not turn a food item into a fishing document
    assert "fishing" not in find_themes("", "Rice, beans and fish were distributed.").ids


def test_phrase_matches_across_stop_words_and_spelling():
    assert "trafficking_forced_labour" in find_themes("", "trafficking of persons").ids
    assert "trafficking_forced_labour" in find_themes("", "victims of forced labor").ids
    m = find_themes("", "Training for Labor Attachés posted abroad")
    assert "labour_migration_governance" in m.ids
    assert m.evidence["labour_migration_governance"] == ["Labor Attachés"]


def test_single_weak_word_is_not_enough():
    assert find_themes("", "The household moved last year.").ids == []
    assert "domestic_work" not in find_themes("", "household income and household size").ids


def test_blocker_consumes_words():
    assert "trafficking_forced_labour" not in find_themes("", "Drug trafficking rose.").ids
    assert "trafficking_forced_labour" in find_themes("", "Human trafficking rose.").ids


def test_stem_collisions_are_avoided_with_exact_terms():
    # Snowball stems "international" and "internal" alike, "governments" and "governance"
    assert "internal_migration" not in find_themes("", "international migrants").ids
    assert "internal_migration" in find_themes("", "internal migrants").ids
    assert find_themes("", "Governments met. Governments agreed.").ids == []


def test_title_counts_more_than_body():
    body = "The report covers several topics."
    # "living conditions" (weight 1) in the body alone is too weak; in the title it is not
    assert "housing" not in find_themes("Report", f"{body} Living conditions.").ids
    assert "housing" in find_themes("Improving accommodation", body).ids


def test_threshold_grows_with_length():
    filler = " ".join(["The committee met and discussed the agenda in detail."] * 200)
    short = "Remittances matter."
    assert "remittances" in find_themes("", short).ids
    assert "remittances" not in find_themes("", f"{filler} {short}").ids
    assert themes.threshold_for(50) == themes.THRESHOLD
    assert themes.threshold_for(5000) > themes.threshold_for(1000) > themes.THRESHOLD


def test_repeats_have_diminishing_returns():
    one = next(s for s in score_themes("", "wage") if s.id == "wages").score
    many = next(s for s in score_themes("", "wage " * 16) if s.id == "wages").score
    assert many == pytest.approx(4 * one)


def test_evidence_is_as_written_and_ids_ordered_by_strength():
    m = find_themes(
        "COVID-19 and migrant domestic workers",
        "The COVID-19 pandemic left domestic workers without pay; lockdowns continued.",
    )
    assert m.ids[0] == "covid_19"
    assert "domestic_work" in m.ids
    assert m.evidence["covid_19"][0] == "COVID-19"
    assert "domestic workers" in m.evidence["domestic_work"]
    assert set(m.evidence) == set(m.ids)


def test_empty_input():
    assert find_themes("", "").ids == []
    assert find_themes(None, None).ids == []  # type: ignore[arg-type]


# ----------------------------------------------------------------------- resolving


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("covid_19", "covid_19"),
        ("covid-19", "covid_19"),
        ("COVID 19", "covid_19"),
        ("Domestic work", "domestic_work"),
        ("domestic-work", "domestic_work"),
        ("TRAFFICKING AND FORCED LABOUR", "trafficking_forced_labour"),
        ("trafficking", "trafficking_forced_labour"),
        ("Labour migration governance", "labour_migration_governance"),
        ("health workers", "health"),
        ("  Fishing ", "fishing"),
        ("Women migrant workers & gender", "women_gender"),
    ],
)
def test_resolve_theme(value, expected):
    assert resolve_theme(value) == expected


def test_resolve_unknown_theme_suggests_close_ids():
    with pytest.raises(UnknownThemeError) as err:
        resolve_theme("fishin")
    assert err.value.suggestions[0] == "fishing"
    assert isinstance(err.value, MigsearchError)
    assert "fishing" in str(err.value)
    with pytest.raises(UnknownThemeError) as err:
        resolve_theme("domestic")
    assert "domestic_work" in err.value.suggestions
    with pytest.raises(UnknownThemeError) as err:
        resolve_theme("zzzz")
    assert err.value.suggestions == []


# ---------------------------------------------------------------------- seed items


def _seed_items() -> list[tuple[str, str]]:
    """The 30 items of the two sample listing pages, as (title, summary)."""
    corpus = REPO / "corpus"
    news = (corpus / "000_c4eb84cda103fd2c.txt").read_text("utf-8")
    items = [
        (m.group(2).strip(), " ".join(m.group(3).split()))
        for m in re.finditer(r"^\s+(\d+)\. (.+?)\n(.*?)(?=^\s+\d+\. |\Z)", news, re.M | re.S)
    ]
    lines = [
        ln.strip()
        for ln in (corpus / "001_66e0b69593462829.txt").read_text("utf-8").splitlines()
        if ln.strip()
    ]
    start = next(i for i, ln in enumerate(lines) if ln.startswith("Latest resources")) + 1
    reports = lines[start:-1]  # the last line is the page's "Document Actions"
    items += [(reports[i], reports[i + 1]) for i in range(0, len(reports), 2)]
    return items


# title prefix -> (themes it must have, themes it must not have); borderline ones unpinned
SEED_EXPECTED: dict[str, tuple[set[str], set[str]]] = {
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


def test_seed_items_are_all_pinned():
    titles = [t for t, _ in _seed_items()]
    assert len(titles) == 30
    for title in titles:
        assert sum(title.startswith(p) for p in SEED_EXPECTED) == 1, title


@pytest.mark.parametrize("prefix", list(SEED_EXPECTED))
def test_seed_item_themes(prefix):
    title, summary = next(item for item in _seed_items() if item[0].startswith(prefix))
    must, must_not = SEED_EXPECTED[prefix]
    got = set(find_themes(title, summary).ids)
    assert must <= got, f"missing {must - got}; got {sorted(got)}"
    assert not (must_not & got), f"wrong {must_not & got}"


# ------------------------------------------------------------------ real reports

#: ReliefWeb themes that correspond to one of ours. ReliefWeb's other themes
#: (Coordination, Logistics, Mine Action, …) have no counterpart here.
RW_TO_OURS = {
    "Agriculture": "agriculture",
    "Climate Change and Environment": "climate_environment",
    "Gender": "women_gender",
    "Health": "health",
    "HIV/Aids": "health",
    "Shelter and Non-Food Items": "housing",
    "Education": "skills",
}


def _reliefweb_rows() -> list[dict[str, str]]:
    if not RW_THEMES.exists():
        pytest.skip(f"shared test data not found at {RW_THEMES}")
    csv.field_size_limit(sys.maxsize)
    with gzip.open(RW_THEMES, "rt", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _reliefweb() -> tuple[dict[str, str], dict[str, set[str]]]:
    posts: dict[str, str] = {}
    gold: dict[str, set[str]] = defaultdict(set)
    for row in _reliefweb_rows():
        posts[row["nid"]] = row["post"]
        if row["theme_name"] in RW_TO_OURS:
            gold[row["nid"]].add(RW_TO_OURS[row["theme_name"]])
    return posts, gold


def test_reliefweb_mapped_precision_recall(capsys):
    """Precision/recall on ReliefWeb's own labels, for the themes that map.

    The labels are incomplete (situation reports carry eight themes their text
    never mentions; reports on cholera often lack "Health"), so the figures
    are floors, not the tagger's true quality. Posts run title and body
    together, so the whole post is tagged as body.
    """
    posts, gold = _reliefweb()
    pred = {nid: set(find_themes("", post).ids) for nid, post in posts.items()}
    floors = {  # measured 2026-11-23 minus a margin; see the printed table
        "agriculture": (0.20, 0.30),
        "climate_environment": (0.30, 0.75),
        "health": (0.35, 0.70),
        "housing": (0.15, 0.15),
        "skills": (0.15, 0.30),
        "women_gender": (0.35, 0.80),
    }
    totals = [0, 0, 0]
    lines = []
    for theme, (p_floor, r_floor) in floors.items():
        tp = sum(theme in pred[n] and theme in gold[n] for n in posts)
        fp = sum(theme in pred[n] and theme not in gold[n] for n in posts)
        fn = sum(theme not in pred[n] and theme in gold[n] for n in posts)
        p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
        lines.append(f"{theme:22s} P={p:.2f} R={r:.2f} tp={tp} fp={fp} fn={fn}")
        for i, v in enumerate((tp, fp, fn)):
            totals[i] += v
        assert p >= p_floor and r >= r_floor, lines[-1]
    tp, fp, fn = totals
    micro_p, micro_r = tp / (tp + fp), tp / (tp + fn)
    lines.append(f"{'micro':22s} P={micro_p:.2f} R={micro_r:.2f}")
    with capsys.disabled():
        print("\nReliefWeb mapped themes (640 reports):\n" + "\n".join(lines))
    assert micro_p >= 0.30 and micro_r >= 0.55


def test_reliefweb_single_label_recall(capsys):
    """Reports with one ReliefWeb theme are mostly about it: there the label is reliable."""
    labels: dict[str, set[str]] = defaultdict(set)
    posts: dict[str, str] = {}
    for row in _reliefweb_rows():
        labels[row["nid"]].add(row["theme_name"])
        posts[row["nid"]] = row["post"]
    single = {
        n: RW_TO_OURS[t]
        for n, ls in labels.items()
        if len(ls) == 1 and (t := next(iter(ls))) in RW_TO_OURS
    }
    found = sum(theme in find_themes("", posts[n]).ids for n, theme in single.items())
    with capsys.disabled():
        print(f"\nReliefWeb single-label recall: {found}/{len(single)} = {found / len(single):.2f}")
    assert found / len(single) >= 0.75  # measured 0.81 (148/183)


def test_tagging_speed_on_real_reports(capsys):
    """The tagger runs on every document: well under the 1 ms/KB budget once warm."""
    posts, _ = _reliefweb()
    texts = list(posts.values())
    for t in texts[:50]:  # warm the stem cache as a long indexing run would be
        find_themes("", t)
    runs = []
    for _ in range(3):  # best of three: a shared machine's load is not the tagger's cost
        start = time.perf_counter()
        for t in texts:
            find_themes("", t)
        runs.append((time.perf_counter() - start) * 1000)
    elapsed_ms = min(runs)
    kb = sum(len(t.encode("utf-8")) for t in texts) / 1024
    with capsys.disabled():
        print(f"\nTagging speed: {len(texts)} posts, {kb:.0f} KB, {elapsed_ms / kb:.3f} ms/KB")
    assert elapsed_ms / kb < 1.0, f"{elapsed_ms / kb:.3f} ms/KB"


@settings(max_examples=300, deadline=None)
@given(st.text(), st.text())
def test_any_text_is_tagged_without_error(title, text):
    m = find_themes(title, text)
    assert set(m.evidence) == set(m.ids)
    assert all(e and e == " ".join(e.split()) for ev in m.evidence.values() for e in ev)
    try:
        assert resolve_theme(title) in {t.id for t in all_themes()}
    except UnknownThemeError as err:
        assert all(s in {t.id for t in all_themes()} for s in err.suggestions)


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[[themes]]\nid = "Bad Id"\nlabel = "x"\n', "snake_case id"),
        ('[[themes]]\nid = "a"\nlabel = "A"\n[themes.terms]\n"of the" = 3\n', "only stop words"),
        ('[[themes]]\nid = "a"\nlabel = "A"\n[themes.terms]\n"x" = -1\n', "weight >= 0"),
        ('[[themes]]\nid = "a"\nlabel = "A"\n[themes.terms]\n"wage" = 1\n"wages" = 2\n', "repeats"),
        ('[[themes]]\nid = "a"\nlabel = "A"\n[[themes]]\nid = "a"\nlabel = "B"\n', "duplicate"),
    ],
)
def test_broken_taxonomy_fails_with_a_clear_message(tmp_path, monkeypatch, toml, message):
    all_themes()  # load the real spelling table first: it is cached for the process
    import tomllib

    monkeypatch.setattr(themes, "load_data", lambda _name: tomllib.loads(toml))
    themes._taxonomy.cache_clear()
    try:
        with pytest.raises(MigsearchError, match=message):
            all_themes()
    finally:
        monkeypatch.undo()
        themes._taxonomy.cache_clear()
    assert len(all_themes()) >= 20
