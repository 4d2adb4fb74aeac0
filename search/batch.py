"""Reading query files for ``batch``: JSONL (``_id``/``id``, ``text``/``query``) or TSV."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from migsearch.errors import UsageError

__all__ = ["read_queries"]


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    """The file's lines without their ends, numbered from 1, decoded one by one so that
    a byte that is not UTF-8 is reported with its line, not as a decoder's traceback."""
    try:
        f = path.open("rb")
    except OSError as e:
        raise UsageError(f"cannot read {path}: {e.strerror or e}") from e
    with f:
        for lineno, raw in enumerate(f, start=1):
            try:
                line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
            except UnicodeDecodeError as e:
                raise UsageError(
                    f"{path}:{lineno}: not UTF-8 text (byte 0x{raw[e.start]:02x} at column "
                    f"{e.start + 1}); save the file as UTF-8"
                ) from e
            yield lineno, line.rstrip("\n\r")


def read_queries(path: Path) -> Iterator[tuple[str, str]]:
    """(id, text) pairs from a query file; a line that is neither format is an error,
    and so is a line that is not UTF-8 (named by its number, as a bad line is)."""
    for lineno, line in _lines(path):
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
                raise UsageError(f"{path}:{lineno}: a query needs `_id`/`id` and `text`/`query`")
            yield str(qid), str(text)
        elif "\t" in line:
            qid, text = line.split("\t", 1)
            if qid.lower() in ("id", "qid", "query-id") and lineno == 1:
                continue  # header
            yield qid.strip(), text.strip()
        else:
            raise UsageError(f"{path}:{lineno}: expected JSONL or `id<TAB>query`")
