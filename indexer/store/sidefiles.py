"""The files a segment keeps beside Whoosh's own, written with it and carried through merges.

A segment's spelling words (:mod:`.spellwords`) and facet codes
(:mod:`.facetcodes`) are written by the process that writes the segment
(:mod:`.segments`). When a commit merges small segments into a new one,
Whoosh copies their postings, stored fields and columns but knows nothing of
these files: each must take the merged segments' live documents, numbered as
the new segment numbers them, and be written as the new segment's file
(:func:`carrying`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from migsearch.indexer.store.facetcodes import SegmentCodes
from migsearch.indexer.store.spellwords import SegmentWords

__all__ = ["SideFiles", "carrying"]


class SideFiles:
    """The side files of one new segment, filled a document or a merged segment at a time."""

    def __init__(self, schema: Any) -> None:
        self.words = SegmentWords()
        self.codes = SegmentCodes(schema)

    def add(self, docnum: int, words: str | None, fields: dict[str, Any]) -> None:
        """Document ``docnum``: its spelling ``words`` (space-separated) and its fields."""
        if words:
            self.words.add(docnum, words.split())
        self.codes.add(docnum, fields)

    def carry(self, reader: Any, first: int) -> None:
        """Take the live documents of ``reader``'s segment, numbered from ``first``."""
        self.words.carry(reader, first)
        self.codes.carry(reader, first)

    def close(self, storage: Any, segment: Any, docs: int) -> None:
        """Write the files of ``segment`` (``docs`` documents) that have something to hold."""
        self.words.close(storage, segment, docs)
        self.codes.close(storage, segment, docs)


@contextmanager
def carrying(writer: Any) -> Iterator[SideFiles]:
    """While this is open, segments that ``writer`` merges in (``add_reader``) bring
    their side files' entries along; on leaving, they are written as the files of
    the writer's new segment."""
    files = SideFiles(writer.schema)
    add_reader: Callable[[Any], None] = writer.add_reader

    def add_with_files(reader: Any) -> None:
        first = writer.docnum
        add_reader(reader)
        files.carry(reader, first)

    writer.add_reader = add_with_files
    try:
        yield files
    finally:
        del writer.add_reader  # the method of the class again
    files.close(writer.storage, writer.get_segment(), writer.docnum)
