"""Facets and filters (search/facets.py): counts against a plain recount of stored fields,
multi-select, type and source facets, the year histogram."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from support import run_cli

from migsearch.indexer.store.writer import build_index
from migsearch.search.docset import DocSet
from migsearch.search.engine import open_index
from migsearch.search.facets import FACETS, FILTERS
from migsearch.search.results import FacetValue, fill_year_gaps

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


def test_docsets_intersect_and_count() -> None:
    a = DocSet(np.array([True, False, True, True]))
    b = DocSet(np.array([False, False, True, True]))
    assert len(a) == 3 and len(DocSet(np.zeros(3, dtype=bool))) == 0
    assert (a & b).ids().tolist() == [2, 3]


def test_every_facet_names_a_declared_filter(searcher) -> None:
    assert [f.key for f in FACETS] == [
        "countries",
        "regions",
        "themes",
        "years",
        "types",
        "sources",
        "languages",
    ]
    assert all(f.filter in FILTERS for f in FACETS)
    assert list(searcher.search("migrant").facets) == [f.key for f in FACETS]


def test_facets_are_count_ordered_and_limited(searcher):
    res = searcher.search("migrant", facet_limit=3)
    for name in ("countries", "themes", "regions"):
        vals = res.facets[name]
        assert len(vals) <= 3
        counts = [v.count for v in vals]
        assert counts == sorted(counts, reverse=True)
    full = searcher.search("migrant")
    assert len(full.facets["countries"]) > 3
    assert [v.to_dict() for v in full.facets["countries"][:3]] == [
        v.to_dict() for v in res.facets["countries"]
    ]


def test_facets_are_multi_select(searcher):
    everything = {v.value: v.count for v in searcher.search("migrant").facets["countries"]}
    picked = searcher.search("migrant", countries=["THA"])
    # picking Thailand still shows the other countries' counts ...
    assert {v.value: v.count for v in picked.facets["countries"]} == everything
    # ... while the other facets follow the filter
    themes = {v.value: v.count for v in picked.facets["themes"]}
    assert sum(themes.values()) <= sum(v.count for v in searcher.search("migrant").facets["themes"])


def test_year_facet_is_complete_and_histogram_fills_gaps(searcher):
    res = searcher.search(None, year_histogram=True, facet_limit=1)
    years = {v.value: v.count for v in res.facets["years"]}
    assert len(years) >= 2  # years ignore the facet limit: a timeline needs them all
    hist = res.year_histogram
    assert hist is not None
    assert [v.value for v in hist] == sorted(v.value for v in hist)
    assert {v.value: v.count for v in hist if v.count} == years
    d = res.to_dict()
    assert d["year_histogram"] == [{"value": v.value, "count": v.count} for v in hist]
    assert "year_histogram" not in searcher.search(None).to_dict()


def test_fill_year_gaps():
    vals = [FacetValue("2015", 4), FacetValue("2011", 1), FacetValue("2013", 2)]
    assert [(v.value, v.count) for v in fill_year_gaps(vals)] == [
        ("2011", 1),
        ("2012", 0),
        ("2013", 2),
        ("2014", 0),
        ("2015", 4),
    ]
    assert fill_year_gaps([]) == []


@pytest.fixture(scope="module")
def typed_index(tmp_path_factory):
    d = tmp_path_factory.mktemp("typed")
    rows = [
        {"id": f"n{i}", "title": f"News {i}", "text": "migrant workers news", "type": "news"}
        for i in range(3)
    ] + [
        {"id": f"r{i}", "title": f"Report {i}", "text": "migrant workers report", "type": "report"}
        for i in range(2)
    ]
    (d / "a.jsonl").write_text("\n".join(json.dumps(r) for r in rows[:4]))
    (d / "b.jsonl").write_text(json.dumps(rows[4]))
    build_index([d / "a.jsonl", d / "b.jsonl"], d / "ix", workers=1)
    return d


def test_type_and_source_facets_count_and_filter(typed_index):
    with open_index(typed_index / "ix") as ix:
        res = ix.search("migrant")
        assert [(v.value, v.label, v.count) for v in res.facets["types"]] == [
            ("news", "News", 3),
            ("report", "Report", 2),
        ]
        sources = {v.label: v.count for v in res.facets["sources"]}
        assert sources == {"a.jsonl": 4, "b.jsonl": 1}
        picked = ix.search("migrant", types=["Report"])
        assert picked.total == 2
        # multi-select: the type facet ignores its own filter, the source facet follows it
        assert {v.value: v.count for v in picked.facets["types"]} == {"news": 3, "report": 2}
        assert {v.label: v.count for v in picked.facets["sources"]} == {"a.jsonl": 1, "b.jsonl": 1}
        b = str(typed_index / "b.jsonl")
        assert [h.id for h in ix.search("migrant", sources=[b]).hits] == ["r1"]
        rel = os.path.relpath(b)
        assert [h.id for h in ix.search("migrant", sources=[rel]).hits] == ["r1"]
        assert ix.search("migrant", types=["news", "report"]).total == 5
        assert len(ix.search("migrant", facet_limit=1).facets["types"]) == 1


def test_type_and_source_options_on_the_cli(typed_index):
    ix = str(typed_index / "ix")
    r = run_cli("search", "migrant", "--type", "news", "--json", "--index", ix)
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["total"] == 3 and {h["id"] for h in d["hits"]} == {"n0", "n1", "n2"}
    p = run_cli(
        "search",
        "--source",
        str(typed_index / "b.jsonl"),
        "--format",
        "jsonl",
        "--all",
        "--index",
        ix,
    )
    assert p.returncode == 0, p.stderr
    assert [json.loads(line)["id"] for line in p.stdout.splitlines()] == ["r1"]
