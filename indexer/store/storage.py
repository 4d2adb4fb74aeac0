"""Opening an index folder, and telling one commit from the next.

This is the one module that knows how Whoosh lays an index out on disk: a
table of contents ``_<name>_<generation>.toc`` per commit, swapped in
atomically, beside the segment files it names. Everything else asks here
whether an index exists, opens it, and learns whether it changed since it
last looked (a *commit stamp*), so no other module reads Whoosh's file names.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import whoosh.index

from migsearch.errors import IndexMissingError, IndexVersionError
from migsearch.indexer.store.schema import make_schema

__all__ = [
    "CommitStamp",
    "commit_stamp",
    "create_index",
    "index_exists",
    "last_commit_time",
    "open_existing",
]

#: A commit's identity: generation, and the table of contents' inode and mtime. A
#: rebuild swapped into place can reuse a generation number, never the same file.
CommitStamp = tuple[int, int, int]

#: Whoosh names an index "MAIN" unless told otherwise, and each commit's table of
#: contents ``_MAIN_<generation>.toc``.
_TOC = "_MAIN_*.toc"


def index_exists(path: str | os.PathLike[str]) -> bool:
    """Is there an index (a committed table of contents) in the folder ``path``?

    Answered from the file names alone: Whoosh's own ``exists_in`` opens the
    index, and so unpickles its schema, which fails on an index of an older
    layout; that case is :func:`open_existing`'s to explain.
    """
    return bool(_tocs(Path(path)))


def create_index(index_dir: str | os.PathLike[str]) -> Any:
    """A new, empty index with the current schema in the (existing) folder ``index_dir``."""
    return whoosh.index.create_in(str(index_dir), make_schema())


def open_existing(index_dir: str | os.PathLike[str]) -> Any:
    """The Whoosh index at ``index_dir``; a one-line error when there is none or it is unusable.

    Whoosh pickles the analyzer into the table of contents by its module path.
    An index written before the package layout of :mod:`migsearch` pickled
    ``indexer.analysis.SnowballFilter``, which no longer exists, so unpickling
    fails; an index with other fields is as unusable. Either way the message
    says to rebuild rather than showing Whoosh's or pickle's complaint.
    """
    path = Path(index_dir)
    if not index_exists(path):
        raise IndexMissingError(
            f"no index at {path}; build one with: migsearch index PATH --index {path}"
        )
    rebuild = f"rebuild it with: migsearch index PATH --rebuild --index {path}"
    try:
        ix = whoosh.index.open_dir(str(path))
    except (ModuleNotFoundError, AttributeError, ImportError) as e:
        raise IndexVersionError(
            f"the index at {path} was built by an older migsearch; {rebuild}"
        ) from e
    except Exception as e:  # a damaged table of contents: Whoosh's complaint stays in __cause__
        raise IndexMissingError(f"cannot open the index at {path}: it is damaged; {rebuild}") from e
    if ix.schema.names() != make_schema().names():
        ix.close()
        raise IndexVersionError(
            f"the index at {path} was built by another version of migsearch; {rebuild}"
        )
    return ix


def _tocs(path: Path) -> list[Path]:
    try:
        return list(path.glob(_TOC))
    except OSError:
        return []


def commit_stamp(index_dir: str | os.PathLike[str]) -> CommitStamp | None:
    """The identity of the latest commit, or None when there is no index (yet)."""
    best: CommitStamp | None = None
    for toc in _tocs(Path(index_dir)):
        try:
            gen = int(toc.stem.rsplit("_", 1)[1])
            st = toc.stat()
        except (ValueError, IndexError, OSError):
            continue  # a commit replacing its files under us: the next call sees it
        stamp = (gen, st.st_ino, st.st_mtime_ns)
        if best is None or stamp > best:
            best = stamp
    return best


def last_commit_time(index_dir: str | os.PathLike[str]) -> str | None:
    """When the latest commit landed, as ISO 8601 UTC, or None."""
    times = []
    for toc in _tocs(Path(index_dir)):
        try:
            times.append(toc.stat().st_mtime)
        except OSError:
            continue
    if not times:
        return None
    return dt.datetime.fromtimestamp(max(times), dt.UTC).isoformat(timespec="seconds")
