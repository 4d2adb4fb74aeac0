"""The record: what ingestion makes of one resource and what the index stores.

The fields, how ids are made and how each format fills them are the contract
described in ``docs/records.md``. ``evidence`` and ``warnings`` are extra and
never indexed: the first says which words triggered each country, region,
corridor, group and theme (and why each country is about or only mentioned),
so ``extract --evidence`` can show a user why a tag is there; the second says
which of the values a source gave were dropped, so ``index`` and ``extract``
report them on the way instead of losing them in silence.

A paged document (a PDF) keeps where each page starts in its body, so a hit
found at some offset of the body can say its page (:func:`page_at`) and link
to it (``#page=12``).
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from migsearch.indexer.ingest.sentences import first_sentences

__all__ = [
    "MADE_TITLE_CHARS",
    "Record",
    "made_title",
    "make_id",
    "page_at",
    "publisher_value",
    "summary_in_body",
]

#: characters of the title made for a record that has none of its own
MADE_TITLE_CHARS = 120


def summary_in_body(summary: str, body: str) -> bool:
    """Does the body already say the summary?

    A summary made of the body's first sentences has its white space redone (line
    breaks folded, sentences joined by one space) and may end in "…"; read as new
    text, it would count the lead twice wherever the record is read whole (the
    ranked ``content`` field, tagging). So the two are compared without white space.
    """
    if not summary or summary in body:
        return True
    bare = "".join(summary.split()).removesuffix("…")
    return not bare or bare in "".join(body.split())


def made_title(body: str) -> str:
    """The title shown for a record that has none: its body's first words, cut at a sentence
    end or with "…" ("Jury still out on huge mangrove regeneration project in Senegal…")."""
    return first_sentences(body, MADE_TITLE_CHARS)


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
    mentioned_countries: list[str] = field(default_factory=list)
    mentioned_regions: list[str] = field(default_factory=list)
    corridors: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    url: str | None = None
    type: str | None = None
    #: ISO 639-1 code of the language the text is written in (None: too little text to tell)
    language: str | None = None
    #: the organisations that publish the resource, as they name themselves
    publishers: list[str] = field(default_factory=list)
    #: offsets in ``body`` where each page starts (page 1 at 0); empty when unpaged
    pages: list[int] = field(default_factory=list)
    evidence: dict[str, dict[str, Any]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    #: ``title`` was made from the body (:func:`made_title`): the source gave none
    title_made: bool = False

    def __post_init__(self) -> None:
        """A record without a title shows its body's first words as one, and says so.

        Such a title is something to show, not a title: ranked as one, the words
        a text happens to open with would count as what it is about (an untitled
        excerpt opening "Health workers report…" would outrank reports on
        health), and read again in front of the body they would count twice and
        lengthen it. So the index stores it but does not rank it
        (:func:`migsearch.indexer.store.schema.record_fields`). A title of the
        source's own that the body repeats (an abstract opening with its title)
        is a title and stays one.
        """
        if not self.title.strip() and self.body.strip():
            self.title, self.title_made = made_title(self.body), True

    def to_dict(self, *, evidence: bool = False) -> dict[str, Any]:
        d = asdict(self)
        d.pop("warnings")
        d.pop("title_made")
        if not evidence:
            d.pop("evidence")
        return d


def page_at(pages: Sequence[int], offset: int) -> int | None:
    """The 1-based page of a paged body at which character ``offset`` sits, or None
    for a body without pages. ``pages`` is a record's :attr:`Record.pages`."""
    if not pages or offset < 0:
        return None
    return bisect.bisect_right(pages, offset)


def publisher_value(name: str) -> str:
    """A publisher's name as a facet value: one line, spaces collapsed, and no comma
    (facet columns hold comma-separated values): "Ministry of Labour, Invalids and
    Social Affairs" is kept as "Ministry of Labour; Invalids and Social Affairs"."""
    return " ".join(name.replace(",", ";").split()).strip(" ;")
