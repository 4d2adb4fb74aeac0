"""Listing pages: many resources on one page, each with its own link.

A listing is a run of at least three siblings of the same shape (same tag and
first stable class), each led by a title link and, for most of them, carrying a
blurb or a date. Whether such a run *is* the page (a resource library's "All
Resources") or a box beside an article ("More stories") is decided by the
caller with :func:`listing_is_main`, :func:`beside_article` and :func:`attached`
once the main content is known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from migsearch.indexer.ingest.main_content import is_furniture_text, lists
from migsearch.indexer.ingest.page_meta import join_url
from migsearch.indexer.ingest.segments import segments
from migsearch.indexer.vocabulary.dates import find_date, find_date_span, parse_date, plausible
from migsearch.indexer.vocabulary.normalize import words_key

__all__ = [
    "HtmlItem",
    "attached",
    "beside_article",
    "find_items",
    "listing_is_main",
]


@dataclass
class HtmlItem:
    """One resource on a listing page."""

    title: str
    summary: str = ""
    date: str | None = None
    url: str | None = None
    type: str | None = None


_NOISY_CLASS = re.compile(r"\d|(?:^|[-_])(?:odd|even|first|last|active|current|new)$", re.I)


def _signature(el: Any) -> str:
    """Tag and first stable class: siblings of one list share it even when a CMS
    adds position classes (views-row-1, odd, last) to each."""
    cls = next((c for c in (el.get("class") or "").split() if not _NOISY_CLASS.search(c)), "")
    return f"{el.tag}.{cls}"


def _in_furniture(el: Any) -> bool:
    ls = lists()
    while el is not None:
        tag = el.tag
        if tag in ("nav", "header", "footer", "aside"):
            return True
        if (el.get("role") or "").lower() in ls["furniture_roles"]:
            return True
        el = el.getparent()
    return False


_EDGE_PUNCT = re.compile(r"^[\s\-–—|·:,;/]+|[\s\-–—|·:,;/]+$")
_GENERIC_LINK = re.compile(
    r"^(read|learn|see|view|find out|download|more|details|continue|full|pdf|click)\b", re.I
)


def _item_link(item: Any) -> tuple[str, str] | None:
    """(title, href) of an item: its heading and the heading's link, else its
    longest link; a heading without a link of its own takes the item's link
    ("Read more")."""
    heading = None
    for h in item.iter("h1", "h2", "h3", "h4", "h5", "h6", "strong", "b"):
        text = " ".join("".join(h.itertext()).split())
        if len(text) < 8:
            continue
        a = h.find(".//a[@href]")
        if a is None:
            p = h.getparent()
            a = p if p is not None and p.tag == "a" and p.get("href") else None
        if a is not None and _in_page(a.get("href")):
            a = None  # "#q3": a section of this page (an FAQ's question), no resource
        if a is not None:
            return text, a.get("href")
        heading = heading or text
    best: tuple[str, str] | None = None
    fallback: str | None = None
    for a in item.iter("a"):
        href = a.get("href")
        if not href or _in_page(href) or href.startswith(("javascript:", "mailto:")):
            continue
        text = " ".join("".join(a.itertext()).split())
        if _GENERIC_LINK.match(text) or not text:
            fallback = fallback or href
            continue
        if best is None or len(text) > len(best[0]):
            best = (text, href)
    if heading and (best is None or len(best[0]) < len(heading)):
        href = best[1] if best else fallback
        return (heading, href) if href else None
    return best if best and len(best[0]) >= 8 else None


def _in_page(href: str) -> bool:
    """A link to a place on this same page."""
    return href.startswith("#")


def _in_own_article(el: Any) -> bool:
    """Is ``el`` inside the page's own article: an <article> (or articleBody) that
    also holds the page's <h1>? A run of linked blocks there is that article's
    text (a digest of news items, a round-up), one document, not a listing."""
    return any(
        (a.tag == "article" or (a.get("itemprop") or "").lower() == "articlebody")
        and a.find(".//h1") is not None
        for a in el.iterancestors()
    )


def _item_head(el: Any) -> tuple[str, str] | None:
    """(title, href) when ``el`` looks like a resource entry: led by a title link."""
    if el.tag in ("p", "span", "a", "em", "strong", "blockquote", "pre"):
        return None  # a paragraph with links in it is prose, not a resource
    got = _item_link(el)
    if got is None:
        return None
    title = got[0]
    if "://" in title or title.startswith("www."):
        return None
    # the title leads the item (after at most a type label and a date)
    text = " ".join("".join(el.itertext()).split())
    at = text.find(title)
    return got if 0 <= at <= 80 else None


def _item(el: Any, base: str | None) -> HtmlItem | None:
    got = _item_head(el)
    if got is None:
        return None
    title, href = got
    url = join_url(base, href)
    date = None
    t = el.find(".//time")
    if t is not None:
        v = t.get("datetime") or "".join(t.itertext())
        date = parse_date(v) if v else None
        date = date if date and plausible(date) else None
    summary_parts: list[str] = []
    type_: str | None = None
    table = lists()["types"]
    for seg in segments(el):
        text = seg.text
        if title in text:
            text = text.replace(title, " ", 1)
        text = _EDGE_PUNCT.sub("", text)
        if not text:
            continue
        if len(text) <= 80:
            # a metadata line: date, type label, "Read more"
            found = find_date_span(text, partial=True)
            if found:
                iso, a, b = found
                rest = _EDGE_PUNCT.sub("", f"{text[:a]} {text[b:]}")
                if len(rest) <= 30:  # a date line ("Published: 27 April 2015 | Report")
                    date = date or (iso if plausible(iso) else None)
                    text = rest
            label = text.lower().rsplit(":", 1)[-1].strip()
            if label in table:
                type_ = type_ or table[label]
                continue
            if not text or _GENERIC_LINK.match(text) or is_furniture_text(text):
                continue
            if seg.link_density > 0.5 and len(text) < 60:
                continue
        summary_parts.append(text)
    if date is None:
        d = find_date(" ".join(summary_parts), partial=False)
        date = d if d and plausible(d) else None
    return HtmlItem(title=title, summary="\n".join(summary_parts), date=date, url=url, type=type_)


def find_items(
    root: Any, base: str | None, page_title: str = ""
) -> tuple[list[HtmlItem], int, Any]:
    """The page's best listing candidate and how many characters it holds
    (negative when one of its titles is the page's own).

    A listing is a run of at least three siblings of the same shape, each with a
    title link of its own and, for most of them, a blurb or a date; it must hold
    a good share of the page's text (the caller compares the count with the
    main text), so a "related stories" box under an article does not turn the
    article into a listing.
    """
    best: list[HtmlItem] = []
    best_chars = 0
    best_parent = None
    page_key = words_key(page_title)
    for parent in root.iter():
        if not isinstance(parent.tag, str) or len(parent) < 3:
            continue
        groups: dict[str, list[Any]] = {}
        for ch in parent:
            if isinstance(ch.tag, str) and ch.tag not in ("script", "style", "br", "hr"):
                groups.setdefault(_signature(ch), []).append(ch)
        for members in groups.values():
            if len(members) < 3:
                continue
            if _in_furniture(parent) or sum(1 for m in members if m.find(".//a") is not None) < 3:
                continue
            if _in_own_article(members[0]):
                continue
            # a cheap look at the first few members before reading them all
            if sum(1 for m in members[:5] if _item_head(m) is not None) < min(3, len(members)):
                continue
            items = [it for it in (_item(m, base) for m in members) if it is not None]
            if len(items) < 3 or len(items) < 0.6 * len(members):
                continue
            rich = sum(1 for it in items if len(it.summary) >= 40 or it.date)
            if rich < 0.5 * len(items) or len({it.url for it in items}) < 0.8 * len(items):
                continue
            chars = sum(len(it.title) + len(it.summary) for it in items)
            if chars > best_chars:
                best, best_chars, best_parent = items, chars, parent
    if page_key and any(words_key(it.title) == page_key for it in best):
        # a list that names the page itself: a "latest stories" box or the page's
        # own header, not the page's content; the caller may still mute it
        best_chars = -best_chars
    return best, best_chars, best_parent


def listing_is_main(parent: Any, body: Any, mains: list[Any]) -> bool:
    """Is the listing where the page's main content is (not a box beside it)?"""
    if not attached(parent, body):
        return False  # the furniture filter removed it
    return any(attached(parent, m) or attached(m, parent) for m in mains)


def beside_article(listing: Any, mains: list[Any]) -> bool:
    """Is the main content an <article> (or articleBody) that the listing is outside of?"""
    for m in mains[:1]:
        art = m
        while art is not None and not (
            art.tag == "article" or (art.get("itemprop") or "").lower() == "articlebody"
        ):
            art = art.getparent()
        if art is None:
            return False
        inside_listing = any(a is listing for a in art.iterancestors())
        listing_in_article = any(a is art for a in listing.iterancestors())
        return not inside_listing and not listing_in_article and art is not listing
    return False


def attached(el: Any, root: Any) -> bool:
    """Is ``el`` inside ``root`` or ``root`` itself (still in the page, when ``root``
    is its body: not removed with some furniture)?"""
    while el is not None:
        if el is root:
            return True
        el = el.getparent()
    return False
