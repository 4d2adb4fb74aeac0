"""More like this: documents that share a document's most distinctive words.

The ranked ``content`` field is not stored, so the key words are drawn from
the stored title, summary and body (analysed by the content field's own
analyzer, hence the same stems), each weighted by how distinctive it is in the
index (Whoosh's Bo1 model), and the other documents are ranked by the same
BM25F as searches, over those weighted words. The document itself is left out.
"""

from __future__ import annotations

import numpy as np
from whoosh.classify import Bo1Model

from migsearch.errors import DocumentNotFoundError
from migsearch.search.order import top_k
from migsearch.search.results import Hit
from migsearch.search.snapshot import Snapshot

__all__ = ["KEY_TERMS", "TEXT_CHARS", "similar_hits"]

#: distinctive words taken from the document (Whoosh's default of 5 is too few
#: for reports that mix several topics)
KEY_TERMS = 20
#: characters of the body read for key words: the opening says what a report is about
TEXT_CHARS = 20_000


def similar_hits(snap: Snapshot, doc_id: str, limit: int = 10) -> list[Hit]:
    """Up to ``limit`` documents most like ``doc_id``, best first."""
    searcher = snap.searcher
    docnum = searcher.document_number(id=doc_id)
    if docnum is None:
        raise DocumentNotFoundError(f"no document with id {doc_id!r}")
    f = searcher.stored_fields(docnum)
    text = "\n".join(
        (f.get("title") or "", f.get("summary") or "", (f.get("body") or "")[:TEXT_CHARS])
    )
    if not text.strip():
        return []
    key = searcher.key_terms_from_text("content", text, numterms=KEY_TERMS, model=Bo1Model)
    scores = snap.ranker.weighted(dict(key))
    ids = np.flatnonzero(scores)
    ids = ids[ids != docnum]
    sc = scores[ids]
    return [
        Hit.from_stored(searcher.stored_fields(int(ids[i])), score=round(float(sc[i]), 4))
        for i in top_k(ids, sc, limit)
    ]
