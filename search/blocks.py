"""Whoosh 3 posting lists decoded straight into numpy arrays.

Whoosh stores a term's postings in blocks of up to 128: a header (the
block's length and a small pickled tuple of statistics), then one pickled and
zlib-compressed tuple ``(id deltas, weights, values)``. The values are the
word positions of each posting, themselves pickled byte strings, which
``pickle`` rebuilds one by one through ``codecs.encode``: most of the time
Whoosh's own reader spends on a block, for data the engine never reads (only
phrases need positions, and Whoosh's matcher handles those).

Here a block is inflated only as far as its ids and weights reach, and those
are read from the pickle's opcodes directly: small deltas are ``K`` (one
byte), weights ``G`` (a big-endian double each), so a block of them is a
strided view of the bytes. Anything else in a block (a larger delta, an
unusual layout) is read opcode by opcode, and a block this module does not
recognise at all is handed to ``pickle``, so the result is always what
Whoosh's own matcher yields.
"""

from __future__ import annotations

import pickle
import struct
import zlib
from typing import Any

import numpy as np

from migsearch.search.deadline import check_deadline

__all__ = ["BLOCK_MAGIC", "decode_postings"]

#: the tag at the start of each term's postings in a whoosh3 postings file
BLOCK_MAGIC = b"W3Bl"
#: blocks decoded between two deadline checks
_CHECK_EVERY = 64
#: a list of fewer usual blocks than this is read block by block (less numpy set-up)
_GATHER_FROM = 4

# pickle opcodes of protocol 2 that the blocks use
_PROTO, _MARK, _TUPLE, _STOP = 0x80, 0x28, 0x74, 0x2E
_BININT1, _BININT2, _BININT, _BINFLOAT = 0x4B, 0x4D, 0x4A, 0x47
_NONE, _NEWTRUE, _NEWFALSE = 0x4E, 0x88, 0x89
_BINPUT, _LONG_BINPUT = 0x71, 0x72
_TUPLE1, _TUPLE2, _TUPLE3, _EMPTY_TUPLE = 0x85, 0x86, 0x87, 0x29

_INT = struct.Struct("!i")
_DOUBLE = struct.Struct(">d")
_U16 = struct.Struct("<H")
_I32 = struct.Struct("<i")
_BE_DOUBLE = np.dtype(">f8")


#: a block of the usual layout, before its ids and weights are read (decode_postings)
_Usual = tuple[int, bytes, int, int, int, Any, bool]


class _Unknown(Exception):
    """A byte sequence this reader does not decode: the caller falls back to pickle."""


def _scalar(b: Any, pos: int) -> tuple[Any, int]:
    """One pickled number (or None/True/False) at ``pos``: (value, position after it)."""
    op = b[pos]
    if op == _BININT1:
        return b[pos + 1], pos + 2
    if op == _BININT2:
        return _U16.unpack_from(b, pos + 1)[0], pos + 3
    if op == _BININT:
        return _I32.unpack_from(b, pos + 1)[0], pos + 5
    if op == _BINFLOAT:
        return _DOUBLE.unpack_from(b, pos + 1)[0], pos + 9
    if op == _NONE:
        return None, pos + 1
    if op == _NEWTRUE:
        return True, pos + 1
    if op == _NEWFALSE:
        return False, pos + 1
    raise _Unknown


def _skip_memo(b: Any, pos: int) -> int:
    op = b[pos]
    if op == _BINPUT:
        return pos + 2
    if op == _LONG_BINPUT:
        return pos + 5
    return pos


def _block_info(b: Any, pos: int) -> tuple[int, int, int]:
    """A block's pickled info tuple at ``pos``: (postings, compression, position after it).

    The tuple is (count, last id, max weight, compression, min length, max length).
    """
    if b[pos] != _PROTO or b[pos + 2] != _MARK:
        raise _Unknown
    pos += 3
    vals = []
    while b[pos] != _TUPLE:
        v, pos = _scalar(b, pos)
        vals.append(v)
        if len(vals) > 6:
            raise _Unknown
    pos = _skip_memo(b, pos + 1)
    if b[pos] != _STOP or len(vals) != 6:
        raise _Unknown
    return int(vals[0]), int(vals[3] or 0), pos + 1


def _ids_and_weights(b: bytes, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Id deltas and weights from the start of a block's data pickle (``k`` postings)."""
    if k <= 3 or b[0] != _PROTO or b[2] != _MARK:  # short tuples have no MARK: pickle reads them
        raise _Unknown
    a = np.frombuffer(b, dtype=np.uint8)
    # ids: the first delta is the block's first document number (any size), the rest
    # are usually one-byte K opcodes: check the opcode bytes at once, read the payloads
    first, pos = _scalar(b, 3)
    if type(first) is not int:
        raise _Unknown
    end = pos + 2 * (k - 1)
    if end < len(b) and b[end] == _TUPLE and (a[pos:end:2] == _BININT1).all():
        deltas = np.empty(k, dtype=np.int64)
        deltas[0] = first
        deltas[1:] = a[pos + 1 : end : 2]
    else:  # larger gaps (a rarer word): M (2 bytes) or J (4) opcodes among the K ones
        vals = [first]
        for _ in range(k - 1):
            op = b[pos]
            if op == _BININT1:
                vals.append(b[pos + 1])
                pos += 2
            elif op == _BININT2:
                vals.append(b[pos + 1] | b[pos + 2] << 8)
                pos += 3
            elif op == _BININT:
                vals.append(_I32.unpack_from(b, pos + 1)[0])
                pos += 5
            else:
                raise _Unknown
        if b[pos] != _TUPLE:
            raise _Unknown
        end = pos
        deltas = np.array(vals, dtype=np.int64)
    pos = _skip_memo(b, end + 1)
    # weights: None (all 1), one float (all equal) or a tuple of k floats
    op = b[pos]
    if op == _NONE:
        return deltas, np.ones(k)
    if op == _BINFLOAT:
        return deltas, np.full(k, _DOUBLE.unpack_from(b, pos + 1)[0])
    if op != _MARK:
        raise _Unknown
    start, stop = pos + 1, pos + 1 + 9 * k
    if stop >= len(b) or b[stop] != _TUPLE or not (a[start:stop:9] == _BINFLOAT).all():
        raise _Unknown
    rows = a[start:stop].reshape(k, 9)[:, 1:]
    return deltas, rows.copy().view(_BE_DOUBLE).reshape(k).astype(np.float64)


def _by_pickle(data: Any, compressed: bool) -> tuple[np.ndarray, np.ndarray]:
    raw = zlib.decompress(data) if compressed else bytes(data)
    ids, weights, _values = pickle.loads(raw)
    k = len(ids)
    if weights is None:
        w = np.ones(k)
    elif isinstance(weights, float | int):
        w = np.full(k, float(weights))
    else:
        w = np.asarray(weights, dtype=np.float64)
    return np.asarray(ids, dtype=np.int64), w


def decode_postings(buf: Any, offset: int) -> tuple[np.ndarray, np.ndarray]:
    """(document numbers, weights) of the posting list at ``offset`` of a postings file.

    ``buf`` is the whole file (bytes, mmap or memoryview). Raises ValueError
    when there is no whoosh3 posting list there.

    Each block's head is inflated and checked here; the ids and weights of every
    block of the usual layout (:func:`_layout`) are then read for the whole list at
    once (:func:`_gather`), and any other block on its own (:func:`_one_block`).
    """
    mv = memoryview(buf)
    if bytes(mv[offset : offset + 4]) != BLOCK_MAGIC:
        raise ValueError(f"no whoosh3 postings at offset {offset}")
    pos = offset + 4
    sizes: list[int] = []
    #: blocks of the usual layout: (index, head, first id delta, where deltas and weights
    #: start, the block's data, compressed or not)
    usual: list[_Usual] = []
    #: the others, decoded one by one: (index, deltas, weights)
    other: list[tuple[int, np.ndarray, np.ndarray]] = []
    last = False
    while not last:
        length = _INT.unpack_from(mv, pos)[0]
        last = length < 0
        start = pos + 4
        pos = start + abs(length)
        try:
            k, comp, data_at = _block_info(mv[start : start + 64], 0)
        except (_Unknown, IndexError, struct.error):
            # an info tuple this reader does not parse: pickle knows where it ends
            reader = _Reader(mv, start)
            k, _maxid, _maxw, comp, _mn, _mx = pickle.Unpickler(reader).load()
            data_at = reader.pos - start
        data = mv[start + data_at : pos]
        # what the ids and weights take at most: header, k ids of 5 bytes, k floats of 9
        need = 24 + 14 * k
        head = zlib.decompressobj().decompress(data, need) if comp else bytes(data[:need])
        u = (len(sizes), head, 0, 0, 0, data, bool(comp))
        try:
            first, at_deltas, at_weights = _layout(head, k)
            usual.append((len(sizes), head, first, at_deltas, at_weights, data, bool(comp)))
        except (_Unknown, IndexError, struct.error):
            other.append((len(sizes), *_one_block(u, k)))
        sizes.append(k)
        if len(sizes) % _CHECK_EVERY == 0:
            check_deadline()
    return _assemble(sizes, usual, other)


def _layout(head: bytes, k: int) -> tuple[int, int, int]:
    """Where a block's ids and weights are, when it has the usual layout: more than 3
    postings, a first delta of any size then one-byte ``K`` deltas, a memo, and a
    tuple of ``k`` floats. (first delta, where the other deltas start, where the
    floats start); raises _Unknown for any other layout. The opcodes of the deltas and
    floats are checked by :func:`_gather`."""
    if k <= 3 or head[0] != _PROTO or head[2] != _MARK:
        raise _Unknown
    first, at_deltas = _scalar(head, 3)
    if type(first) is not int:
        raise _Unknown
    end = at_deltas + 2 * (k - 1)
    if head[end] != _TUPLE:
        raise _Unknown
    pos = _skip_memo(head, end + 1)
    if head[pos] != _MARK or head[pos + 1 + 9 * k] != _TUPLE:
        raise _Unknown
    return first, at_deltas, pos + 1


def _ranges(starts: np.ndarray, counts: np.ndarray, step: int) -> np.ndarray:
    """``start, start + step, …`` (``count`` of them) for each start, one after another."""
    total = int(counts.sum())
    before = np.cumsum(counts) - counts
    return np.repeat(starts - step * before, counts) + step * np.arange(total)


def _gather(usual: list[_Usual], sizes: list[int]) -> Any:
    """Deltas and weights of the usual blocks, read from all their heads at once: (their
    first postings' places, first deltas, other postings' places, other deltas, every
    posting's place, weights), places counted in the whole list; None when an opcode
    is not the expected one (the caller then decodes those blocks one by one)."""
    heads = [u[1] for u in usual]
    a = np.frombuffer(b"".join(heads), dtype=np.uint8)
    base = np.cumsum([0, *(len(h) for h in heads[:-1])])
    ks = np.array([sizes[u[0]] for u in usual], dtype=np.int64)
    place = np.cumsum([0, *sizes[:-1]])[[u[0] for u in usual]]
    # the one-byte deltas after each first one: opcode K, then the byte
    at = _ranges(base + np.array([u[3] for u in usual]), ks - 1, 2)
    if not (a[at] == _BININT1).all():
        return None
    deltas = a[at + 1].astype(np.int64)
    # the floats: opcode G, then 8 big-endian bytes
    at = _ranges(base + np.array([u[4] for u in usual]), ks, 9)
    if not (a[at] == _BINFLOAT).all():
        return None
    raw = a[at[:, None] + np.arange(1, 9)]
    weights = raw.view(_BE_DOUBLE).reshape(len(at)).astype(np.float64)
    firsts = np.array([u[2] for u in usual], dtype=np.int64)
    return place, firsts, _ranges(place + 1, ks - 1, 1), deltas, _ranges(place, ks, 1), weights


def _one_block(u: _Usual, k: int) -> tuple[np.ndarray, np.ndarray]:
    """One block's id deltas and weights from its head, or from all of it by pickle."""
    try:
        return _ids_and_weights(u[1], k)
    except (_Unknown, IndexError, struct.error):
        return _by_pickle(u[5], u[6])


def _assemble(
    sizes: list[int],
    usual: list[_Usual],
    other: list[tuple[int, np.ndarray, np.ndarray]],
) -> tuple[np.ndarray, np.ndarray]:
    got = _gather(usual, sizes) if len(usual) >= _GATHER_FROM else None
    if got is None:  # few blocks, or an opcode other than expected somewhere: one by one
        parts = sorted(other + [(u[0], *_one_block(u, sizes[u[0]])) for u in usual])
        if len(parts) == 1:
            return np.cumsum(parts[0][1]), parts[0][2]
        # deltas restart at 0 in every block
        return np.concatenate([np.cumsum(d) for _, d, _ in parts]), np.concatenate(
            [w for _, _, w in parts]
        )
    places = np.cumsum([0, *sizes])
    deltas = np.empty(int(places[-1]), dtype=np.int64)
    weights = np.empty(len(deltas), dtype=np.float64)
    first_at, firsts, delta_at, block_deltas, weight_at, block_weights = got
    deltas[first_at] = firsts
    deltas[delta_at] = block_deltas
    weights[weight_at] = block_weights
    for i, d, w in other:
        deltas[places[i] : places[i + 1]] = d
        weights[places[i] : places[i + 1]] = w
    # deltas restart at 0 in every block
    cs = np.cumsum(deltas)
    starts = np.concatenate(([0], cs[places[1:-1] - 1]))
    return cs - np.repeat(starts, sizes), weights


class _Reader:
    """A file-like view of a buffer from ``pos``, for pickle to read an info tuple from."""

    def __init__(self, mv: memoryview, pos: int) -> None:
        self.mv, self.pos = mv, pos

    def read(self, n: int) -> bytes:
        out = bytes(self.mv[self.pos : self.pos + n])
        self.pos += len(out)
        return out

    def readline(self) -> bytes:
        end = self.pos
        while end < len(self.mv) and self.mv[end] != 0x0A:
            end += 1
        return self.read(end + 1 - self.pos)
