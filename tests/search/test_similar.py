"""More like this (search/similar.py): key words of a document, ranked by the search's BM25F."""

from __future__ import annotations

import pytest
from brute_force import Reference
from whoosh.classify import Bo1Model

from migsearch.errors import DocumentNotFoundError, UsageError
from migsearch.search.engine import SearchIndex
from migsearch.search.similar import KEY_TERMS, TEXT_CHARS


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
    # the closest neighbour shares the document's subject
    top = searcher.get(res.hits[0].id)
    assert "migra" in (top.title + top.body).lower()


def test_similar_ranks_by_bm25f_over_the_key_words(searcher: SearchIndex) -> None:
    """Against BM25F computed document by document from the stored text."""
    s = searcher._snapshot().searcher
    ref = Reference(s)
    for q in ("fishers", "trafficking", "covid", "statistics"):
        doc = searcher.search(q).hits[0].id
        docnum = s.document_number(id=doc)
        f = s.stored_fields(docnum)
        text = "\n".join((f["title"], f.get("summary") or "", (f.get("body") or "")[:TEXT_CHARS]))
        weights = dict(s.key_terms_from_text("content", text, numterms=KEY_TERMS, model=Bo1Model))
        expected = {d: ref.bm25f(d, weights) for d in ref.docs if d != docnum}
        best = sorted((d for d in expected if expected[d] > 0), key=lambda d: (-expected[d], d))
        got = searcher.similar(doc, limit=5).hits
        assert [h.id for h in got] == [s.stored_fields(d)["id"] for d in best[:5]], q
        assert [h.score for h in got] == pytest.approx([expected[d] for d in best[:5]], abs=1e-4)


def test_similar_limit_and_errors(searcher: SearchIndex) -> None:
    doc = _fishers_id(searcher)
    assert len(searcher.similar(doc, limit=1).hits) == 1
    with pytest.raises(DocumentNotFoundError):
        searcher.similar("no-such-id")
    with pytest.raises(UsageError):
        searcher.similar(doc, limit=0)
