"""The spelling vocabulary of a segment, in a file beside the segment's own.

"Did you mean" (``search.query.spelling``) needs the words of the index as
written and in how many documents each occurs. Those words were once an
indexed field (``spell``), and writing its postings (one per distinct word
of every document, through Whoosh's pool, sorted runs and posting blocks)
cost a sixth of the whole build. They are what this file holds instead,
written once per segment from lists built in memory:

* the segment's words and, for each, the number of its documents that hold
  it (what a reader needs when nothing was deleted: a small part of the file);
* for each document, the numbers of its words, so that counts stay right when
  documents are deleted (the deleted ones are subtracted) and when Whoosh
  merges segments (the live documents' words move to the merged segment,
  :func:`.sidefiles.carrying`).

The file is named after its segment (``MAIN_<segment id>.spw``), so Whoosh
and :mod:`.storage` remove it with the segment's other files. An index
written before this file existed has its words in the ``spell`` field, which
stays in the schema: a reader adds both (:func:`vocabulary`), and
segments of either kind merge as such.

Layout (numbers in the machine's byte order, as Python's ``array`` writes
them; little-endian on every machine this runs on): the magic line, then documents, words, bytes of
words and postings as four unsigned 32-bit numbers; the words (UTF-8, one
per line); each word's document count; each document's first posting
(documents + 1 numbers); the postings (word numbers).
"""

from __future__ import annotations

import struct
import threading
from array import array
from collections import OrderedDict, defaultdict
from dataclasses import dataclass
from functools import cached_property
from typing import Any

__all__ = ["EXT", "SPELL_FIELD", "SegmentWords", "Vocabulary", "vocabulary"]

#: the field that held the spelling words before they had a file of their own
SPELL_FIELD = "spell"
#: the extension of a segment's spelling words
EXT = ".spw"
_MAGIC = b"migsearch spelling words 1\n"
_HEADER = struct.Struct("<4I")
_UINT = "I"
if array(_UINT).itemsize != 4:  # pragma: no cover - 4 bytes on every platform Python supports
    _UINT = "L"


class SegmentWords:
    """The spelling words of one segment's documents, as they are written."""

    def __init__(self) -> None:
        self._ids: defaultdict[str, int] = defaultdict()
        self._ids.default_factory = self._ids.__len__  # a new word takes the next number
        self._starts = array(_UINT, [0])
        self._postings = array(_UINT)

    def __len__(self) -> int:
        """Documents so far (the last that has words, and every one before it)."""
        return len(self._starts) - 1

    def add(self, docnum: int, words: list[str]) -> None:
        """Document ``docnum``'s distinct ``words`` (documents skipped before it have none)."""
        self._pad(docnum)
        self._postings.extend(map(self._ids.__getitem__, words))
        self._starts.append(len(self._postings))

    def _pad(self, docs: int) -> None:
        if docs < len(self):
            raise ValueError(f"document {docs} came after document {len(self) - 1}")
        self._starts.extend([len(self._postings)] * (docs - len(self)))

    def write(self, storage: Any, segment: Any, docs: int) -> None:
        """Write the file of ``segment`` (which holds ``docs`` documents) into ``storage``."""
        self._pad(docs)
        import numpy as np  # here only: the query path reads the counts without it

        words = list(self._ids)
        counts = np.bincount(np.frombuffer(self._postings, dtype=np.uint32), minlength=len(words))
        blob = "\n".join(words).encode("utf-8")
        head = _HEADER.pack(docs, len(words), len(blob), len(self._postings))
        f = storage.create_file(segment.make_filename(EXT))
        try:
            for part in (_MAGIC, head, blob, counts.astype("<u4"), self._starts, self._postings):
                f.write(part.tobytes() if hasattr(part, "tobytes") else part)
        finally:
            f.close()

    def close(self, storage: Any, segment: Any, docs: int) -> None:
        """After a merge (:func:`..sidefiles.carrying`): write the file if any merged
        segment brought words (segments of older indexes keep theirs in the field)."""
        if len(self):
            self.write(storage, segment, docs)

    def carry(self, reader: Any, first: int) -> None:
        """Take the words of ``reader``'s live documents, which a merge numbers from ``first``."""
        found = _read(reader.storage(), reader.segment(), everything=True)
        if found is None:
            return  # a segment of an older index: its words are in the field, which merges
        words, _counts, starts, postings = found
        for i, docnum in enumerate(reader.all_doc_ids()):
            ids = postings[starts[docnum] : starts[docnum + 1]]
            self.add(first + i, [words[w] for w in ids])


def _read(
    storage: Any, segment: Any, *, everything: bool
) -> tuple[list[str], array, array, array] | None:
    """A segment's words and counts (and, with ``everything``, its documents' words),
    or None when the segment has no such file."""
    name = segment.make_filename(EXT)
    if not storage.file_exists(name):
        return None
    f = storage.open_file(name)
    try:
        if f.read(len(_MAGIC)) != _MAGIC:
            raise ValueError(f"{name} is not a file of spelling words")
        docs, nwords, nbytes, npostings = _HEADER.unpack(f.read(_HEADER.size))
        words = f.read(nbytes).decode("utf-8").split("\n") if nwords else []
        counts, starts, postings = array(_UINT), array(_UINT), array(_UINT)
        counts.frombytes(f.read(4 * nwords))
        if everything:
            starts.frombytes(f.read(4 * (docs + 1)))
            postings.frombytes(f.read(4 * npostings))
    finally:
        f.close()
    return words, counts, starts, postings


def _segment_counts(reader: Any) -> dict[str, int] | None:
    """Documents holding each word among a segment's live documents (None: no file)."""
    seg = reader.segment()
    found = _read(reader.storage(), seg, everything=seg.has_deletions())
    if found is None:
        return None
    words, counts, starts, postings = found
    if seg.has_deletions():
        counts = array(_UINT, counts)
        for docnum in seg.deleted_docs():
            if docnum + 1 < len(starts):
                for w in postings[starts[docnum] : starts[docnum + 1]]:
                    counts[w] -= 1
    return {w: n for w, n in zip(words, counts, strict=True) if n}


@dataclass
class Vocabulary:
    """The spelling words of an index's files: live documents holding each, and the
    words in order (for walks of the lexicon; sorted on first use)."""

    counts: dict[str, int]

    @cached_property
    def sorted_words(self) -> list[str]:
        return sorted(self.counts)


#: the vocabularies of the last few states of indexes read (see :func:`vocabulary`)
_STATES = 4
_known: OrderedDict[tuple[tuple[str, int], ...], Vocabulary] = OrderedDict()
_known_lock = threading.Lock()


def vocabulary(reader: Any) -> Vocabulary:
    """The spelling words of ``reader``'s files, each with the live documents holding it.

    Words in the ``spell`` field (older segments) are not included: the caller
    asks the field as well. Kept for the last few states of the index read: a
    segment's files never change and its deletions only grow, so the segment
    ids with their deletion counts name a state.
    """
    leaves = [r for r, _offset in reader.leaf_readers() if hasattr(r, "segment")]
    state = tuple((r.segment().segment_id(), r.segment().deleted_count()) for r in leaves)
    with _known_lock:  # searches in threads share the cache
        known = _known.get(state)
        if known is not None:
            _known.move_to_end(state)
            return known
    total: dict[str, int] = {}
    for r in leaves:
        counts = _segment_counts(r)
        if counts is None:
            continue
        if not total:
            total = counts
            continue
        for w, n in counts.items():
            total[w] = total.get(w, 0) + n
    known = Vocabulary(total)
    with _known_lock:
        _known[state] = known
        while len(_known) > _STATES:
            _known.popitem(last=False)
    return known
