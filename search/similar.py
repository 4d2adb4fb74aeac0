"""More like this: documents that share a document's most distinctive terms.

The ranked ``content`` field is not stored, so the key terms are drawn from
the stored title, summary and body (analysed by the content field's own
analyzer, hence the same stems) and OR-ed into a query weighted by how
distinctive each term is in the index (Whoosh's Bo1 model). The document
itself is left out.
"""

from __future__ import annotations

from typing import Any

from whoosh import query as Q
from whoosh.classify import Bo1Model

from migsearch.errors import DocumentNotFoundError
from migsearch.search.evaluate import top_k
from migsearch.search.results import Hit

__all__ = ["KEY_TERMS", "similar_hits"]

#: distinctive terms taken from the document (Whoosh's default of 5 is too few
#: for reports that mix several topics)
KEY_TERMS = 20
#: characters of the body read for key terms: the opening says what a report is about
TEXT_CHARS = 20_000


def similar_hits(searcher: Any, doc_id: str, limit: int = 10, scorer: Any = None) -> list[Hit]:
    """Up to ``limit`` documents most like ``doc_id``, best first.

    ``scorer``: the engine's array scorer (``search.fast.ArrayScorer``), which ranks the
    key-term query some twenty times faster than Whoosh's collector; without it,
    Whoosh's own ``more_like`` runs.
    """
    docnum = searcher.document_number(id=doc_id)
    if docnum is None:
        raise DocumentNotFoundError(f"no document with id {doc_id!r}")
    f = searcher.stored_fields(docnum)
    text = "\n".join(
        (f.get("title") or "", f.get("summary") or "", (f.get("body") or "")[:TEXT_CHARS])
    )
    if not text.strip():
        return []
    if scorer is not None:
        kts = searcher.key_terms_from_text("content", text, numterms=KEY_TERMS, model=Bo1Model)
        q = Q.Or([Q.Term("content", word, boost=weight) for word, weight in kts])
        ids, scores = scorer.evaluate(q)
        keep = ids != docnum
        ids, scores = ids[keep], scores[keep]
        return [
            Hit.from_stored(searcher.stored_fields(int(ids[i])), score=round(float(scores[i]), 4))
            for i in top_k(ids, scores, limit)
        ]
    results = searcher.more_like(docnum, "content", text=text, top=limit, numterms=KEY_TERMS)
    return [
        Hit.from_stored(hit.fields(), score=round(float(hit.score), 4))
        for hit in results
        if hit.docnum != docnum
    ]
