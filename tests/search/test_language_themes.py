"""Themes and groups of pages in the ASEAN languages, through ingestion, a real index and search.

Three pages written for this test (tests/fixtures/asean_themes): a Thai notice
on trafficking on fishing boats, a Vietnamese news item on rescued
trafficking victims, an Indonesian warning to prospective migrant workers.
What each is about was read from the page before the taxonomy terms were
written; the index is built by the same code path as ``migsearch index``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import ROOT, run_cli

from migsearch.indexer.store.writer import build_index
from migsearch.search.engine import open_index

PAGES = ROOT / "tests" / "fixtures" / "asean_themes"

#: page -> (language, themes it must have, groups it must have)
EXPECTED = {
    "th.html": (
        "th",
        {"trafficking_forced_labour", "fishing"},
        {"trafficking_victims", "fishers_seafarers"},
    ),
    "vi.html": (
        "vi",
        {"trafficking_forced_labour", "return_reintegration"},
        {"trafficking_victims"},
    ),
    "id.html": (
        "id",
        {"trafficking_forced_labour", "irregular_migration", "domestic_work"},
        {"trafficking_victims", "undocumented", "domestic_workers"},
    ),
}


@pytest.fixture(scope="module")
def ix_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("asean_themes") / "ix"
    report = build_index([PAGES], path, workers=1)
    assert report.added == len(EXPECTED)
    return path


@pytest.fixture(scope="module")
def searcher(ix_dir: Path):
    with open_index(ix_dir) as ix:
        yield ix


def test_each_page_gets_its_themes_and_groups(searcher) -> None:
    hits = {Path(h.source).name: h for h in searcher.search("", limit=10).hits}
    assert set(hits) == set(EXPECTED)
    for page, (lang, want_themes, want_groups) in EXPECTED.items():
        hit = hits[page]
        assert hit.language == lang
        assert want_themes <= set(hit.themes), (page, hit.themes)
        assert want_groups <= set(hit.groups), (page, hit.groups)
        # nothing about wages, health or agriculture is said in these pages
        assert not {"health", "covid_19", "agriculture"} & set(hit.themes), (page, hit.themes)


def test_the_theme_and_group_filters_find_them(searcher) -> None:
    res = searcher.search("", themes=["trafficking"], limit=10)
    assert {Path(h.source).name for h in res.hits} == set(EXPECTED)
    res = searcher.search("", themes=["fishing"], limit=10)
    assert {Path(h.source).name for h in res.hits} == {"th.html"}
    res = searcher.search("", groups=["victims of trafficking"], languages=["vi"], limit=10)
    assert {Path(h.source).name for h in res.hits} == {"vi.html"}
    facet = {v.value: v.count for v in searcher.search("").facets["themes"]}
    assert facet["trafficking_forced_labour"] == 3


def test_search_theme_trafficking_in_the_cli(ix_dir: Path) -> None:
    r = run_cli("search", "--theme", "trafficking", "--index", str(ix_dir), "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["total"] == 3
    # a query word in the page's own language, with the theme filter
    r = run_cli(
        "search", "nelayan OR calo", "--theme", "trafficking", "--index", str(ix_dir), "--json"
    )
    assert r.returncode == 0, r.stderr
    assert {Path(h["source"]).name for h in json.loads(r.stdout)["hits"]} == {"id.html"}
