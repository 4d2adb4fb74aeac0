"""Thesaurus synonyms in queries: which are added, where, how they match and rank."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from migsearch.cli import cli
from migsearch.indexer.vocabulary.thesaurus import find_expansions, synonyms_for
from migsearch.search.query.parse import parse_query
from migsearch.search.query.synonyms import expand_synonyms


def ids(searcher, q: str) -> set[str]:
    return {h.id for h in searcher.iter_hits(q)}


def _without_synonyms(monkeypatch):
    import migsearch.search.query.expand
    import migsearch.search.query.parse
    from migsearch.search.cache import BoundedCache

    monkeypatch.setattr(
        migsearch.search.query.expand, "expand_synonyms", lambda written, synonyms: []
    )
    # texts parsed with the thesaurus are remembered: parse anew, and forget after
    monkeypatch.setattr(migsearch.search.query.parse, "parsed_queries", BoundedCache(16))


@pytest.mark.parametrize(
    "q",
    ["tripartite consultation", '"vessel inspection"', "film AND Bangkok", "wages NOT ASEAN"],
)
def test_queries_without_thesaurus_words_are_untouched(q, monkeypatch):
    assert not find_expansions(q)
    pq = parse_query(q)
    assert not [e for e in pq.expansions if e["type"] == "synonym"]
    assert pq.synonym_terms == []
    _without_synonyms(monkeypatch)
    assert parse_query(q).query == pq.query


@pytest.mark.parametrize(
    "q, frm, to",
    [
        ("OFW", "OFW", "overseas Filipino worker"),
        ("undocumented", "undocumented", "irregular"),
        ("domestic helpers in Hong Kong", "domestic helpers", "domestic worker"),
        ('"domestic helper"', "domestic helper", "domestic worker"),
        ("remittances", "remittances", "money transfers home"),
    ],
)
def test_thesaurus_expansions_are_reported(q, frm, to):
    pq = parse_query(q)
    assert {"type": "synonym", "from": frm, "to": to} in pq.expansions


def test_synonyms_add_matches_and_keep_the_original_ones(searcher, monkeypatch):
    queries = ("undocumented", "housemaid", "unauthorized", "domestic helper")
    with_syn = {q: ids(searcher, q) for q in queries}
    _without_synonyms(monkeypatch)
    searcher._snapshot().evaluator.cache.clear()
    gained = 0
    for q, found in with_syn.items():
        plain = ids(searcher, q)
        assert plain <= found
        gained += len(found - plain)
    assert gained >= 3


def test_synonym_matches_rank_below_the_typed_word(tmp_path):
    from migsearch.indexer.store.writer import build_index
    from migsearch.search.engine import open_index

    src = tmp_path / "two.jsonl"
    docs = [
        {"id": "a", "title": "Report A", "text": "Support for undocumented workers at sea."},
        {"id": "b", "title": "Report B", "text": "Support for irregular workers at sea."},
        {"id": "c", "title": "Report C", "text": "Wages of fishers in ports."},
    ]
    src.write_text("\n".join(json.dumps(d) for d in docs))
    build_index([src], tmp_path / "ix", workers=1)
    with open_index(tmp_path / "ix") as ix:
        assert [h.id for h in ix.search("undocumented").hits] == ["a", "b"]
        assert [h.id for h in ix.search("irregular").hits] == ["b", "a"]
        assert [h.id for h in ix.search("wages").hits] == ["c"]


def test_synonyms_are_not_ranking_terms_and_skip_field_values():
    assert parse_query("OFW").terms == ["ofw"]
    assert parse_query("OFW").synonym_terms == ["oversea", "filipino", "worker"]
    assert not parse_query('title:"domestic helper"').expansions
    assert not parse_query("theme:trafficking").expansions


def test_equivalent_forms_are_not_expanded():
    # stems equal ("trafficked") or containing the typed word ("human trafficking")
    assert not [e for e in parse_query("trafficking").expansions if e["type"] == "synonym"]
    assert expand_synonyms("trafficking", synonyms_for("trafficking")) == []


def test_only_synonyms_that_can_find_more_are_added():
    # the same index terms as typed, or a repeat: nothing new to find
    syns = ["irregular", "Undocumented", "irregulars", "unauthorized"]
    assert expand_synonyms("undocumented", syns) == ["irregular", "unauthorized"]
    # the typed term inside a longer one: every match of it already has the typed word
    assert expand_synonyms("trafficking", ["human trafficking", "trafficked"]) == []


def test_country_words_inside_quotes_stay_phrases():
    pq = parse_query('"overseas Filipino workers"')
    assert "countries" not in str(pq.query)
    assert 'content:"oversea filipino worker"' in str(pq.query)


def test_synonyms_in_json_output(corpus_index):
    r = CliRunner().invoke(cli, ["search", "undocumented", "--json", "--index", str(corpus_index)])
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert {"type": "synonym", "from": "undocumented", "to": "irregular"} in d["expansions"]
    assert d["total"] >= 1


def test_lower_case_words_do_not_expand_into_acronyms_through_stems():
    # "mouse" and "MoUs" share the stem "mous"; a mouse is no memorandum of understanding
    assert not parse_query("mouse models").expansions
    assert {"type": "synonym", "from": "MoUs", "to": "memorandum of understanding"} in (
        parse_query("MoUs").expansions
    )
    assert parse_query("ofw").expansions  # the acronym itself typed in lower case still is one
    assert expand_synonyms("mouse", synonyms_for("mouse")) == []
