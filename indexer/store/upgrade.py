"""Files an older migsearch did not write beside its segments, added at the next writing run.

Each kind of side file makes searches faster and is written with its segment:
posting arrays (:mod:`.postingarrays`: long lists read without decoding
Whoosh's blocks) and facet codes (:mod:`.facetcodes`: a first search's facets
and id order without a step per document). An index written before either
existed still searches, through Whoosh's blocks and columns, only more slowly;
a ``--rebuild`` was the only way to the files. Instead every incremental run
ends here (:class:`~.session.WriteSession`), holding the writer lock so that
no segment is merged away meanwhile, and writes what a segment lacks from the
segment itself. A segment whose documents are all deleted gets its facet codes
but no posting arrays: searches read its columns with every segment's, never
its postings.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from migsearch.indexer.store.facetcodes import has_codes, write_codes
from migsearch.indexer.store.postingarrays import missing_lists, write_arrays

__all__ = ["add_missing_files"]


def add_missing_files(ix: Any, announce: Callable[[int], None] | None = None) -> int:
    """Write the side files the segments of index ``ix`` lack; returns how many segments
    got any (``announce`` hears that number before the work begins: about 14 s at
    100,000 documents, once)."""
    storage = ix.storage  # the folder: a compound segment's own storage cannot rename
    with ix.reader() as reader:
        todo = []
        for leaf, _offset in reader.leaf_readers():
            # a wholly deleted segment's postings are never read (search.postings), but
            # its columns are, with every segment's
            lists = missing_lists(storage, leaf) if leaf.doc_count() else []
            codes = not has_codes(storage, leaf.segment())
            if lists or codes:
                todo.append((leaf, lists, codes))
        if todo and announce is not None:
            announce(len(todo))
        for leaf, lists, codes in todo:
            if codes:
                write_codes(storage, leaf)
            if lists:
                write_arrays(storage, leaf, lists)
    return len(todo)
