"""A full disk (a small tmpfs mounted for the test): the run fails in one line naming the
path, removes what it wrote so the space is free again, and the index keeps its last
commit; a run that fits succeeds afterwards. Where no tmpfs can be mounted, the same
failure comes from the kernel through a file size limit (RLIMIT_FSIZE: writes past it
fail with EFBIG), which any process may set on itself."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from benchmarks import bench

from migsearch.indexer.store.writer import build_index

runs = bench("writer_runs")


@pytest.fixture()
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """An 8 MB tmpfs, or a visible skip where this process may not mount one."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    if not sys.platform.startswith("linux") or os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a small tmpfs needs root on Linux")
    r = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mnt)],
        capture_output=True,
        text=True,
    )
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {r.stderr.strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def _used(path: Path) -> int:
    st = os.statvfs(path)
    return (st.f_blocks - st.f_bfree) * st.f_frsize


def _fill(disk: Path, leave: int) -> Path:
    """A ballast file that leaves only ``leave`` bytes free on ``disk``."""
    st = os.statvfs(disk)
    ballast = disk / "ballast"
    with open(ballast, "wb") as f:
        f.write(b"\0" * max(0, st.f_bavail * st.f_frsize - leave))
    return ballast


@pytest.mark.parametrize("rebuild", [False, True])
def test_a_full_disk_fails_in_one_line_and_cleans_up(small_disk: Path, tmp_path: Path, rebuild):
    src = tmp_path / "src"
    src.mkdir()
    runs.make_records(src / "small.jsonl", 20, prefix="s")
    ix = small_disk / "ix"
    build_index([src], ix, workers=1)
    runs.make_records(src / "more.jsonl", 300, seed=6, prefix="m")
    ballast = _fill(small_disk, leave=64 * 1024)
    used = _used(small_disk)
    extra = ("--rebuild",) if rebuild else ()
    r = runs.Run.command("index", str(src), "--index", str(ix), "--workers", "1", *extra)
    status, out, err = r.finish()
    assert status == 1 and out == ""
    [line] = err.strip().splitlines()
    assert line.startswith(f"Error: no space left on device writing {ix}/gen-00000"), line
    assert line.endswith("nothing of this run was committed and its partial files were removed")
    # the space is free again, the index still its last commit, and nothing to repair
    assert _used(small_disk) == used
    assert runs.document_count(ix) == 20 and runs.lock_is_free(ix)
    ballast.unlink()
    notes: list[str] = []
    report = build_index([src], ix, workers=1, on_notice=notes.append)
    assert report.documents == 320 and notes == []


def _files(ix: Path) -> list[tuple[str, int]]:
    return sorted((str(p.relative_to(ix)), p.stat().st_size) for p in ix.rglob("*") if p.is_file())


@pytest.mark.parametrize("rebuild", [False, True])
def test_a_write_refused_by_the_kernel_fails_in_one_line_and_cleans_up(tmp_path: Path, rebuild):
    """`migsearch index` under a 32 KiB file size limit: the new segment cannot be written."""
    src = tmp_path / "src"
    src.mkdir()
    runs.make_records(src / "small.jsonl", 20, prefix="s")
    ix = tmp_path / "ix"
    build_index([src], ix, workers=1)
    runs.make_records(src / "more.jsonl", 300, seed=6, prefix="m")
    before = _files(ix)
    limit = 32 * 1024

    def limited() -> None:  # in the child, before exec: EFBIG instead of the default SIGXFSZ kill
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    extra = ["--rebuild"] if rebuild else []
    args = [*runs.cli(), "index", str(src), "--index", str(ix), "--workers", "1", *extra]
    r = subprocess.run(args, preexec_fn=limited, capture_output=True, text=True, timeout=300)
    assert r.returncode == 1 and r.stdout == ""
    [line] = r.stderr.strip().splitlines()
    assert line.startswith(f"Error: file too large writing {ix}/gen-00000"), line
    assert line.endswith("nothing of this run was committed and its partial files were removed")
    assert _files(ix) == before  # no partial segment, no temp file, no new generation
    assert runs.document_count(ix) == 20 and runs.lock_is_free(ix)
    notes: list[str] = []
    report = build_index([src], ix, workers=1, on_notice=notes.append)
    assert report.documents == 320 and notes == []
