"""The layout of a sharded index: its manifest, its shard folders, and which shard
a document belongs to.

An index folder ``X`` built with ``--shards N`` (N > 1) holds:

* ``X/shards.json``: the manifest, ``{"format": 1, "shards": N, "hash": "blake2b-64"}``,
  written once when the first build succeeds; N never changes afterwards, since
  it decides where every id lives;
* ``X/shard-00/`` … ``X/shard-NN/``: one complete migsearch index each (its own
  generations, pointer and writer lock: :mod:`.storage`);
* ``X/writer.lock``: the lock of the run writing the set (each shard's writer
  also takes its shard's own).

A folder without a manifest is an index of one shard: today's layout, read as
it always was.

A document goes to shard ``hash(id) mod N``. The hash is BLAKE2b of the id's
UTF-8 bytes, not Python's ``hash``, which changes with ``PYTHONHASHSEED`` from
one process to the next: every process that writes or updates a shard set, on
any machine, must send an id to the same shard for as long as the index lives.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from migsearch.errors import IndexMissingError

__all__ = ["MANIFEST", "MAX_SHARDS", "shard_count", "shard_folders", "shard_of", "write_manifest"]

MANIFEST = "shards.json"
#: more shards than this would only cost: each is searched for every query
MAX_SHARDS = 64
_FORMAT = 1
_HASH = "blake2b-64"


def shard_of(doc_id: str, shards: int) -> int:
    """The shard (0 … ``shards`` - 1) that holds the document ``doc_id``."""
    if shards <= 1:
        return 0
    digest = hashlib.blake2b(doc_id.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % shards


def shard_folders(index_dir: str | os.PathLike[str], shards: int) -> list[Path]:
    """The folders of the ``shards`` shards of ``index_dir``, in shard order."""
    return [Path(index_dir) / f"shard-{k:02d}" for k in range(shards)]


def shard_count(index_dir: str | os.PathLike[str]) -> int | None:
    """The number of shards the manifest of ``index_dir`` names; None when it has none
    (an index of one shard, or no index)."""
    path = Path(index_dir) / MANIFEST
    try:
        data = json.loads(path.read_text("utf-8"))
    except (FileNotFoundError, NotADirectoryError):
        return None
    except (OSError, ValueError) as e:
        raise IndexMissingError(_damaged(index_dir)) from e
    n = data.get("shards") if isinstance(data, dict) else None
    if (
        not isinstance(n, int)
        or not 1 < n <= MAX_SHARDS
        or data.get("hash") != _HASH
        or data.get("format") != _FORMAT
    ):
        raise IndexMissingError(_damaged(index_dir))
    return n


def write_manifest(index_dir: str | os.PathLike[str], shards: int) -> None:
    """Name ``index_dir`` a set of ``shards`` shards, atomically and durably."""
    path = Path(index_dir)
    tmp = path / (MANIFEST + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump({"format": _FORMAT, "shards": shards, "hash": _HASH}, f)
        f.write("\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path / MANIFEST)


def _damaged(index_dir: str | os.PathLike[str]) -> str:
    return (
        f"cannot open the index at {index_dir}: its {MANIFEST} is damaged; rebuild it in "
        f"a new folder with: migsearch index PATH --shards N --index NEW"
    )
