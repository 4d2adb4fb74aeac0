"""Stored columns as arrays (search/columns.py) against Whoosh's per-document column reads."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
from support import delete_all_of

from migsearch.indexer.store.facetcodes import EXT, Encoded, encode
from migsearch.indexer.store.storage import data_folder
from migsearch.indexer.store.writer import build_index
from migsearch.search.columns import (
    FacetArrays,
    column_lists,
    column_values,
    docs_by_id,
    joined,
    prefixed,
)
from migsearch.search.docset import DocSet
from migsearch.search.engine import open_index
from migsearch.search.facets import FILTERS


def test_bulk_column_reads_equal_per_document_reads(searcher) -> None:
    r = searcher._snapshot().searcher.reader()
    for f in ("countries", "themes", "date", "source", "id", "type"):
        assert column_values(r, f) == list(r.column_reader(f)), f


def test_counts_and_masks() -> None:
    arr = FacetArrays.from_column(["THA,MMR", "", "PHL", "THA", "THA,THA"])
    everything = np.ones(5, dtype=bool)
    assert arr.counts(everything) == [("THA", 3), ("MMR", 1), ("PHL", 1)]
    assert arr.counts(np.array([False, False, True, True, False])) == [("PHL", 1), ("THA", 1)]
    assert np.flatnonzero(arr.mask_where({"MMR", "PHL"}.__contains__)).tolist() == [0, 2]
    assert not arr.mask_where(lambda v: False).any()
    years = FacetArrays.from_column(["2015", "", "2015", "2020"], multi=False)
    assert years.counts(np.ones(4, dtype=bool)) == [("2015", 2), ("2020", 1)]
    # one value per document: a comma stays inside it
    urls = FacetArrays.from_column(["http://a/x,y", "http://a/x,y", ""], multi=False)
    assert urls.counts(np.ones(3, dtype=bool)) == [("http://a/x,y", 2)]
    assert FacetArrays.from_column([]).counts(np.zeros(0, dtype=bool)) == []


def test_counts_from_bitmaps_and_pairs_equal_a_plain_count() -> None:
    # values held by many documents are counted from bitmaps, the others from pairs
    rng = np.random.default_rng(7)
    rare = [f"R{i:03d}" for i in range(300)]
    col = []
    for _ in range(5000):
        vals = ["THA"] if rng.random() < 0.6 else []
        vals += ["MMR"] if rng.random() < 0.1 else []
        vals += [str(v) for v in rng.choice(rare, size=int(rng.integers(0, 3)))]
        col.append(",".join(vals))
    arr = FacetArrays.from_column(col)
    assert {"THA", "MMR"} <= {arr.values[i] for i in arr._dense}
    assert len(arr._sparse_doc)  # and rare values are left as pairs
    for share in (1.0, 0.5, 0.01, 0.0):
        mask = rng.random(len(col)) < share
        want: dict[str, int] = {}
        for raw, keep in zip(col, mask, strict=True):
            for v in dict.fromkeys(filter(None, raw.split(","))):
                want[v] = want.get(v, 0) + keep
        ordered = sorted(((v, n) for v, n in want.items() if n), key=lambda vc: (-vc[1], vc[0]))
        assert arr.counts(mask) == ordered
        assert arr.counts(mask, 5) == ordered[:5]


def test_single_valued_counts_read_codes_at_the_set_equal_a_plain_count() -> None:
    # a source-like column: one value or none per document, many values, none dense
    rng = np.random.default_rng(11)
    values = [f"source-{i:03d}" for i in range(150)]
    col = [str(rng.choice(values)) if rng.random() < 0.9 else "" for _ in range(6000)]
    arr = FacetArrays.from_column(col, multi=False)
    assert arr._code is not None and not len(arr._dense)
    assert FacetArrays.from_column(["a,b", "a", "b"] * 10)._code is None  # two in one
    for share in (1.0, 0.3, 0.02, 0.0):
        mask = rng.random(len(col)) < share
        want: dict[str, int] = {}
        for raw, keep in zip(col, mask, strict=True):
            if raw and keep:
                want[raw] = want.get(raw, 0) + 1
        ordered = sorted(want.items(), key=lambda vc: (-vc[1], vc[0]))
        docs = DocSet(mask)
        assert arr.counts(docs) == ordered == arr.counts(mask)
        assert arr.counts(docs, 3) == ordered[:3]
        assert docs.ids().tolist() == np.flatnonzero(mask).tolist()
        assert not docs.ids().flags.writeable  # shared by the facets of a page


def _as_lists(col: Encoded) -> list[list[str]]:
    return [
        [col.values[i] for i in col.ids[col.starts[d] : col.starts[d + 1]].tolist()]
        for d in range(col.docs)
    ]


def _split(raw: str, listed: bool) -> list[str]:
    """A column string's values as the columns define them (a keyword field's list)."""
    if not listed:
        return [raw] if raw else []
    return list(dict.fromkeys(p for p in raw.split(",") if p))


def test_encoded_columns_decode_to_the_columns(searcher) -> None:
    r = searcher._snapshot().searcher.reader()
    for f, listed in [("countries", True), ("themes", True), ("mentioned_countries", True)] + [
        (f, False) for f in ("date", "source", "type", "language")
    ]:
        want = [_split(raw, listed) for raw in column_values(r, f)]
        assert _as_lists(column_lists(r, f)) == want, f
        assert any(len(v) > 1 for v in want) == listed, f  # lists met, and only where listed


def test_joined_and_prefixed_columns_equal_joined_and_cut_strings() -> None:
    rng = np.random.default_rng(3)
    pool = ["THA", "MMR", "PHL", "KHM", "THA,MMR", "MMR,THA,MMR", "", "LAO,,VNM"]
    a = [str(rng.choice(pool)) for _ in range(2000)]
    b = [str(rng.choice([*pool, "ASEAN", "ASEAN,GMS"])) for _ in range(2000)]
    both = [",".join(filter(None, pair)) for pair in zip(a, b, strict=True)]
    got = joined(encode(a, True), encode(b, True))
    assert _as_lists(got) == [_split(raw, True) for raw in both]
    dates = [str(rng.choice(["2015-01-02", "2015-06-30", "2019-01-01", ""])) for _ in range(500)]
    years = prefixed(encode(dates, False), 4)
    assert _as_lists(years) == [[d[:4]] if d else [] for d in dates]
    for share in (1.0, 0.3):
        mask = rng.random(len(both)) < share
        assert FacetArrays.from_encoded(got).counts(mask) == FacetArrays.from_column(both).counts(
            mask
        )


def test_facets_and_filters_are_the_same_without_the_code_files(
    corpus_index: Path, tmp_path: Path
) -> None:
    # an index written before the files existed reads Whoosh's columns instead
    bare = tmp_path / "ix"
    shutil.copytree(corpus_index, bare)
    removed = [p for p in data_folder(bare).iterdir() if p.suffix == EXT]
    assert removed
    for p in removed:
        p.unlink()
    columns = {f.column for f in FILTERS.values()} | {
        f.mentions for f in FILTERS.values() if f.mentions
    }
    seen = []
    for ix_dir in (corpus_index, bare):
        with open_index(ix_dir) as ix:
            snap = ix._snapshot()
            everything = np.ones(snap.postings.n, dtype=bool)
            half = np.arange(snap.postings.n) % 2 == 0
            seen.append(
                (
                    {
                        c: (snap.column(c).counts(everything), snap.column(c).counts(half))
                        for c in columns
                    },
                    snap.date_key.tolist(),
                )
            )
    assert seen[0] == seen[1]
    counts, date_key = seen[0]
    # and what the columns give when read as strings, a document at a time
    with open_index(corpus_index) as ix:
        r = ix._snapshot().searcher.reader()
        for c in columns:
            raw = column_values(r, c.field)
            for extra in c.also:
                raw = [
                    ",".join(filter(None, p))
                    for p in zip(raw, column_values(r, extra), strict=True)
                ]
            raw = [v[: c.prefix] for v in raw] if c.prefix else raw
            everything = np.ones(len(raw), dtype=bool)
            listed = c.field not in ("date", "type", "source", "language")
            assert FacetArrays.from_column(raw, multi=listed).counts(everything) == counts[c][0]
        dates = np.asarray(column_values(r, "date"), dtype=str)
        key = np.unique(dates, return_inverse=True)[1] + (0 if (dates == "").any() else 1)
        assert key.tolist() == date_key
    assert any(len(all_docs) > 3 for all_docs, _half in counts.values())
    assert len(set(date_key)) > 3


def _sources_with_ids(folder: Path, run: int) -> Path:
    """A source whose ids sort differently as code points, bytes and insertion order."""
    names = ["Zeta", "alpha", "älpha", "alpha-2", "Ωmega", "10", "9", "ａ"]
    rows = [
        json.dumps({"id": f"{names[(run * 3 + i) % len(names)]}-{run}-{i}", "title": f"T {i}"})
        for i in range(5 - run % 2)
    ]
    path = folder / f"s{run % 4}.jsonl"  # runs 4 and on replace earlier sources
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_documents_in_id_order_with_and_without_the_code_files(tmp_path: Path) -> None:
    src, ix_dir = tmp_path / "src", tmp_path / "ix"
    src.mkdir()
    for run in range(7):  # several segments and merges
        last = _sources_with_ids(src, run)
        build_index([last], ix_dir, workers=1)
    # a commit drops a segment all of whose records were replaced; deleting part of the
    # last run's records leaves deleted documents in place
    first_two = [json.loads(line)["id"] for line in last.read_text().splitlines()[:2]]
    delete_all_of(ix_dir, first_two)
    bare = tmp_path / "bare"
    shutil.copytree(ix_dir, bare)
    for p in data_folder(bare).iterdir():
        if p.suffix == EXT:
            p.unlink()
    orders = []
    for folder in (ix_dir, bare):
        with open_index(folder) as ix:
            r = ix._snapshot().searcher.reader()
            assert len(list(r.leaf_readers())) > 1
            assert r.doc_count() < r.doc_count_all()  # deleted documents keep their place
            ids = column_values(r, "id")
            by_id = docs_by_id(r).tolist()
            # Python's own order of the strings, equal ids (a deleted twin) by number
            assert by_id == sorted(range(len(ids)), key=lambda d: (ids[d], d))
            orders.append(by_id)
    assert orders[0] == orders[1]
