"""What an HTML page declares about itself: metadata, title, URL, type.

Read before any cleaning, because the places that hold it go first in
cleaning: ``<head>`` holds the metas, the canonical link and ``<base>``,
scripts hold JSON-LD. The title is chosen among what the page offers
(og:title, ``<h1>``, ``<title>``) with the site's own name taken off; the URL
is the canonical one, resolved against ``<base>``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from migsearch.indexer.ingest.main_content import lists

__all__ = [
    "PageMeta",
    "choose_title",
    "clean_title",
    "declared_body",
    "declared_type",
    "declares_article",
    "join_url",
    "page_urls",
    "read_meta",
]

_TITLE_SEPS = re.compile(r"\s+(?:\||-|–|—|::|·|»|/)\s+")


@dataclass
class PageMeta:
    """The metadata of one page, as found (nothing resolved or parsed yet)."""

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


def read_meta(root: Any) -> PageMeta:
    """Metas, <title>, canonical link, <base>, <html lang>, JSON-LD objects and microdata dates."""
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
    return PageMeta(metas, title_tag, canonical, base_href, lang or None, jsonld, item_dates)


def join_url(base: str | None, href: str) -> str:
    """``href`` resolved against ``base``; as written when either is malformed."""
    if not base:
        return href
    try:
        return urljoin(base, href)
    except ValueError:  # "http://[bad" and the like
        return href


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


def page_urls(meta: PageMeta, base_url: str | None) -> tuple[str | None, str | None]:
    """The page's own URL, and the base its links resolve against.

    The canonical link (or og:url) wins over the address the page was read
    from, resolved against ``<base href>``; one without a scheme is no URL.
    """
    page_url = meta.canonical or meta.metas.get("og:url")
    base = join_url(base_url, meta.base_href) if meta.base_href else base_url
    if page_url:
        page_url = join_url(base, page_url)
        if not _scheme(page_url):
            page_url = base_url
    url = page_url or base_url
    return url, base or url


def _site_name(meta: PageMeta) -> str | None:
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


def choose_title(meta: PageMeta, h1_text: str, url: str | None) -> str:
    """og:title first (written for sharing: the resource's own title), then the
    page's ``<h1>``, then ``<title>``; a candidate that is only the site's name is no title."""
    host = _host(url)
    site = _site_name(meta)
    og = meta.metas.get("og:title") or meta.metas.get("twitter:title") or ""
    for cand in (clean_title(og, site, host) if og else "", h1_text):
        if cand and not _site_like(cand, site, host):
            return cand
    return clean_title(meta.title_tag, site, host) or h1_text


def declared_body(meta: PageMeta) -> str:
    """The articleBody a page declares in JSON-LD, paragraphs kept, or ""."""
    for obj in meta.jsonld:
        body = obj.get("articleBody")
        if isinstance(body, str) and body.strip():
            paras = [" ".join(p.split()) for p in re.split(r"\n\s*\n|\r\n\r\n", body)]
            return "\n\n".join(p for p in paras if p)
    return ""


def declared_type(meta: PageMeta) -> str | None:
    """The kind of resource the page says it is ("news", "report"…), from the types table."""
    table = lists()["types"]
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


def declares_article(meta: PageMeta) -> bool:
    """Does the page say it is one article (so a list on it is not the page)?"""
    types = lists()["article_types"]
    if "article:published_time" in meta.metas:
        return True
    if (meta.metas.get("og:type") or "").lower() in types:
        return True
    for obj in meta.jsonld:
        t = obj.get("@type")
        for v in t if isinstance(t, list) else [t]:
            if isinstance(v, str) and v.lower() in types:
                return True
    return False
