"""Memory-mapped index files with a read position per thread (search/filemap.py)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from migsearch.indexer.store.storage import open_existing
from migsearch.search.filemap import MappedFile, SharedReadStorage, shared_for_reading


def test_each_thread_reads_from_its_own_position(tmp_path: Path) -> None:
    data = bytes(range(256)) * 400
    path = tmp_path / "f.bin"
    path.write_bytes(data)
    f = MappedFile(str(path))
    errors: list[str] = []

    def reader(start: int) -> None:
        for i in range(2000):
            pos = (start + i * 97) % (len(data) - 300)
            f.seek(pos)
            a = f.read(100)
            b = f.read(100)
            if a != data[pos : pos + 100] or b != data[pos + 100 : pos + 200]:
                errors.append(f"thread {start}: wrong bytes at {pos}")
                return
            if f.tell() != pos + 200:
                errors.append(f"thread {start}: position moved under it")
                return

    threads = [threading.Thread(target=reader, args=(k * 1000,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:3]
    f.seek(-10, os.SEEK_END)
    assert f.read() == data[-10:]
    assert f.read(5) == b""
    f.close()


def test_lines_buffers_and_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "lines.txt"
    path.write_bytes(b"one\ntwo\nthree")
    f = MappedFile(str(path))
    assert f.readline() == b"one\n"
    buf = bytearray(3)
    assert f.readinto(buf) == 3 and bytes(buf) == b"two"
    assert f.readline() == b"\n"
    assert f.readline() == b"three"
    assert f.get(4, 3) == b"two" and f.tell() == len(b"one\ntwo\nthree")
    empty = tmp_path / "empty"
    empty.write_bytes(b"")
    e = MappedFile(str(empty))
    assert e.read() == b"" and e.readline() == b""


def test_a_mapped_file_reads_on_after_it_is_deleted(tmp_path: Path) -> None:
    path = tmp_path / "gone.bin"
    path.write_bytes(b"x" * 5000)
    f = MappedFile(str(path))
    path.unlink()  # what a writer's merge does to an old segment
    assert f.get(4990, 10) == b"x" * 10


def test_an_index_opened_for_sharing_searches_as_before(corpus_index: Path) -> None:
    plain = open_existing(corpus_index)
    shared = open_existing(corpus_index)
    assert shared_for_reading(shared)
    assert isinstance(shared.storage, SharedReadStorage)
    with plain.searcher() as a, shared.searcher() as b:
        assert a.doc_count() == b.doc_count()
        for docnum in range(a.doc_count_all()):
            assert a.stored_fields(docnum) == b.stored_fields(docnum)
        assert list(a.lexicon("content")) == list(b.lexicon("content"))
