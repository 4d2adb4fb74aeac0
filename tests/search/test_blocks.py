"""Posting lists decoded from the mapped postings file (search/blocks.py) equal Whoosh's own.

Checked for every term of every field of two real indexes: the sample corpus
(short posting lists, weights of several kinds) and the generated wide corpus
(long lists, single-block terms, unique words whose first id needs 2 bytes).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from migsearch.indexer.store.storage import open_existing
from migsearch.search.blocks import decode_postings
from migsearch.search.filemap import shared_for_reading


def _whoosh_postings(r, field: str, term: bytes) -> tuple[list[int], list[float]]:
    m = r.postings(field, term)
    ids, weights = [], []
    while m.is_active():
        ids.append(m.id())
        weights.append(m.weight())
        m.next()
    return ids, weights


@pytest.mark.parametrize("which", ["corpus_index", "wide_index"])
def test_every_term_decodes_as_whoosh_reads_it(which: str, request: pytest.FixtureRequest) -> None:
    path: Path = request.getfixturevalue(which)
    ix = open_existing(path)
    assert shared_for_reading(ix)
    with ix.searcher() as s:
        checked = blocks = 0
        for r, _offset in s.reader().leaf_readers():
            terms = r._terms
            buf = terms._postfile.mapped.buffer
            for field, term in r.all_terms():
                info = terms.term_info(field, term)
                if info.is_inlined():
                    continue
                ids, weights = decode_postings(buf, info._offset)
                want_ids, want_w = _whoosh_postings(r, field, term)
                assert ids.tolist() == want_ids, (field, term)
                assert weights.tolist() == want_w, (field, term)
                assert ids.dtype == np.int64 and weights.dtype == np.float64
                checked += 1
                blocks += (len(ids) + 127) // 128
    assert checked > 300
    if which == "wide_index":
        assert blocks > checked  # terms of several blocks were among them


def test_a_position_that_holds_no_postings_is_refused(corpus_index: Path) -> None:
    ix = open_existing(corpus_index)
    shared_for_reading(ix)
    with ix.searcher() as s:
        r = next(iter(s.reader().leaf_readers()))[0]
        with pytest.raises(ValueError):
            decode_postings(r._terms._postfile.mapped.buffer, 1)
