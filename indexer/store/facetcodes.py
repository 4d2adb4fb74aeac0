"""A segment's facet columns, dictionary-encoded, in a file beside the segment's own.

A search counts facets and tests filters on arrays made from the stored
columns of every document (``search.columns``). Whoosh keeps a column as one
byte string per document, so turning it into arrays is a Python loop over
every document of every column: about 0.9 s a column at a million documents,
paid by the first search of every process (a one-shot ``migsearch search``
spent 9 of its 9.5 s there). The writer knows the values anyway, so it also
writes them here in the form a search wants: for each column field, the
distinct values of the segment and one 32-bit code per document. A reader
turns that into arrays with a few vectorised steps and no loop per document.

The file is named after its segment (``MAIN_<segment id>.fcd``), so Whoosh and
:mod:`.storage` remove it with the segment's other files. It covers every
document of the segment, deleted or not, exactly as the columns do; a reader
masks deleted documents itself. A segment may lack the file (an index written
before it existed, or a merged segment the run's own writer also added
documents to): the reader then reads Whoosh's column, which holds the same
values (tested), only slower.

Layout: the magic line; the header's length (unsigned 32-bit, little-endian);
the header, UTF-8 JSON ``{"docs": n, "fields": [[name, [values…]], …]}``;
then each field's codes in header order, ``n`` little-endian unsigned 32-bit
numbers each.
"""

from __future__ import annotations

import json
import struct
from array import array
from typing import Any

import numpy as np

__all__ = ["EXT", "SegmentCodes", "read_codes"]

#: the extension of a segment's facet codes
EXT = ".fcd"
_MAGIC = b"migsearch facet codes 1\n"
_LENGTH = struct.Struct("<I")
#: columns every document holds a value of its own in: a dictionary would not shrink them
_UNIQUE = frozenset({"id"})


def column_fields(schema: Any) -> list[str]:
    """The fields of ``schema`` with a column worth encoding (every sortable one but ``id``)."""
    return [n for n, f in schema.items() if f.column_type is not None and n not in _UNIQUE]


class SegmentCodes:
    """The column values of one segment's documents, encoded as they are written.

    ``complete`` turns False when a document of the segment was written
    without passing through :meth:`add` (then no file is written: a file must
    cover every document or not exist).
    """

    def __init__(self, schema: Any) -> None:
        self._fields = {n: schema[n] for n in column_fields(schema)}
        self._tables: dict[str, dict[str, int]] = {n: {} for n in self._fields}
        self._codes: dict[str, array] = {n: array("I") for n in self._fields}
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
            table = self._tables[name]
            code = table.get(raw)
            if code is None:
                code = table[raw] = len(table)
            self._codes[name].append(code)
        self._docs += 1

    def carry(self, reader: Any, first: int) -> None:
        """Take the codes of ``reader``'s live documents, which a merge numbers from ``first``."""
        if first != self._docs or not self.complete:
            self.complete = False
            return
        live = np.fromiter(reader.all_doc_ids(), dtype=np.int64)
        for name in self._fields:
            found = read_codes(reader.storage(), reader.segment(), name)
            if found is None:  # a segment without the file: Whoosh's column, once
                values, codes = _from_column(reader, name)
            else:
                values, codes = found
            table = self._tables[name]
            remap = np.fromiter(
                (table.setdefault(v, len(table)) for v in values),
                dtype=np.uint32,
                count=len(values),
            )
            self._codes[name].extend(remap[codes[live]].tolist() if len(values) else [])
        self._docs += len(live)

    def close(self, storage: Any, segment: Any, docs: int) -> None:
        """Write the file of ``segment`` (which holds ``docs`` documents) if this covers them all."""
        if not self.complete or self._docs != docs or not docs:
            return
        header = {"docs": docs, "fields": [[n, list(t)] for n, t in self._tables.items()]}
        blob = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        f = storage.create_file(segment.make_filename(EXT))
        try:
            f.write(_MAGIC + _LENGTH.pack(len(blob)) + blob)
            for n in self._tables:
                f.write(np.frombuffer(self._codes[n], dtype=np.uint32).astype("<u4").tobytes())
        finally:
            f.close()


def read_codes(storage: Any, segment: Any, field: str) -> tuple[list[str], np.ndarray] | None:
    """A segment's distinct values of ``field`` and each document's code into them, or
    None when the segment has no file or the file no such field."""
    name = segment.make_filename(EXT)
    if not storage.file_exists(name):
        return None
    f = storage.open_file(name)
    try:
        if f.read(len(_MAGIC)) != _MAGIC:
            raise ValueError(f"{name} is not a file of facet codes")
        (length,) = _LENGTH.unpack(f.read(_LENGTH.size))
        header = json.loads(f.read(length).decode("utf-8"))
        docs = header["docs"]
        for i, (n, values) in enumerate(header["fields"]):
            if n == field:
                f.seek(len(_MAGIC) + _LENGTH.size + length + 4 * docs * i)
                codes = np.frombuffer(f.read(4 * docs), dtype="<u4").astype(np.uint32)
                return values, codes
    finally:
        f.close()
    return None


def _from_column(reader: Any, field: str) -> tuple[list[str], np.ndarray]:
    """Whoosh's column of a segment, dictionary-encoded (a document at a time)."""
    table: dict[str, int] = {}
    codes = [table.setdefault(v, len(table)) for v in reader.column_reader(field)]
    return list(table), np.asarray(codes, dtype=np.uint32)
