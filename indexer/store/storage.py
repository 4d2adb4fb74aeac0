"""The index folder on disk: its generations, the pointer to the current one,
and Whoosh's files inside them.

This is the one module that knows how an index is laid out. An index folder
``X`` holds:

* ``X/gen-000003/``: a generation, one complete Whoosh index (a table of
  contents ``_MAIN_<n>.toc`` per commit, swapped in atomically by Whoosh,
  beside the segment files it names);
* ``X/CURRENT``: the name of the generation readers open, replaced with
  ``os.replace``, so a reader finds the old generation or the new one, never
  none and never half of one;
* ``X/writer.lock``: the lock every writing run holds (:mod:`.lock`).

An incremental run commits inside the current generation; a rebuild (and the
first build) writes a new generation beside it and publishes it by replacing
the pointer. A folder of the older layout holds a Whoosh index directly; it
is read as generation 0 and replaced by a generation on its next rebuild.

A new generation's first commit numbers after the last commit of the one it
replaces, so Whoosh's commit numbers only grow, rebuilds included: a reader
that keys anything on them sees every rebuild as a change.

Everything else asks here whether an index exists, opens it, and learns
whether it changed since it last looked (a *commit stamp*). Putting a folder
back in order after a run that did not finish (:func:`recover`) is here too,
as it is a matter of which files belong.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
from pathlib import Path
from typing import Any

import whoosh.index
from whoosh.filedb.filestore import FileStorage

from migsearch.errors import IndexMissingError, IndexVersionError
from migsearch.indexer.store.schema import make_schema

__all__ = [
    "CommitStamp",
    "commit_stamp",
    "data_folder",
    "discard_generation",
    "index_exists",
    "last_commit_time",
    "lock_file",
    "open_existing",
    "publish",
    "recover",
    "remove_partial_files",
    "retire_old_generations",
    "start_generation",
]

#: A commit's identity: generation folder (0: the older layout), Whoosh's commit
#: number, and the table of contents' inode and mtime.
CommitStamp = tuple[int, int, int, int]

POINTER = "CURRENT"
LOCK_NAME = "writer.lock"
_GEN = re.compile(r"gen-(\d{6,})")
#: Whoosh names an index "MAIN" unless told otherwise
_NAME = "MAIN"
_TOC = re.compile(r"_MAIN_(\d+)\.toc")
#: a table of contents being written (renamed into place when complete)
_TOC_TEMP = re.compile(r"_MAIN_\d+\.toc\..+")
#: a segment's files (Whoosh's own pattern): the segment id, then an extension
_SEGMENT = re.compile(r"(MAIN_[0-9a-z]+)\.[A-Za-z0-9_.]+")
#: the folder where Whoosh's writer spills postings before its commit
_TEMP_DIR = "MAIN.tmp"
_WHOOSH_LOCK = "MAIN_WRITELOCK"
#: times a reader tries again when a rebuild replaced the generation it was opening
_OPEN_TRIES = 5


def _gen_name(n: int) -> str:
    return f"gen-{n:06d}"


def lock_file(index_dir: str | os.PathLike[str]) -> Path:
    """The file every writer of ``index_dir`` locks (the folder must exist)."""
    return Path(index_dir) / LOCK_NAME


# ---------------------------------------------------------------- where the index is


def _pointer(path: Path) -> int | None:
    """The current generation named by the pointer; None when there is no pointer.

    Raises IndexMissingError when the pointer is there but names nothing usable.
    """
    try:
        text = (path / POINTER).read_text("ascii").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as e:
        raise IndexMissingError(_damaged(path)) from e
    m = _GEN.fullmatch(text)
    if not m:
        raise IndexMissingError(_damaged(path))
    return int(m[1])


def _tocs(folder: Path) -> dict[int, Path]:
    """Committed tables of contents in ``folder`` by commit number."""
    try:
        names = os.listdir(folder)
    except OSError:
        return {}
    return {int(m[1]): folder / n for n in names if (m := _TOC.fullmatch(n))}


def _generations(path: Path) -> list[int]:
    try:
        names = os.listdir(path)
    except OSError:
        return []
    return sorted(int(m[1]) for n in names if (m := _GEN.fullmatch(n)))


def current_generation(path: Path) -> int | None:
    """0 for an index of the older layout, N for ``gen-N``, None when there is none."""
    n = _pointer(path)
    if n is not None:
        return n
    return 0 if _tocs(path) else None


def data_folder(index_dir: str | os.PathLike[str]) -> Path | None:
    """The folder holding the current Whoosh index, or None when there is no index."""
    path = Path(index_dir)
    n = current_generation(path)
    if n is None:
        return None
    return path if n == 0 else path / _gen_name(n)


def index_exists(path: str | os.PathLike[str]) -> bool:
    """Is there an index at ``path`` (a pointer, or a committed table of contents)?

    Answered from file names alone: Whoosh's own ``exists_in`` opens the
    index, and so unpickles its schema, which fails on an index of an older
    layout; that case, and a damaged pointer, are :func:`open_existing`'s to
    explain.
    """
    p = Path(path)
    return (p / POINTER).exists() or bool(_tocs(p))


# ---------------------------------------------------------------- reading


def _rebuild_hint(path: Path) -> str:
    return f"rebuild it with: migsearch index PATH --rebuild --index {path}"


def _damaged(path: Path) -> str:
    return f"cannot open the index at {path}: it is damaged; {_rebuild_hint(path)}"


def open_existing(index_dir: str | os.PathLike[str]) -> Any:
    """The Whoosh index at ``index_dir``; a one-line error when there is none or it is unusable.

    Whoosh pickles the analyzer into the table of contents by its module path.
    An index written before the package layout of :mod:`migsearch` pickled
    ``indexer.analysis.SnowballFilter``, which no longer exists, so unpickling
    fails; an index with other fields is as unusable. Either way the message
    says to rebuild rather than showing Whoosh's or pickle's complaint.

    The index returned reads its generation folder, not the pointer: a
    rebuild published meanwhile is seen by opening again (see
    :func:`commit_stamp`). When a rebuild replaces the generation while it is
    being opened, the new one is opened instead.
    """
    path = Path(index_dir)
    for attempt in range(_OPEN_TRIES):
        folder = data_folder(path)
        if folder is None:
            raise IndexMissingError(
                f"no index at {path}; build one with: migsearch index PATH --index {path}"
            )
        try:
            ix = whoosh.index.open_dir(str(folder))
            # Whoosh reads the newest table of contents again for the schema: a commit
            # may have replaced (and removed) the one open_dir read
            names = ix.schema.names()
        except (ModuleNotFoundError, AttributeError, ImportError) as e:
            raise IndexVersionError(
                f"the index at {path} was built by an older migsearch; {_rebuild_hint(path)}"
            ) from e
        except FileNotFoundError as e:
            if attempt + 1 < _OPEN_TRIES:
                continue  # a commit removed the file just read: a newer one names its files
            raise IndexMissingError(_damaged(path)) from e
        except Exception as e:  # Whoosh's complaint stays in __cause__
            if attempt + 1 < _OPEN_TRIES and data_folder(path) != folder:
                continue  # a rebuild was published (and the old generation retired) meanwhile
            raise IndexMissingError(_damaged(path)) from e
        if names != make_schema().names():
            ix.close()
            raise IndexVersionError(
                f"the index at {path} was built by another version of migsearch; "
                f"{_rebuild_hint(path)}"
            )
        return ix
    raise IndexMissingError(_damaged(path))  # pragma: no cover - the loop returns or raises


def commit_stamp(index_dir: str | os.PathLike[str]) -> CommitStamp | None:
    """The identity of the latest commit, or None when there is no index (yet).

    It changes with every commit and every published rebuild, even one whose
    table of contents has the same number, name or inode as the one it replaced.
    """
    path = Path(index_dir)
    for _ in range(_OPEN_TRIES):
        try:
            n = current_generation(path)
        except IndexMissingError:
            return None
        if n is None:
            return None
        folder = path if n == 0 else path / _gen_name(n)
        for gen, toc in sorted(_tocs(folder).items(), reverse=True):
            try:
                st = toc.stat()
            except OSError:
                continue  # a commit replacing its files under us
            return (n, gen, st.st_ino, st.st_mtime_ns)
        with contextlib.suppress(IndexMissingError):
            if current_generation(path) == n:
                return None
    return None


def last_commit_time(index_dir: str | os.PathLike[str]) -> str | None:
    """When the latest commit landed, as ISO 8601 UTC, or None."""
    try:
        folder = data_folder(index_dir)
    except IndexMissingError:
        return None
    times = []
    for toc in _tocs(folder).values() if folder else ():
        with contextlib.suppress(OSError):
            times.append(toc.stat().st_mtime)
    if not times:
        return None
    return dt.datetime.fromtimestamp(max(times), dt.UTC).isoformat(timespec="seconds")


# ---------------------------------------------------------------- writing (under the lock)


def start_generation(index_dir: str | os.PathLike[str]) -> tuple[int, Path, Any]:
    """A new, empty generation beside the current one: (its number, folder, Whoosh index).

    Its first commit will number after the current generation's last one.
    Nothing reads it until :func:`publish`.
    """
    path = Path(index_dir)
    try:
        current = current_generation(path)
    except IndexMissingError:
        current = None  # a damaged pointer: the rebuild replaces it
    n = max([*_generations(path), current or 0]) + 1
    folder = path / _gen_name(n)
    folder.mkdir()
    last = 0
    if current is not None:
        last = max(_tocs(path if current == 0 else path / _gen_name(current)), default=0)
    storage = FileStorage(str(folder))
    whoosh.index.TOC(make_schema(), [], last).write(storage, _NAME)
    return n, folder, whoosh.index.FileIndex(storage, indexname=_NAME)


def publish(index_dir: str | os.PathLike[str], n: int) -> None:
    """Make generation ``n`` the current one, atomically and durably."""
    path = Path(index_dir)
    _fsync_tree(path / _gen_name(n))
    tmp = path / (POINTER + ".tmp")
    with open(tmp, "w", encoding="ascii") as f:
        f.write(_gen_name(n) + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path / POINTER)
    _fsync_dir(path)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _fsync_tree(folder: Path) -> None:
    """Flush a generation's files before the pointer names it: after a power cut the
    pointer must not name files whose content never reached the disk."""
    for name in os.listdir(folder):
        p = folder / name
        if p.is_file():
            fd = os.open(p, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    _fsync_dir(folder)


def discard_generation(index_dir: str | os.PathLike[str], n: int) -> None:
    """Remove generation ``n`` (an unpublished build that failed)."""
    shutil.rmtree(Path(index_dir) / _gen_name(n), ignore_errors=True)


def retire_old_generations(index_dir: str | os.PathLike[str]) -> None:
    """Remove every generation older than the current one, and an older-layout
    index the current generation replaced."""
    path = Path(index_dir)
    current = current_generation(path)
    if not current:
        return
    for n in _generations(path):
        if n < current:
            shutil.rmtree(path / _gen_name(n), ignore_errors=True)
    _remove_whoosh_files(path, keep=set())


def remove_partial_files(folder: str | os.PathLike[str]) -> int:
    """Remove what an unfinished writer left in a generation: Whoosh's spill folder,
    half-written tables of contents and segment files the latest commit does not
    name. Returns how many were removed. Only under the lock: a running writer's
    files look the same."""
    folder = Path(folder)
    tocs = _tocs(folder)
    if not tocs:
        return 0
    try:
        toc = whoosh.index.TOC.read(FileStorage(str(folder)), _NAME, gen=max(tocs))
    except Exception:
        return 0  # unreadable (an older layout): leave it to a rebuild
    keep = {s.segment_id() for s in toc.segments}
    return _remove_whoosh_files(folder, keep=keep, keep_toc=max(tocs))


def _remove_whoosh_files(folder: Path, *, keep: set[str], keep_toc: int | None = None) -> int:
    """Remove Whoosh's files in ``folder`` except segments ``keep`` and table ``keep_toc``."""
    removed = 0
    try:
        names = os.listdir(folder)
    except OSError:
        return 0
    for name in names:
        p = folder / name
        toc = _TOC.fullmatch(name)
        seg = _SEGMENT.fullmatch(name)
        if name == _TEMP_DIR:
            shutil.rmtree(p, ignore_errors=True)
        elif (
            (toc and int(toc[1]) != keep_toc)
            or _TOC_TEMP.fullmatch(name)
            or (seg and seg[1] not in keep)
            or (name == _WHOOSH_LOCK and keep_toc is None)
        ):
            with contextlib.suppress(FileNotFoundError):
                p.unlink()
        else:
            continue
        removed += 1
    return removed


# ---------------------------------------------------------------- recovery (under the lock)


def recover(index_dir: str | os.PathLike[str]) -> list[str]:
    """Put an index folder back in order after a writing run that did not finish.

    Runs under the lock, before any writing. Returns one line per repair a
    user should hear of ("recovered: …"): a rebuild that was never published
    is discarded, files a killed run left in the current generation are
    removed. Generations a finished rebuild retired are removed silently.
    """
    path = Path(index_dir)
    notes: list[str] = []
    with contextlib.suppress(FileNotFoundError):
        (path / (POINTER + ".tmp")).unlink()
    notes += _restore_older_swap(path)
    try:
        current = current_generation(path)
    except IndexMissingError:
        return notes  # a damaged pointer: touch nothing, a rebuild will replace it
    for n in _generations(path):
        if current is None or n > current:
            shutil.rmtree(path / _gen_name(n), ignore_errors=True)
            what = "rebuild" if current is not None else "first build"
            notes.append(
                f"recovered: an interrupted {what} of {path} was discarded ({_gen_name(n)})"
            )
    retire_old_generations(path)
    folder = data_folder(path)
    if folder is not None:
        k = remove_partial_files(folder)
        if k:
            notes.append(
                f"recovered: removed {k} partial files an interrupted run left in {folder}"
            )
    return notes


def _restore_older_swap(path: Path) -> list[str]:
    """An older migsearch swapped a rebuild in with two renames (``X`` to ``X.old``,
    then ``X.rebuild`` to ``X``); a crash between them left no index at ``X``, the
    complete rebuild in ``X.rebuild`` and the index it replaced in ``X.old``. The
    rebuild becomes the current generation; ``X.old`` is left for the user (a lone
    ``X.old`` may as well be a backup of theirs, and is never touched)."""
    old = path.with_name(path.name + ".old")
    built = path.with_name(path.name + ".rebuild")
    if index_exists(path) or not _tocs(old) or not _tocs(built):
        return []
    n = max(_generations(path), default=0) + 1
    built.rename(path / _gen_name(n))
    publish(path, n)
    return [
        f"recovered: the rebuild an interrupted swap left complete at {built} is now the index "
        f"at {path}; the index it replaced is still at {old}"
    ]
