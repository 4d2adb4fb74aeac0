"""Migration thesaurus: groups from data, stem-level lookup, expansions inside a query."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migsearch.indexer.vocabulary.analysis import text_analyzer
from migsearch.indexer.vocabulary.loader import load_data
from migsearch.indexer.vocabulary.thesaurus import (
    Expansion,
    find_expansions,
    synonyms_for,
)


def thesaurus_groups() -> list[list[str]]:
    return [g["terms"] for g in load_data("thesaurus.toml")["groups"]]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("irregular", {"undocumented", "unauthorized"}),
        ("undocumented", {"irregular"}),
        ("OFW", {"overseas Filipino workers"}),
        ("overseas Filipino workers", {"OFW"}),
        ("domestic helper", {"domestic worker", "housemaid"}),
        ("domestic worker", {"domestic helper", "housemaid"}),
        ("trafficking", {"trafficked"}),
        ("trafficked", {"trafficking"}),
        ("remittance", {"remittances"}),
        ("remittances", {"remittance"}),
        ("kafala", {"sponsorship system"}),
        ("sponsorship system", {"kafala"}),
        ("migrant worker", {"foreign worker"}),
        ("foreign worker", {"migrant worker"}),
        ("returnee", {"return migrant"}),
        ("return migrant", {"returnee"}),
        ("3D jobs", {"dirty, dangerous and difficult"}),
        ("labor", {"labour"}),
    ],
)
def test_brief_pairs_are_equivalent(phrase, expected):
    got = synonyms_for(phrase)
    assert expected <= set(got), got
    assert phrase not in got


def test_lookup_ignores_case_plural_hyphens_accents_and_spelling():
    assert "domestic worker" in synonyms_for("Domestic Helpers")
    assert "OFW" in synonyms_for("OFWs")
    assert "3D jobs" in synonyms_for("3-D jobs")
    assert "overseas Filipino workers" in synonyms_for("OVERSEAS FILIPINO WORKER")
    assert "labour officer abroad" in synonyms_for("Labor attaches")
    assert "trafficking in persons" in synonyms_for("trafficking of persons")


def test_unknown_or_empty_phrase_has_no_synonyms():
    assert synonyms_for("migration") == []  # too broad to be anyone's synonym
    assert synonyms_for("") == []
    assert synonyms_for("the of") == []
    # a phrase is looked up whole: a term inside it is find_expansions' job
    assert synonyms_for("undocumented domestic helpers") == []


def test_synonyms_have_no_duplicates():
    for group in thesaurus_groups():
        for term in group:
            got = synonyms_for(term)
            assert len(got) == len(set(got)), term
            assert term not in got


def test_groups_are_well_formed():
    groups = thesaurus_groups()
    assert len(groups) >= 30
    assert all(len(g) >= 2 and all(isinstance(t, str) and t for t in g) for g in groups)


def test_every_term_survives_the_index_analyzer():
    """The search layer analyses synonyms like any query text: none may vanish."""
    analyzer = text_analyzer()
    for group in thesaurus_groups():
        for term in group:
            assert [t.text for t in analyzer(term)], term


def test_find_expansions_in_a_query():
    q = "Undocumented domestic helpers and OFWs under the kafala system"
    found = find_expansions(q)
    assert [e.text for e in found] == ["Undocumented", "domestic helpers", "OFWs", "kafala system"]
    for e in found:
        assert q[e.start : e.end] == e.text
        assert e.synonyms
    assert "irregular" in found[0].synonyms
    assert "sponsorship system" in found[3].synonyms


def test_find_expansions_prefers_the_longest_term():
    found = find_expansions("irregular migrants in Thailand")
    assert found == [
        Expansion("irregular migrants", 0, 18, tuple(synonyms_for("irregular migrants")))
    ]
    assert "undocumented migrant" in found[0].synonyms


def test_find_expansions_without_terms():
    assert find_expansions("") == []
    assert find_expansions("weather in Bangkok") == []


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_expands_without_error(text):
    for e in find_expansions(text):
        assert text[e.start : e.end] == e.text
        assert e.text.lower() not in {s.lower() for s in e.synonyms}
    assert isinstance(synonyms_for(text), list)
