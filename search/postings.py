"""Reading an opened index as arrays: postings, field lengths, live documents.

Whoosh hands out postings one document at a time through matchers, which
costs microseconds per posting in Python: seconds for a common word on a
100,000-document index. Everything in the search core that needs postings or
statistics (matching, BM25F, feedback, more-like-this) reads them here
instead, as numpy arrays over the searcher's global document numbers, all
segments together:

* postings of a term: document numbers and term frequencies, read as arrays
  from the segment's posting arrays file for a long list
  (:mod:`migsearch.indexer.store.postingarrays`), else decoded a whole block at
  a time from Whoosh's on-disk format (:mod:`migsearch.search.blocks` when the
  index's files are memory-mapped, Whoosh's matcher otherwise), kept in one
  bounded cache;
* field lengths of every document (Whoosh's byte-coded lengths, as its own
  scorers see them), read in one piece per segment;
* which document numbers are live (not deleted), document frequencies and
  average field lengths.

Postings include deleted documents; callers mask them with :attr:`live`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import W3TermsReader
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length

from migsearch.indexer.store.postingarrays import PostingArrays, matcher_postings, read_arrays
from migsearch.search.blocks import decode_postings
from migsearch.search.cache import BoundedCache

__all__ = ["POSTINGS_CACHE", "PostingsReader"]

#: Postings kept per opened index, counted in (document, frequency) pairs (16 bytes each).
POSTINGS_CACHE = 4_000_000

_EMPTY_IDS = np.zeros(0, dtype=np.int64)
_EMPTY_TF = np.zeros(0, dtype=np.float64)
_BYTE_TO_LENGTH = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)

Postings = tuple[np.ndarray, np.ndarray]


class PostingsReader:
    """Postings and statistics of one opened (top-level) Whoosh searcher."""

    def __init__(self, searcher: Any) -> None:
        self.searcher = searcher
        self.schema = searcher.schema
        #: document numbers run 0 … n-1 (deleted ones included)
        self.n = searcher.doc_count_all()
        #: live documents
        self.n_docs = searcher.doc_count()
        self.leaves = list(searcher.leaf_searchers())
        self.live = np.ones(self.n, dtype=bool)
        for sub, offset in self.leaves:
            r = sub.reader()
            if r.has_deletions():
                dead_set = getattr(r, "deleted_docs_set", None)  # a SegmentReader's, in one piece
                if dead_set is None:
                    dead_set = [i for i in range(r.doc_count_all()) if r.is_deleted(i)]
                dead = np.fromiter(dead_set, dtype=np.int64)
                self.live[dead + offset] = False
        #: the segments postings are read from: one whose documents are all deleted (its
        #: records all replaced) holds none a caller would keep, only blocks to decode
        self._holding = [(sub, offset) for sub, offset in self.leaves if sub.reader().doc_count()]
        self._lengths: dict[str, np.ndarray] = {}
        self._cache: BoundedCache[Postings] = BoundedCache(
            POSTINGS_CACHE, sizeof=lambda p: len(p[0])
        )

    def postings(self, fieldname: str, text: str) -> Postings:
        """(document numbers, term frequencies) of ``text`` in ``fieldname``, sorted by number
        (deleted documents included, but for a segment whose documents are all deleted)."""
        key = (fieldname, text)
        got = self._cache.get(key)
        if got is None:
            got = self._cache.put(key, self._read(fieldname, text))
        return got

    def _read(self, fieldname: str, text: str) -> Postings:
        if fieldname not in self.schema:
            return _EMPTY_IDS, _EMPTY_TF
        try:
            btext = self.schema[fieldname].to_bytes(text)
        except ValueError:  # not a value this field can hold (a number field, say)
            return _EMPTY_IDS, _EMPTY_TF
        id_parts: list[np.ndarray] = []
        tf_parts: list[np.ndarray] = []
        for sub, offset in self._holding:
            try:
                ids, tfs = _segment_postings(sub.reader(), fieldname, btext)
            except TermNotFound:
                continue
            id_parts.append(ids + offset if offset else ids)
            tf_parts.append(tfs)
        if not id_parts:
            return _EMPTY_IDS, _EMPTY_TF
        if len(id_parts) == 1:  # one segment holds the term: its arrays as they are
            return id_parts[0], tf_parts[0]
        return np.concatenate(id_parts), np.concatenate(tf_parts)

    def lengths(self, fieldname: str) -> np.ndarray:
        """Length of ``fieldname`` in every document (0 where it has none)."""
        arr = self._lengths.get(fieldname)
        if arr is None:
            arr = np.zeros(self.n, dtype=np.float64)
            for sub, offset in self.leaves:
                r = sub.reader()
                k = r.doc_count_all()
                arr[offset : offset + k] = _segment_lengths(r, fieldname)
            self._lengths[fieldname] = arr
        return arr

    def avg_length(self, fieldname: str) -> float:
        """Mean length of ``fieldname`` over all document numbers (never 0)."""
        total = self.searcher.reader().field_length(fieldname)
        return max(total / max(self.n, 1), 1e-9)

    def doc_frequency(self, fieldname: str, text: str) -> int:
        return self.searcher.doc_frequency(fieldname, text)


def _segment_postings(r: Any, fieldname: str, btext: bytes) -> Postings:
    """One segment's postings of a term (raises TermNotFound).

    Straight from the mapped postings file when the segment has one, else
    through Whoosh's matcher.
    """
    arrays = _arrays(r)
    if arrays is not None:
        got = arrays.get(fieldname, btext)
        if got is not None:
            return got
    terms = getattr(r, "_terms", None)
    mapped = getattr(getattr(terms, "_postfile", None), "mapped", None)
    if type(terms) is W3TermsReader and mapped is not None:
        info = terms.term_info(fieldname, btext)
        if info.is_inlined():
            ids, weights, _values = info.inlined_postings()
            return np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float64)
        return decode_postings(mapped.buffer, info._offset)
    return matcher_postings(r.postings(fieldname, btext))


#: a segment reader's posting arrays (None: it has none), kept on the reader
_ARRAYS = "_migsearch_posting_arrays"


def _arrays(r: Any) -> PostingArrays | None:
    """The posting arrays file of segment reader ``r`` (read once per reader)."""
    try:
        return getattr(r, _ARRAYS)  # type: ignore[no-any-return]
    except AttributeError:
        pass
    got = None
    if hasattr(r, "segment") and hasattr(r, "storage"):
        got = read_arrays(r.storage(), r.segment())
    setattr(r, _ARRAYS, got)
    return got


def _segment_lengths(r: Any, fieldname: str) -> np.ndarray:
    """One segment's field lengths: one read of Whoosh's lengths column when it has
    the whoosh3 layout (a byte per document), else one call per document."""
    k = r.doc_count_all()
    bulk = _lengths_column(r, fieldname, k)
    if bulk is not None:
        return bulk
    dfl = r.doc_field_length
    return np.fromiter((dfl(i, fieldname, 0) for i in range(k)), np.float64, count=k)


def _lengths_column(r: Any, fieldname: str, k: int) -> np.ndarray | None:
    try:
        from whoosh.codec import whoosh3

        perdoc = r._perdoc
        name = whoosh3._lenfield(fieldname)  # the lengths column's name in that layout
        if not perdoc.has_column(name):
            return np.zeros(k)
        col = perdoc._cached_reader(name, whoosh3.LENGTHS_COLUMN)
        if col._fixedlen != 1:
            return None
        count = min(col._count, k)
        codes = np.zeros(k, dtype=np.uint8)
        if count:
            raw = col._dbfile.get(col._basepos, count)
            codes[:count] = np.frombuffer(bytes(raw), dtype=np.uint8)
        return np.where(codes > 0, _BYTE_TO_LENGTH[codes], 0.0)
    except (ImportError, AttributeError):  # another codec: read document by document
        return None
