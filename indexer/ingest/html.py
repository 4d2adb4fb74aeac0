"""HTML pages to records: title, main text, date, canonical URL, type, listing items.

One call, :func:`parse_html`, turns a decoded page into an :class:`HtmlPage`.
Metadata is read before any cleaning (scripts hold JSON-LD; <head> holds the
metas); the listing detector (:mod:`indexer.listing`) then looks at the page
with only scripts and hidden parts gone (class words like "teaser" or "meta"
are common on listing items, so the full furniture filter would eat them); the
main-content extractor (:mod:`indexer.boilerplate`) works on the fully cleaned
tree, and the two results decide together whether the page is a listing.

Parsing uses lxml directly rather than BeautifulSoup: the extractor visits every
element several times and lxml is several times faster at that, while its HTML
parser is the same one BeautifulSoup("lxml") would use.

Very large inputs are capped: beyond ``MAX_HTML_CHARS`` script, style and
comment blocks are cut out and the rest is truncated, so a 50 MB page costs
about as much as a 5 MB one and never the memory of a 50 MB tree; beyond
``MAX_TAGS`` tags the rest is ignored too (time follows elements, not bytes).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html import unescape
from typing import Any
from urllib.parse import urlsplit

from migsearch.errors import IngestError
from migsearch.indexer.ingest import boilerplate as bp
from migsearch.indexer.ingest.listing import (
    HtmlItem,
    attached,
    beside_article,
    find_items,
    join_url,
    listing_is_main,
)
from migsearch.indexer.vocabulary.dates import find_date, parse_date, plausible

__all__ = [
    "MAX_HTML_CHARS",
    "MAX_TAGS",
    "HtmlItem",
    "HtmlPage",
    "date_from_text",
    "extract_main_text",
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
_TITLE_SEPS = re.compile(r"\s+(?:\||-|–|—|::|·|»|/)\s+")


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
    root = bp.parse_tree(_prepare(html), problems)
    if root is None:
        raise IngestError(source, "no HTML content")
    return root


# --------------------------------------------------------------------------- metadata


@dataclass
class _Meta:
    metas: dict[str, str]
    title_tag: str
    canonical: str | None
    base_href: str | None
    lang: str | None
    jsonld: list[dict[str, Any]]
    item_dates: list[str]


def _jsonld_objects(text: str) -> list[dict[str, Any]]:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return []
    out: list[dict[str, Any]] = []
    stack = [data]
    while stack and len(out) < 50:
        x = stack.pop()
        if isinstance(x, list):
            stack.extend(reversed(x))
        elif isinstance(x, dict):
            out.append(x)
            if isinstance(x.get("@graph"), list):
                stack.extend(reversed(x["@graph"]))
    return out


def _read_meta(root: Any) -> _Meta:
    metas: dict[str, str] = {}
    title_tag = ""
    canonical = base_href = None
    jsonld: list[dict[str, Any]] = []
    item_dates: list[str] = []
    for el in root.iter("meta", "title", "link", "base", "script"):
        tag = el.tag
        if tag == "meta":
            key = (el.get("property") or el.get("name") or el.get("itemprop") or "").lower()
            val = el.get("content")
            if key and val and val.strip() and key not in metas:
                metas[key.strip()] = val.strip()
        elif tag == "title" and not title_tag:
            title_tag = " ".join("".join(el.itertext()).split())
        elif tag == "link":
            rel = (el.get("rel") or "").lower().split()
            if "canonical" in rel and el.get("href") and canonical is None:
                canonical = el.get("href").strip()
        elif tag == "base" and el.get("href") and base_href is None:
            base_href = el.get("href").strip()
        elif tag == "script" and (el.get("type") or "").lower() == "application/ld+json":
            jsonld.extend(_jsonld_objects(el.text or ""))
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if (el.get("itemprop") or "").lower() in ("datepublished", "datecreated"):
            v = el.get("content") or el.get("datetime") or "".join(el.itertext())
            if v and v.strip():
                item_dates.append(v.strip())
    html_el = root if root.tag == "html" else root.find(".//html")
    lang = html_el.get("lang") if html_el is not None else None
    return _Meta(metas, title_tag, canonical, base_href, lang or None, jsonld, item_dates)


def _site_name(meta: _Meta) -> str | None:
    for k in ("og:site_name", "application-name", "twitter:site"):
        if meta.metas.get(k):
            return meta.metas[k].lstrip("@")
    for obj in meta.jsonld:
        pub = obj.get("publisher")
        if isinstance(pub, dict) and isinstance(pub.get("name"), str):
            return pub["name"]
    return None


def _site_like(part: str, site: str | None, host: str | None) -> bool:
    p = part.strip().lower()
    if not p:
        return True
    if site and (p == site.lower() or p in site.lower().split(" | ")):
        return True
    if host:
        label = host.lower().removeprefix("www.").split(".")[0]
        compact = re.sub(r"\W", "", p)
        initials = "".join(w[0] for w in re.findall(r"\w+", p))
        if host.lower() in p or compact == label or (len(label) > 1 and initials == label):
            return True
    return False


def clean_title(raw: str, site: str | None = None, host: str | None = None) -> str:
    """A <title> or og:title without the site's name around it."""
    raw = " ".join(raw.split())
    parts = _TITLE_SEPS.split(raw)
    if len(parts) < 2:
        return raw
    while len(parts) > 1 and _site_like(parts[-1], site, host):
        parts.pop()
    while len(parts) > 1 and _site_like(parts[0], site, host):
        parts.pop(0)
    if len(parts) > 1 and " | " in raw:
        # "Title | Section | Site": the pipe nearly always separates site furniture
        return raw.split(" | ")[0].strip()
    return " - ".join(parts) if len(parts) > 1 and " - " in raw else " ".join(parts)


def _jsonld_body(meta: _Meta) -> str:
    """The articleBody a page declares in JSON-LD, paragraphs kept, or ""."""
    for obj in meta.jsonld:
        body = obj.get("articleBody")
        if isinstance(body, str) and body.strip():
            paras = [" ".join(p.split()) for p in re.split(r"\n\s*\n|\r\n\r\n", body)]
            return "\n\n".join(p for p in paras if p)
    return ""


def _type_of(meta: _Meta) -> str | None:
    table = _types()
    # the object describing the page itself (it has a headline) before any other
    # (an Event in a sidebar widget, the publisher's Organization)
    objs = sorted(meta.jsonld, key=lambda o: "headline" not in o and "name" not in o)
    objs = [o for o in objs if "headline" in o] or objs
    for obj in objs:
        t = obj.get("@type")
        for v in t if isinstance(t, list) else [t]:
            if isinstance(v, str) and v.lower() in table:
                return table[v.lower()]
    for k in ("dc.type", "dcterms.type", "type", "og:type"):
        v = meta.metas.get(k)
        if v and v.lower() in table:
            return table[v.lower()]
    return None


def _types() -> dict[str, str]:
    return bp.lists()["types"]


def meta_date(meta: _Meta) -> str | None:
    """The publication date the page declares in its metadata, or None."""
    for key in _date_keys():
        v = meta.metas.get(key)
        if v:
            d = parse_date(v)
            if d and plausible(d):
                return d
    for obj in meta.jsonld:
        for key in ("datePublished", "dateCreated", "uploadDate", "startDate"):
            v = obj.get(key)
            if isinstance(v, str):
                d = parse_date(v)
                if d and plausible(d):
                    return d
    for v in meta.item_dates:
        d = parse_date(v)
        if d and plausible(d):
            return d
    return None


def _date_keys() -> list[str]:
    return list(bp.lists()["date_meta"])


def _time_date(root: Any) -> str | None:
    """A <time datetime> that reads as a publication stamp (first one, pubdate preferred)."""
    first = None
    for el in root.iter("time"):
        v = el.get("datetime") or "".join(el.itertext())
        d = parse_date(v) if v else None
        if not d or not plausible(d):
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


def text_date(blocks: list[str], start: int = 0, before: int = 3, after: int = 8) -> str | None:
    """A date written in the blocks around ``start`` (the title), never a copyright line."""
    lo = max(0, start - before)
    for text in blocks[lo : start + after + 1]:
        if len(text) > 400 or _is_copyright(text):
            continue
        d = find_date(text, partial=len(text) < 80)
        if d and plausible(d):
            return d
    return None


# --------------------------------------------------------------------------- page


def _scheme(url: str) -> str:
    try:
        return urlsplit(url).scheme
    except ValueError:
        return ""


def _host(url: str | None) -> str | None:
    try:
        return urlsplit(url).hostname if url else None
    except ValueError:
        return None


def _is_fragment(html: str) -> bool:
    return _DOC_MARKERS.search(html[:20000]) is None


def _body_root(root: Any) -> Any:
    body = root.find(".//body") if root.tag != "body" else root
    return body if body is not None else root


def extract_main_text(html: str, base_url: str | None = None) -> str:
    """Only the main text of a page (what ``parse_html(...).body`` holds)."""
    return parse_html(html, base_url).body


def parse_html(html: str, base_url: str | None = None) -> HtmlPage:
    """Read one decoded HTML page (or fragment). Raises only IngestError."""
    source = base_url or "<html>"
    try:
        return _parse(html, base_url, source)
    except IngestError:
        raise
    except Exception as e:  # the contract: one error type whatever the page holds
        raise IngestError(source, f"cannot parse HTML ({type(e).__name__})") from e


def _in_caption(el: Any) -> bool:
    while el is not None:
        if el.tag in ("figure", "figcaption"):
            return True
        el = el.getparent()
    return False


def _visible_date(blocks: list[str], title: str, main_text: str) -> str | None:
    """The date printed near the title (or atop the text), never a copyright year."""
    key = bp.norm_key(title) if title else None
    start = next((i for i, b in enumerate(blocks) if key and bp.norm_key(b) == key), 0)
    date = text_date(blocks, start)
    if date is None and main_text:
        date = text_date(main_text.split("\n\n"), 0, 0, 2)
    return date


def date_from_text(html: str) -> str | None:
    """The date a page shows in its visible text, metadata ignored (for measuring
    how far the text alone goes; ``parse_html`` prefers metadata)."""
    try:
        return _parse(html, None, "<html>", dates_from_meta=False).date
    except Exception:  # as parse_html: nothing escapes, here as "no date"
        return None


def _parse(
    html: str, base_url: str | None, source: str, *, dates_from_meta: bool = True
) -> HtmlPage:
    problems: list[str] = []
    root = _tree(html, source, problems)
    meta = _read_meta(root)
    fragment = _is_fragment(html)

    page_url = meta.canonical or meta.metas.get("og:url")
    base = base_url
    if meta.base_href:
        base = join_url(base_url, meta.base_href)
    if page_url:
        page_url = join_url(base, page_url)
        if not _scheme(page_url):
            page_url = base_url
    url = page_url or base_url
    link_base = base or url

    host = _host(url)
    site = _site_name(meta)
    body_el = _body_root(root)
    h1 = body_el.find(".//h1")
    h1_text = " ".join("".join(h1.itertext()).split()) if h1 is not None else ""
    og = meta.metas.get("og:title") or meta.metas.get("twitter:title") or ""
    # og:title first (written for sharing: the resource's own title), then the
    # page's <h1>, then <title>; a candidate that is only the site's name is no title
    title = ""
    for cand in (clean_title(og, site, host) if og else "", h1_text):
        if cand and not _site_like(cand, site, host):
            title = cand
            break
    if not title:
        title = clean_title(meta.title_tag, site, host) or h1_text

    date = meta_date(meta)
    if date is None:
        date = _time_date(body_el)

    # scripts and hidden parts go first; the listing and the visible date are
    # looked for before the furniture filter, which eats bylines and teasers
    for el in [e for e in body_el.iter() if _light_drop(e)]:
        bp.drop(el)
    all_segs = bp.segments(body_el)
    # where a visible date may be: not captions, not links to other stories
    blocks = [s.text for s in all_segs if s.link_density <= 0.5 and not _in_caption(s.owner)]
    items, item_chars, list_el = (
        ([], 0, None) if fragment else find_items(body_el, link_base, title)
    )
    if fragment:
        kept = [s for s in all_segs if not bp.is_furniture_text(s.text)]
        main_text = bp.segments_to_text(kept)
    else:
        bp.clean_tree(body_el, all_segs)
        segs = bp.segments(body_el)
        mains = bp.best_nodes(body_el, segs)
        muted = None
        if items and not attached(list_el, body_el):
            items = []  # the furniture filter removed it: a "related" or "more" box
        elif items and (_declares_article(meta) or beside_article(list_el, mains)):
            # an article page (it says so, or its text is an <article> the list is
            # outside of); if its teaser list outvoted the article, try without it
            alt = bp.best_nodes(body_el, segs, muted=list_el)
            article_chars = bp.prose_chars(segs, alt, muted=list_el)
            if article_chars >= 400 and not listing_is_main(list_el, body_el, alt):
                mains, muted = alt, list_el
            if (
                article_chars >= 400
                or item_chars < 0
                or not listing_is_main(list_el, body_el, mains)
            ):
                items = []
            # else: no article beside the list, which is the page's content (some
            # CMSs call every page og:type "article")
        main = bp.main_segments(body_el, title or h1_text or None, segs, mains, muted)
        main_text = bp.segments_to_text(main)
    if item_chars < 0.5 * len(main_text):
        items = []

    shown = None if items else _visible_date(blocks, h1_text or title, main_text)
    date = date or shown

    declared = _jsonld_body(meta)
    if not items and len(declared) > max(500, 2 * len(main_text)):
        # pages rendered by script carry the article only in their JSON-LD
        main_text = declared
    if not main_text.strip() and not items:
        # nothing scored as prose: keep whatever visible text there is
        main_text = "\n\n".join(b for b in blocks if not bp.is_furniture_text(b))
    if not main_text.strip() and not items and problems:
        # libxml2 stops building past 256 levels of nesting: read the tags away
        main_text = _strip_tags(_prepare(html))
    summary = meta.metas.get("description") or meta.metas.get("og:description") or ""
    if not main_text.strip() and not items and not title.strip():
        raise IngestError(source, "no text content")
    if not dates_from_meta:
        date = shown
    return HtmlPage(
        title=title,
        body=main_text,
        date=date,
        url=url,
        type=_type_of(meta),
        items=items,
        summary=" ".join(summary.split()),
        lang=meta.lang,
    )


_ARTICLE_TYPES = frozenset(
    [
        "article",
        "newsarticle",
        "blogposting",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "scholarlyarticle",
        "techarticle",
        "report",
        "posting",
    ]
)


def _declares_article(meta: _Meta) -> bool:
    """Does the page say it is one article (so a list on it is not the page)?"""
    if "article:published_time" in meta.metas:
        return True
    if (meta.metas.get("og:type") or "").lower() in _ARTICLE_TYPES:
        return True
    for obj in meta.jsonld:
        t = obj.get("@type")
        for v in t if isinstance(t, list) else [t]:
            if isinstance(v, str) and v.lower() in _ARTICLE_TYPES:
                return True
    return False


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
    ) or bp.is_hidden(el)
