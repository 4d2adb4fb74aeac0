"""Links out of what was fetched: sitemaps, feeds, and a page's attachments and next page.

Sitemaps are read with lxml (already the HTML parser's dependency), with
entity resolution and network access off, so a hostile sitemap cannot read
local files or fetch anything. Feeds are read with feedparser, which knows
RSS 0.9x/1.0/2.0 and Atom and their date formats, and cleans the HTML of
entry summaries.

A detail page's attachments are its links to documents (by suffix or by a
declared ``type``) outside the page's navigation, header, footer and sidebars,
where a site-wide "annual report" link would otherwise attach itself to
every page.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import feedparser
import lxml.etree
import lxml.html

from migsearch.indexer.fetch.sniff import SUFFIXES
from migsearch.indexer.fetch.urls import resolve

__all__ = [
    "ATTACHMENT_SUFFIXES",
    "FeedEntry",
    "PageLinks",
    "Sitemap",
    "page_links",
    "read_feed",
    "read_sitemap",
]

#: links to these are a page's attached documents
ATTACHMENT_SUFFIXES = frozenset({".pdf", ".doc", ".docx", ".odt", ".rtf", ".txt", ".csv"})
_DOC_TYPES = {m for m, s in SUFFIXES.items() if s in ATTACHMENT_SUFFIXES}
_FURNITURE = {"nav", "header", "footer", "aside"}
_NEXT_TEXT = re.compile(r"^(next( page)?|older( entries| posts)?)?\s*[›»>]*$", re.I)


@dataclass
class Sitemap:
    pages: list[tuple[str, str | None]] = field(default_factory=list)  # (url, lastmod)
    sitemaps: list[str] = field(default_factory=list)  # children of a sitemap index


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def read_sitemap(body: bytes, base: str) -> Sitemap:
    """The pages (or child sitemaps) a sitemap lists; ValueError when it is no sitemap."""
    parser = lxml.etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, recover=True
    )
    try:
        root = lxml.etree.fromstring(body, parser=parser)
    except lxml.etree.XMLSyntaxError as e:
        raise ValueError(f"not a sitemap ({e})") from None
    if root is None or _local(root.tag) not in ("urlset", "sitemapindex"):
        raise ValueError("not a sitemap (no <urlset> or <sitemapindex>)")
    out = Sitemap()
    for el in root:
        if _local(el.tag) not in ("url", "sitemap"):
            continue
        loc = lastmod = None
        for ch in el:
            name = _local(ch.tag)
            if name == "loc" and ch.text:
                loc = resolve(base, ch.text)
            elif name == "lastmod" and ch.text:
                lastmod = ch.text.strip()
        if loc is None:
            continue
        if _local(el.tag) == "sitemap":
            out.sitemaps.append(loc)
        else:
            out.pages.append((loc, lastmod))
    return out


@dataclass
class FeedEntry:
    url: str
    title: str = ""
    summary: str = ""
    date: str | None = None
    enclosures: list[str] = field(default_factory=list)


def _text(html: str) -> str:
    if "<" not in html:
        return " ".join(html.split())
    try:
        return " ".join(lxml.html.fromstring(f"<div>{html}</div>").text_content().split())
    except (lxml.etree.ParserError, ValueError):
        return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def read_feed(body: bytes, base: str) -> list[FeedEntry]:
    """The entries of an RSS or Atom feed; ValueError when it is no feed."""
    parsed = feedparser.parse(body, response_headers={"content-location": base})
    if not parsed.get("version") and not parsed.entries:
        why = parsed.get("bozo_exception")
        raise ValueError(f"not an RSS or Atom feed{f' ({why})' if why else ''}")
    out: list[FeedEntry] = []
    for e in parsed.entries:
        url = resolve(base, e.get("link") or "")
        if url is None:
            continue
        when = e.get("published_parsed") or e.get("updated_parsed")
        enclosures = [
            u
            for enc in e.get("enclosures", [])
            if (u := resolve(base, enc.get("href") or "")) is not None
        ]
        out.append(
            FeedEntry(
                url=url,
                title=_text(e.get("title", "")),
                summary=_text(e.get("summary", "")),
                date=time.strftime("%Y-%m-%d", when) if when else None,
                enclosures=enclosures,
            )
        )
    return out


@dataclass
class PageLinks:
    attachments: list[str] = field(default_factory=list)
    next_page: str | None = None


def _in_furniture(el: Any) -> bool:
    return any(a.tag in _FURNITURE for a in el.iterancestors())


def _is_document(url: str, declared_type: str) -> bool:
    if declared_type.split(";")[0].strip().lower() in _DOC_TYPES:
        return True
    return PurePosixPath(urlsplit(url).path).suffix.lower() in ATTACHMENT_SUFFIXES


def page_links(html: str, base: str) -> PageLinks:
    """The documents a page attaches and the link to its next page, absolute."""
    out = PageLinks()
    try:
        root = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return out
    base_el = root.find(".//base[@href]")
    if base_el is not None:
        base = resolve(base, base_el.get("href", "")) or base
    for link in root.iter("link"):
        if "next" in (link.get("rel") or "").lower().split() and link.get("href"):
            out.next_page = resolve(base, link.get("href", ""))
    seen: set[str] = set()
    for a in root.iter("a"):
        href = a.get("href")
        if not href:
            continue
        url = resolve(base, href)
        if url is None:
            continue
        rel = (a.get("rel") or "").lower().split()
        text = " ".join(a.text_content().split())
        if out.next_page is None and ("next" in rel or (text and _NEXT_TEXT.fullmatch(text))):
            out.next_page = url
            continue
        if url not in seen and _is_document(url, a.get("type") or "") and not _in_furniture(a):
            seen.add(url)
            out.attachments.append(url)
    return out
