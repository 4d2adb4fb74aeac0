"""Reading query files for ``batch``: JSONL (``_id``/``id``, ``text``/``query``) or TSV."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from migsearch.errors import UsageError

__all__ = ["read_queries"]


def read_queries(path: Path) -> Iterator[tuple[str, str]]:
    """(id, text) pairs from a query file; a line that is neither format is an error."""
    with path.open(encoding="utf-8-sig") as f:
        for lineno, line in enumerate(f, start=1):
            line = line.rstrip("\n\r")
            if not line.strip():
                continue
            if line.lstrip().startswith("{"):
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as e:
                    raise UsageError(f"{path}:{lineno}: invalid JSON ({e.msg})") from e
                qid = obj.get("_id", obj.get("id"))
                text = obj.get("text", obj.get("query"))
                if qid is None or text is None:
                    raise UsageError(
                        f"{path}:{lineno}: a query needs `_id`/`id` and `text`/`query`"
                    )
                yield str(qid), str(text)
            elif "\t" in line:
                qid, text = line.split("\t", 1)
                if qid.lower() in ("id", "qid", "query-id") and lineno == 1:
                    continue  # header
                yield qid.strip(), text.strip()
            else:
                raise UsageError(f"{path}:{lineno}: expected JSONL or `id<TAB>query`")
