"""Building and updating a shard set (indexer/store/shards.py, shardset.py): real
processes, a real index on disk."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import whoosh.index
from support import CORPUS, run_cli

from migsearch.errors import IndexLockedError, IndexWriteError, UsageError
from migsearch.indexer.store import storage
from migsearch.indexer.store.session import hold_lock
from migsearch.indexer.store.shards import build_shards
from migsearch.indexer.store.shardset import MANIFEST, shard_count, shard_folders, shard_of
from migsearch.indexer.store.writer import build_index


def _ids(folder: Path) -> set[str]:
    data = storage.data_folder(folder)
    assert data is not None
    with whoosh.index.open_dir(str(data)).searcher() as s:
        return {f["id"] for f in s.all_stored_fields()}


def _records(path: Path, rows: list[tuple[str, str]]) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for rid, text in rows:
            f.write(json.dumps({"id": rid, "title": f"Report {rid}", "body": text}) + "\n")
    return path


def test_an_id_goes_to_the_same_shard_in_every_process() -> None:
    ids = [f"doc-{i}" for i in range(50)] + ["Người lao động", ""]
    here = [shard_of(i, 4) for i in ids]
    assert set(here) == {0, 1, 2, 3}  # spread over all of them
    code = (
        "import json, sys; from migsearch.indexer.store.shardset import shard_of; "
        "print(json.dumps([shard_of(i, 4) for i in json.loads(sys.argv[1])]))"
    )
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", code, json.dumps(ids)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        assert json.loads(out.stdout) == here
    assert all(shard_of(i, 1) == 0 for i in ids)


def test_a_set_holds_each_record_once_in_its_own_shard(tmp_path: Path) -> None:
    rows = [(f"r{i}", f"Migrant workers in fishing, report {i}.") for i in range(40)]
    src = _records(tmp_path / "in.jsonl", rows)
    index = tmp_path / "ix"
    report = build_shards([src, CORPUS], index, shards=3, workers=2)
    assert shard_count(index) == 3
    assert json.loads((index / MANIFEST).read_text())["shards"] == 3
    held = [_ids(f) for f in shard_folders(index, 3)]
    assert report.documents == sum(len(h) for h in held) == 40 + 30
    assert report.added == 70
    for k, ids in enumerate(held):
        assert ids and all(shard_of(i, 3) == k for i in ids)
    assert set().union(*held) >= {r for r, _ in rows}

    # unchanged: nothing written; the shard count may be left out or repeated
    again = build_shards([src, CORPUS], index)
    assert (again.added, again.updated, again.unchanged, again.changed) == (0, 0, 70, False)
    # a changed file: its removed record leaves its shard, a new one joins its own
    rows = [*rows[1:], ("new-1", "Recruitment fees paid by migrant workers.")]
    rows[0] = (rows[0][0], "Changed text about domestic work.")
    _records(src, rows)
    upd = build_shards([src, CORPUS], index, shards=3)
    assert (upd.added, upd.removed) == (1, 1)
    held = [_ids(f) for f in shard_folders(index, 3)]
    assert "r0" not in set().union(*held)
    assert "new-1" in held[shard_of("new-1", 3)]
    assert sum(len(h) for h in held) == upd.documents == 70


def test_the_shard_count_is_fixed_when_the_set_is_built(tmp_path: Path) -> None:
    src = _records(tmp_path / "in.jsonl", [("a", "Migrant workers."), ("b", "Fishers.")])
    sharded, plain = tmp_path / "sharded", tmp_path / "plain"
    build_shards([src], sharded, shards=2)
    with pytest.raises(UsageError, match="has 2 shards"):
        build_shards([src], sharded, shards=4, rebuild=True)
    build_index([src], plain)
    with pytest.raises(UsageError, match="has one shard"):
        build_shards([src], plain, shards=2)
    # one shard is today's index: no manifest, no shard folders
    assert shard_count(plain) is None and not (plain / "shard-00").exists()
    with pytest.raises(UsageError, match="set of shards"):
        build_index([src], sharded)  # the set is written as a set, never as one index
    assert not storage.index_exists(sharded)


def test_a_failing_shard_commits_no_shard(tmp_path: Path) -> None:
    src = _records(tmp_path / "in.jsonl", [(f"r{i}", "Migrant workers.") for i in range(20)])
    index = tmp_path / "ix"
    index.mkdir()
    (index / "shard-01").write_text("not a folder")  # shard 1 cannot be written
    with pytest.raises(IndexWriteError):
        build_shards([src], index, shards=3)
    assert shard_count(index) is None
    for folder in (index / "shard-00", index / "shard-02"):
        assert not storage.index_exists(folder)
    # a rebuild that fails in one shard leaves every shard as it was
    (index / "shard-01").unlink()
    build_shards([src], index, shards=3)
    before = [_ids(f) for f in shard_folders(index, 3)]
    _records(src, [(f"r{i}", "Changed.") for i in range(30)])
    with hold_lock(index / "shard-02"), pytest.raises(IndexLockedError):
        build_shards([src], index, rebuild=True)  # shard 2's writer cannot start
    assert [_ids(f) for f in shard_folders(index, 3)] == before
    assert not list(index.glob("shard-0*/gen-000002"))  # the others' rebuilds were dropped


def test_the_cli_builds_and_searches_a_set(tmp_path: Path) -> None:
    index = tmp_path / "ix"
    out = run_cli("index", str(CORPUS), "--index", str(index), "--shards", "2", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["documents"] == 30
    assert shard_count(index) == 2
    got = run_cli("search", "migrant workers", "--index", str(index), "--json")
    assert got.returncode == 0, got.stderr
    one = tmp_path / "one"
    assert run_cli("index", str(CORPUS), "--index", str(one)).returncode == 0
    want = run_cli("search", "migrant workers", "--index", str(one), "--json")
    a, b = json.loads(want.stdout), json.loads(got.stdout)
    assert [h["id"] for h in b["hits"]] == [h["id"] for h in a["hits"]]
    assert b["total"] == a["total"] and b["facets"] == a["facets"]
    bad = run_cli("index", str(CORPUS), "--index", str(index), "--shards", "3")
    assert bad.returncode != 0 and "has 2 shards" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_a_rerun_over_a_folder_of_files_changes_only_what_changed(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(12):
        (docs / f"r{i}.txt").write_text(f"Report {i}\n\nMigrant workers in sector {i}.\n")
    index = tmp_path / "ix"
    first = build_shards([docs], index, shards=3)
    assert first.added == 12
    held = [_ids(f) for f in shard_folders(index, 3)]
    assert all(held)  # one file's record lives in one shard; the others hold none of it
    again = build_shards([docs], index)
    assert (again.changed, again.unchanged, again.added) == (False, 12, 0)
    (docs / "r3.txt").write_text("Report 3\n\nDomestic workers, changed.\n")
    (docs / "r5.txt").unlink()
    upd = build_shards([docs], index)
    assert (upd.updated, upd.removed, upd.unchanged, upd.documents) == (1, 1, 10, 11)
