"""The public face one index and a shard set share (search/searchable.py): each part of
it answers alike over one index and a three-shard set built from the same records."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import CORPUS

from migsearch.errors import MigsearchError, QueryError, UsageError
from migsearch.indexer.store.shards import build_shards
from migsearch.search.engine import SearchIndex, open_index
from migsearch.search.searchable import Searchable, check_limit
from migsearch.search.shards.coordinator import ShardedIndex


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("both")
    build_shards([CORPUS], tmp / "one", workers=1)
    build_shards([CORPUS], tmp / "three", shards=3, workers=1)
    return tmp / "one", tmp / "three"


def test_both_kinds_are_searchables_and_close_as_context_managers(
    both: tuple[Path, Path],
) -> None:
    for path, kind in zip(both, (SearchIndex, ShardedIndex), strict=True):
        with open_index(path) as ix:
            assert isinstance(ix, kind) and isinstance(ix, Searchable)
            assert ix.search("workers").total > 0


def test_a_browse_is_newest_first_in_both(both: tuple[Path, Path]) -> None:
    with open_index(both[0]) as one, open_index(both[1]) as many:
        a, b = one.search(None, limit=50), many.search(None, limit=50)
    assert a.total == b.total == 30
    dates = [h.date for h in a.hits if h.date]
    assert dates == sorted(dates, reverse=True)
    assert [h.date for h in b.hits] == [h.date for h in a.hits]
    assert all(h.score is None for h in [*a.hits, *b.hits])


def test_more_like_this_is_one_page_without_facets_in_both(both: tuple[Path, Path]) -> None:
    with open_index(both[0]) as one, open_index(both[1]) as many:
        doc = one.search("migrant fishers").hits[0].id
        for ix in (one, many):
            r = ix.similar(doc, limit=4)
            assert r.query == f"similar:{doc}" and r.page == 1 and r.limit == 4
            assert r.facets == {} and r.total == len(r.hits) <= 4
            assert doc not in {h.id for h in r.hits}
        text = "Recruitment fees charged to migrant domestic workers " * 3
        a, b = one.similar_text(text, limit=3), many.similar_text(text, limit=3)
    assert a.query == b.query == "similar:text"
    assert [(h.id, h.score) for h in b.hits] == [(h.id, h.score) for h in a.hits]
    assert b.notices == a.notices


@pytest.mark.parametrize("limit", [0, 1001, -3])
def test_a_page_size_out_of_range_is_refused_alike(both: tuple[Path, Path], limit: int) -> None:
    with pytest.raises(UsageError, match="limit must be between 1 and"):
        check_limit(limit)
    with open_index(both[0]) as one, open_index(both[1]) as many:
        for ix in (one, many):
            with pytest.raises(UsageError):
                ix.similar_text("migrant workers", limit=limit)


def test_a_batch_reports_each_bad_query_and_goes_on_in_both(both: tuple[Path, Path]) -> None:
    queries = [("good", "migrant workers"), ("stop", "the of and"), ("also", "fishers")]
    with open_index(both[0]) as one, open_index(both[1]) as many:
        runs = []
        for ix in (one, many):
            errors: list[tuple[str, MigsearchError]] = []
            ranked = dict(
                ix.batch(queries, 5, on_error=lambda q, e, got=errors: got.append((q, e)))
            )
            assert [q for q, _ in errors] == ["stop"]
            assert isinstance(errors[0][1], QueryError)
            assert ranked["stop"] == [] and ranked["good"] and ranked["also"]
            runs.append(ranked)
            with pytest.raises(QueryError):
                list(ix.batch(queries, 5))
    assert runs[0] == runs[1]


def test_a_suggestion_needs_a_query_in_both(both: tuple[Path, Path]) -> None:
    with open_index(both[0]) as one, open_index(both[1]) as many:
        for ix in (one, many):
            assert ix.suggest("") is None
            assert ix.suggest("migrant fishers") is None  # every word is known
        assert one.suggest("migrnat fishers") == many.suggest("migrnat fishers") is not None
