"""Incremental indexing on a real index on disk: skip, replace, remove, survive bad files."""

from __future__ import annotations

import gzip
import json
import os
import shutil
from pathlib import Path

import pytest
from support import CORPUS

from migsearch.errors import IndexLockedError, UsageError
from migsearch.indexer.store.lock import acquire
from migsearch.indexer.store.storage import open_existing
from migsearch.indexer.store.writer import build_index
from migsearch.search.engine import open_index


@pytest.fixture()
def docs(tmp_path: Path) -> Path:
    d = tmp_path / "docs"
    shutil.copytree(CORPUS, d, ignore=shutil.ignore_patterns("README*"))
    (d / "note.txt").write_text(
        "Remittances and return\n\n3 May 2021\n\nRemittances to Nepal rose in 2020 as migrant "
        "workers returned from Qatar and Malaysia.\n",
        "utf-8",
    )
    return d


def _ids(ix_dir: Path) -> set[str]:
    ix = open_existing(ix_dir)
    with ix.searcher() as s:
        return {f["id"] for f in s.all_stored_fields()}


def test_first_run_adds_every_resource(docs: Path, tmp_path: Path) -> None:
    r = build_index([docs], tmp_path / "ix", workers=1)
    assert (r.added, r.updated, r.unchanged, r.removed, r.failed) == (31, 0, 0, 0, 0)
    assert r.documents == 31 == len(_ids(tmp_path / "ix"))


def test_rerun_changes_nothing_and_does_not_commit(docs: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    build_index([docs], ix, workers=1)
    gen = open_existing(ix).latest_generation()
    r = build_index([docs], ix, workers=1)
    assert (r.added, r.updated, r.removed, r.unchanged) == (0, 0, 0, 31)
    assert not r.changed
    assert open_existing(ix).latest_generation() == gen


def test_changed_source_is_replaced_and_vanished_one_removed(docs: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    build_index([docs], ix, workers=1)
    before = _ids(ix)
    (docs / "note.txt").write_text(
        "Remittances and return\n\n3 May 2021\n\nUpdated: remittances to Nepal fell.\n", "utf-8"
    )
    (docs / "001_66e0b69593462829.txt").unlink()
    r = build_index([docs], ix, workers=1)
    assert (r.added, r.updated, r.removed, r.unchanged) == (0, 1, 20, 10)
    assert r.documents == 11
    assert _ids(ix) < before
    with open_index(ix) as s:
        [hit] = s.search("remittances fell").hits
        assert "fell" in hit.summary


def test_items_dropped_from_a_listing_page_are_removed(docs: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    build_index([docs], ix, workers=1)
    page = docs / "000_c4eb84cda103fd2c.txt"
    text = page.read_text("utf-8")
    page.write_text(text[: text.index("  9. Regional Training")], "utf-8")
    r = build_index([docs], ix, workers=1)
    assert (r.updated, r.removed) == (8, 2)
    assert r.documents == 29


def test_indexing_another_folder_keeps_the_first(docs: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    build_index([docs], ix, workers=1)
    other = tmp_path / "other"
    other.mkdir()
    (other / "x.txt").write_text("Kafala reform\n\nQatar changed the kafala system in 2020.\n")
    r = build_index([other], ix, workers=1)
    assert (r.added, r.removed, r.documents) == (1, 0, 32)


def test_bad_files_are_reported_and_the_rest_committed(docs: Path, tmp_path: Path) -> None:
    (docs / "empty.html").write_bytes(b"")
    (docs / "binary.html").write_bytes(b"\x00\x01\x02\x03PNG" * 100)
    (docs / "broken.jsonl").write_text('{"id": "a", "title": "ok", "text": "fine"}\n{oops\n')
    errors: list[str] = []
    r = build_index([docs], tmp_path / "ix", workers=1, on_error=errors.append)
    assert r.failed == 2 == len(errors)
    assert any("binary" in e for e in errors)
    assert any("broken.jsonl:2" in e and "invalid JSON" in e for e in errors)
    assert all("\n" not in e for e in errors)
    # the good line of broken.jsonl is still indexed
    assert r.documents == 32
    # an empty file is no failure, but it is named with the files that failed as a whole
    assert {(Path(d["path"]).name, d["kind"]) for d in r.skipped} == {
        ("empty.html", "empty"),
        ("binary.html", "failed"),
    }


def test_a_failing_run_does_not_touch_what_was_indexed(docs: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    build_index([docs], ix, workers=1)
    before = _ids(ix)
    (docs / "note.txt").write_bytes(b"\x00\x00\x00 binary now")
    r = build_index([docs], ix, workers=1)
    assert r.failed == 1
    # the source that failed to parse keeps its last good records
    assert _ids(ix) == before


def test_parallel_workers_make_the_same_index(docs: Path, tmp_path: Path) -> None:
    build_index([docs], tmp_path / "one", workers=1)
    build_index([docs], tmp_path / "two", workers=2)
    assert _ids(tmp_path / "one") == _ids(tmp_path / "two")


def test_jsonl_gz_with_beir_ids(tmp_path: Path) -> None:
    rows = [
        {"_id": "d1", "title": "Fishers at sea", "text": "Thai fishing vessels.", "metadata": {}},
        {"_id": "d2", "title": "Domestic work", "text": "Filipino domestic workers in Hong Kong."},
    ]
    gz = tmp_path / "corpus.jsonl.gz"
    gz.write_bytes(gzip.compress("\n".join(json.dumps(r) for r in rows).encode()))
    r = build_index([gz], tmp_path / "ix", workers=2)
    assert r.added == 2
    assert _ids(tmp_path / "ix") == {"d1", "d2"}


def test_rebuild_swaps_in_a_fresh_index(docs: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    build_index([docs], ix, workers=1)
    (docs / "note.txt").unlink()
    before = open_existing(ix).latest_generation()
    r = build_index([docs], ix, rebuild=True, workers=1)
    assert (r.added, r.documents) == (30, 30)
    assert len(_ids(ix)) == 30
    # one generation is left, beside the pointer and the lock; nothing beside the folder
    assert sorted(p.name for p in ix.iterdir()) == ["CURRENT", "gen-000002", "writer.lock"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs", "ix"]
    # commit numbers keep growing across the rebuild (readers key caches on them)
    assert open_existing(ix).latest_generation() > before


def test_locked_index_is_a_clear_error(docs: Path, tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    build_index([docs], ix, workers=1)
    before = _ids(ix)
    (docs / "new.txt").write_text("New page\n\nSomething new about Thailand.\n")
    for rebuild in (False, True):
        with acquire(ix, operation="test"), pytest.raises(IndexLockedError) as e:
            build_index([docs], ix, rebuild=rebuild, workers=1)
        msg = str(e.value)
        assert f"is being written by another migsearch (pid {os.getpid()}, test since" in msg
        assert msg.endswith("wait for it with --wait SECONDS")
    assert _ids(ix) == before  # neither run touched the index


def test_missing_input_path_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file"):
        build_index([tmp_path / "missing"], tmp_path / "ix")


def test_progress_counts_bytes_and_moves_within_a_big_jsonl(tmp_path: Path) -> None:
    from migsearch.indexer.store import writer as build

    rows = [
        {"id": str(i), "title": f"Report {i}", "text": "Thai fishing vessels."} for i in range(1000)
    ]
    p = tmp_path / "big.jsonl"
    p.write_text("\n".join(json.dumps(r) for r in rows), "utf-8")
    calls: list[tuple[int, int]] = []
    build.build_index(
        [p], tmp_path / "ix", workers=1, on_progress=lambda d, t: calls.append((d, t))
    )
    total = p.stat().st_size
    assert {t for _, t in calls} == {total}
    done = [d for d, _ in calls]
    assert done == sorted(done) and done[-1] == total
    # 1000 rows are 3 chunks: the bar moves before the file is finished
    assert len({d for d in done if 0 < d < total}) >= 2


def test_every_file_not_indexed_is_named(tmp_path: Path) -> None:
    d = tmp_path / "in"
    (d / ".cache").mkdir(parents=True)
    (d / "a.txt").write_text("Kafala reform\n\nQatar changed the kafala system in 2020.\n")
    (d / "b.xlsx").write_bytes(b"PK\x03\x04")
    (d / "c.xlsx").write_bytes(b"PK\x03\x04")
    (d / "d.html").write_bytes(b"")
    (d / "e.txt").write_bytes(bytes(b | 0x80 for b in range(256)) * 8)
    (d / ".cache" / "x.txt").write_text("x")
    r = build_index([d], tmp_path / "ix", workers=1)
    assert r.added == 1
    got = {Path(s["path"]).name: (s["kind"], s["reason"]) for s in r.skipped}
    assert got == {
        ".cache": ("hidden", "hidden folder (1 files not read)"),
        "b.xlsx": ("unsupported", "unsupported file type .xlsx"),
        "c.xlsx": ("unsupported", "unsupported file type .xlsx"),
        "d.html": ("empty", "empty file"),
        "e.txt": ("failed", got["e.txt"][1]),
    }
    assert got["e.txt"][1].startswith("not text")


def test_a_folder_with_nothing_indexable_is_an_error(tmp_path: Path) -> None:
    d = tmp_path / "in"
    d.mkdir()
    with pytest.raises(UsageError, match=r"nothing to index in .*: no files"):
        build_index([d], tmp_path / "ix")
    (d / "a.xlsx").write_bytes(b"PK")
    (d / "b.xlsx").write_bytes(b"PK")
    (d / "c.txt").write_bytes(b"")
    with pytest.raises(
        UsageError, match=r"nothing to index in .*: 3 skipped: 2 \.xlsx \(unsupported\), 1 empty"
    ):
        build_index([d], tmp_path / "ix")
    assert not (tmp_path / "ix").exists()


def test_a_full_text_file_change_rereads_its_export(tmp_path: Path) -> None:
    d = tmp_path / "rw"
    d.mkdir()
    export = {"country": "Haiti", "reports": [
        {"reliefweb_id": 7, "title": "Flash update", "url": "https://reliefweb.int/r/7",
         "body_text": "<p>Floods in Haiti.</p>", "source": ["OCHA"]}]}  # fmt: skip
    full = {"country": "Haiti", "articles": [
        {"url": "https://reliefweb.int/r/7", "title": "Flash update", "pdf_text": "Cholera cases rose."}]}  # fmt: skip
    (d / "x_reports.json").write_text(json.dumps(export))
    (d / "x_reports_full_text.json").write_text(json.dumps(full))
    ix = tmp_path / "ix"
    r = build_index([d], ix, workers=1)
    assert (r.added, r.failed) == (1, 0)
    assert [s["kind"] for s in r.skipped] == ["attached"]
    full["articles"][0]["pdf_text"] = "Dengue cases rose."
    (d / "x_reports_full_text.json").write_text(json.dumps(full))
    r = build_index([d], ix, workers=1)
    assert r.updated == 1
    with open_index(ix) as index:
        assert index.search("dengue").total == 1 and index.search("cholera").total == 0


def test_a_segment_whose_records_were_all_replaced_goes(tmp_path: Path) -> None:
    """Whoosh merges only small segments: a large one whose every record a later run
    replaced would stay on disk, read and counted, with nothing live in it."""
    src, ix = tmp_path / "docs.jsonl", tmp_path / "ix"
    rows = [{"id": f"d{i}", "title": f"Report {i}", "text": f"Wages {i}."} for i in range(400)]
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    build_index([src], ix, workers=1)
    [first] = [s.segment_id() for s in open_existing(ix)._segments()]
    src.write_text(src.read_text().replace("Wages", "Fees"))
    r = build_index([src], ix, workers=1)
    assert (r.updated, r.documents) == (400, 400)
    segments = open_existing(ix)._segments()
    assert first not in [s.segment_id() for s in segments]
    assert [s.doc_count_all() for s in segments] == [400]
    assert not [p for p in ix.rglob(f"{first}.*")]  # its files went with it
    with open_index(ix) as s:
        assert s.search("fees", limit=5).total == 400
