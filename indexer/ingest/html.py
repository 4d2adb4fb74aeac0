"""An HTML page read: title, main text, date, canonical URL, type, listing items.

One call, :func:`parse_html`, turns a decoded page into an :class:`HtmlPage`,
in the order the page's parts are lost to cleaning:

1. what the page declares (:mod:`.page_meta`: metas, JSON-LD, canonical URL,
   title) is read from the raw tree;
2. scripts and hidden parts go, and the listing detector (:mod:`.listing`)
   looks at the page (class words like "teaser" or "meta" are common on
   listing items, so the full furniture filter would eat them), as does the
   search for a date printed near the title (:mod:`.page_dates`);
3. the main-content extractor (:mod:`.main_content`) cleans the tree and picks
   the article; the two results decide together whether the page is a listing.

Very large inputs are capped: beyond ``MAX_HTML_CHARS`` script, style and
comment blocks are cut out and the rest is truncated, so a 50 MB page costs
about as much as a 5 MB one and never the memory of a 50 MB tree; beyond
``MAX_TAGS`` tags the rest is ignored too (time follows elements, not bytes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from typing import Any

from migsearch.errors import IngestError
from migsearch.indexer.ingest import main_content as mc
from migsearch.indexer.ingest.listing import (
    HtmlItem,
    attached,
    beside_article,
    find_items,
    listing_is_main,
)
from migsearch.indexer.ingest.page_dates import declared_date, in_caption, shown_date, time_date
from migsearch.indexer.ingest.page_meta import (
    PageMeta,
    choose_title,
    declared_body,
    declared_type,
    declares_article,
    page_urls,
    read_meta,
)
from migsearch.indexer.ingest.segments import (
    Segment,
    drop,
    is_hidden,
    parse_tree,
    segments,
    segments_to_text,
)

__all__ = [
    "MAX_HTML_CHARS",
    "MAX_TAGS",
    "HtmlItem",
    "HtmlPage",
    "parse_html",
]

#: characters of HTML looked at; the rest of a bigger page is ignored
MAX_HTML_CHARS = 5_000_000
#: tags looked at (real pages have a few thousand; 100k is a 2 MB page of tiny items)
MAX_TAGS = 100_000

_BULKY_OPEN = re.compile(r"<(script|style|svg)\b|<!--", re.I)
_BULKY_CLOSE = {
    "--": re.compile(r"-->"),
    **{t: re.compile(rf"</{t}\s*>", re.I) for t in ("script", "style", "svg")},
}
_DOC_MARKERS = re.compile(r"<(?:html|body|head|title)\b", re.I)


@dataclass
class HtmlPage:
    title: str
    body: str
    date: str | None = None
    url: str | None = None
    type: str | None = None
    #: non-empty when the page is a listing of many resources
    items: list[HtmlItem] = field(default_factory=list)
    #: the page's own description (meta description / og:description), if any
    summary: str = ""
    #: the language the page declares (<html lang>), if any
    lang: str | None = None
    #: the date printed near the title, whatever the metadata says (None on a
    #: listing); ``date`` prefers the declared one. Kept apart to measure how far
    #: the visible text alone goes.
    shown_date: str | None = None


# --------------------------------------------------------------------------- input


def _strip_bulky(html: str) -> str:
    """Cut script, style, svg and comment blocks out, in one linear pass (a regex
    with lazy ``.*?`` goes quadratic on a page full of unclosed <script> tags)."""
    out: list[str] = []
    pos = 0
    while True:
        m = _BULKY_OPEN.search(html, pos)
        if m is None:
            out.append(html[pos:])
            break
        out.append(html[pos : m.start()])
        kind = "--" if m.group(0) == "<!--" else m.group(1).lower()
        close = _BULKY_CLOSE[kind].search(html, m.end())
        if close is None:
            break  # unclosed: the rest is the block
        pos = close.end()
        out.append(" ")
    return "".join(out)


def _prepare(html: str) -> str:
    if len(html) > MAX_HTML_CHARS:
        html = _strip_bulky(html[: 4 * MAX_HTML_CHARS])[:MAX_HTML_CHARS]
    if html.count("<", 0, MAX_HTML_CHARS) > MAX_TAGS:
        # cost follows elements more than characters: cut after the MAX_TAGS-th tag
        at = -1
        for _ in range(MAX_TAGS):
            at = html.find("<", at + 1)
        html = html[:at]
    return html


def _tree(html: str, source: str, problems: list[str] | None = None) -> Any:
    if not isinstance(html, str):
        raise IngestError(source, f"expected decoded text, got {type(html).__name__}")
    root = parse_tree(_prepare(html), problems)
    if root is None:
        raise IngestError(source, "no HTML content")
    return root


# --------------------------------------------------------------------------- page


def _is_fragment(html: str) -> bool:
    return _DOC_MARKERS.search(html[:20000]) is None


def _body_root(root: Any) -> Any:
    body = root.find(".//body") if root.tag != "body" else root
    return body if body is not None else root


def parse_html(html: str, base_url: str | None = None) -> HtmlPage:
    """Read one decoded HTML page (or fragment). Raises only IngestError."""
    source = base_url or "<html>"
    try:
        return _parse(html, base_url, source)
    except IngestError:
        raise
    except Exception as e:  # the contract: one error type whatever the page holds
        raise IngestError(source, f"cannot parse HTML ({type(e).__name__})") from e


def _main_text(
    body_el: Any,
    all_segs: list[Segment],
    meta: PageMeta,
    title: str,
    found: tuple[list[HtmlItem], int, Any],
) -> tuple[str, list[HtmlItem]]:
    """The page's main text, and its listing items if the listing is the page."""
    items, item_chars, list_el = found
    mc.clean_tree(body_el, all_segs)
    segs = segments(body_el)
    mains = mc.best_nodes(body_el, segs)
    muted = None
    if items and not attached(list_el, body_el):
        items = []  # the furniture filter removed it: a "related" or "more" box
    elif items and (declares_article(meta) or beside_article(list_el, mains)):
        # an article page (it says so, or its text is an <article> the list is
        # outside of); if its teaser list outvoted the article, try without it
        alt = mc.best_nodes(body_el, segs, muted=list_el)
        article_chars = mc.prose_chars(segs, alt, muted=list_el)
        if article_chars >= 400 and not listing_is_main(list_el, body_el, alt):
            mains, muted = alt, list_el
        if article_chars >= 400 or item_chars < 0 or not listing_is_main(list_el, body_el, mains):
            items = []
        # else: no article beside the list, which is the page's content (some
        # CMSs call every page og:type "article")
    main = mc.main_segments(body_el, title or None, segs, mains, muted)
    return segments_to_text(main), items


def _parse(html: str, base_url: str | None, source: str) -> HtmlPage:
    problems: list[str] = []
    root = _tree(html, source, problems)
    meta = read_meta(root)
    url, link_base = page_urls(meta, base_url)
    body_el = _body_root(root)
    h1 = body_el.find(".//h1")
    h1_text = " ".join("".join(h1.itertext()).split()) if h1 is not None else ""
    title = choose_title(meta, h1_text, url)
    date = declared_date(meta) or time_date(body_el)

    # scripts and hidden parts go first; the listing and the visible date are
    # looked for before the furniture filter, which eats bylines and teasers
    for el in [e for e in body_el.iter() if _light_drop(e)]:
        drop(el)
    all_segs = segments(body_el)
    # where a visible date may be: not captions, not links to other stories
    blocks = [s.text for s in all_segs if s.link_density <= 0.5 and not in_caption(s.owner)]
    if _is_fragment(html):
        kept = [s for s in all_segs if not mc.is_furniture_text(s.text)]
        main_text, items, item_chars = segments_to_text(kept), [], 0
    else:
        found = find_items(body_el, link_base, title)
        main_text, items = _main_text(body_el, all_segs, meta, title or h1_text, found)
        item_chars = found[1]
    if item_chars < 0.5 * len(main_text):
        items = []

    # the main text keeps figure captions ("In this 2006 photo…"), which date no page
    captions = {s.text for s in all_segs if in_caption(s.owner)}
    uncaptioned = "\n\n".join(b for b in main_text.split("\n\n") if b not in captions)
    shown = None if items else shown_date(blocks, h1_text or title, uncaptioned)

    declared = declared_body(meta)
    if not items and len(declared) > max(500, 2 * len(main_text)):
        # pages rendered by script carry the article only in their JSON-LD
        main_text = declared
    if not main_text.strip() and not items:
        # nothing scored as prose: keep whatever visible text there is
        main_text = "\n\n".join(b for b in blocks if not mc.is_furniture_text(b))
    if not main_text.strip() and not items and problems:
        # libxml2 stops building past 256 levels of nesting: read the tags away
        main_text = _strip_tags(_prepare(html))
    summary = meta.metas.get("description") or meta.metas.get("og:description") or ""
    if not main_text.strip() and not items and not title.strip():
        raise IngestError(source, "no text content")
    return HtmlPage(
        title=title,
        body=main_text,
        date=date or shown,
        url=url,
        type=declared_type(meta),
        items=items,
        summary=" ".join(summary.split()),
        lang=meta.lang,
        shown_date=shown,
    )


_TAG = re.compile(r"<[^>]*>")


def _strip_tags(html: str) -> str:
    text = _TAG.sub(" ", _strip_bulky(html))
    return " ".join(unescape(text).split())


def _light_drop(el: Any) -> bool:
    tag = el.tag
    if not isinstance(tag, str):
        return True
    return tag in (
        "head",
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "iframe",
    ) or is_hidden(el)
