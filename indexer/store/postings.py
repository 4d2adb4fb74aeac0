"""A segment writer's pool of postings: columns in memory, sorted runs on disk.

Every posting of every document passes through the pool, which must give them
back sorted by field, term and document. Whoosh keeps each one as a tuple of
five objects (about 200 bytes) and, when its memory limit is reached, sorts
them and writes them to disk one ``marshal`` record per posting; the segment is
then merged back from those runs one posting at a time, through a heap. Here a
posting is a few numbers in arrays and its value's bytes in one buffer (about
40 bytes), the terms are numbered as they come, and the order is found with one
stable NumPy sort of the postings by their term's rank (documents come in
order, so a stable sort keeps them so).

When the pool outgrows its limit it writes a *run*: its columns, already in
term order, as flat arrays in one file, with its terms in chunks of at most
:data:`RUN_CHUNK` postings. The segment is then read back term by term: the
runs' terms are merged (a heap of one entry per run, not per posting), and a
term's postings from each run are joined in run order, which is document
order, because every document's postings go into the pool before the next
document's. A worker's share of a large build (half a million documents) can
then spill without paying Whoosh's per-posting merge.
"""

from __future__ import annotations

import contextlib
import heapq
import marshal
import struct
from array import array
from collections.abc import Iterator
from itertools import accumulate, islice, pairwise
from typing import Any

from whoosh.writing import PostingPool

__all__ = ["RUN_CHUNK", "TERM_BLOCK", "PostingColumns"]

#: postings :meth:`PostingColumns.by_term` reads into lists at a time, in memory
TERM_BLOCK = 65536
#: postings of a run read at a time (terms are never cut: a longer term is a chunk alone)
RUN_CHUNK = 65536
#: values gathered into term order at a time when a run is written (bounds the index arrays)
GATHER_POSTINGS = 1 << 20
_MAGIC = b"migsearch postings run 1\n"
#: postings, terms, bytes of values, and the offsets of the keys and of each column
_HEADER = struct.Struct("<QQQQQQQQ")

#: one term's postings: field, term bytes, document numbers, weights, values
Term = tuple[str, bytes, list[int], list[float], list[bytes]]


class PostingColumns(PostingPool):  # type: ignore[misc]
    """Whoosh's pool of postings, held in columns and put in order once; past its
    ``limit`` (bytes, the pool's own estimate) it spills sorted runs to disk.
    Every value is bytes (the fields' formats make them)."""

    def start(self) -> None:
        """Empty columns (called once the writer made the pool, and after each run)."""
        self.terms: dict[tuple[str, bytes], int] = {}
        self.term_of = array("I")
        self.docnums = array("I")
        self.weights = array("d")
        self.ends = array("Q", [0])
        self.values = bytearray()
        self.held = 0

    def add(self, item: tuple[str, bytes, int, float, bytes]) -> None:
        fieldname, tbytes, docnum, weight, vbytes = item
        key = (fieldname, tbytes)
        term = self.terms.get(key)
        if term is None:
            term = self.terms[key] = len(self.terms)
            self.fieldnames.add(fieldname)
            self.held += 120 + len(tbytes)  # the key and its entry
        self.term_of.append(term)
        self.docnums.append(docnum)
        self.weights.append(weight)
        self.values += vbytes
        self.ends.append(len(self.values))
        self.held += 28 + len(vbytes)
        if self.held > self.limit:
            self._spill()

    def add_many(self, items: list[tuple[str, bytes, int, float, bytes]]) -> None:
        """:meth:`add` for a document's postings at once (the same columns), column by
        column in C-speed steps: a Python call per posting was a fifth of writing one.
        The pool spills, when past its limit, after the last of them, not within."""
        if not items:
            return
        fieldnames, tbytes, docnums, weights, vbytes = zip(*items, strict=True)
        keys = list(zip(fieldnames, tbytes, strict=True))
        terms = self.terms
        ids = list(map(terms.get, keys))
        if None in ids:  # terms new to the pool take the next numbers, in the order met
            for i, key in enumerate(keys):
                if ids[i] is None:
                    term = terms.get(key)
                    if term is None:
                        term = terms[key] = len(terms)
                        self.fieldnames.add(key[0])
                        self.held += 120 + len(key[1])
                    ids[i] = term
        self.term_of.extend(ids)
        self.docnums.extend(docnums)
        self.weights.extend(weights)
        start = len(self.values)
        self.values += b"".join(vbytes)
        # each value's end: the running sum of their lengths, on from the last end held
        self.ends.extend(islice(accumulate(map(len, vbytes), initial=start), 1, None))
        self.held += 28 * len(items) + len(self.values) - start
        if self.held > self.limit:
            self._spill()

    def _order(self) -> tuple[list[tuple[str, bytes]], list[int], list[int], Any]:
        """The terms held, their numbers in Whoosh's order, each one's count of postings
        (in that order), and the postings' positions sorted by term then document."""
        import numpy as np

        keys = list(self.terms)
        ranked = sorted(range(len(keys)), key=keys.__getitem__)
        rank = np.empty(len(keys), dtype=np.uint32)
        rank[ranked] = np.arange(len(keys), dtype=np.uint32)
        term_of = np.frombuffer(self.term_of, dtype=np.uint32)
        order = np.argsort(rank[term_of], kind="stable")
        counts = np.bincount(term_of, minlength=len(keys))[ranked].tolist()
        return keys, ranked, counts, order

    def _held_by_term(self) -> Iterator[Term]:
        """The postings held in memory, term by term in Whoosh's order, read a block of
        :data:`TERM_BLOCK` postings at a time, so memory stays flat."""
        import numpy as np

        if not self.terms:
            return
        keys, ranked, counts, order = self._order()
        docnums = np.frombuffer(self.docnums, dtype=np.uint32)
        weights = np.frombuffer(self.weights, dtype=np.float64)
        values = bytes(self.values)
        ends = np.frombuffer(self.ends, dtype=np.uint64)
        lo = start = end = 0  # postings start..end are read into the lists below
        docs: list[int] = []
        wts: list[float] = []
        vals: list[bytes] = []
        for term, n in zip(ranked, counts, strict=True):
            hi = lo + n
            if hi > end:
                start, end = lo, max(hi, lo + TERM_BLOCK)
                chosen = order[start:end]
                docs, wts = docnums[chosen].tolist(), weights[chosen].tolist()
                # each value's bytes, cut by slices made in C (a Python index pair each
                # posting cost twice as much)
                cuts = map(slice, ends[chosen].tolist(), ends[chosen + 1].tolist())
                vals = list(map(values.__getitem__, cuts))
            fieldname, tbytes = keys[term]
            a, b = lo - start, hi - start
            yield fieldname, tbytes, docs[a:b], wts[a:b], vals[a:b]
            lo = hi

    def by_term(self) -> Iterator[Term]:
        """Every posting of the pool, term by term in Whoosh's order: each term's field,
        bytes, and its postings' document numbers, weights and values (documents in
        order). With runs on disk, what is held joins them as a last run and the runs
        are merged; the run files are removed as the merge ends."""
        if not self.runs:
            yield from self._held_by_term()
            return
        if self.docnums:
            self._spill()
        paths, self.runs = self.runs, []
        try:
            yield from _merged([_read_run(self.tempstore, p) for p in paths])
        finally:
            for path in paths:
                self._remove_run(path)

    def iter_postings(self) -> Iterator[tuple[str, bytes, int, float, bytes]]:
        """Every posting one by one, as Whoosh's own pool gives them."""
        for fieldname, tbytes, docs, weights, values in self.by_term():
            for posting in zip(docs, weights, values, strict=True):
                yield (fieldname, tbytes, *posting)

    def _spill(self) -> None:
        """Write what is held as a sorted run and start empty."""
        path, f = self._new_run()
        try:
            self._write_sorted(f)
        finally:
            f.close()
        self._add_run(path)
        self.start()

    def _write_sorted(self, f: Any) -> None:
        """The run file: a header, the four columns in term order (document numbers,
        weights, value ends, value bytes), then the terms in chunks of postings."""
        import numpy as np

        keys, ranked, counts, order = self._order()
        n, nbytes = len(order), len(self.values)
        docs = np.frombuffer(self.docnums, dtype=np.uint32)[order]
        weights = np.frombuffer(self.weights, dtype=np.float64)[order]
        ends = np.frombuffer(self.ends, dtype=np.uint64)
        lengths = (ends[1:] - ends[:-1])[order]
        new_ends = np.zeros(n + 1, dtype=np.uint64)
        np.cumsum(lengths, out=new_ends[1:])
        f.write(_MAGIC + bytes(_HEADER.size))
        offsets = []
        for column in (docs, weights, new_ends):
            offsets.append(f.tell())
            f.write(column.tobytes())
        offsets.append(f.tell())
        values = np.frombuffer(self.values, dtype=np.uint8)
        for lo in range(0, n, GATHER_POSTINGS):
            part = order[lo : lo + GATHER_POSTINGS]
            lens = lengths[lo : lo + GATHER_POSTINGS].astype(np.int64)
            if not len(part) or not lens.sum():
                continue
            # each posting's bytes: its start in the buffer, then consecutive bytes
            starts = ends[part].astype(np.int64)
            shift = np.repeat(starts - (np.cumsum(lens) - lens), lens)
            f.write(values[shift + np.arange(int(lens.sum()), dtype=np.int64)].tobytes())
        keys_at = f.tell()
        chunk_keys: list[tuple[str, bytes]] = []
        chunk_counts: list[int] = []
        held = 0
        for term, count in zip(ranked, counts, strict=True):
            if chunk_keys and held + count > RUN_CHUNK:
                marshal.dump((chunk_keys, chunk_counts), f)
                chunk_keys, chunk_counts, held = [], [], 0
            chunk_keys.append(keys[term])
            chunk_counts.append(count)
            held += count
        if chunk_keys:
            marshal.dump((chunk_keys, chunk_counts), f)
        f.seek(len(_MAGIC))
        f.write(_HEADER.pack(n, len(keys), nbytes, keys_at, *offsets))

    def cleanup(self) -> None:
        """Remove the run files (Whoosh's own removes paths relative to the working
        folder, not the temporary storage the runs are in)."""
        for path in self.runs:
            with contextlib.suppress(OSError):
                self._remove_run(path)
        self.runs = []


def _read_run(tempstore: Any, path: str) -> Iterator[Term]:
    """A run file's terms in order, each with its postings, a chunk at a time."""
    import numpy as np

    name = tempstore._fpath(path)
    with open(name, "rb") as f, open(name, "rb") as values:
        if f.read(len(_MAGIC)) != _MAGIC:
            raise ValueError(f"{path}: not a run of postings")
        n, _terms, _bytes, keys_at, *at = _HEADER.unpack(f.read(_HEADER.size))
        docs_col = np.memmap(name, dtype=np.uint32, mode="r", offset=at[0], shape=(n,))
        weights_col = np.memmap(name, dtype=np.float64, mode="r", offset=at[1], shape=(n,))
        ends_col = np.memmap(name, dtype=np.uint64, mode="r", offset=at[2], shape=(n + 1,))
        f.seek(keys_at)
        lo = 0
        while lo < n:
            keys, counts = marshal.load(f)
            hi = lo + sum(counts)
            docs, weights = docs_col[lo:hi].tolist(), weights_col[lo:hi].tolist()
            ends = ends_col[lo : hi + 1].tolist()
            values.seek(at[3] + ends[0])
            buf, base = values.read(ends[-1] - ends[0]), ends[0]
            vals = [buf[a - base : b - base] for a, b in pairwise(ends)]
            a = 0
            for (fieldname, tbytes), count in zip(keys, counts, strict=True):
                b = a + count
                yield fieldname, tbytes, docs[a:b], weights[a:b], vals[a:b]
                a = b
            lo = hi


def _merged(runs: list[Iterator[Term]]) -> Iterator[Term]:
    """The runs' terms merged in order; a term found in several runs gets their postings
    joined in run order (``heapq.merge`` keeps equal keys in the order of the runs)."""
    current: Term | None = None
    for term in heapq.merge(*runs, key=lambda t: (t[0], t[1])):
        if current is not None and term[0] == current[0] and term[1] == current[1]:
            current[2].extend(term[2])
            current[3].extend(term[3])
            current[4].extend(term[4])
            continue
        if current is not None:
            yield current
        current = term
    if current is not None:
        yield current
