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
    else:
        vals = [first]
        for _ in range(k - 1):
            v, pos = _scalar(b, pos)
            if type(v) is not int:
                raise _Unknown
            vals.append(v)
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


def _decode_block(data: Any, k: int, compressed: bool) -> tuple[np.ndarray, np.ndarray]:
    # what the ids and weights take at most: header, k ids of 5 bytes, k floats of 9
    need = 24 + 14 * k
    try:
        head = zlib.decompressobj().decompress(data, need) if compressed else bytes(data[:need])
        return _ids_and_weights(head, k)
    except (_Unknown, IndexError, struct.error):
        return _by_pickle(data, compressed)


def decode_postings(buf: Any, offset: int) -> tuple[np.ndarray, np.ndarray]:
    """(document numbers, weights) of the posting list at ``offset`` of a postings file.

    ``buf`` is the whole file (bytes, mmap or memoryview). Raises ValueError
    when there is no whoosh3 posting list there.
    """
    mv = memoryview(buf)
    if bytes(mv[offset : offset + 4]) != BLOCK_MAGIC:
        raise ValueError(f"no whoosh3 postings at offset {offset}")
    pos = offset + 4
    id_parts: list[np.ndarray] = []
    w_parts: list[np.ndarray] = []
    last = False
    n = 0
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
        deltas, w = _decode_block(mv[start + data_at : pos], k, bool(comp))
        id_parts.append(np.cumsum(deltas))  # deltas restart at 0 in every block
        w_parts.append(w)
        n += 1
        if n % _CHECK_EVERY == 0:
            check_deadline()
    if len(id_parts) == 1:
        return id_parts[0], w_parts[0]
    return np.concatenate(id_parts), np.concatenate(w_parts)


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
