"""Opening an index folder: missing, damaged, from another version, and commit stamps."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
import whoosh.index
from support import CORPUS, run_cli

from migsearch.errors import IndexMissingError, IndexVersionError
from migsearch.indexer.store.storage import (
    commit_stamp,
    data_folder,
    index_exists,
    last_commit_time,
    open_existing,
)
from migsearch.indexer.store.writer import build_index

#: The analyzer module of the layout before the one import name `migsearch`: its
#: indexes pickled ``indexer.analysis.SnowballFilter`` into their schema.
LEGACY_ANALYSIS = """
from whoosh.analysis import Filter


class SnowballFilter(Filter):
    def __call__(self, tokens):
        yield from tokens
"""

BUILD_LEGACY_INDEX = """
import sys

import whoosh.index
from whoosh.analysis import RegexTokenizer
from whoosh.fields import ID, TEXT, Schema

from indexer.analysis import SnowballFilter

schema = Schema(id=ID(stored=True, unique=True), content=TEXT(analyzer=RegexTokenizer() | SnowballFilter()))
ix = whoosh.index.create_in(sys.argv[1], schema)
with ix.writer() as w:
    w.add_document(id="1", content="migrant fishers in Thailand")
"""


@pytest.fixture()
def legacy_index(tmp_path: Path) -> Path:
    """A real index written with the analyzer at its old module path, in another process."""
    old = tmp_path / "old-layout" / "indexer"
    old.mkdir(parents=True)
    (old / "__init__.py").write_text("")
    (old / "analysis.py").write_text(textwrap.dedent(LEGACY_ANALYSIS))
    ix = tmp_path / "old-index"
    ix.mkdir()
    env = {**os.environ, "PYTHONPATH": str(old.parent)}
    subprocess.run(
        [sys.executable, "-c", BUILD_LEGACY_INDEX, str(ix)],
        check=True,
        env=env,
        cwd=tmp_path,
        capture_output=True,
    )
    return ix


def test_an_index_of_the_old_layout_asks_for_a_rebuild(legacy_index: Path, tmp_path: Path) -> None:
    assert index_exists(legacy_index)
    with pytest.raises(
        IndexVersionError, match=r"older migsearch.*rebuild it with: migsearch index"
    ):
        open_existing(legacy_index)
    for args in (("search", "fishers"), ("index", str(CORPUS))):
        r = run_cli(*args, "--index", str(legacy_index), cwd=tmp_path)
        assert r.returncode != 0
        [line] = r.stderr.strip().splitlines()
        assert "rebuild it with: migsearch index PATH --rebuild --index" in line, line
        assert "Traceback" not in r.stderr
    # what the message says to do works, and replaces the old index in place
    r = run_cli("index", str(CORPUS), "--rebuild", "--index", str(legacy_index), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    r = run_cli("search", "fishers", "--index", str(legacy_index), cwd=tmp_path)
    assert r.returncode == 0 and "fishers" in r.stdout.lower(), r.stderr


def test_an_index_with_other_fields_asks_for_a_rebuild(tmp_path: Path) -> None:
    import whoosh.index
    from whoosh.fields import ID, Schema

    whoosh.index.create_in(str(tmp_path), Schema(id=ID(stored=True)))
    with pytest.raises(IndexVersionError, match="another version of migsearch; rebuild"):
        open_existing(tmp_path)


def test_an_index_from_before_languages_asks_for_a_rebuild(tmp_path: Path) -> None:
    # what migsearch wrote before records had a language and text was segmented by
    # script: today's fields less `language`, with Whoosh's plain regex tokenizer
    import whoosh.index
    from whoosh.analysis import LowercaseFilter, RegexTokenizer, StopFilter
    from whoosh.fields import TEXT

    from migsearch.indexer.store.schema import make_schema
    from migsearch.indexer.vocabulary.analysis import STOP_WORDS, TOKEN_PATTERN, SnowballFilter

    old = make_schema()
    old.remove("language")
    ana = (
        RegexTokenizer(TOKEN_PATTERN)
        | LowercaseFilter()
        | StopFilter(STOP_WORDS)
        | SnowballFilter()
    )
    for name in ("title", "content"):
        old.remove(name)
        old.add(name, TEXT(analyzer=ana, phrase=True, stored=name == "title"))
    ix_dir = tmp_path / "ix"
    ix_dir.mkdir()
    whoosh.index.create_in(str(ix_dir), old)
    r = run_cli("search", "fishers", "--index", str(ix_dir))
    assert r.returncode != 0 and "Traceback" not in r.stderr
    assert r.stderr.strip().endswith(
        f"rebuild it with: migsearch index PATH --rebuild --index {ix_dir}"
    )
    r = run_cli("index", str(CORPUS), "--rebuild", "--index", str(ix_dir))
    assert r.returncode == 0, r.stderr
    assert run_cli("search", "fishers", "--index", str(ix_dir)).returncode == 0


def test_missing_and_damaged_indexes(tmp_path: Path) -> None:
    with pytest.raises(IndexMissingError, match=r"no index at .*build one with: migsearch index"):
        open_existing(tmp_path / "nothing")
    assert not index_exists(tmp_path / "nothing")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Kafala reform\n\nQatar changed the kafala system in 2020.\n")
    ix = tmp_path / "ix"
    build_index([docs], ix, workers=1)
    [toc] = ix.rglob("*.toc")
    toc.write_bytes(b"not a table of contents")
    with pytest.raises(
        IndexMissingError, match=r"cannot open the index .* damaged; rebuild it"
    ) as e:
        open_existing(ix)
    assert "architecture" not in str(e.value)  # Whoosh's own complaint stays out of the message
    # a pointer that names no generation is as damaged, and a rebuild repairs either
    (ix / "CURRENT").write_text("../../etc\n")
    with pytest.raises(IndexMissingError, match=r"cannot open the index .* damaged"):
        open_existing(ix)
    assert commit_stamp(ix) is None
    build_index([docs], ix, rebuild=True, workers=1)
    assert open_existing(ix).doc_count() == 1


def test_commit_stamp_changes_with_each_commit(tmp_path: Path) -> None:
    ix = tmp_path / "ix"
    assert commit_stamp(ix) is None and last_commit_time(ix) is None
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Kafala reform\n\nQatar changed the kafala system in 2020.\n")
    build_index([docs], ix, workers=1)
    first = commit_stamp(ix)
    assert first is not None
    assert last_commit_time(ix).endswith("+00:00")
    build_index([docs], ix, workers=1)  # nothing changed: no commit
    assert commit_stamp(ix) == first
    (docs / "b.txt").write_text("Remittances\n\nRemittances to Nepal rose in 2020.\n")
    build_index([docs], ix, workers=1)
    assert commit_stamp(ix) > first


def test_opening_while_commits_replace_the_table_of_contents(tmp_path: Path) -> None:
    """Each commit writes a new table of contents and removes the one before; a reader
    that lists the folder just before a commit and opens the file just after it must
    open the newer one, not fail (it did, once in a loaded CI run, with FileNotFoundError)."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("Migrant fishers in Thailand.", encoding="utf-8")
    ix_dir = tmp_path / "ix"
    build_index([src], ix_dir, workers=1)
    folder = data_folder(ix_dir)
    assert folder is not None
    failures: list[str] = []
    opened = 0
    done = threading.Event()

    def commit_many() -> None:
        try:
            ix = whoosh.index.open_dir(str(folder))
            for i in range(150):
                with ix.writer() as w:
                    w.add_document(id=f"extra-{i}", title="extra", content="extra words")
        finally:
            done.set()

    writer = threading.Thread(target=commit_many)
    writer.start()
    while not done.is_set():
        try:
            open_existing(ix_dir).close()
            opened += 1
        except Exception as e:
            failures.append(f"{type(e).__name__}: {e}")
    writer.join()
    assert failures == [] and opened > 10
