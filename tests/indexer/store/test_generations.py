"""The index folder's generations: a rebuild published in one step that readers follow,
the older layout opened and upgraded, and the repairs after runs that did not finish."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import pytest
import whoosh.index
from support import run_cli

from migsearch.errors import DocumentNotFoundError
from migsearch.indexer.ingest.pipeline import extract_paths
from migsearch.indexer.store.schema import make_schema, record_fields
from migsearch.indexer.store.storage import commit_stamp, open_existing, recover
from migsearch.indexer.store.writer import build_index
from migsearch.search.engine import open_index
from migsearch.search.request import SearchRequest


def _jsonl(path: Path, prefix: str, n: int, type_: str) -> Path:
    rows = [
        {"id": f"{prefix}{i}", "title": f"Fishers report {i}", "text": "Thai fishing vessels.",
         "type": type_}
        for i in range(n)
    ]  # fmt: skip
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", "utf-8")
    return path


def _types(ix) -> dict[str, int]:
    res = ix.search(SearchRequest(query="fishers"))
    return {v.value: v.count for v in res.facets["types"]}


def test_an_open_reader_follows_a_rebuild_even_on_the_same_commit_number(tmp_path: Path) -> None:
    """A rebuild's index used to start again at commit 1: a reader keying its caches on
    that number kept the old index's facet columns (an IndexError on the next search)."""
    a = _jsonl(tmp_path / "a.jsonl", "a", 50, "report")
    build_index([a], tmp_path / "ix", workers=1)
    with open_index(tmp_path / "ix") as ix:
        assert _types(ix) == {"report": 50} and ix.stats()["documents"] == 50
        a.unlink()
        b = _jsonl(tmp_path / "b.jsonl", "b", 5, "news")
        build_index([b], tmp_path / "ix", rebuild=True, workers=1)
        assert _types(ix) == {"news": 5}
        assert ix.stats()["documents"] == 5 and ix.doc_count() == 5
        with pytest.raises(DocumentNotFoundError):
            ix.get("a1")
        assert ix.get("b1").title == "Fishers report 1"


def test_readers_never_find_no_index_while_rebuilds_are_published(tmp_path: Path) -> None:
    src = _jsonl(tmp_path / "a.jsonl", "a", 20, "report")
    ix = tmp_path / "ix"
    build_index([src], ix, workers=1)
    failures: list[str] = []
    counts: set[int] = set()
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            try:
                r = open_existing(ix)
                counts.add(r.doc_count())
                r.close()
            except Exception as e:
                failures.append(f"{type(e).__name__}: {e}")

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for _ in range(4):
            build_index([src], ix, rebuild=True, workers=1)
    finally:
        done.set()
        reader.join()
    assert failures == [] and counts == {20}
    assert [p.name for p in ix.iterdir() if p.name.startswith("gen-")] == ["gen-000005"]


def _legacy_index(path: Path, records: list) -> None:
    """An index of the layout before generations: Whoosh's files right in the folder."""
    path.mkdir()
    ix = whoosh.index.create_in(str(path), make_schema())
    with ix.writer() as w:
        for rec in records:
            w.add_document(**record_fields(rec, "h"))


def test_an_index_of_the_older_layout_opens_grows_and_is_upgraded_by_a_rebuild(
    tmp_path: Path, corpus_copy: Path
) -> None:
    records = [r for r in extract_paths([corpus_copy]) if not isinstance(r, Exception)]
    ix = tmp_path / "ix"
    _legacy_index(ix, records)
    assert open_existing(ix).doc_count() == len(records)
    assert commit_stamp(ix)[0] == 0  # generation 0: the folder itself
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "x.txt").write_text("Kafala reform\n\nQatar changed the kafala system in 2020.\n")
    r = build_index([extra], ix, workers=1)  # written in place
    assert (r.added, r.documents) == (1, len(records) + 1)
    assert not (ix / "CURRENT").exists()
    r = build_index([corpus_copy, extra], ix, rebuild=True, workers=1)
    assert r.documents == len(records) + 1
    assert sorted(p.name for p in ix.iterdir()) == ["CURRENT", "gen-000001", "writer.lock"]
    assert open_existing(ix).doc_count() == len(records) + 1


def test_a_rebuild_that_indexes_nothing_keeps_the_index(tmp_path: Path) -> None:
    src = _jsonl(tmp_path / "a.jsonl", "a", 5, "report")
    ix = tmp_path / "ix"
    build_index([src], ix, workers=1)
    src.write_text("{broken\n", "utf-8")
    r = build_index([src], ix, rebuild=True, workers=1)
    assert (r.added, r.failed, r.documents) == (0, 1, 5)
    assert open_existing(ix).doc_count() == 5
    assert [p.name for p in ix.iterdir() if p.name.startswith("gen-")] == ["gen-000001"]


def test_recovery_discards_an_unpublished_rebuild_and_partial_files(tmp_path: Path) -> None:
    src = _jsonl(tmp_path / "a.jsonl", "a", 5, "report")
    ix = tmp_path / "ix"
    build_index([src], ix, workers=1)
    current = ix / "gen-000001"
    # what a writer killed mid-run leaves: a rebuild never published, a half-written
    # pointer, Whoosh's spill folder and the files of a segment no commit names
    shutil.copytree(current, ix / "gen-000002")
    (ix / "CURRENT.tmp").write_text("gen-000002\n")
    (current / "MAIN.tmp").mkdir()
    (current / "MAIN.tmp" / "spill.tmp").write_bytes(b"x" * 100)
    for ext in ("trm", "pst", "id.col"):
        (current / f"MAIN_0123456789abcdef.{ext}").write_bytes(b"partial")
    (current / "_MAIN_7.toc.1712345678.25").write_bytes(b"half a table")
    notes = recover(ix)
    assert notes == [
        f"recovered: an interrupted rebuild of {ix} was discarded (gen-000002)",
        f"recovered: removed 5 partial files an interrupted run left in {current}",
    ]
    assert sorted(p.name for p in ix.iterdir()) == ["CURRENT", "gen-000001", "writer.lock"]
    assert not any("0123456789abcdef" in p.name or "MAIN.tmp" in p.name for p in current.iterdir())
    assert open_existing(ix).doc_count() == 5
    assert recover(ix) == []  # nothing left to repair


def test_a_rebuild_an_older_swap_left_is_put_in_place(tmp_path: Path) -> None:
    """The older swap renamed X to X.old, then X.rebuild to X: a crash between the two left
    no index at X, and the next run made a new empty one there, unannounced."""
    old = _jsonl(tmp_path / "old.jsonl", "o", 3, "report")
    new = _jsonl(tmp_path / "new.jsonl", "n", 7, "report")
    for folder, src in (("ix.old", old), ("ix.rebuild", new)):
        _legacy_index(
            tmp_path / folder, [r for r in extract_paths([src]) if not isinstance(r, Exception)]
        )
    more = _jsonl(tmp_path / "b.jsonl", "b", 2, "news")
    r = run_cli("index", str(more), "--index", str(tmp_path / "ix"), "--json")
    assert r.returncode == 0, r.stderr
    assert r.stderr.splitlines() == [
        f"recovered: the rebuild an interrupted swap left complete at {tmp_path / 'ix.rebuild'} "
        f"is now the index at {tmp_path / 'ix'}; the index it replaced is still at "
        f"{tmp_path / 'ix.old'}",
        # the older index's segment has none of the side files (see test_upgrade)
        "adding the side files that speed up searches (posting arrays, facet codes) to "
        "1 segment an older migsearch wrote; once",
    ]
    assert json.loads(r.stdout)["documents"] == 9
    assert not (tmp_path / "ix.rebuild").exists() and (tmp_path / "ix.old").exists()
    # a lone X.old may be a user's own backup: a new index beside it leaves it alone
    notes: list[str] = []
    shutil.copytree(tmp_path / "ix.old", tmp_path / "fresh.old")
    r = build_index([more], tmp_path / "fresh", workers=1, on_notice=notes.append)
    assert notes == [] and r.documents == 2 and (tmp_path / "fresh.old").exists()
