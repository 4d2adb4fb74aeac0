"""Posting arrays beside the segments: the long lists a search maps hold exactly what
Whoosh's blocks hold, and a search ranks the same with the file, without it, or with
one cut short."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from whoosh.codec.whoosh3 import W3Codec, W3Segment
from whoosh.filedb.filestore import FileStorage

from migsearch.indexer.store import postingarrays
from migsearch.indexer.store.postingarrays import (
    EXT,
    FROM_POSTINGS,
    PostingArraysWriter,
    read_arrays,
)
from migsearch.indexer.store.storage import data_folder
from migsearch.indexer.store.writer import build_index
from migsearch.search.blocks import decode_postings
from migsearch.search.engine import open_index

WORDS = ["migrant", "workers", "wages", "recruitment", "fees", "Thailand", "Myanmar"]


def _corpus(folder: Path, n: int, name: str = "docs") -> Path:
    """``n`` documents: the first words in every one (long lists), others now and then."""
    path = folder / f"{name}.jsonl"
    rows = []
    for i in range(n):
        extra = " ".join(WORDS[j] for j in range(len(WORDS)) if i % (j + 2) == 0)
        text = f"Migrant workers report {i}. {extra} " + "wages " * (1 + i % 4)
        rows.append(
            {"id": f"{name}-{i:05d}", "title": f"Report {i} on {WORDS[i % 7]}", "text": text}
        )
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return path


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("arrays")
    src = _corpus(root, 1300)
    build_index([src], root / "ix", workers=0)
    return root / "ix"


def _files(index_dir: Path) -> list[Path]:
    return sorted(data_folder(index_dir).glob(f"*{EXT}"))


def _top(index_dir: Path, query: str) -> list[tuple[str, float | None]]:
    with open_index(index_dir) as ix:
        res = ix.search(query, limit=50)
        return [(h.id, h.score) for h in res.hits]


def _held_as_blocks(index_dir: Path, threshold: int) -> list[int]:
    """Each segment's count of lists in its arrays file, every one checked equal to
    Whoosh's blocks (dtype included), and every list of ``threshold`` postings or more
    checked to be there (shorter ones not)."""
    held_per_segment = []
    with open_index(index_dir) as ix:
        reader = ix._snapshot().searcher.reader()
        for leaf, _offset in reader.leaf_readers():
            arrays = read_arrays(leaf.storage(), leaf.segment())
            assert arrays is not None, leaf.segment().segment_id()
            buffer = leaf._terms._postfile.mapped.buffer
            held = 0
            for (field, tbytes), info in leaf._terms.items():
                got = arrays.get(field, tbytes)
                if info.doc_frequency() < threshold:
                    assert got is None  # short lists stay in the blocks
                    continue
                assert got is not None, (field, tbytes)
                ids, tfs = decode_postings(buffer, info._offset)
                assert got[0].dtype == ids.dtype and got[1].dtype == tfs.dtype
                assert np.array_equal(got[0], ids) and np.array_equal(got[1], tfs)
                held += 1
            assert held == len(arrays)
            held_per_segment.append(held)
    return held_per_segment


def test_long_lists_are_the_blocks_values(index_dir: Path) -> None:
    assert _files(index_dir), "the segment writer wrote no posting arrays"
    assert sum(_held_as_blocks(index_dir, FROM_POSTINGS)) >= 3  # "migrant", "workers", "wages"


def test_a_segment_made_by_a_merge_has_its_arrays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Small runs one after another: Whoosh merges their segments into one the run's
    own writer writes, which gets its arrays file as a worker's segment does. (The
    threshold is lowered so that a few documents make a long list.)"""
    monkeypatch.setattr(postingarrays, "FROM_POSTINGS", 2)
    src, ix = tmp_path / "src", tmp_path / "ix"
    src.mkdir()
    counts = []
    for n in range(8):
        build_index([_corpus(src, 3, name=f"s{n}")], ix, workers=1)
        counts.append(len(_held_as_blocks(ix, 2)))
    assert max(counts) > counts[-1]  # segments were merged
    assert all(held > 0 for held in _held_as_blocks(ix, 2))
    assert len(_files(ix)) == counts[-1]  # merged segments' files went with them


@pytest.mark.parametrize("damage", ["removed", "cut short", "not ours"])
def test_search_ranks_the_same_without_the_file(
    index_dir: Path, tmp_path: Path, damage: str
) -> None:
    queries = ["migrant wages", "recruitment fees Thailand", "workers"]
    before = {q: _top(index_dir, q) for q in queries}
    copy = tmp_path / "ix"
    shutil.copytree(index_dir, copy)
    for f in _files(copy):
        if damage == "removed":
            f.unlink()
        elif damage == "cut short":
            f.write_bytes(f.read_bytes()[:-10])
        else:
            f.write_bytes(b"something else entirely" * 4)
    with open_index(copy) as ix:
        reader = ix._snapshot().searcher.reader()
        for leaf, _offset in reader.leaf_readers():
            assert read_arrays(leaf.storage(), leaf.segment()) is None
    after = {q: _top(copy, q) for q in queries}
    assert after == before
    assert all(before[q] for q in queries)


def test_writer_keeps_only_long_lists_of_counts(tmp_path: Path) -> None:
    storage = FileStorage(str(tmp_path))
    segment = W3Segment(W3Codec(), "MAIN")
    w = PostingArraysWriter(storage, segment)
    docs = list(range(0, 3 * FROM_POSTINGS, 3))
    w.add("content", b"long", docs, [float(1 + d % 5) for d in docs])
    w.add("content", b"short", docs[:10], [1.0] * 10)
    w.add("content", b"boosted", docs, [1.5] * len(docs))  # not counts
    w.add("title", b"huge", docs, [70000.0] * len(docs))  # past 16 bits
    w.close()
    arrays = read_arrays(storage, segment)
    assert arrays is not None and len(arrays) == 1
    got = arrays.get("content", b"long")
    assert got is not None
    assert got[0].tolist() == docs
    assert got[1].tolist() == [float(1 + d % 5) for d in docs]
    for field, term in (("content", b"short"), ("content", b"boosted"), ("title", b"huge")):
        assert arrays.get(field, term) is None


def test_no_file_when_no_list_is_long(tmp_path: Path) -> None:
    storage = FileStorage(str(tmp_path))
    segment = W3Segment(W3Codec(), "MAIN")
    w = PostingArraysWriter(storage, segment)
    w.add("content", b"few", [1, 2, 3], [1.0, 1.0, 2.0])
    w.close()
    assert not list(tmp_path.iterdir())
    assert read_arrays(storage, segment) is None
