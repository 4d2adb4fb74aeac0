"""Index files opened for many reader threads at once: one memory map, a read position per thread.

Whoosh reads its files by ``seek`` then ``read`` on one file object per
opened file, so two threads searching the same opened index interleave their
seeks and read each other's bytes. Locking a whole search around that
(what the engine once did) makes every search wait for the one before it,
and one slow query freezes the server.

Here each file of an opened index is mapped into memory once and shared;
every thread keeps its own read position in it, so Whoosh's seek-and-read
sequences cannot interleave, and a read is a slice of the map (no system
call). A map stays valid after a writer deletes the file (a merge or a
rebuild swap), so a searcher opened on one commit keeps answering until it
is closed, whatever the writers do meanwhile.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import threading
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile

__all__ = ["MappedFile", "SharedReadStorage", "shared_for_reading"]


class MappedFile:
    """A read-only file over a memory map whose read position is per thread.

    Implements what Whoosh's StructFile and ``pickle.load`` call on a file:
    ``read``, ``readline``, ``readinto``, ``seek``, ``tell`` and ``close``.
    """

    def __init__(self, path: str) -> None:
        self.name = path
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            # an empty file cannot be mapped; nothing is read from it anyway
            self._map: Any = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
        self.size = size
        self._local = threading.local()

    @property
    def buffer(self) -> Any:
        """The whole file, for readers that slice it themselves (thread-safe)."""
        return self._map

    def _pos(self) -> int:
        return getattr(self._local, "pos", 0)

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        if whence == os.SEEK_SET:
            pos = offset
        elif whence == os.SEEK_CUR:
            pos = self._pos() + offset
        else:
            pos = self.size + offset
        if pos < 0:
            raise ValueError(f"negative seek position {pos}")
        self._local.pos = pos
        return pos

    def tell(self) -> int:
        return self._pos()

    def read(self, n: int | None = -1) -> bytes:
        pos = self._pos()
        end = self.size if n is None or n < 0 else min(pos + n, self.size)
        data = self._map[pos:end]
        self._local.pos = max(pos, end)
        return bytes(data)

    def readinto(self, buf: Any) -> int:
        data = self.read(len(buf))
        buf[: len(data)] = data
        return len(data)

    def readline(self, limit: int = -1) -> bytes:
        pos = self._pos()
        nl = self._map.find(b"\n", pos)
        end = self.size if nl < 0 else nl + 1
        if limit is not None and limit >= 0:
            end = min(end, pos + limit)
        return self.read(end - pos)

    def get(self, position: int, length: int) -> bytes:
        """``length`` bytes at ``position``, leaving the read position alone."""
        return bytes(self._map[position : position + length])

    def close(self) -> None:
        m, self._map = self._map, b""
        if isinstance(m, mmap.mmap):
            # a view of it still alive: the map goes when that view does
            with contextlib.suppress(BufferError):
                m.close()


class _MappedStructFile(StructFile):
    """Whoosh's StructFile over a MappedFile; ``get`` slices the map directly."""

    def __init__(self, mapped: MappedFile, name: str | None = None, **kwargs: Any) -> None:
        super().__init__(mapped, name=name, **kwargs)
        self.mapped = mapped

    def get(self, position: int, length: int) -> bytes:
        return self.mapped.get(position, length)


class SharedReadStorage(FileStorage):
    """A read-only FileStorage whose files many threads may read at once."""

    def __init__(self, path: str) -> None:
        super().__init__(path, supports_mmap=False, readonly=True)

    def open_file(self, name: str, **kwargs: Any) -> StructFile:
        return _MappedStructFile(MappedFile(self._fpath(name)), name=name, **kwargs)


def shared_for_reading(ix: Any) -> bool:
    """Make the opened Whoosh index ``ix`` open its files for concurrent readers.

    Returns False (and changes nothing) when ``ix`` does not keep its files in
    a plain folder, or holds compound segments (one file whose parts Whoosh
    reads through a shared cursor of its own): its searchers must then be
    used by one thread at a time.
    """
    storage = getattr(ix, "storage", None)
    if type(storage) is not FileStorage:
        return False
    try:
        segments = ix._segments()  # Whoosh has no public list of segments
    except Exception:  # unreadable table of contents: the caller's open reports it
        return False
    if any(s.is_compound() for s in segments):
        return False
    ix.storage = SharedReadStorage(storage.folder)
    return True
