"""Saved searches and watching them (search/saved.py) over real indexes on disk."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from migsearch.errors import (
    MigsearchError,
    SavedSearchNotFoundError,
    UnknownCountryError,
    UsageError,
)
from migsearch.indexer.store.writer import build_index
from migsearch.search.engine import open_index
from migsearch.search.request import SearchRequest
from migsearch.search.saved import SavedSearches, saved_path

FIRST = [
    ("f1", "Migrant fishers on Thai boats", "2015-04-27", ["THA", "MMR"], ["fishing"]),
    ("f2", "Domestic workers in Malaysia", "2016-01-02", ["MYS"], ["domestic_work"]),
    ("f3", "Crews of fishers and forced labour", "2016", ["THA"], ["fishing"]),
]
LATER = [
    ("n1", "New report on migrant fishers in Thailand", "2024-05-01", ["THA"], ["fishing"]),
    ("n2", "Recruitment fees in Nepal", "2024-06-01", ["NPL"], ["recruitment"]),
    ("n3", "Fishers of Indonesia", "", ["IDN"], ["fishing"]),
]


def write_jsonl(path: Path, docs) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for i, title, date, countries, themes in docs:
            rec = {"id": i, "title": title, "text": title + ". Workers report.", "date": date}
            f.write(json.dumps({**rec, "countries": countries, "themes": themes}) + "\n")
    return path


@pytest.fixture()
def library(tmp_path: Path) -> tuple[Path, Path]:
    """(sources folder, index folder), the first batch indexed."""
    docs = tmp_path / "docs"
    docs.mkdir()
    write_jsonl(docs / "first.jsonl", FIRST)
    ix = tmp_path / "ix"
    assert build_index([docs], ix, workers=1).failed == 0
    return docs, ix


FISHING = SearchRequest(query="fishers", themes=["fishing"])


def _new(reports) -> dict[str, list[str]]:
    return {r.name: [h.id for h in r.new] for r in reports}


def test_saving_is_the_first_check_and_no_commit_means_nothing_new(library) -> None:
    _, ix_dir = library
    store = SavedSearches(ix_dir)
    with open_index(ix_dir) as ix:
        saved = store.add("fishing", FISHING, ix)
        assert sorted(saved.matches) == ["f1", "f3"] and saved.generation == ix.generation()
        assert saved.criteria == {"query": "fishers", "themes": ["fishing"]}
        reports = store.watch(ix)
    assert _new(reports) == {"fishing": []}
    assert reports[0].changed is False and reports[0].total == 2
    assert store.path == saved_path(ix_dir) and store.path.parent == ix_dir.parent


def test_watch_after_an_index_run_reports_exactly_the_new_matches(library) -> None:
    docs, ix_dir = library
    store = SavedSearches(ix_dir)
    with open_index(ix_dir) as ix:
        store.add("fishing", FISHING, ix)
        store.add("thailand", SearchRequest(countries=["Thailand"]), ix)
        store.add("nepal-2016", SearchRequest(countries=["NPL"], years=["2016"]), ix)
        first = ix.generation()
    write_jsonl(docs / "later.jsonl", LATER)
    build_index([docs], ix_dir, workers=1)
    with open_index(ix_dir) as ix:
        reports = store.watch(ix)
        assert _new(reports) == {"fishing": ["n1", "n3"], "nepal-2016": [], "thailand": ["n1"]}
        assert all(r.changed and r.since_generation == first for r in reports)
        assert all(r.generation == ix.generation() > first for r in reports)
        # newest first, undated last
        assert [h.date for h in reports[0].new] == ["2024-05-01", None]
        # checked again with no commit in between: nothing, and nothing searched
        again = store.watch(ix, ["thailand"])
    assert _new(again) == {"thailand": []} and not again[0].changed
    assert store.get("thailand").matches.count("n1") == 1


def test_new_matches_of_one_date_are_listed_by_title(library) -> None:
    docs, ix_dir = library
    store = SavedSearches(ix_dir)
    with open_index(ix_dir) as ix:
        store.add("fishing", FISHING, ix)
    # ids in the opposite order to the titles, and to the order written
    ties = [
        ("z1", "Alpha fishers report", "2024-01-01", ["THA"], ["fishing"]),
        ("y2", "Beta fishers report", "", ["THA"], ["fishing"]),
        ("x3", "Gamma fishers report", "2024-01-01", ["THA"], ["fishing"]),
        ("w4", "delta fishers report", "", ["THA"], ["fishing"]),
    ]
    write_jsonl(docs / "ties.jsonl", ties)
    build_index([docs], ix_dir, workers=1)
    with open_index(ix_dir) as ix:
        [report] = store.watch(ix)
    assert [h.id for h in report.new] == ["z1", "x3", "y2", "w4"]


def test_a_document_tagged_into_the_search_is_new_and_one_that_left_is_forgotten(
    library,
) -> None:
    docs, ix_dir = library
    store = SavedSearches(ix_dir)
    with open_index(ix_dir) as ix:
        store.add("malaysia", SearchRequest(countries=["MYS"]), ix)
    # f1 is now about Malaysia, f2 no longer is
    changed = [
        (i, "Domestic workers" if i == "f2" else t, d, ["MYS"] if i == "f1" else [], th)
        for i, t, d, _, th in FIRST
    ]
    write_jsonl(docs / "first.jsonl", changed)
    build_index([docs], ix_dir, workers=1)
    with open_index(ix_dir) as ix:
        assert _new(store.watch(ix)) == {"malaysia": ["f1"]}
    assert store.get("malaysia").matches == ["f1"]  # f2 no longer matches


def test_saved_searches_survive_a_rebuild(library) -> None:
    docs, ix_dir = library
    store = SavedSearches(ix_dir)
    with open_index(ix_dir) as ix:
        store.add("fishing", FISHING, ix)
    build_index([docs], ix_dir, rebuild=True, workers=1)
    with open_index(ix_dir) as ix:
        reports = store.watch(ix)
    # the rebuilt index is another commit with the same documents: nothing is new
    assert _new(reports) == {"fishing": []} and reports[0].changed
    assert [s.name for s in store.all()] == ["fishing"]


def test_names_duplicates_and_missing_searches_are_one_line_errors(library) -> None:
    _, ix_dir = library
    store = SavedSearches(ix_dir)
    with open_index(ix_dir) as ix:
        for bad in ("", "two words", "../up", "-dash", "x" * 65, "a/b"):
            with pytest.raises(UsageError, match="name is up to 64"):
                store.add(bad, FISHING, ix)
        store.add("fishing", FISHING, ix)
        with pytest.raises(UsageError, match="exists"):
            store.add("fishing", SearchRequest(query="boats"), ix)
        store.add("fishing", SearchRequest(query="boats"), ix, replace=True)
        assert store.get("fishing").criteria == {"query": "boats"}
        # a search that cannot run is refused when saved, with the engine's message
        with pytest.raises(UnknownCountryError):
            store.add("atlantis", SearchRequest(countries=["Atlantis"]), ix)
        with pytest.raises(SavedSearchNotFoundError, match="no saved search named 'nope'"):
            store.watch(ix, ["nope"])
    with pytest.raises(SavedSearchNotFoundError):
        store.remove("nope")
    store.remove("fishing")
    assert store.all() == []


def test_a_damaged_file_is_one_error_and_is_left_as_it_is(library) -> None:
    _, ix_dir = library
    path = saved_path(ix_dir)
    path.write_text("{not json")
    with pytest.raises(MigsearchError, match="is not a saved-searches file") as exc:
        SavedSearches(ix_dir).all()
    assert "\n" not in str(exc.value)
    with open_index(ix_dir) as ix, pytest.raises(MigsearchError):
        SavedSearches(ix_dir).add("x", FISHING, ix)
    assert path.read_text() == "{not json"


def test_concurrent_changes_are_not_lost(library) -> None:
    """Eight threads each saving a search at once: all eight are in the file."""
    _, ix_dir = library
    errors: list[BaseException] = []

    def save(n: int) -> None:
        try:
            with open_index(ix_dir) as ix:
                SavedSearches(ix_dir).add(f"s{n}", SearchRequest(query=f"fishers{n}"), ix)
        except BaseException as e:  # reported below
            errors.append(e)

    threads = [threading.Thread(target=save, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert [s.name for s in SavedSearches(ix_dir).all()] == [f"s{n}" for n in range(8)]
