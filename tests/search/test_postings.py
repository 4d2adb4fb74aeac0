"""The postings reader (search/postings.py) reads what Whoosh's own reader gives, document by document."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from support import delete_all_of

from migsearch.indexer.store.writer import build_index
from migsearch.search.engine import open_index
from migsearch.search.postings import PostingsReader


def _check(searcher) -> None:
    s = searcher._snapshot().searcher
    pr = PostingsReader(s)
    r = s.reader()
    assert pr.live.tolist() == [not r.is_deleted(i) for i in range(r.doc_count_all())]
    for field in ("content", "title", "no_such_field"):
        slow = [r.doc_field_length(i, field, 0) for i in range(r.doc_count_all())]
        assert pr.lengths(field).tolist() == slow, field
    terms = [t.decode() for t in list(r.lexicon("content"))[::7]] + ["no-such-word"]
    for term in terms:
        ids, tfs = pr.postings("content", term)
        want: dict[int, float] = {}
        if ("content", term) in r:
            # Whoosh's matcher skips deleted documents; the reader keeps them for the mask
            m = s.postings("content", term)
            while m.is_active():
                want[m.id()] = m.weight()
                m.next()
        live = pr.live[ids]
        assert dict(zip(ids[live].tolist(), tfs[live].tolist(), strict=True)) == want, term
        assert (np.diff(ids) > 0).all()
    # a term of a keyword field, and a value no field can hold
    assert len(pr.postings("countries", "THA")[0]) == r.doc_frequency("countries", "THA")
    assert len(pr.postings("content", "")[0]) == 0


def test_postings_lengths_and_live_documents(searcher) -> None:
    _check(searcher)


def test_with_segments_and_deletions(tmp_path: Path, corpus_copy) -> None:
    extra = tmp_path / "extra.jsonl"
    rows = [{"id": f"x{i}", "title": f"Fishers {i}", "text": "Fishing wages."} for i in range(4)]
    extra.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    build_index([corpus_copy, extra], tmp_path / "ix", workers=1)
    extra.write_text(json.dumps(rows[0]) + "\n")
    build_index([corpus_copy, extra], tmp_path / "ix", workers=1)
    with open_index(tmp_path / "ix") as ix:
        assert ix._snapshot().searcher.reader().has_deletions()
        _check(ix)


def test_a_segment_of_deleted_documents_is_not_read(tmp_path: Path) -> None:
    """A segment whose records were all deleted (an older migsearch kept such segments):
    its postings are all deleted ones, which no caller keeps, so they are not read."""
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    for path, name in ((first, "a"), (second, "b")):
        rows = [
            {"id": f"{name}{i}", "title": f"Report {i}", "text": "Migrant wages."}
            for i in range(30)
        ]
        path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    build_index([first], tmp_path / "ix", workers=1)
    build_index([first, second], tmp_path / "ix", workers=1)
    delete_all_of(tmp_path / "ix", [f"a{i}" for i in range(30)])
    with open_index(tmp_path / "ix") as ix:
        s = ix._snapshot().searcher
        dead = [(sub, off) for sub, off in s.leaf_searchers() if not sub.reader().doc_count()]
        assert len(dead) == 1 and s.doc_count() == 30
        pr = PostingsReader(s)
        ids, _tfs = pr.postings("content", "migrant")
        assert len(ids) == 30 and pr.live[ids].all()
        _check(ix)
