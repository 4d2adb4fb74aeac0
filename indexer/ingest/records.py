"""The record: what ingestion makes of one resource and what the index stores.

The fields, how ids are made and how each format fills them are the contract
described in ``docs/records.md``. ``evidence`` and ``warnings`` are extra and
never indexed: the first says which words triggered each country and theme, so
``extract --evidence`` can show a user why a tag is there; the second says
which of the values a source gave were dropped, so ``index`` and ``extract``
report them on the way instead of losing them in silence.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["Record", "make_id"]


def make_id(source: str, key: str | int | None = None) -> str:
    """A stable id from where a record came from.

    The same page read again gives the same ids, so re-indexing updates rather
    than duplicates. ``key`` is the item's own URL or its position on a listing page.
    """
    raw = source if key is None else f"{source}#{key}"
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]


@dataclass
class Record:
    id: str
    title: str
    body: str
    source: str
    summary: str = ""
    date: str | None = None
    countries: list[str] = field(default_factory=list)
    primary_country: str | None = None
    regions: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    url: str | None = None
    type: str | None = None
    #: ISO 639-1 code of the language the text is written in (None: too little text to tell)
    language: str | None = None
    evidence: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self, *, evidence: bool = False) -> dict[str, Any]:
        d = asdict(self)
        d.pop("warnings")
        if not evidence:
            d.pop("evidence")
        return d
