"""Facet counts (search/facets.py) against a plain recount on real small indexes."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from migsearch.indexer.store.writer import build_index
from migsearch.search.engine import open_index
from migsearch.search.facets import DocSet, FacetArrays, count_values

DOCS = [
    ("a1", "Seafarers and fishing crews", "2015-04-27", ["THA", "MMR"], ["fishing"]),
    ("a2", "Recruitment fees for domestic workers", "2016-01-02", ["PHL"], ["domestic_work"]),
    ("a3", "Wage protection for migrant workers", "2016", ["MYS", "IDN"], ["wages"]),
    ("a4", "Fishing vessels inspection report", "2019-03", ["THA"], ["fishing", "wages"]),
    ("a5", "Remittance costs in the corridor", "", ["NPL", "QAT"], ["remittances"]),
    ("a6", "Domestic workers in the Gulf", "2020-07-01", ["PHL", "SAU"], ["domestic_work"]),
    ("a7", "Migrant workers and fishing wages", "2020-11-30", [], ["fishing", "wages"]),
]


def _write(path: Path, docs) -> None:
    with path.open("w", encoding="utf-8") as f:
        for i, title, date, cs, ts in docs:
            rec = {"id": i, "title": title, "text": title + ". Workers report.", "date": date}
            rec.update(countries=cs, themes=ts)
            f.write(json.dumps(rec) + "\n")


@pytest.fixture()
def small_index(tmp_path: Path) -> tuple[Path, Path]:
    src = tmp_path / "docs.jsonl"
    _write(src, DOCS)
    ix = tmp_path / "ix"
    report = build_index([src], ix, workers=1)
    assert report.failed == 0, report.errors
    return src, ix


def _recount(ix, query: str, countries=(), themes=(), skip: str | None = None):
    """Facet counts the slow way: stored fields of every live document matching."""
    s = ix._snapshot().searcher
    from migsearch.search.query.parse import parse_query

    pq = parse_query(query)
    docs = set(s.reader().all_doc_ids()) if pq.query is None else set(pq.query.docs(s))
    c: Counter[str] = Counter()
    t: Counter[str] = Counter()
    y: Counter[str] = Counter()
    for n in docs:
        f = s.stored_fields(n)
        cs = [v for v in (f.get("countries") or "").split(",") if v]
        ts = [v for v in (f.get("themes") or "").split(",") if v]
        c_ok = not countries or set(cs) & set(countries)
        t_ok = not themes or set(ts) & set(themes)
        if t_ok:
            c.update(cs)
        if c_ok:
            t.update(ts)
        if c_ok and t_ok and f.get("date"):
            y[f["date"][:4]] += 1
    return c, t, y


def _facets(res) -> tuple[Counter[str], Counter[str], Counter[str]]:
    return tuple(Counter({f.value: f.count for f in res.facets[k]}) for k in ("countries", "themes", "years"))  # fmt: skip


@pytest.mark.parametrize("query", ["", "fishing", "workers", "domestic OR remittance"])
def test_counts_equal_a_recount(small_index, query: str) -> None:
    _, path = small_index
    with open_index(path) as ix:
        res = ix.search(query)
        assert _facets(res) == _recount(ix, query)
        assert [(f.value, f.count) for f in res.facets["countries"]] == sorted(
            ((f.value, f.count) for f in res.facets["countries"]), key=lambda vc: (-vc[1], vc[0])
        )


def test_multi_select_each_facet_ignores_its_own_filter(small_index) -> None:
    _, path = small_index
    with open_index(path) as ix:
        plain = ix.search("workers")
        picked = ix.search("workers", countries=["PHL"], themes=["wages", "domestic_work"])
        c, t, y = _facets(picked)
        rc, rt, ry = _recount(ix, "workers", countries=["PHL"], themes=["wages", "domestic_work"])
        assert (c, t, y) == (rc, rt, ry)
        # the country facet ignores the country pick but applies the theme pick
        assert c == _recount(ix, "workers", themes=["wages", "domestic_work"])[0]
        assert picked.total == sum(y.values()) + 0  # every picked doc here is dated
        assert picked.total <= plain.total


def test_deleted_documents_are_not_counted_after_reindex(small_index) -> None:
    src, path = small_index
    changed = [d for d in DOCS if d[0] != "a1"]
    changed[0] = ("a2", changed[0][1], changed[0][2], ["VNM"], ["domestic_work"])
    _write(src, changed)
    report = build_index([src], path, workers=1)
    assert report.failed == 0
    with open_index(path) as ix:
        res = ix.search("")
        c, t, y = _facets(res)
        assert res.total == len(changed)
        assert (c, t, y) == _recount(ix, "")
        assert "MMR" not in c  # only a1 had Myanmar, and a1 is gone
        assert c["PHL"] == 1 and c["VNM"] >= 1
        assert ix.search("", countries=["MMR"]).total == 0


def test_empty_index_has_empty_facets(tmp_path: Path) -> None:
    src = tmp_path / "empty"
    src.mkdir()
    build_index([src], tmp_path / "ix", workers=1)
    with open_index(tmp_path / "ix") as ix:
        res = ix.search("")
        assert res.total == 0
        assert all(res.facets[k] == [] for k in ("countries", "themes", "years"))


def test_facet_arrays_and_docsets() -> None:
    arr = FacetArrays.from_column(["THA,MMR", "", "PHL", "THA", "THA,THA"])
    assert count_values(arr, [0, 1, 2, 3, 4]) == [("THA", 3), ("MMR", 1), ("PHL", 1)]
    assert count_values(arr, np.array([False, False, True, True, False])) == [
        ("PHL", 1),
        ("THA", 1),
    ]
    assert arr.docs_with_any(["MMR", "PHL"]) == {0, 2}
    assert arr.per_doc == [(0, 1), (), (2,), (0,), (0,)]
    a = DocSet(arr.mask_with_any(["THA"]))
    b = DocSet(arr.mask_with_any(["MMR", "PHL"]))
    assert set(a) == {0, 3, 4} and len(a & b) == 1 and 0 in (a & b) and 2 not in a
    assert set(frozenset({3, 2}) & a) == {3}
    assert count_values(arr, a) == [("THA", 3), ("MMR", 1)]
    years = FacetArrays.from_column(["2015", "", "2015", "2020"], multi=False)
    assert count_values(years, range(4)) == [("2015", 2), ("2020", 1)]
