"""Side files added to an older index at its next run: the posting arrays and facet codes
its writer would have written, byte for byte, with the same search results; a stop while
writing them keeps the run; a wholly deleted segment is left alone."""

from __future__ import annotations

import json
import os
import signal
import threading
from pathlib import Path

from support import delete_all_of

from migsearch.indexer.store import facetcodes, postingarrays
from migsearch.indexer.store.storage import data_folder, open_existing
from migsearch.indexer.store.upgrade import add_missing_files
from migsearch.indexer.store.writer import build_index
from migsearch.search.engine import open_index

EXTS = (postingarrays.EXT, facetcodes.EXT)
ANNOUNCED = (
    "adding the side files that speed up searches (posting arrays, facet codes) to "
    "{n} {what} an older migsearch wrote; once"
)
COUNTRIES = ["Thailand", "Myanmar", "Cambodia", "Malaysia", "Philippines"]


def _corpus(folder: Path, n: int, name: str) -> Path:
    """``n`` documents sharing their first words (long lists), with countries and years
    (facet columns)."""
    rows = [
        {
            "id": f"{name}-{i:05d}",
            "title": f"Report {i} on migrant workers in {COUNTRIES[i % 5]}",
            "text": f"Migrant workers report {i}: wages and recruitment fees in "
            f"{COUNTRIES[i % 5]} and {COUNTRIES[(i + 2) % 5]}.",
            "date": f"{2010 + i % 12}-05-01",
        }
        for i in range(n)
    ]
    path = folder / f"{name}.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return path


def _side_files(ix: Path) -> dict[str, bytes]:
    folder = data_folder(ix)
    return {f.name: f.read_bytes() for ext in EXTS for f in sorted(folder.glob(f"*{ext}"))}


def _results(ix: Path) -> list[object]:
    with open_index(ix) as opened:
        out: list[object] = []
        for q in ("migrant wages", "recruitment fees Thailand", "workers"):
            res = opened.search(q, limit=50, facets=True)
            out.append([(h.id, h.score) for h in res.hits])
            out.append(res.to_dict().get("facets"))
        return out


def _older_index(tmp_path: Path) -> tuple[list[Path], Path, dict[str, bytes]]:
    """An index as an older migsearch left it: its segments without side files, the
    first documents of its large segment deleted, more than a block of 128 (a second
    run replaced them). Returns the sources, the index and the files its writer had
    written, by name."""
    ix = tmp_path / "ix"
    first, rest = _corpus(tmp_path, 300, "a-first"), _corpus(tmp_path, 1300, "docs")
    build_index([first, rest], ix, workers=1)
    first.write_text(first.read_text().replace("Migrant workers report", "Migrant report"))
    build_index([first, rest], ix, workers=1)
    written = _side_files(ix)
    assert {Path(n).suffix for n in written} == set(EXTS)
    with open_index(ix) as opened:
        leaves = opened._snapshot().searcher.reader().leaf_readers()
        assert any(leaf.is_deleted(0) and leaf.doc_count() for leaf, _offset in leaves)
    for name in written:
        (data_folder(ix) / name).unlink()
    return [first, rest], ix, written


def test_an_older_index_gets_its_files_at_its_next_run(tmp_path: Path) -> None:
    """The next run (nothing changed in its sources) writes the very files the writer
    had written; searches rank and count as before; a run after that adds nothing."""
    sources, ix, written = _older_index(tmp_path)
    before = _results(ix)
    segment = next(iter(written)).split(".")[0]
    (data_folder(ix) / f"{segment}{postingarrays.EXT}.tmp").write_bytes(b"left by a kill")
    notices: list[str] = []
    report = build_index(sources, ix, workers=1, on_notice=notices.append)
    assert report.added == 0 and report.unchanged == 1600
    segments = {n.split(".")[0] for n in written}
    n = len(segments)
    assert [m for m in notices if "older migsearch" in m] == [
        ANNOUNCED.format(n=n, what="segment" if n == 1 else "segments")
    ]
    assert _side_files(ix) == written
    assert not list(data_folder(ix).glob("*.tmp"))
    assert _results(ix) == before
    notices.clear()
    build_index(sources, ix, workers=1, on_notice=notices.append)
    assert not [m for m in notices if "older migsearch" in m]


def test_a_stop_while_adding_them_keeps_the_run(tmp_path: Path) -> None:
    """SIGTERM as the files are about to be written: the run's commit stands, no file
    is left half-written, and the next run adds them."""
    assert threading.current_thread() is threading.main_thread()  # where signals arrive
    sources, ix, written = _older_index(tmp_path)
    notices: list[str] = []

    def on_notice(message: str) -> None:
        notices.append(message)
        if message.startswith("adding the side files"):
            os.kill(os.getpid(), signal.SIGTERM)

    report = build_index(sources, ix, workers=1, on_notice=on_notice)
    assert report.unchanged == 1600
    assert notices[-1] == (
        "stopped before every older segment had its side files; the next run adds the rest"
    )
    assert not _side_files(ix) and not list(data_folder(ix).glob("*.tmp"))
    build_index(sources, ix, workers=1)
    assert _side_files(ix) == written


def test_a_segment_of_deleted_documents_gets_its_codes_only(tmp_path: Path) -> None:
    """A segment whose records were all deleted (an older migsearch kept such segments):
    searches read its columns (with every segment's) but never its postings, so it gets
    facet codes and no arrays."""
    first, rest, ix = _corpus(tmp_path, 300, "a"), _corpus(tmp_path, 300, "b"), tmp_path / "ix"
    build_index([first], ix, workers=1)
    build_index([first, rest], ix, workers=1)
    delete_all_of(ix, [f"a-{i:05d}" for i in range(300)])
    with open_index(ix) as opened:
        leaves = opened._snapshot().searcher.reader().leaf_readers()
        live = {leaf.segment().segment_id() for leaf, _ in leaves if leaf.doc_count()}
        assert len(leaves) == 2 and len(live) == 1
    written = _side_files(ix)
    for name in written:
        (data_folder(ix) / name).unlink()
    announced: list[int] = []
    assert add_missing_files(open_existing(ix), announced.append) == 2
    assert announced == [2]
    assert _side_files(ix) == {
        n: b for n, b in written.items() if n.endswith(facetcodes.EXT) or n.split(".")[0] in live
    }
