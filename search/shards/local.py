"""The shards of a set searched in this process, each phase on all of them at once.

A thread per shard: the heavy parts of a shard's work (numpy over its arrays,
reading its mapped files) let go of the GIL, so the shards of one search run
on several cores. Each call runs in a copy of the caller's context, so the
search's time limit (:mod:`~migsearch.search.deadline`) holds in the shards too.
"""

from __future__ import annotations

import contextvars
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from migsearch.search.shards.shard import ShardSearcher

__all__ = ["LocalShards"]


class LocalShards:
    """Shard searchers of the folders ``folders``, in shard order."""

    def __init__(self, folders: Sequence[str | os.PathLike[str]], *, warm: bool = False) -> None:
        self.searchers: list[ShardSearcher] = []
        try:
            for k, folder in enumerate(folders):
                self.searchers.append(ShardSearcher(Path(folder), k, warm=warm))
        except BaseException:
            self.close()
            raise
        self._pool = ThreadPoolExecutor(len(self.searchers), thread_name_prefix="migsearch-shard")

    @property
    def count(self) -> int:
        return len(self.searchers)

    def all(self, method: str, *args: Any) -> list[Any]:
        """``method(*args)`` on every shard, their answers in shard order."""
        return self.each({k: args for k in range(self.count)}, method)

    def each(self, calls: dict[int, tuple[Any, ...]], method: str) -> list[Any]:
        """``method`` on the shards of ``calls`` with their own arguments, in that order."""
        futures = [
            self._pool.submit(
                contextvars.copy_context().run, getattr(self.searchers[k], method), *args
            )
            for k, args in calls.items()
        ]
        return [f.result() for f in futures]

    def one(self, k: int, method: str, *args: Any) -> Any:
        return getattr(self.searchers[k], method)(*args)

    def close(self) -> None:
        for s in self.searchers:
            s.close()
        pool = getattr(self, "_pool", None)
        if pool is not None:
            pool.shutdown(wait=False)
