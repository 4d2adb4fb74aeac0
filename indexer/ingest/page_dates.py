"""A page's date: the one it declares, else the one it shows near its title.

Declared dates (publication metas, JSON-LD, microdata) are the page's own
word and come first; a ``<time>`` element next. Failing both, the date
printed in the blocks around the title is read, never a copyright line, a
caption or a link to another story. Every candidate must be plausible as a
publication date (not in the future, not today: page headers print the day).
"""

from __future__ import annotations

from typing import Any

from migsearch.indexer.ingest.main_content import lists
from migsearch.indexer.ingest.page_meta import PageMeta
from migsearch.indexer.vocabulary.dates import find_date, parse_date, plausible
from migsearch.indexer.vocabulary.normalize import words_key

__all__ = ["declared_date", "in_caption", "shown_date", "time_date"]


def _plausible(value: str) -> str | None:
    """``value`` as an ISO date if it is one and could be a publication date."""
    d = parse_date(value)
    return d if d and plausible(d) else None


def declared_date(meta: PageMeta) -> str | None:
    """The publication date the page declares in its metadata, or None.

    Meta tags first (in the order of ``date_meta`` in boilerplate.toml), then
    JSON-LD, then microdata; the first plausible one wins.
    """
    metas = (meta.metas.get(key) for key in lists()["date_meta"])
    jsonld = (
        obj.get(key)
        for obj in meta.jsonld
        for key in ("datePublished", "dateCreated", "uploadDate", "startDate")
    )
    for v in (*metas, *jsonld, *meta.item_dates):
        if isinstance(v, str) and v and (d := _plausible(v)):
            return d
    return None


def time_date(root: Any) -> str | None:
    """A <time datetime> that reads as a publication stamp (first one, pubdate preferred)."""
    first = None
    for el in root.iter("time"):
        v = el.get("datetime") or "".join(el.itertext())
        d = _plausible(v) if v else None
        if not d:
            continue
        hint = f"{el.get('class') or ''} {el.get('itemprop') or ''}".lower()
        if el.get("pubdate") is not None or "publish" in hint or "posted" in hint:
            return d
        if first is None:
            first = d
    return first


def _is_copyright(text: str) -> bool:
    low = text.lower()
    return "©" in text or "copyright" in low or "(c)" in low or "all rights reserved" in low


def _text_date(blocks: list[str], start: int = 0, before: int = 3, after: int = 8) -> str | None:
    """A date written in the blocks around ``start`` (the title), never a copyright line."""
    lo = max(0, start - before)
    for text in blocks[lo : start + after + 1]:
        if len(text) > 400 or _is_copyright(text):
            continue
        d = find_date(text, partial=len(text) < 80)
        if d and plausible(d):
            return d
    return None


def in_caption(el: Any) -> bool:
    """Is ``el`` inside a figure or its caption (whose dates are the picture's)?"""
    while el is not None:
        if el.tag in ("figure", "figcaption"):
            return True
        el = el.getparent()
    return False


def shown_date(blocks: list[str], title: str, main_text: str) -> str | None:
    """The date printed near the title (or atop the text), never a copyright year."""
    key = words_key(title) if title else None
    start = next((i for i, b in enumerate(blocks) if key and words_key(b) == key), 0)
    date = _text_date(blocks, start)
    if date is None and main_text:
        date = _text_date(main_text.split("\n\n"), 0, 0, 2)
    return date
