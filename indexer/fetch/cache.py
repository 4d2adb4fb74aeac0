"""The fetch cache beside the index: what was fetched, when, with what result, and the bytes.

A folder next to the index (``migsearch-index.web`` for ``migsearch-index``)
holds ``fetches.sqlite`` and ``bodies/``. The database has one row per URL
(status, result, validators, content hash, times) and one per run; bodies are
files named by their SHA-1, so an unchanged page costs no new write and two
URLs with one body share it.

It is what makes a re-run a sync: validators give conditional requests, the
stored bytes stand in for a ``304 Not Modified``, and rows written during a
run that never finished let the next run resume without asking again. Each
row is committed as soon as its fetch is done, and a body is in place (written
aside, then renamed) before its row names it, so ``kill -9`` at any moment
leaves a cache that is consistent up to the last finished fetch. SQLite in
WAL mode keeps that promise for a killed process; only a power cut can lose
the last few rows, which the next run then simply fetches again.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
import time
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

__all__ = ["RESULTS", "Cache", "Entry", "Run", "cache_dir_for"]

#: what a fetch came to, as ``migsearch sources`` shows it
RESULTS = {
    "downloaded": "a new or changed body was downloaded",
    "not-modified": "the server answered 304: the cached body is current",
    "not-found": "HTTP 404",
    "gone": "HTTP 410",
    "blocked": "robots.txt forbids it (never requested)",
    "failed": "no usable answer (timeout, network error, 5xx, over the size cap…)",
}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS fetches (
    url TEXT PRIMARY KEY,
    final_url TEXT,
    status INTEGER NOT NULL DEFAULT 0,
    result TEXT NOT NULL,
    detail TEXT,
    media TEXT,
    charset TEXT,
    etag TEXT,
    last_modified TEXT,
    sha1 TEXT,
    size INTEGER,
    fetched_at REAL,
    checked_at REAL NOT NULL,
    run INTEGER,
    role TEXT,
    found_on TEXT
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL,
    started REAL NOT NULL,
    finished REAL
);
CREATE TABLE IF NOT EXISTS resources (
    url TEXT PRIMARY KEY,
    seed TEXT NOT NULL
);
"""


def cache_dir_for(index_dir: str | os.PathLike[str]) -> Path:
    """The cache folder that belongs to an index folder: beside it, never inside
    (an index rebuilt and swapped in must not take the cache with it)."""
    p = Path(index_dir).expanduser().absolute()
    return p.with_name(p.name + ".web")


@dataclass
class Entry:
    """One URL's row."""

    url: str
    result: str
    checked_at: float
    final_url: str | None = None
    status: int = 0
    detail: str | None = None
    media: str | None = None
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    sha1: str | None = None
    size: int | None = None
    fetched_at: float | None = None
    run: int | None = None
    role: str | None = None
    found_on: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


_COLUMNS = [f.name for f in fields(Entry)]


@dataclass(frozen=True)
class Run:
    id: int
    resumed: bool  # an earlier run of the same crawl was interrupted; this one goes on with it


class Cache:
    """The cache folder; safe to share between the crawler's threads."""

    def __init__(self, folder: str | os.PathLike[str], *, create: bool = True) -> None:
        self.folder = Path(folder)
        self.bodies = self.folder / "bodies"
        if create:
            self.bodies.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(
            self.folder / "fetches.sqlite", check_same_thread=False, isolation_level=None
        )
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ runs
    def start_run(self, key: dict[str, Any]) -> Run:
        """A new run, or the unfinished last one when it was the same crawl (same seeds
        and options), which is then resumed."""
        text = json.dumps(key, sort_keys=True)
        with self._lock:
            row = self._db.execute(
                "SELECT id, key, finished FROM runs ORDER BY id DESC LIMIT 1"
            ).fetchone()
            if row is not None and row[1] == text and row[2] is None:
                return Run(row[0], resumed=True)
            cur = self._db.execute(
                "INSERT INTO runs (key, started) VALUES (?, ?)", (text, time.time())
            )
            return Run(int(cur.lastrowid or 0), resumed=False)

    def finish_run(self, run: Run) -> None:
        with self._lock:
            self._db.execute("UPDATE runs SET finished = ? WHERE id = ?", (time.time(), run.id))

    # ------------------------------------------------------------ fetches
    def entry(self, url: str) -> Entry | None:
        with self._lock:
            row = self._db.execute(
                f"SELECT {', '.join(_COLUMNS)} FROM fetches WHERE url = ?", (url,)
            ).fetchone()
        return Entry(*row) if row else None

    def entries(self) -> list[Entry]:
        with self._lock:
            rows = self._db.execute(
                f"SELECT {', '.join(_COLUMNS)} FROM fetches ORDER BY url"
            ).fetchall()
        return [Entry(*r) for r in rows]

    def put(self, entry: Entry, body: bytes | None = None) -> Entry:
        """Store a fetch's row, and its body when one was downloaded (before the row)."""
        if body is not None:
            entry.sha1 = self._write_body(body)
            entry.size = len(body)
        values = [getattr(entry, c) for c in _COLUMNS]
        with self._lock:
            self._db.execute(
                f"INSERT OR REPLACE INTO fetches ({', '.join(_COLUMNS)}) "
                f"VALUES ({', '.join('?' * len(_COLUMNS))})",
                values,
            )
        return entry

    def body(self, entry: Entry) -> bytes | None:
        """The stored bytes of an entry, or None when it has none (or they went missing)."""
        if not entry.sha1:
            return None
        try:
            return self._body_path(entry.sha1).read_bytes()
        except OSError:
            return None

    def body_path(self, entry: Entry) -> Path | None:
        """Where an entry's bytes are on disk (for messages and tools), or None."""
        return self._body_path(entry.sha1) if entry.sha1 else None

    def _body_path(self, sha1: str) -> Path:
        return self.bodies / sha1[:2] / sha1

    def _write_body(self, body: bytes) -> str:
        sha1 = hashlib.sha1(body).hexdigest()
        path = self._body_path(sha1)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{sha1}.{os.getpid()}.{threading.get_ident()}.tmp")
            tmp.write_bytes(body)
            os.replace(tmp, path)
        return sha1

    # ------------------------------------------------------------ resources
    def resources(self, seed: str) -> list[str]:
        """The resources last indexed from ``seed``."""
        with self._lock:
            rows = self._db.execute(
                "SELECT url FROM resources WHERE seed = ? ORDER BY url", (seed,)
            ).fetchall()
        return [r[0] for r in rows]

    def set_resources(self, seed: str, urls: list[str]) -> None:
        with self._lock:
            self._db.execute("BEGIN")
            self._db.execute("DELETE FROM resources WHERE seed = ?", (seed,))
            self._db.executemany(
                "INSERT OR REPLACE INTO resources (url, seed) VALUES (?, ?)",
                [(u, seed) for u in urls],
            )
            self._db.execute("COMMIT")
