"""An HTML page as a tree, and the tree as a list of text segments.

Both the main-content extractor (:mod:`.main_content`) and the listing
detector (:mod:`.listing`) read a page this way: lxml builds the tree
(several times faster than BeautifulSoup for the many passes they make, with
the same libxml2 parser underneath), and :func:`segments` cuts it into runs of
inline text between block boundaries, each owned by its nearest block element
and knowing how much of it is link text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lxml import etree

__all__ = [
    "BLOCK_TAGS",
    "HEADINGS",
    "Segment",
    "drop",
    "is_hidden",
    "parse_tree",
    "segments",
    "segments_to_text",
]

#: elements that end a run of inline text (the rest flow inside one)
BLOCK_TAGS = frozenset([
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd",
    "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
    "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "li",
    "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot",
    "thead", "tr", "ul",
])  # fmt: skip
HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
_BR = "\u2028"  # stands for <br> until whitespace is collapsed
_WS = re.compile(r"[ \t\n\r\f\v\u00a0\u200b]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def parse_tree(html: str, problems: list[str] | None = None) -> Any:
    """An lxml tree of ``html`` (str), or None when there is nothing to parse.

    Serious parser complaints (libxml2 gives up past 256 levels of nesting) are
    appended to ``problems`` when given, so the caller can fall back.
    """
    if not html or not html.strip():
        return None
    parser = etree.HTMLParser(
        remove_comments=True, remove_pis=True, no_network=True, recover=True, encoding="utf-8"
    )
    # C0 controls other than tab/newline are never text, and lxml refuses them in
    # any text it is later asked to set (see drop())
    data = _CONTROLS.sub("", html).encode("utf-8", "replace")
    try:
        root = etree.fromstring(data, parser)
    except (etree.ParserError, ValueError):
        return None
    if problems is not None:
        problems.extend(e.message for e in parser.error_log if "depth" in e.message.lower())
    return root


def is_hidden(el: Any) -> bool:
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    style = el.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def drop(el: Any) -> None:
    """Remove an element but keep its tail text in place."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail and tail.strip():
        tail = _CONTROLS.sub("", tail)
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


@dataclass(slots=True)
class Segment:
    """A run of inline text owned by its nearest block element."""

    owner: Any  # lxml element
    text: str
    link_chars: int
    tag: str

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0


def segments(root: Any) -> list[Segment]:
    """Cut the tree under ``root`` into segments, in document order."""
    out: list[Segment] = []
    parts: list[str] = []
    link = [0]
    owner = [root]

    def flush() -> None:
        if parts:
            raw = "".join(parts)
            text = _WS.sub(" ", raw).replace(_BR, "\n")
            text = "\n".join(s.strip() for s in text.split("\n")).strip()
            if text:
                tag = owner[0].tag if isinstance(owner[0].tag, str) else ""
                # link chars were counted on raw text: scale to the collapsed length
                lc = min(len(text), int(link[0] * len(text) / max(len(raw), 1)))
                out.append(Segment(owner[0], text, lc, tag))
            parts.clear()
        link[0] = 0

    def add(text: str | None, in_link: bool) -> None:
        if text:
            parts.append(text)
            if in_link:
                link[0] += len(text)

    def visit(el: Any, in_link: bool, depth: int) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "br":
            parts.append(_BR)
            return
        if tag == "pre":
            flush()
            saved = owner[0]
            owner[0] = el
            txt = "".join(el.itertext())
            lines = [_WS.sub(" ", ln).strip() for ln in txt.splitlines()]
            txt = "\n".join(ln for ln in lines if ln)
            if txt:
                out.append(Segment(el, txt, 0, "pre"))
            owner[0] = saved
            return
        # a data cell is part of its row's line; a layout cell holding paragraphs
        # is a block of its own
        block = tag in BLOCK_TAGS or (
            tag in ("td", "th") and any(isinstance(c.tag, str) and c.tag in BLOCK_TAGS for c in el)
        )
        if block:
            flush()
            saved = owner[0]
            owner[0] = el
        in_link = in_link or tag == "a"
        if tag in ("td", "th") and parts:
            parts.append(" ")
        add(el.text, in_link)
        if depth < 400:
            for ch in el:
                visit(ch, in_link, depth + 1)
                add(ch.tail, in_link)
        else:
            for ch in el:
                add("".join(ch.itertext()), in_link)
                add(ch.tail, in_link)
        if tag in ("td", "th"):
            parts.append(" ")
        if block:
            flush()
            owner[0] = saved

    visit(root, False, 0)
    flush()
    return out


def segments_to_text(segs: list[Segment]) -> str:
    """Blocks separated by a blank line; items of one list on consecutive lines."""
    out: list[str] = []
    prev_list = None
    for seg in segs:
        lst = seg.owner.getparent() if seg.tag == "li" else None
        if out and lst is not None and lst is prev_list:
            out.append("\n")
        elif out:
            out.append("\n\n")
        out.append(seg.text)
        prev_list = lst
    return "".join(out)
