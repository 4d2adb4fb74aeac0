"""Bounded prefix search: ``migra*`` matches words starting with it, expands to few terms, fast."""

from __future__ import annotations

import json

from click.testing import CliRunner
from whoosh import query as Q

from migsearch.cli import cli
from migsearch.search.query.parse import parse_query
from migsearch.search.query.prefix import MAX_EXPANSIONS, BoundedPrefix


def ids(searcher, q: str) -> set[str]:
    return {h.id for h in searcher.iter_hits(q)}


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
        res = ix.search("migra*")
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


def test_a_prefix_that_starts_like_a_country_stays_a_prefix():
    # the string rewriting read "Thai*" as "(Thai OR countries:THA)*" and lost the '*'
    pq = parse_query("Thai*")
    assert {type(q) for q in pq.query.leaves()} == {BoundedPrefix}
    assert {q.text for q in pq.query.leaves()} == {"thai"}
    assert pq.expansions == []
