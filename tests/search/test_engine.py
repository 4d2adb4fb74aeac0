"""The Python search API (search/engine.py) over a real index of the sample corpus."""

from __future__ import annotations

import pytest

from migsearch.errors import (
    DocumentNotFoundError,
    IndexMissingError,
    QueryError,
    UnknownCountryError,
    UsageError,
)
from migsearch.indexer.vocabulary.countries import all_regions
from migsearch.search.engine import SearchIndex, open_index


def _titles(res) -> list[str]:
    return [h.title for h in res.hits]


def test_fishers_query_finds_the_fishers_item_first(searcher: SearchIndex) -> None:
    res = searcher.search("migrant fishers")
    assert res.hits[0].title.startswith("Providing better working and living conditions")
    assert res.hits[0].date == "2015-04-27"
    assert "<b>fishers</b>" in res.hits[0].highlights


def test_result_json_has_the_design_shape(searcher: SearchIndex) -> None:
    d = searcher.search("fishers").to_dict()
    assert list(d) == [
        "query",
        "total",
        "total_all_words",
        "page",
        "limit",
        "hits",
        "facets",
        "suggestion",
        "expansions",
        "notices",
    ]
    assert list(d["hits"][0]) == [
        "id", "title", "date", "countries", "mentioned_countries", "regions", "corridors",
        "groups", "themes", "summary", "source", "score", "highlights",
        "page",
    ]  # fmt: skip
    assert set(d["facets"]) >= {"countries", "themes", "years"}
    assert list(d["facets"]["countries"][0]) == ["value", "label", "count"]
    assert list(d["facets"]["years"][0]) == ["value", "count"]
    assert d["total"] == len(d["hits"]) or d["total"] > d["limit"]


def test_browse_everything_newest_first(searcher: SearchIndex) -> None:
    for q in ("", "*", None):
        res = searcher.search(q, limit=100)
        assert res.total == 30
        dates = [h.date for h in res.hits if h.date]
        assert dates == sorted(dates, reverse=True)
        # undated documents come after dated ones
        first_undated = next(i for i, h in enumerate(res.hits) if not h.date)
        assert all(not h.date for h in res.hits[first_undated:])


def test_oldest_sort_puts_undated_last(searcher: SearchIndex) -> None:
    res = searcher.search("", sort="oldest", limit=100)
    dated = [h.date for h in res.hits if h.date]
    assert dated == sorted(dated)
    assert res.hits[0].date == "2014-09"
    assert res.hits[-1].date is None


@pytest.mark.parametrize("value", ["THA", "th", "Thailand", "thailand", " THAILAND "])
def test_country_filter_accepts_codes_and_names(searcher: SearchIndex, value: str) -> None:
    res = searcher.search("", countries=[value], limit=100)
    assert res.total > 0
    assert all("THA" in h.countries for h in res.hits)


def test_region_filter_finds_members_and_documents_naming_it(searcher: SearchIndex) -> None:
    asean = searcher.search("", countries=["ASEAN"], limit=100)
    tha = searcher.search("", countries=["THA"], limit=100)
    assert {h.id for h in tha.hits} < {h.id for h in asean.hits}
    members = set(all_regions()["ASEAN"])
    assert all("ASEAN" in h.regions for h in asean.hits)
    # the two ASEAN statistics reports name ASEAN and no member state
    stats = [h for h in asean.hits if not members & set(h.countries)]
    assert {h.title[:30] for h in stats} >= {
        "The International Labour Migra",
        "Measuring labour migration in ",
    }
    found = searcher.search("statistics", countries=["ASEAN"])
    assert found.total == 2
    gulf = searcher.search("", countries=["Gulf countries"])
    assert [h.title[:36] for h in gulf.hits] == ["IOM Strategy for the Gulf Countries "]


def test_mentions_widen_the_country_filter_and_its_counts(searcher: SearchIndex) -> None:
    about = searcher.search("", countries=["SAU"], limit=100)
    both = searcher.search("", countries=["SAU"], mentions=True, limit=100)
    assert about.total == 0 and both.total == 1  # Nepal's report lists the destinations
    assert both.hits[0].title.startswith("Protection, Not Restrictions!")
    count = {v.value: v.count for v in searcher.search("").facets["countries"]}
    broad = {v.value: v.count for v in searcher.search("", mentions=True).facets["countries"]}
    assert "SAU" not in count and broad["SAU"] == 1
    assert all(broad[c] >= n for c, n in count.items())
    regions = {v.value: v.count for v in searcher.search("", mentions=True).facets["regions"]}
    assert regions["GCC"] == 2  # the Gulf strategy names it, Nepal's report mentions members


def test_corridor_and_group_filters(searcher: SearchIndex) -> None:
    def titles(**kw: object) -> set[str]:
        return {h.title[:24] for h in searcher.search("", limit=100, **kw).hits}

    fishers = "Providing better working"
    nepal = "Protection, Not Restrict"
    assert titles(corridors=["MMR-THA"]) == {fishers}
    assert titles(corridors=["*-THA"]) == {fishers}
    assert titles(corridors=["NPL-GCC"]) == titles(corridors=["*-SAU"]) == {nepal}
    assert titles(corridors=["South Asia-*"]) >= {nepal}
    assert titles(corridors=["ASEAN-EAST_ASIA"]) == {fishers}  # VNM-KOR, PHL-TWN…
    assert titles(corridors=["THA-MMR"]) == set()
    assert titles(groups=["fishers"]) == {fishers}
    assert titles(groups=["domestic workers"], corridors=["*-SAU"]) == {nepal}
    res = searcher.search("", corridors=["MMR-THA"])
    corridors = {v.value: v for v in res.facets["corridors"]}
    # the corridor facet ignores its own filter: every corridor of the index is counted
    assert corridors["MMR-THA"].label == "Myanmar → Thailand" and "NPL-SAU" in corridors


def test_values_of_one_filter_are_ored_and_filters_anded(searcher: SearchIndex) -> None:
    chn = searcher.search("", countries=["CHN"], limit=100).total
    ind = searcher.search("", countries=["IND"], limit=100).total
    both = searcher.search("", countries=["CHN", "IND"], limit=100)
    assert both.total == chn + ind  # no document in the corpus is tagged with both
    narrowed = searcher.search("", countries=["CHN", "IND"], date_from="2030", limit=100)
    assert narrowed.total == 0


def test_facets_ignore_their_own_filter(searcher: SearchIndex) -> None:
    plain = searcher.search("migrant")
    picked = searcher.search("migrant", countries=["THA"])
    counts = {f.value: f.count for f in plain.facets["countries"]}
    picked_counts = {f.value: f.count for f in picked.facets["countries"]}
    # picking Thailand still shows every other country's count for the query
    assert picked_counts == counts
    assert picked.total == counts["THA"]
    # while the other facets are narrowed to Thailand's documents
    assert sum(f.count for f in picked.facets["years"]) <= sum(
        f.count for f in plain.facets["years"]
    )


def test_facet_counts_cover_all_matches_not_the_page(searcher: SearchIndex) -> None:
    res = searcher.search("", limit=1)
    assert len(res.hits) == 1
    assert sum(f.count for f in res.facets["years"]) == sum(
        1 for h in searcher.search("", limit=100).hits if h.date
    )
    assert res.facets["countries"] == sorted(
        res.facets["countries"], key=lambda f: (-f.count, f.value)
    )


def test_date_range_is_open_ended_and_keeps_precision(searcher: SearchIndex) -> None:
    since = searcher.search("", date_from="2015", limit=100)
    assert {h.date[:4] for h in since.hits} == {"2015"}
    until = searcher.search("", date_to="2014-09", limit=100)
    assert [h.date for h in until.hits] == ["2014-09-08", "2014-09"]
    window = searcher.search("", date_from="2015-02", date_to="2015-03-02", limit=100)
    assert sorted(h.date for h in window.hits) == ["2015-02-12", "2015-03-02"]


def test_pages_do_not_overlap_and_cover_everything(searcher: SearchIndex) -> None:
    seen = []
    for page in range(1, 5):
        res = searcher.search("", limit=8, page=page)
        assert res.page == page
        seen += [h.id for h in res.hits]
    assert len(seen) == len(set(seen)) == 30


def test_country_words_in_the_query_match_the_country_field(searcher: SearchIndex) -> None:
    res = searcher.search("Burma")
    # no document says "Burma"; documents about Myanmar are found through the tag
    assert res.total > 0
    assert all("MMR" in h.countries for h in res.hits)
    assert {"type": "country", "from": "Burma", "to": "MMR"} in res.expansions


def test_short_query_ranks_documents_with_all_words_first(searcher: SearchIndex) -> None:
    res = searcher.search("housing migrant workers", limit=30)
    assert res.hits[0].title.startswith("Home truths")


def test_long_natural_language_query_still_returns_ranked_hits(searcher: SearchIndex) -> None:
    res = searcher.search(
        "what are governments in southeast asia doing to protect women migrant workers "
        "who are employed as domestic workers abroad"
    )
    assert res.total > 5
    scores = [h.score for h in res.hits]
    assert scores == sorted(scores, reverse=True)


def test_phrase_and_boolean_syntax(searcher: SearchIndex) -> None:
    phrase = searcher.search('"wage arrears"')
    assert _titles(phrase) == [
        "Technological solutions to guaranteed wage payments of construction workers in China"
    ]
    covid = searcher.search("covid").total
    covid_not_china = searcher.search("covid NOT china").total
    assert 0 < covid_not_china < covid
    assert searcher.search("covid AND housing").total == 0


def test_errors(searcher: SearchIndex) -> None:
    with pytest.raises(QueryError) as e:
        searcher.search('"unclosed')
    assert e.value.position == 0
    with pytest.raises(UnknownCountryError) as uc:
        searcher.search("", countries=["Thialand"])
    assert "Thailand" in str(uc.value)
    with pytest.raises(UsageError):
        searcher.search("", date_from="April 2015")
    with pytest.raises(UsageError):
        searcher.search("x", sort="random")
    with pytest.raises(UsageError):
        searcher.search("x", limit=0)


def test_get_document(searcher: SearchIndex) -> None:
    hit = searcher.search("migrant fishers").hits[0]
    doc = searcher.get(hit.id)
    assert doc.title == hit.title
    assert doc.body.startswith("The issue of work in fishing")
    with pytest.raises(DocumentNotFoundError):
        searcher.get("../../etc/passwd")


def test_missing_index(tmp_path) -> None:
    with pytest.raises(IndexMissingError, match="migsearch index"):
        open_index(tmp_path / "nothing-here")


def test_stats(searcher: SearchIndex) -> None:
    st = searcher.stats()
    assert st["documents"] == 30
    assert st["sources"] == 2
    assert st["years"] == {"2014": 4, "2015": 5}


def test_iter_hits_is_lazy(searcher: SearchIndex, monkeypatch) -> None:
    """The export asks for one page at a time, not for every hit up front."""
    calls = []
    real = SearchIndex.search

    def spy(self, *a, **kw):
        calls.append(kw.get("page"))
        return real(self, *a, **kw)

    monkeypatch.setattr(SearchIndex, "search", spy)
    it = searcher.iter_hits(None)
    next(it)
    assert calls == [1]
    rest = list(it)
    assert len(rest) + 1 == searcher.doc_count()


def test_iter_hits_pages_through_more_than_one_page(tmp_path) -> None:
    import json

    from migsearch.indexer.store.writer import build_index
    from migsearch.search.request import MAX_LIMIT

    src = tmp_path / "many.jsonl"
    n = MAX_LIMIT * 2 + 7
    src.write_text(
        "\n".join(
            json.dumps({"id": f"d{i}", "title": f"Report {i}", "text": "migrant workers"})
            for i in range(n)
        )
    )
    build_index([src], tmp_path / "ix", workers=1)
    with open_index(tmp_path / "ix") as ix:
        ids = [h.id for h in ix.iter_hits("migrant")]
    assert len(ids) == n == len(set(ids))


@pytest.mark.parametrize(
    "query",
    ["a b ANDNOT c", "migrant workers ANDNOT fishers", "(fishers OR trafficking) ANDNOT thailand"],
)
def test_andnot_after_several_words_excludes_the_right_side(
    searcher: SearchIndex, query: str
) -> None:
    res = searcher.search(query, limit=50)
    left, right = query.rsplit(" ANDNOT ", 1)
    assert res.total == len(
        {h.id for h in searcher.iter_hits(left)} - {h.id for h in searcher.iter_hits(right)}
    )
