"""The ranking model (search/ranking.py, search/bm25.py) over a real index of the sample corpus.

The figures that justify the ranking come from bench/ir_eval.py (SciFact,
Cranfield); these tests pin its behaviour on the sample corpus so a change
that breaks it is seen without running the benchmark.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import whoosh.index
from brute_force import Reference

from migsearch.indexer.ingest.pipeline import extract_paths
from migsearch.search.engine import SearchIndex, open_index
from migsearch.search.query.parse import parse_query
from migsearch.search.ranking import DEFAULT_PARAMS, QueryWords, RankParams, mean_idf

FISHERS = "Providing better working and living conditions for migrant fishers"


def test_migrant_fishers_ranks_the_fishers_item_first(searcher: SearchIndex) -> None:
    hits = searcher.search("migrant fishers").hits
    assert hits[0].title.startswith(FISHERS)
    assert hits[0].score is not None and hits[0].score > hits[1].score


def test_documents_with_all_words_of_a_short_query_come_first(searcher: SearchIndex) -> None:
    both = {h.id for h in searcher.search("migrant AND workers", limit=100).hits}
    ranked = [h.id for h in searcher.search("migrant workers", limit=100).hits]
    assert 0 < len(both) < len(ranked)
    assert set(ranked[: len(both)]) == both


def test_long_natural_language_query_returns_ranked_hits(searcher: SearchIndex) -> None:
    q = (
        "which countries in south-east asia have signed agreements to protect the "
        "wages of migrant fishers working on foreign vessels"
    )
    res = searcher.search(q, limit=10)
    assert res.total >= 10
    assert res.hits[0].title.startswith(FISHERS)
    scores = [h.score for h in res.hits]
    assert scores == sorted(scores, reverse=True)


def test_batch_ranks_like_search(searcher: SearchIndex) -> None:
    for text in ("migrant fishers", "labour migration statistics in ASEAN", "covid"):
        page = [h.id for h in searcher.search(text, limit=10, highlight=False).hits]
        ((_, ranked),) = list(searcher.batch([("q", text)], top=10))
        assert [d for d, _ in ranked] == page


def test_ranking_never_adds_documents_the_query_does_not_match(searcher: SearchIndex) -> None:
    # feedback words come from the top documents; they may reorder, never add
    for text in ("fishers", "wage arrears construction", "covid NOT china"):
        total = searcher.search(text, limit=1, highlight=False).total
        ((_, ranked),) = list(searcher.batch([("q", text)], top=100))
        assert len(ranked) == total


@pytest.mark.parametrize(
    "text",
    [
        "fishers",
        "migrant workers",
        "undocumented",
        "title:migrant workers",
        '"forced labour"',
        "covid NOT china",
    ],
)
def test_scores_equal_the_model_computed_document_by_document(searcher, text) -> None:
    """Queries of one or two words (no feedback), against the model written out by hand."""
    from whoosh import query as Q

    snap = searcher._snapshot()
    ref = Reference(snap.searcher)
    pq = parse_query(text)
    any_of = isinstance(pq.query, Q.Or)
    expected = ref.model([[t] for t in pq.terms], pq.synonym_terms, any_of=any_of)
    ids, scores = snap.ranked(pq, searcher.id_order(snap).place)
    assert len(ids)
    assert scores.tolist() == pytest.approx([expected[d] for d in ids.tolist()])
    # and the pages follow the scores, best first
    matched = set(ids.tolist())
    order = sorted(matched, key=lambda d: (-expected[d], d))
    ids_of = [snap.searcher.stored_fields(d)["id"] for d in order]
    for page in (1, 2):
        hits = searcher.search(text, limit=3, page=page, highlight=False).hits
        assert [h.id for h in hits] == ids_of[(page - 1) * 3 : page * 3], (text, page)


def test_a_prefix_ranks_by_the_words_it_expands_to(searcher) -> None:
    """``migra*`` is ranked by the same BM25F as typed words, over its expansions."""
    snap = searcher._snapshot()
    r = snap.searcher.reader()
    ref = Reference(snap.searcher)
    content = sorted(t.decode() for t in r.expand_prefix("content", "migra"))
    title = sorted(t.decode() for t in r.expand_prefix("title", "migra"))
    expected = ref.model([content + [t for t in title if t not in content]])
    res = searcher.search("migra*", limit=100, highlight=False)
    assert res.total == sum(1 for d in ref.docs if expected[d] > 0)
    ranked = sorted((d for d in ref.docs if expected[d] > 0), key=lambda d: (-expected[d], d))
    assert [h.id for h in res.hits] == [snap.searcher.stored_fields(d)["id"] for d in ranked]
    assert [h.score for h in res.hits] == pytest.approx([expected[d] for d in ranked], abs=1e-4)
    # a prefix counts as one word: documents with a migra* word and "recruitment" come first
    both = searcher.search("migra* AND recruitment", limit=100).total
    hits = searcher.search("migra* recruitment", limit=100).hits
    assert 0 < both < len(hits)
    first = {h.id for h in hits[:both]}
    assert first == {h.id for h in searcher.search("migra* AND recruitment", limit=100).hits}


@pytest.mark.parametrize(
    "text, filters",
    [
        ("country:THA", {"countries": ["THA"]}),
        ("year:2015", {"date_from": "2015", "date_to": "2015"}),
        ("theme:wages", {"themes": ["wages"]}),
    ],
)
def test_field_only_queries_list_newest_first(searcher, text, filters) -> None:
    """Nothing to score: every match scores 0 and they come newest first, then by number."""
    res = searcher.search(text, limit=100)
    browse = searcher.search("", limit=100, **filters)
    assert res.total == browse.total > 1
    assert [h.id for h in res.hits] == [h.id for h in browse.hits]
    assert {h.score for h in res.hits} == {0.0}
    # browsing lists newest first, undated last (test_engine.py checks that order)
    ((_, ranked),) = list(searcher.batch([("q", text)], top=100))
    assert [d for d, _ in ranked] == [h.id for h in res.hits]


def test_documents_matched_only_by_a_field_come_after_scored_ones(searcher) -> None:
    res = searcher.search("fishers OR country:PHL", limit=100, highlight=False)
    scores = [h.score for h in res.hits]
    scored = [s for s in scores if s > 0]
    assert scored == sorted(scored, reverse=True) and scores[: len(scored)] == scored
    tail = res.hits[len(scored) :]
    assert tail and all("PHL" in h.countries for h in tail)
    newest = [h.id for h in searcher.search("", countries=["PHL"], limit=100).hits]
    assert [h.id for h in tail] == [i for i in newest if i in {h.id for h in tail}]


def _index_in_commits(path: Path, records: list, cut: int) -> None:
    from migsearch.indexer.store.schema import make_schema, record_fields

    path.mkdir()
    ix = whoosh.index.create_in(str(path), make_schema())
    for part in (records[:cut], records[cut:]):
        if part:
            with ix.writer() as w:
                w.merge = False  # keep the segments apart
                for rec in part:
                    w.add_document(**record_fields(rec, "h"))
    ix.close()


def test_segments_do_not_change_the_ranking(tmp_path: Path, corpus_copy: Path) -> None:
    """An index in two segments ranks exactly like a one-segment index of the same records."""
    records = [r for r in extract_paths([str(corpus_copy)]) if not isinstance(r, Exception)]
    _index_in_commits(tmp_path / "one", records, len(records))
    _index_in_commits(tmp_path / "two", records, len(records) // 2)
    assert len(whoosh.index.open_dir(str(tmp_path / "two")).reader().leaf_readers()) == 2
    text = "migrant workers housing and wages in the ASEAN region"
    with open_index(tmp_path / "one") as a, open_index(tmp_path / "two") as b:
        ra = next(iter(a.batch([("q", text)], top=20)))[1]
        rb = next(iter(b.batch([("q", text)], top=20)))[1]
    assert [d for d, _ in ra] == [d for d, _ in rb]
    assert [s for _, s in ra] == pytest.approx([s for _, s in rb])


def test_feedback_only_for_queries_of_three_words_or_more_without_operators(searcher) -> None:
    snap = searcher._snapshot()
    any_idf = RankParams(fb_min_idf=0.0)  # words common or not: the shape of the query alone
    no_fb = RankParams(fb_docs=0)
    place = searcher.id_order(snap).place
    for text, changed in (
        ("migrant fishers", False),  # two words: plain BM25F order
        ("housing rights NOT china", False),  # operators: the user's own precision
        ("migra* housing rights", False),  # a prefix is an operator too
        ("housing for migrant workers in the ASEAN region", True),
    ):
        pq = parse_query(text)
        words = snap.ranker.query_words(pq)
        with_fb = snap.ranker.scores(words, place, any_idf)
        plain = snap.ranker.scores(words, place, no_fb)
        assert (with_fb != plain).any() == changed, text


def _lucene_idf(searcher: SearchIndex, word: str) -> float:
    r = searcher._snapshot().searcher.reader()
    n, df = r.doc_count(), r.doc_frequency("content", word)
    return math.log(1 + (n - df + 0.5) / (df + 0.5)) if df else 0.0


def test_feedback_only_when_the_query_s_words_are_not_common_ones(searcher) -> None:
    """Feedback reads the top documents of a query whose words' mean IDF (words no
    document has left out) reaches ``fb_min_idf``; a query of common words keeps its
    first-pass order, which is what it has with feedback switched off."""
    snap = searcher._snapshot()
    place = searcher.id_order(snap).place
    no_fb = RankParams(fb_docs=0)
    for text, specific in (
        ("migrant workers rights", False),  # words most of the 30 documents have
        ("housing for migrant workers in the ASEAN region", False),
        ("trafficking fishers vessels", True),
        ("fishers vessels brokers", True),  # "brokers": in no document, left out
    ):
        words = snap.ranker.query_words(parse_query(text))
        idfs = [x for t in words.terms if (x := _lucene_idf(searcher, t)) > 0]
        assert mean_idf(words.weights(), snap.ranker.scorer.idf) == pytest.approx(
            sum(idfs) / len(idfs)
        )
        assert (sum(idfs) / len(idfs) >= DEFAULT_PARAMS.fb_min_idf) == specific, text
        with_fb = snap.ranker.scores(words, place, DEFAULT_PARAMS)
        plain = snap.ranker.scores(words, place, no_fb)
        assert (with_fb != plain).any() == specific, text
        forced = snap.ranker.scores(words, place, RankParams(fb_min_idf=0.0))
        assert (forced != plain).any(), text  # the rule, not the query's shape, decided


def test_query_words() -> None:
    from whoosh import query as Q

    q = Q.Or([Q.Term("content", "migrant"), Q.Term("content", "fisher")])
    w = QueryWords.of(
        q, ["migrant", "fisher", "migrant"], ["fishermen", "fisher"], [("migrat", "migrant")]
    )
    assert w.groups == (("migrant",), ("fisher",), ("migrat", "migrant"))
    assert w.terms == ("migrant", "fisher", "migrat")
    assert w.synonyms == ("fishermen",)
    assert w.any_of and w.free_text
    assert not QueryWords.of(Q.And([q, q]), ["migrant"]).any_of


def test_documents_found_through_a_synonym_are_ranked_by_it(searcher) -> None:
    # "undocumented" brings in "irregular"; the compendium on irregular situations says
    # "irregular" throughout and must not sit at score 0 below passing mentions
    res = searcher.search("undocumented")
    assert any(e["type"] == "synonym" and e["to"] == "irregular" for e in res.expansions)
    assert all(h.score > 0 for h in res.hits)
    assert res.hits[0].title.startswith("Protecting the Rights of Migrant Workers in an Irregular")


def test_synonym_words_score_lower_than_typed_ones(searcher) -> None:
    from migsearch.search.query.parse import parse_query

    assert parse_query("housing conditions").synonym_terms == []
    pq = parse_query("migrant fishers")
    assert pq.terms == ["migrant", "fisher"]
    assert "fishermen" in pq.synonym_terms and "fisher" not in pq.synonym_terms
    # the item that says "fishers" outranks anything found only through "fishermen"
    assert searcher.search("fishers").hits[0].title.startswith("Providing better working")


def test_a_repeated_word_weighs_more_only_in_a_long_text(searcher) -> None:
    snap = searcher._snapshot()
    once = snap.ranker.query_words(parse_query("fishers wages"))
    twice = snap.ranker.query_words(parse_query("fishers fishers wages"))
    assert twice.weights(DEFAULT_PARAMS.qtf_power) == once.weights(DEFAULT_PARAMS.qtf_power)
    text = (
        "migrant fishers on Thai boats earn low wages, work long hours at sea and owe "
        "recruitment fees to brokers; inspections of vessels in port find forced labour, "
        "unpaid overtime and confiscated passports among fishers from Myanmar and Cambodia"
    )
    pq = parse_query(text)
    assert len(pq.terms) > DEFAULT_PARAMS.qtf_min_words
    weights = snap.ranker.query_words(pq).weights(DEFAULT_PARAMS.qtf_power)
    assert weights["fisher"] == 2.0 and weights["wage"] == 1.0


def test_an_untitled_record_ranks_by_its_words_not_by_where_they_stand(tmp_path: Path) -> None:
    """A record without a title shows its opening words as one; they are not ranked as a
    title, nor counted twice: the same words in another order score the same."""
    import json

    from migsearch.indexer.store.writer import build_index

    words = "health workers visited the camps after the floods and counted the damaged wells"
    filler = " ".join(f"village{i} road{i} market{i}" for i in range(12))
    docs = [
        {"_id": "opens", "text": f"{words.capitalize()}. {filler}."},
        {"_id": "ends", "text": f"{filler.capitalize()}. {words}."},
        {"_id": "titled", "title": "Health", "text": f"{filler.capitalize()}. {words}."},
        *(
            {"_id": f"other{i}", "text": f"Market{i} prices rose in road{i} towns."}
            for i in range(20)
        ),
    ]
    src = tmp_path / "docs.jsonl"
    src.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    assert build_index([src], tmp_path / "ix", workers=1).failed == 0
    with open_index(tmp_path / "ix") as ix:
        hits = {h.id: h for h in ix.search("health", limit=10, highlight=False).hits}
        assert hits["opens"].title.startswith("Health workers visited")  # shown as its title
        assert hits["opens"].score == pytest.approx(hits["ends"].score)
        assert hits["titled"].score > hits["ends"].score  # a title of its own still counts
        assert {h.id for h in ix.search("title:health", limit=10).hits} == {"titled"}
