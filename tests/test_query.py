"""Query syntax: operators, fields, year ranges, bounded prefixes, errors with positions."""

from __future__ import annotations

import json
import time

import pytest
from click.testing import CliRunner
from whoosh import query as Q

from migsearch.cli import cli
from migsearch.search.query.parse import parse_query
from migsearch.search.query.prefix import MAX_EXPANSIONS, BoundedPrefix


def total(searcher, q: str, **kw) -> int:
    return searcher.search(q, facets=False, highlight=False, **kw).total


def ids(searcher, q: str) -> set[str]:
    return {h.id for h in searcher.iter_hits(q)}


# ------------------------------------------------------------------ syntax


def test_phrase_is_stricter_than_words(searcher):
    assert 0 < total(searcher, '"migrant fishers"') <= total(searcher, "migrant fishers")


def test_and_or_not_and_parentheses(searcher):
    a, b = ids(searcher, "fishing"), ids(searcher, "trafficking")
    assert ids(searcher, "fishing OR trafficking") == a | b
    assert ids(searcher, "fishing AND trafficking") == a & b
    assert ids(searcher, "trafficking NOT fishing") == b - a
    assert ids(searcher, "(fishing OR trafficking) AND migrant") == (a | b) & ids(
        searcher, "migrant"
    )


def test_fields_title_country_theme(searcher):
    in_title = ids(searcher, "title:fishers")
    assert in_title and in_title <= ids(searcher, "fishers")
    assert ids(searcher, "country:Thailand") == ids(searcher, "country:THA")
    assert ids(searcher, "country:Thailand") == {
        h.id for h in searcher.iter_hits(None, countries=["THA"])
    }
    assert ids(searcher, "theme:fishing") == {
        h.id for h in searcher.iter_hits(None, themes=["fishing"])
    }


@pytest.mark.parametrize(
    "q, years",
    [
        ("year:2014", {"2014"}),
        ("year:2014..2015", {"2014", "2015"}),
        ("year:[2014 TO 2015]", {"2014", "2015"}),
        ("year:2015..", {"2015"}),
        ("year:..2014", {"2014"}),
        ("year:2014-2014", {"2014"}),
    ],
)
def test_year_and_year_ranges(searcher, q, years):
    hits = list(searcher.iter_hits(q))
    assert hits
    assert {h.date[:4] for h in hits} == years


# ------------------------------------------------------------------ prefixes


def test_prefix_matches_words_starting_with_it(searcher):
    found = ids(searcher, "fish*")
    assert found >= ids(searcher, "fishers") | ids(searcher, "fishing")
    assert ids(searcher, "migra*") >= ids(searcher, "migrant") | ids(searcher, "migration")


def test_prefix_longer_than_the_stem_still_matches(searcher):
    # the stemmed index holds "migrat" for migration/migrations
    assert ids(searcher, "migration*") >= ids(searcher, "migrations")


def test_prefix_in_a_field_and_with_operators(searcher):
    assert ids(searcher, "title:fish*") <= ids(searcher, "fish*")
    assert ids(searcher, "fish* AND country:Thailand") == ids(searcher, "fish*") & ids(
        searcher, "country:THA"
    )


def test_star_alone_still_browses(searcher):
    assert parse_query("*").query is None
    assert total(searcher, "*") == searcher.doc_count()


def test_prefix_expansion_is_bounded(tmp_path):
    """A prefix shared by thousands of index terms expands to MAX_EXPANSIONS, fast."""
    from migsearch.indexer.store.writer import build_index
    from migsearch.search.engine import open_index

    src = tmp_path / "many.jsonl"
    with src.open("w") as f:
        for i in range(600):
            words = " ".join(f"migra{i}x{j}" for j in range(5))
            f.write(json.dumps({"id": f"d{i}", "title": f"Doc {i}", "text": words}) + "\n")
    build_index([src], tmp_path / "ix", workers=1)
    with open_index(tmp_path / "ix") as ix:
        s = ix._snapshot().searcher
        q = BoundedPrefix("content", "migra")
        assert len(q._btexts(s.reader())) == MAX_EXPANSIONS
        assert sum(1 for _ in s.reader().expand_prefix("content", "migra")) == 3000
        t = time.perf_counter()
        res = ix.search("migra*")
        assert time.perf_counter() - t < 2.0
        assert 0 < res.total <= MAX_EXPANSIONS


def test_bounded_prefix_keeps_the_most_frequent_terms(searcher):
    r = searcher._snapshot().searcher.reader()
    all_terms = list(r.expand_prefix("content", "mig"))
    assert len(all_terms) > 2
    kept = BoundedPrefix("content", "mig", limit=2)._btexts(r)
    freqs = sorted((r.doc_frequency("content", t) for t in all_terms), reverse=True)
    assert sorted((r.doc_frequency("content", t) for t in kept), reverse=True) == freqs[:2]


def test_prefix_search_through_the_cli(corpus_index):
    r = CliRunner().invoke(cli, ["search", "fish*", "--json", "--index", str(corpus_index)])
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert d["total"] >= 1
    assert "<b>fish" in d["hits"][0]["highlights"]


def test_prefix_is_not_a_ranking_term():
    pq = parse_query("fish* workers")
    assert "fish" not in pq.terms and "worker" in pq.terms
    assert any(isinstance(q, BoundedPrefix) for q in pq.query.leaves())
    assert not any(isinstance(q, Q.Wildcard) for q in pq.query.leaves())


# ------------------------------------------------------------------ synonyms


def _without_synonyms(monkeypatch):
    import migsearch.search.query.parse

    monkeypatch.setattr(migsearch.search.query.parse, "expand_synonyms", lambda text, exp: text)


@pytest.mark.parametrize(
    "q",
    ["tripartite consultation", '"vessel inspection"', "film AND Bangkok", "wages NOT ASEAN"],
)
def test_queries_without_thesaurus_words_are_untouched(q):
    from migsearch.indexer.vocabulary.thesaurus import find_expansions
    from migsearch.search.query.synonyms import expand_synonyms

    assert not find_expansions(q)

    expansions: list[dict[str, str]] = []
    assert expand_synonyms(q, expansions) == q
    assert expansions == []


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
    searcher._snapshot().query_cache.clear()
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
    assert not parse_query('title:"domestic helper"').expansions
    assert not parse_query("theme:trafficking").expansions


def test_equivalent_forms_are_not_expanded():
    # stems equal ("trafficked") or containing the typed word ("human trafficking")
    assert not [e for e in parse_query("trafficking").expansions if e["type"] == "synonym"]


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


def test_random_queries_never_leak_a_non_migsearch_error(searcher):
    """Operators, quotes, fields, prefixes, synonyms and countries in any order."""
    import random

    from migsearch.errors import MigsearchError

    toks = [
        *[
            "OFW",
            "domestic",
            "helper",
            "undocumented",
            "migrant",
            "AND",
            "OR",
            "NOT",
            "(",
            ")",
            '"',
            "-",
            "+",
            "~",
            "?",
            ":",
        ],
        '"domestic helper"',
        "title:",
        "country:Burma",
        "theme:fishing",
        "year:2014..2015",
        "year:[2014 TO 2015]",
        "migra*",
        "fi*",
        "*",
        '"overseas Filipino workers"',
        "fishers^2",
        "region:ASEAN",
        "text:fishers",
    ]
    rnd = random.Random(7)
    for _ in range(1500):
        q = " ".join(rnd.choice(toks) for _ in range(rnd.randint(1, 6)))
        try:
            searcher.search(q, facets=False)
        except MigsearchError as e:
            assert "cannot parse query" not in str(e), q
