"""A segment's long posting lists as plain arrays, in a file beside the segment's own.

A search reads every posting of its words (BM25F over all matches, facet
counts over all matches), and Whoosh keeps postings in blocks of 128, each a
zlib-compressed pickle behind a header of its own. Even read straight from the
mapped file (``search.blocks``), a block costs tens of microseconds of Python:
at a million documents a two-word query reads about a thousand blocks per
shard, the largest part of its time. The segment writer holds each term's
postings as numbers anyway, so for every term with at least
:data:`FROM_POSTINGS` postings it also writes them here: document numbers as
unsigned 32-bit integers and term frequencies as unsigned 16-bit ones. A
search maps the file and reads a term's lists as two array views, with no step
per block. Shorter lists (a few blocks) stay where they are; so does a term
whose frequencies are not all whole numbers below 65,536 (none in this schema,
whose weights are counts). A segment written by a merge gets its file from
the postings Whoosh writes (:func:`keep_arrays`); an index written before the
file existed has none: the search then reads Whoosh's blocks, which hold the
same values (tested).

The file is named after its segment (``MAIN_<segment id>.npp``), so Whoosh
and :mod:`.storage` remove it with the segment's other files. Like Whoosh's
postings, it includes deleted documents; a reader masks them itself.

Layout (little-endian): the magic line; then each term's document numbers and
frequencies, each list starting at a multiple of 8 bytes; then the directory,
a pickled dict ``{(field, term bytes): (offset, count)}``; last, the
directory's offset and length (two unsigned 64-bit integers) and the magic
line again, so a file cut short by a crash is recognised and ignored.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import pickle
import struct
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np
from whoosh.matching.wrappers import FilterMatcher

__all__ = [
    "EXT",
    "FROM_POSTINGS",
    "PostingArrays",
    "PostingArraysWriter",
    "keep_arrays",
    "matcher_postings",
    "missing_lists",
    "read_arrays",
    "write_arrays",
]

#: the file's extension, after the segment's name
EXT = ".npp"
#: a term with this many postings in a segment or more gets its lists here. A block read
#: costs the same for 64 postings as for 128; a feedback pass reads twenty words in title
#: and content, whose title lists are mostly short. 512 (4 blocks) before: at 100k the
#: file grows from 71 to 86 MB (3% of the index) and a query's p95 CPU falls by about 10%
FROM_POSTINGS = 64

_MAGIC = b"migsearch posting arrays 1\n"
_TAIL = struct.Struct("<QQ")
_IDS = np.dtype("<u4")
_TFS = np.dtype("<u2")
_MAX_TF = 65535

Key = tuple[str, bytes]


class PostingArraysWriter:
    """Collects the long posting lists of one new segment, written as they come."""

    def __init__(self, storage: Any, segment: Any, *, beside: bool = False) -> None:
        self._storage = storage
        self._name = segment.make_filename(EXT)
        #: written under another name and renamed when complete: for a segment searches
        #: may already read (:func:`add_missing_arrays`); a new segment is not read yet
        self._written = self._name + ".tmp" if beside else self._name
        self._file: Any = None
        self._at = 0
        self.directory: dict[Key, tuple[int, int]] = {}

    def add(
        self, fieldname: str, tbytes: bytes, docs: Sequence[int], weights: Sequence[float]
    ) -> None:
        """Keep one term's postings (documents ascending) if the list is long enough."""
        n = len(docs)
        if n < FROM_POSTINGS:
            return
        w = np.asarray(weights, dtype=np.float64)
        if w.min() < 0 or w.max() > _MAX_TF or not np.array_equal(w, np.floor(w)):
            return  # not counts: the blocks keep them
        if self._file is None:
            self._file = self._storage.create_file(self._written)
            self._write(_MAGIC)
        self._pad()
        self.directory[(fieldname, tbytes)] = (self._at, n)
        self._write(np.asarray(docs, dtype=_IDS).tobytes())
        self._write(w.astype(_TFS).tobytes())

    def close(self) -> None:
        """Write the directory and the tail (nothing at all when no list was long enough)."""
        if self._file is None:
            return
        try:
            self._pad()
            table = pickle.dumps(self.directory, protocol=pickle.HIGHEST_PROTOCOL)
            at = self._at
            self._write(table)
            self._write(_TAIL.pack(at, len(table)) + _MAGIC)
        finally:
            self._file.close()
            self._file = None
        if self._written != self._name:
            self._storage.rename_file(self._written, self._name)

    def abandon(self) -> None:
        """Close and remove a file left unfinished (a stop, an error)."""
        if self._file is not None:
            self._file.close()
            self._file = None
            with contextlib.suppress(OSError):
                self._storage.delete_file(self._written)

    def _pad(self) -> None:
        if self._at % 8:
            self._write(b"\0" * (8 - self._at % 8))

    def _write(self, data: bytes) -> None:
        self._file.write(data)
        self._at += len(data)


#: one posting as a Whoosh writer's pool gives it: field, term, document, weight, value
Posting = tuple[str, bytes, int, float, bytes]


def keep_arrays(writer: Any) -> None:
    """Make Whoosh's own segment writer ``writer`` write this file for its new segment.

    The run's one writer (:mod:`.writer`) writes a segment of its own when a commit
    merges small segments (and with the records it adds itself); Whoosh writes its
    postings from the pool, sorted by field, term and document, and those pass
    through here on their way (:func:`_passing`). Without it, a merged segment had
    no file, and an index updated run after run read more and more of its lists
    from Whoosh's blocks.
    """
    pool = writer.pool
    iter_postings = pool.iter_postings

    def with_arrays() -> Iterator[Posting]:
        return _passing(iter_postings(), PostingArraysWriter(writer.storage, writer.newsegment))

    pool.iter_postings = with_arrays


def _passing(postings: Iterable[Posting], out: PostingArraysWriter) -> Iterator[Posting]:
    """``postings`` unchanged, each term's list also given to ``out``, closed at the end."""
    key: Key | None = None
    docs: list[int] = []
    weights: list[float] = []
    try:
        for item in postings:
            if (item[0], item[1]) != key:
                if key is not None:
                    out.add(key[0], key[1], docs, weights)
                key, docs, weights = (item[0], item[1]), [], []
            docs.append(item[2])
            weights.append(item[3])
            yield item
        if key is not None:
            out.add(key[0], key[1], docs, weights)
    finally:
        out.close()


def missing_lists(storage: Any, leaf: Any) -> list[Key]:
    """The long lists of segment reader ``leaf`` when its segment has no file in
    ``storage`` (the index's folder), in the terms' order; else none.

    Such a segment is searched through its blocks, tens of times slower for a long
    list, until :func:`write_arrays` gives it its file (:mod:`.upgrade`).
    """
    if storage.file_exists(leaf.segment().make_filename(EXT)):
        return []
    return [t for t, info in leaf if info.doc_frequency() >= FROM_POSTINGS]


def write_arrays(storage: Any, leaf: Any, lists: list[Key]) -> None:
    """Write into ``storage`` (the index's folder, where a compound segment's reader
    finds it too) the file of ``leaf``'s segment holding ``lists``, read from its
    blocks: the file its writer would have written, byte for byte, renamed into place
    once complete, so a search that opens the segment meanwhile finds either no file
    or the whole of it."""
    out = PostingArraysWriter(storage, leaf.segment(), beside=True)
    try:
        for fieldname, tbytes in lists:
            # the term's own matcher: ``leaf.postings`` would leave out deleted
            # documents, and the file holds them, as its writer wrote it
            fmt = leaf.schema[fieldname].format
            ids, tfs = matcher_postings(leaf._terms.matcher(fieldname, tbytes, fmt))
            out.add(fieldname, tbytes, ids, tfs)
    except BaseException:
        out.abandon()
        raise
    out.close()


def matcher_postings(m: Any) -> tuple[np.ndarray, np.ndarray]:
    """The (document, frequency) pairs of a segment's term matcher as int64 and float64
    arrays (what :meth:`PostingArrays.get` gives for a long list), deleted documents
    included but for whole blocks of them that a deletions filter (unwrapped here)
    already passed over, before the first live document."""
    if isinstance(m, FilterMatcher):  # the deletions filter: the caller masks instead
        m = m.child
    if hasattr(m, "_read_data") and hasattr(m, "_next_block") and not m._byteids:
        return _read_blocks(m)
    ids: list[int] = []
    tfs: list[float] = []
    while m.is_active():  # postings inlined in the term index, or another codec
        ids.append(m.id())
        tfs.append(m.weight())
        m.next()
    return np.asarray(ids, dtype=np.int64), np.asarray(tfs, dtype=np.float64)


def _read_blocks(m: Any) -> tuple[np.ndarray, np.ndarray]:
    """A whoosh3 leaf matcher, block by block.

    Each block is a pickled (id deltas, weights, values) tuple whose deltas
    restart at 0; the deltas are summed with numpy instead of Whoosh's per-id
    generator.
    """
    deltas: list[Any] = []
    weights: list[np.ndarray] = []
    lens: list[int] = []
    while m.is_active():
        if m._data is None:
            m._read_data()
        block_ids, block_w = m._data[0], m._data[1]
        n = m._blocklength
        deltas.append(block_ids)
        lens.append(n)
        if block_w is None:
            weights.append(np.ones(n))
        elif isinstance(block_w, float):
            weights.append(np.full(n, block_w))
        else:
            weights.append(np.asarray(block_w, dtype=np.float64))
        m._next_block()
    if not deltas:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
    d = np.concatenate([np.array(block, dtype=np.int64) for block in deltas])
    cs = np.cumsum(d)
    ends = np.cumsum(lens)
    base = np.concatenate(([0], cs[ends[:-1] - 1]))
    return cs - np.repeat(base, lens), np.concatenate(weights)


class PostingArrays:
    """The long posting lists of one segment, read from the mapped file."""

    def __init__(self, buffer: Any, directory: dict[Key, tuple[int, int]]) -> None:
        self._buffer = buffer
        self._directory = directory

    def __len__(self) -> int:
        return len(self._directory)

    def get(self, fieldname: str, tbytes: bytes) -> tuple[np.ndarray, np.ndarray] | None:
        """(document numbers, frequencies) of a term, as int64 and float64 arrays; None
        when the file does not hold the term (its list is short, or it is not here)."""
        got = self._directory.get((fieldname, tbytes))
        if got is None:
            return None
        at, n = got
        ids = np.frombuffer(self._buffer, dtype=_IDS, count=n, offset=at)
        tfs = np.frombuffer(self._buffer, dtype=_TFS, count=n, offset=at + 4 * n)
        return ids.astype(np.int64), tfs.astype(np.float64)


def read_arrays(storage: Any, segment: Any) -> PostingArrays | None:
    """The segment's file, mapped; None when it has none, or one cut short or not ours."""
    name = segment.make_filename(EXT)
    try:
        if not storage.file_exists(name):
            return None
        buffer = _mapped(storage, name)
    except OSError:
        return None
    size = len(buffer)
    if size < len(_MAGIC) * 2 + _TAIL.size or buffer[: len(_MAGIC)] != _MAGIC:
        return None
    if buffer[size - len(_MAGIC) :] != _MAGIC:
        return None  # the writer did not finish it
    at, length = _TAIL.unpack_from(buffer, size - len(_MAGIC) - _TAIL.size)
    if at + length > size:
        return None
    try:
        directory = pickle.loads(buffer[at : at + length])
    except Exception:  # a damaged directory: the blocks serve instead
        return None
    return PostingArrays(buffer, directory)


def _mapped(storage: Any, name: str) -> Any:
    """The whole file: memory-mapped from a folder, read into memory otherwise."""
    folder = getattr(storage, "folder", None)
    if folder is None:
        f = storage.open_file(name)
        try:
            return bytes(f.read())
        finally:
            f.close()
    with open(os.path.join(folder, name), "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        if not size:
            return b""
        return mmap.mmap(fh.fileno(), size, access=mmap.ACCESS_READ)
