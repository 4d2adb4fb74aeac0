"""More like this: documents like a stored document, or like a pasted text.

Both are searched as a long query is (:mod:`~migsearch.search.keyterms`): the
text is read as a passage (its analysed words, no query syntax), reduced to
its key terms (count × IDF, the heaviest kept), and the documents are ranked
by the search's own model over them. The figures of bench/ir_eval.py's
"by document" and known-item collections are this ranking's.

A stored document's text is its title, summary and the first
:data:`TEXT_CHARS` characters of its body (the ranked ``content`` field is
not stored, and the opening says what a report is about); the document itself
is left out of its own neighbours.
"""

from __future__ import annotations

from migsearch.errors import DocumentNotFoundError
from migsearch.search.query.parse import ParsedQuery, parse_passage
from migsearch.search.snapshot import Snapshot

__all__ = ["TEXT_CHARS", "document_text", "like_query"]

#: characters of a document's body read for its key words
TEXT_CHARS = 20_000


def document_text(snap: Snapshot, doc_id: str) -> tuple[int, str]:
    """The document number of ``doc_id`` and the text its neighbours are found from."""
    searcher = snap.searcher
    docnum = searcher.document_number(id=doc_id)
    if docnum is None:
        raise DocumentNotFoundError(f"no document with id {doc_id!r}")
    f = searcher.stored_fields(docnum)
    text = "\n".join(
        (f.get("title") or "", f.get("summary") or "", (f.get("body") or "")[:TEXT_CHARS])
    )
    return docnum, text


def like_query(snap: Snapshot, text: str) -> ParsedQuery:
    """The query for documents like ``text``: its key terms in this index.

    Raises QueryError for a text with no searchable word or over the hard limit.
    """
    return snap.ranker.focus(parse_passage(text))
