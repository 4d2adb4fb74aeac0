"""A segment's facet columns, dictionary-encoded, in a file beside the segment's own.

A search counts facets and tests filters on arrays made from the stored
columns of every document (``search.columns``). Whoosh keeps a column as one
byte string per document ("THA,MMR"), so turning it into arrays is a Python
loop over every document of every column, splitting each string: about 0.9 s
a column at a million documents, paid by the first search of every process (a
one-shot ``migsearch search`` spent 9 of its 9.5 s there). The writer holds the
values anyway, so it also writes them here in the form a search wants: for each
column field, the segment's distinct values and, for each document, the
numbers of its values. A reader turns that into arrays with a few vectorised
steps and no step per document.

A keyword field (``KEYWORD``: countries, themes, corridors…) holds a
comma-separated list, each value once per document; any other column field
(date, type, source, language) holds one value, or none when empty.

The file is named after its segment (``MAIN_<segment id>.fcd``), so Whoosh and
:mod:`.storage` remove it with the segment's other files. It covers every
document of the segment, deleted or not, as the columns do; a reader masks
deleted documents itself. A segment may lack the file (an index written before
it existed, or a merged segment the run's own writer also added documents to):
the reader then encodes Whoosh's column (:func:`encode`), which holds the same
values (tested), only more slowly, until the next writing run writes the file
from those columns (:func:`write_codes`, called by :mod:`.upgrade`).

The file also holds the segment's documents in id order (:func:`read_order`):
ties in a ranking go by id, so the first search of a commit needs every
document's place in id order. Made from the ``id`` column, that meant reading
every id and sorting them as Python strings (2 s at a million documents); from
the files it is one sort of runs that are sorted already.

Layout (numbers little-endian, unsigned 32-bit): the magic line; the header's
length; the header, UTF-8 JSON ``{"docs": n, "fields": [[name, values' bytes,
numbers], …], "order": width}``; then for each field in header order its
distinct values (a UTF-8 JSON list), each document's first number (``n + 1``
of them) and the numbers; then, when the header has ``order``, the ids in
ascending order as UTF-8 bytes padded with NULs to ``width`` (``n`` of them),
and the document number of each. A file without ``order`` (written before it
existed) is read as before, the order then coming from the column.
"""

from __future__ import annotations

import contextlib
import json
import struct
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh.fields import KEYWORD

__all__ = [
    "EXT",
    "Encoded",
    "SegmentCodes",
    "column_fields",
    "encode",
    "has_codes",
    "id_keys",
    "is_list",
    "read_codes",
    "read_order",
    "write_codes",
]

#: the extension of a segment's facet codes
EXT = ".fcd"
_MAGIC = b"migsearch facet codes 2\n"
_U32 = struct.Struct("<I")
#: columns every document holds a value of its own in: a dictionary would not shrink them
_UNIQUE = frozenset({"id"})


@dataclass
class Encoded:
    """A column as distinct values and, per document, the numbers of its values:
    document ``d`` has ``values[i]`` for each ``i`` in ``ids[starts[d]:starts[d + 1]]``."""

    values: list[str]
    starts: np.ndarray  # int64, one more than there are documents
    ids: np.ndarray  # int32

    @property
    def docs(self) -> int:
        return len(self.starts) - 1


def column_fields(schema: Any) -> list[str]:
    """The fields of ``schema`` with a column worth encoding (every sortable one but ``id``)."""
    return [n for n, f in schema.items() if f.column_type is not None and n not in _UNIQUE]


def is_list(field: Any) -> bool:
    """Does the column of ``field`` hold a comma-separated list (else one value)?"""
    return isinstance(field, KEYWORD)


def id_keys(ids: Iterable[str]) -> np.ndarray:
    """Ids as fixed-width bytes that sort as the strings do: UTF-8 keeps the order of
    code points (``surrogatepass``: an id may carry a lone surrogate from JSON)."""
    keys = [i.encode("utf-8", "surrogatepass") for i in ids]
    return np.asarray(keys, dtype=bytes) if keys else np.zeros(0, dtype="S1")


def _parts(raw: str, listed: bool) -> list[str]:
    """The values of one document's column string, each once, in order."""
    if not raw:
        return []
    return list(dict.fromkeys(p for p in raw.split(",") if p)) if listed else [raw]


def encode(column: Iterable[str], listed: bool) -> Encoded:
    """A column given as one string per document, encoded (a step per document)."""
    table: dict[str, int] = {}
    sizes, ids = [0], []
    for raw in column:
        parts = _parts(raw, listed)
        ids += [table.setdefault(p, len(table)) for p in parts]
        sizes.append(len(parts))
    return Encoded(list(table), np.cumsum(sizes), np.asarray(ids, dtype=np.int32))


class SegmentCodes:
    """The column values of one segment's documents, encoded as they are written.

    ``complete`` turns False when a document of the segment was written
    without passing through :meth:`add` (then no file is written: a file must
    cover every document or not exist).
    """

    def __init__(self, schema: Any) -> None:
        self._fields = {n: schema[n] for n in column_fields(schema)}
        self._lists = {n: is_list(f) for n, f in self._fields.items()}
        self._tables: dict[str, dict[str, int]] = {n: {} for n in self._fields}
        self._sizes: dict[str, array] = {n: array("I") for n in self._fields}
        self._ids: dict[str, array] = {n: array("I") for n in self._fields}
        self._keys: list[bytes] | None = [] if "id" in schema.names() else None
        self._docs = 0
        self.complete = True

    def __len__(self) -> int:
        return self._docs

    def add(self, docnum: int, fields: dict[str, Any]) -> None:
        """Document ``docnum``'s fields (the keyword arguments of ``add_document``)."""
        if docnum != self._docs:
            self.complete = False
            return
        for name, field in self._fields.items():
            value = fields.get(name)
            # what Whoosh's column gives back for the document ("" when absent)
            if value is None:
                raw = ""
            elif isinstance(value, str):
                raw = value  # to_column_value encodes it as UTF-8, the reader decodes it
            else:
                raw = field.from_column_value(field.to_column_value(value))
            parts = _parts(raw, self._lists[name])
            table = self._tables[name]
            self._ids[name].extend([table.setdefault(p, len(table)) for p in parts])
            self._sizes[name].append(len(parts))
        if self._keys is not None:
            self._keys.append(str(fields.get("id") or "").encode("utf-8", "surrogatepass"))
        self._docs += 1

    def carry(self, reader: Any, first: int) -> None:
        """Take the codes of ``reader``'s live documents, which a merge numbers from ``first``."""
        if first != self._docs or not self.complete:
            self.complete = False
            return
        n = reader.doc_count_all()
        live = np.zeros(n, dtype=bool)
        live[np.fromiter(reader.all_doc_ids(), dtype=np.int64)] = True
        for name in self._fields:
            col = read_codes(reader.storage(), reader.segment(), name)
            if col is None:  # a segment without the file: Whoosh's column, once
                col = encode(reader.column_reader(name), self._lists[name])
            table = self._tables[name]
            remap = np.fromiter(
                (table.setdefault(v, len(table)) for v in col.values),
                dtype=np.uint32,
                count=len(col.values),
            )
            sizes = np.diff(col.starts)
            kept = np.repeat(live, sizes)
            self._ids[name].extend(remap[col.ids[kept]].tolist())
            self._sizes[name].extend(sizes[live].tolist())
        if self._keys is not None:
            keys = _keys_by_doc(reader)
            self._keys.extend(keys[live].tolist())
        self._docs += int(live.sum())

    def take_columns(self, reader: Any) -> None:
        """Take every document of ``reader``'s segment, deleted ones too, from its Whoosh
        columns: for a segment written without the file (:func:`write_codes`)."""
        if self._docs:
            self.complete = False
            return
        for name in self._fields:
            col = encode(reader.column_reader(name), self._lists[name])
            self._tables[name] = {v: i for i, v in enumerate(col.values)}
            self._sizes[name] = array("I", np.diff(col.starts).astype(np.uint32).tobytes())
            self._ids[name] = array("I", col.ids.astype(np.uint32).tobytes())
        if self._keys is not None:
            self._keys = id_keys(reader.column_reader("id")).tolist()
        self._docs = reader.doc_count_all()

    def close(self, storage: Any, segment: Any, docs: int, *, beside: bool = False) -> None:
        """Write the file of ``segment`` (which holds ``docs`` documents) if this covers them
        all; ``beside``: under another name first, renamed into place once complete (for
        a segment searches may already read)."""
        if not self.complete or self._docs != docs or not docs:
            return
        blobs = {
            n: json.dumps(list(t), ensure_ascii=False).encode("utf-8")
            for n, t in self._tables.items()
        }
        fields = [[n, len(blobs[n]), len(self._ids[n])] for n in self._tables]
        head: dict[str, Any] = {"docs": docs, "fields": fields}
        if self._keys is not None:
            keys = np.asarray(self._keys, dtype=bytes)
            by_id = np.argsort(keys, kind="stable")  # equal ids (a deleted twin) by number
            head["order"] = keys.dtype.itemsize
        header = json.dumps(head).encode("utf-8")
        name = segment.make_filename(EXT)
        written = name + ".tmp" if beside else name
        f = storage.create_file(written)
        try:
            f.write(_MAGIC + _U32.pack(len(header)) + header)
            for n in self._tables:
                starts = np.zeros(docs + 1, dtype="<u4")
                np.cumsum(np.frombuffer(self._sizes[n], dtype=np.uint32), out=starts[1:])
                ids = np.frombuffer(self._ids[n], dtype=np.uint32).astype("<u4")
                f.write(blobs[n] + starts.tobytes() + ids.tobytes())
            if self._keys is not None:
                f.write(keys[by_id].tobytes() + by_id.astype("<u4").tobytes())
        except BaseException:
            f.close()
            with contextlib.suppress(OSError):
                storage.delete_file(written)
            raise
        f.close()
        if beside:
            storage.rename_file(written, name)


def has_codes(storage: Any, segment: Any) -> bool:
    """Does ``segment`` have its file (of any version)?"""
    return bool(storage.file_exists(segment.make_filename(EXT)))


def write_codes(storage: Any, reader: Any) -> None:
    """Write into ``storage`` (the index's folder) the file of ``reader``'s segment, which
    has none, from its Whoosh columns: the file its writer would have written, renamed
    into place once complete."""
    codes = SegmentCodes(reader.schema)
    codes.take_columns(reader)
    codes.close(storage, reader.segment(), reader.doc_count_all(), beside=True)


def _keys_by_doc(reader: Any) -> np.ndarray:
    """The id key (:func:`id_keys`) of each document of ``reader``'s segment, by number."""
    got = read_order(reader.storage(), reader.segment())
    if got is None:  # a segment without the order: Whoosh's column, once
        return id_keys(reader.column_reader("id"))
    keys, docs = got
    out = np.empty_like(keys)
    out[docs] = keys
    return out


def _open(storage: Any, segment: Any) -> tuple[Any, dict[str, Any], int] | None:
    """A segment's file opened, its header and where its first field starts; None when
    the segment has none (or one of another version)."""
    name = segment.make_filename(EXT)
    if not storage.file_exists(name):
        return None
    f = storage.open_file(name)
    if f.read(len(_MAGIC)) != _MAGIC:
        f.close()
        return None  # another version's file: the column is read instead
    (length,) = _U32.unpack(f.read(_U32.size))
    header = json.loads(f.read(length).decode("utf-8"))
    return f, header, len(_MAGIC) + _U32.size + length


def read_order(storage: Any, segment: Any) -> tuple[np.ndarray, np.ndarray] | None:
    """A segment's ids in ascending order (:func:`id_keys`) and the document number of
    each; None when the segment's file does not hold them."""
    opened = _open(storage, segment)
    if opened is None:
        return None
    f, header, at = opened
    try:
        width, docs = header.get("order"), header["docs"]
        if width is None:
            return None
        for _n, nbytes, nids in header["fields"]:
            at += nbytes + 4 * (docs + 1 + nids)
        f.seek(at)
        keys = np.frombuffer(f.read(width * docs), dtype=f"S{width}")
        numbers = np.frombuffer(f.read(4 * docs), dtype="<u4").astype(np.int64)
        return keys, numbers
    finally:
        f.close()


def read_codes(storage: Any, segment: Any, field: str) -> Encoded | None:
    """A segment's column ``field``, encoded; None when the segment has no file (or the
    file no such field)."""
    opened = _open(storage, segment)
    if opened is None:
        return None
    f, header, at = opened
    docs = header["docs"]
    try:
        for n, nbytes, nids in header["fields"]:
            if n == field:
                f.seek(at)
                values = json.loads(f.read(nbytes).decode("utf-8"))
                starts = np.frombuffer(f.read(4 * (docs + 1)), dtype="<u4").astype(np.int64)
                ids = np.frombuffer(f.read(4 * nids), dtype="<u4").astype(np.int32)
                return Encoded(values, starts, ids)
            at += nbytes + 4 * (docs + 1 + nids)
    finally:
        f.close()
    return None
