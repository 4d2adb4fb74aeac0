"""Segment writers in the parsing processes: each one writes its own Whoosh segment.

Parsing, tagging, analysing and writing a document cost about the same order
of CPU each, and a single Whoosh writer fed by parsing workers kept one core
busy while the others waited for it. So each parsing process also writes
what it parsed into a segment of its own (a Whoosh ``SegmentWriter`` without
the index lock, as Whoosh's own multi-process writer does), and the run's one
writer, in the parent, commits all those segments with a single table of
contents: one commit, one index, global statistics for ranking. Records no
longer travel from the workers to the parent either; only their ids do.

The parent calls :func:`configure` with the index being written before its
workers fork, so every worker (or the parent itself, when it parses alone)
finds the index here. A worker opens its writer at its first document and
:func:`finish` closes it: the segment (with its documents numbered from 0 in
the order written) goes back to the parent, which may still mark some of its
documents deleted (an id given twice in one run keeps its first record)
before it publishes them. The documents' spelling words go to a file beside
the segment (:mod:`.spellwords`) instead of the ``spell`` field's postings,
their column values, encoded for facets, to another (:mod:`.facetcodes`), and
the long posting lists, as arrays a search maps, to a third
(:mod:`.postingarrays`).
A worker that dies or is stopped leaves segment
files that no table of contents names; the writing session removes them.
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from whoosh.analysis import CommaSeparatedTokenizer, IDTokenizer
from whoosh.codec.whoosh3 import W3FieldWriter, _lenfield
from whoosh.formats import Existence, Frequency, Positions
from whoosh.system import pack_uint
from whoosh.writing import SegmentWriter

from migsearch.indexer.store.postingarrays import PostingArraysWriter
from migsearch.indexer.store.postings import PostingColumns
from migsearch.indexer.store.sidefiles import SideFiles
from migsearch.indexer.store.spellwords import SPELL_FIELD
from migsearch.indexer.vocabulary.analysis import index_positions, text_analyzer

__all__ = ["WRITER_MB", "configure", "discard", "finish", "write"]

#: memory (MB, the pool's own estimate) each segment writer fills with postings before
#: it spills a sorted run to disk (:mod:`.postings`). Spilled runs are merged term by
#: term: 50k documents written in one segment through a 128 MB pool (2 runs) took 166
#: and 143 s of CPU against 274 s with Whoosh's merge of runs and 154 s unspilled
#: (bench/segment_write.py, a loaded machine); the limit bounds memory, not speed
WRITER_MB = 512
#: positions below this keep the encoded value of a term met there alone (:func:`_one_pass`)
ALONE_KEPT = 100_000


class _Lengths:
    """A segment's per-document reader that answers field lengths from a list.

    When a segment is written, Whoosh asks the length of a posting's field in its
    document once per posting (for the block's shortest and longest document),
    each time through a column reader: millions of calls, a quarter of writing
    the postings. Postings come field by field, so the lengths of the field at
    hand are read once per document into a list, through the same reader (the
    answers are the same), and each posting's is an index into it. A field without a
    lengths column (a keyword or id field) is every document's default: the reader
    would look for the column's file once per document to say so.
    """

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._field: str | None = None
        self._lengths: list[int | None] = []

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int | None:
        return self.of(fieldname, default)[docnum]

    def of(self, fieldname: str, default: int = 0) -> list[int | None]:
        """The length of ``fieldname`` in each document, by document number."""
        if fieldname != self._field:
            r = self._reader
            n = r.doc_count_all()
            if r.has_column(_lenfield(fieldname)):
                self._lengths = [r.doc_field_length(d, fieldname, default) for d in range(n)]
            else:  # the reader's answer for every document, asked of the disk once, not n times
                self._lengths = [default] * n
            self._field = fieldname
        return self._lengths

    def close(self) -> None:
        self._reader.close()


def _one_pass(field: Any) -> Callable[..., Iterator[tuple[bytes, int, float, bytes]]]:
    """``field.index`` for a text field with positions: the same postings, analysed
    in one pass (:func:`~migsearch.indexer.vocabulary.analysis.index_positions`)."""
    whooshs = field.index  # Whoosh's own, for anything but a plain string
    fmt = field.format
    #: the encoded value of a term met once in its document, by its position (most are)
    alone: dict[int, bytes] = {}

    def index(value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        if kwargs or not isinstance(value, str):
            yield from whooshs(value, **kwargs)
            return
        fb, encode = fmt.field_boost, fmt.encode
        for term, poses in index_positions(value).items():
            n = len(poses)
            if n > 1:
                vbytes = encode(poses)
            elif (vbytes := alone.get(poses[0])) is None:
                vbytes = encode(poses)
                if poses[0] < ALONE_KEPT:
                    alone[poses[0]] = vbytes
            # Whoosh's weight: the tokens' boosts (1.0 each) summed, times the field's
            yield term.encode("utf-8"), n, float(n) * fb, vbytes

    return index


def _whole_values(field: Any) -> Callable[..., Iterator[tuple[bytes, int, float, bytes]]]:
    """``field.index`` for an ID field: its one term is the value as given, as Whoosh's
    ``IDTokenizer`` and ``Existence`` make it, without a token stream per document."""
    whooshs, fb = field.index, field.format.field_boost

    def index(value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        if kwargs or not isinstance(value, str):
            yield from whooshs(value, **kwargs)
            return
        yield value.encode("utf-8"), 1, fb, b""

    return index


def _comma_values(field: Any) -> Callable[..., Iterator[tuple[bytes, int, float, bytes]]]:
    """``field.index`` for a comma-separated KEYWORD field (a facet): the stripped pieces
    between commas, each with its count, as Whoosh's ``CommaSeparatedTokenizer`` (the
    matches of ``[^,]+``, stripped) and ``Frequency`` give them, in the order first met."""
    whooshs, fb = field.index, field.format.field_boost

    def index(value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        if kwargs or not isinstance(value, str):
            yield from whooshs(value, **kwargs)
            return
        counts: dict[str, int] = {}
        for piece in value.split(","):
            if piece:
                word = piece.strip()
                counts[word] = counts.get(word, 0) + 1
        for word, n in counts.items():
            yield word.encode("utf-8"), n, float(n) * fb, pack_uint(n)

    return index


class _SegmentWriter(SegmentWriter):  # type: ignore[misc]
    """Whoosh's segment writer with a lighter pool of postings (:class:`~.postings.PostingColumns`),
    field lengths read once per field (:class:`_Lengths`), the documents' spelling
    words kept for a file of their own (:mod:`.spellwords`) rather than indexed,
    their column values encoded for facets (:mod:`.facetcodes`), text fields
    analysed in one pass (:func:`_one_pass`), and ID and facet fields cut without a
    token stream (:func:`_whole_values`, :func:`_comma_values`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pool.__class__ = PostingColumns
        self.pool.start()
        # a copy: an index opened with a schema shares that object with every writer, and
        # the run's own writer pickles it into the table of contents
        self.schema = copy.deepcopy(self.schema)
        self.side = SideFiles(self.schema)
        ana, ids, commas = text_analyzer(), IDTokenizer(), CommaSeparatedTokenizer()
        for _name, field in self.schema.items():
            if field.vector:
                continue
            if type(field.format) is Positions and field.analyzer == ana:
                field.index = _one_pass(field)
            elif type(field.format) is Existence and field.analyzer == ids:
                field.index = _whole_values(field)
            elif type(field.format) is Frequency and field.analyzer == commas:
                field.index = _comma_values(field)

    def add_document(self, **fields: Any) -> None:
        words, docnum = fields.pop(SPELL_FIELD, None), self.docnum
        # Whoosh gives the pool one posting a call (``pool.add``, looked up once per
        # document): they are gathered in a list and given at once (``add_many``)
        pool, postings = self.pool, []
        pool.add = postings.append
        try:
            super().add_document(**fields)
        finally:
            del pool.add
            pool.add_many(postings)
        self.side.add(docnum, words, fields)

    def per_document_reader(self) -> Any:
        return _Lengths(super().per_document_reader())

    def _flush_segment(self) -> None:
        """Write the postings term by term (:func:`_add_term`) rather than one by one
        through Whoosh's ``add_postings``: the same files, a fraction of the calls.
        Postings spilled to disk in runs are merged term by term too."""
        fw = self.fieldwriter
        if not isinstance(fw, W3FieldWriter):
            super()._flush_segment()
            return
        self.perdocwriter.close()
        lengths = self.per_document_reader() if self.codec.length_stats else None
        field, lens = None, None
        arrays = PostingArraysWriter(self.storage, self.newsegment)
        try:
            for fieldname, tbytes, docs, weights, values in self.pool.by_term():
                if fieldname != field:
                    if field is not None:
                        fw.finish_field()
                    fw.start_field(fieldname, self.schema[fieldname])
                    field, lens = fieldname, lengths.of(fieldname) if lengths else None
                fw.start_term(tbytes)
                _add_term(fw._postwriter, docs, weights, values, lens)
                fw.finish_term()
                arrays.add(fieldname, tbytes, docs, weights)
        finally:
            arrays.close()
        if field is not None:
            fw.finish_field()
        fw.close()
        if lengths:
            lengths.close()


def _add_term(
    pw: Any, docs: list[int], weights: list[float], values: list[bytes], lens: list[Any] | None
) -> None:
    """Give Whoosh's postings writer ``pw`` one term's postings a block at a time, leaving
    it as its ``add_posting``, called once per posting, would: a full block is written
    when the next posting comes, the last one stays for ``finish_postings``."""
    limit = pw._blocklimit
    for lo in range(0, len(docs), limit):
        if lo:
            pw._write_block()
        hi = lo + limit
        ws = weights[lo:hi]
        pw._ids.extend(docs[lo:hi])
        pw._weights.extend(ws)
        top = max(ws)
        if top > pw._maxweight:
            pw._maxweight = top
        pw._values.extend(filter(None, values[lo:hi]))  # empty values are not kept
        if lens is not None:
            present = [n for n in map(lens.__getitem__, docs[lo:hi]) if n]
            if present:  # Whoosh's block statistics count documents with a length only
                shortest, longest = min(present), max(present)
                if pw._minlength is None or shortest < pw._minlength:
                    pw._minlength = shortest
                if longest > pw._maxlength:
                    pw._maxlength = longest


_index: Any = None
_limitmb = WRITER_MB
_writer: _SegmentWriter | None = None


def configure(ix: Any, limitmb: int | None = None) -> None:
    """Write this run's segments into Whoosh index ``ix`` (call before the workers fork),
    each writer holding up to ``limitmb`` (default :data:`WRITER_MB`) before it spills.
    A segment this process left unfinished is dropped; ``None`` ends writing."""
    global _index, _limitmb, _writer
    discard()
    _index, _limitmb, _writer = ix, limitmb or WRITER_MB, None


def write(docs: Iterable[dict[str, Any]]) -> tuple[str, int]:
    """Add ``docs`` (keyword arguments of ``add_document``) to this process's segment.

    Returns the segment's id and the number of the first document added: the
    parent names documents to drop by those.
    """
    global _writer
    if _index is None:
        raise RuntimeError("segments.write before segments.configure")
    if _writer is None:
        # compound=False: Whoosh copies a compound segment's postings into memory when it
        # opens it (hundreds of MB at 100k documents); separate files are read in place
        _writer = _SegmentWriter(_index, _lk=False, limitmb=_limitmb, compound=False)
    first = _writer.docnum
    for fields in docs:
        _writer.add_document(**fields)
    return _writer.newsegment.segment_id(), first


def finish() -> Any:
    """Close this process's segment and return it (None when it holds no document)."""
    global _writer
    w, _writer = _writer, None
    if w is None:
        return None
    if not w._added:
        w._close_segment()
        return None
    # not w.commit(): the parent's writer publishes the segment; and not w._finish(),
    # which would remove the spill folder the other writers still use
    segment = w._finalize_segment()
    w.side.close(w.storage, segment, w.docnum)
    return segment


def discard() -> None:
    """Drop this process's unfinished segment (its files go with the failed run)."""
    global _writer
    w, _writer = _writer, None
    if w is not None:
        with contextlib.suppress(Exception):
            w._close_segment()
