"""The evaluator (search/evaluate.py) matches what Whoosh's own matchers match, on real indexes."""

from __future__ import annotations

import json
from pathlib import Path

from whoosh import query as Q

from migsearch.indexer.store.writer import build_index
from migsearch.search.engine import open_index
from migsearch.search.query.parse import parse_query
from migsearch.search.query.prefix import MAX_EXPANSIONS

QUERIES = [
    "fishers",
    "migrant workers",
    "domestic workers NOT philippines",
    '"forced labour"',
    "migra* recruitment",
    "migra*",
    "title:fishing boat",
    "thailand fishing",
    "wages AND women",
    "covid AND NOT china",
    "country:Myanmar",
    "year:2015",
    "year:..2014",
    "year:[2014 TO 2015] AND fishers",
    "region:south-eastern_asia",
    "undocumented",
]


def _check(ix) -> None:
    snap = ix._snapshot()
    s = snap.searcher
    for text in QUERIES:
        pq = parse_query(text)
        mine = snap.evaluator.matches(pq.query).nonzero()[0].tolist()
        assert mine == sorted(pq.query.docs(s)), text


def test_matches_equal_whoosh_on_the_sample_corpus(searcher) -> None:
    _check(searcher)
    assert searcher.search("migra*").total > 0


def test_matches_equal_whoosh_with_segments_and_deletions(tmp_path: Path, corpus_copy) -> None:
    ix = tmp_path / "ix"
    build_index([corpus_copy], ix, workers=1)
    extra = tmp_path / "extra.jsonl"
    rows = [
        {"id": f"x{i}", "title": f"Migrant fishers report {i}", "text": "Fishing crews and wages."}
        for i in range(5)
    ]
    extra.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    build_index([corpus_copy, extra], ix, workers=1)
    extra.write_text("\n".join(json.dumps(r) for r in rows[:2]) + "\n")  # three deleted
    build_index([corpus_copy, extra], ix, workers=1)
    with open_index(ix) as s:
        r = s._snapshot().searcher.reader()
        assert r.has_deletions() or not r.is_atomic()
        _check(s)
        assert s.search('"migrant fishers report"').total == 2


def test_prefix_expansions_are_the_index_words_of_text_fields(searcher) -> None:
    snap = searcher._snapshot()
    r = snap.searcher.reader()
    groups = snap.evaluator.expansions(parse_query("migra* recruitment").query)
    content = {t.decode() for t in r.expand_prefix("content", "migra")}
    title = {t.decode() for t in r.expand_prefix("title", "migra")}
    assert len(content) < MAX_EXPANSIONS  # so every word is kept
    # one group per prefix node (title and content): the words each expands to
    assert {frozenset(g) for g in groups} == {frozenset(content), frozenset(title)}
    # negated prefixes match nothing that is ranked, and years are not words
    assert snap.evaluator.expansions(parse_query("fishers NOT migra*").query) == []
    assert snap.evaluator.expansions(parse_query("fishers year:..2014").query) == []


def test_a_node_whoosh_must_match_is_remembered(searcher) -> None:
    snap = searcher._snapshot()
    phrase = Q.Phrase("content", ["forc", "labour"])
    snap.evaluator.cache.clear()
    first = snap.evaluator.matches_by_whoosh(phrase)
    assert first.any()
    assert snap.evaluator.matches_by_whoosh(phrase) is first
