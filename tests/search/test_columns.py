"""Stored columns as arrays (search/columns.py) against Whoosh's per-document column reads."""

from __future__ import annotations

import numpy as np

from migsearch.search.columns import FacetArrays, column_values


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
