"""More like this (search/similar.py): documents like a stored document or a pasted text,
searched by the text's key terms with the search's own ranking."""

from __future__ import annotations

import math
from collections import Counter

import pytest

from migsearch.errors import DocumentNotFoundError, QueryError, UsageError
from migsearch.indexer.vocabulary.analysis import text_analyzer
from migsearch.search.engine import SearchIndex
from migsearch.search.keyterms import MAX_QUERY_TERMS
from migsearch.search.similar import TEXT_CHARS, document_text, like_query


def _fishers_id(searcher: SearchIndex) -> str:
    return searcher.search('"migrant fishers"').hits[0].id


def test_similar_documents(searcher: SearchIndex) -> None:
    doc = _fishers_id(searcher)
    res = searcher.similar(doc, limit=5)
    assert 0 < len(res.hits) <= 5
    assert doc not in {h.id for h in res.hits}
    scores = [h.score for h in res.hits]
    assert scores == sorted(scores, reverse=True)
    d = res.to_dict()
    assert d["total"] == len(d["hits"]) and d["facets"] == {}
    # neighbours share the document's subject (on this 30-document sample the closest is
    # a short report that shares "per cent", "work" and "global": IDF is coarse here)
    near = [searcher.get(h.id) for h in res.hits]
    assert sum("migra" in (d.title + d.body).lower() for d in near) >= 3


def test_similar_searches_the_heaviest_words_of_the_document(searcher: SearchIndex) -> None:
    """Key terms against count × IDF computed here from the stored text and Whoosh's reader."""
    snap = searcher._snapshot()
    s = snap.searcher
    r = s.reader()
    n = s.doc_count()
    for q in ("fishers", "trafficking", "covid"):
        doc = searcher.search(q).hits[0].id
        docnum, text = document_text(snap, doc)
        f = s.stored_fields(docnum)
        assert (
            text.startswith(f["title"])
            and len(text) <= len(f["title"]) + len(f.get("summary") or "") + TEXT_CHARS + 2
        )
        counts = Counter(t.text for t in text_analyzer()(text, mode="query"))
        weight = {}
        for w, c in counts.items():
            df = r.doc_frequency("content", w)
            if df:
                weight[w] = c * math.log(1 + (n - df + 0.5) / (df + 0.5))
        pq = like_query(snap, text)
        kept = set(pq.terms)
        assert len(kept) == min(MAX_QUERY_TERMS, len(weight))
        # every kept word weighs at least as much as every word left out
        left = set(weight) - kept
        if left:
            assert min(weight[w] for w in kept) >= max(weight[w] for w in left) - 1e-9
        # a kept word is there as often as the text says it
        assert all(pq.terms.count(w) == counts[w] for w in kept)


def test_similar_ranks_as_the_search_for_those_words_without_the_document(
    searcher: SearchIndex,
) -> None:
    snap = searcher._snapshot()
    for q in ("fishers", "statistics"):
        doc = searcher.search(q).hits[0].id
        docnum, text = document_text(snap, doc)
        ids, sc = snap.ranked(like_query(snap, text), searcher.id_order(snap).place)
        score = {i: x for i, x in zip(ids.tolist(), sc.tolist(), strict=True) if x > 0}
        score.pop(docnum, None)
        best = sorted(score.values(), reverse=True)[:5]
        got = searcher.similar(doc, limit=5).hits
        assert [h.score for h in got] == pytest.approx(best, abs=1e-4), q
        assert doc not in {h.id for h in got}
        ids_of = {snap.searcher.stored_fields(d)["id"]: x for d, x in score.items()}
        assert all(ids_of[h.id] == pytest.approx(h.score, abs=1e-4) for h in got)


def test_a_pasted_paragraph_finds_the_document_it_came_from(searcher: SearchIndex) -> None:
    hit = searcher.search('"migrant fishers"').hits[0]
    body = searcher.get(hit.id).body
    # a paragraph from the middle of the body, with syntax that would be an error if typed
    mid = len(body) // 2
    paragraph = body[mid : mid + 600] + ' Source: ILO (2015 "report'
    res = searcher.similar_text(paragraph, limit=3)
    assert res.hits[0].id == hit.id
    assert res.query == "similar:text" and res.facets == {}
    with pytest.raises(QueryError, match="no searchable words"):
        searcher.similar_text("the of and")
    with pytest.raises(UsageError):
        searcher.similar_text(paragraph, limit=0)


def test_similar_limit_and_errors(searcher: SearchIndex) -> None:
    doc = _fishers_id(searcher)
    assert len(searcher.similar(doc, limit=1).hits) == 1
    with pytest.raises(DocumentNotFoundError):
        searcher.similar("no-such-id")
    with pytest.raises(UsageError):
        searcher.similar(doc, limit=0)
