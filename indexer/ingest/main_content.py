"""Main-content extraction: find the article inside a page full of site furniture.

1. Cleaning: elements that are furniture by tag (nav, footer, aside…), ARIA role
   or class/id words (share, related, cookie, newsletter…) are removed, unless
   they hold most of the page's prose or wrap the container that looks most like
   the article (layout names such as "pg-side-of-rail" say nothing about content).
2. Segments (:mod:`.segments`): the page is cut into runs of inline text
   between block boundaries. Each votes: long, sentence-like, link-poor text for (+length), link lists and
   short labels against.
3. Choice: the core is the container whose own paragraphs vote best (teaser
   blurbs each sit in a box of their own, an article's paragraphs side by side);
   along its ancestry it takes in siblings with comparable prose of their own, so
   an article cut in two by an advert stays whole while the sidebar stays out.
4. Output: the chosen segments in document order, minus link lists, furniture
   phrases ("Share this", "Advertisement"), the repeated title and a leading
   dateline; one blank line between blocks, list items on consecutive lines.
"""

from __future__ import annotations

import functools
import re
from functools import cache
from typing import Any

from migsearch.indexer.ingest.segments import HEADINGS, Segment, drop, is_hidden, segments
from migsearch.indexer.vocabulary.dates import find_date
from migsearch.indexer.vocabulary.loader import load_data
from migsearch.indexer.vocabulary.normalize import words_key

__all__ = [
    "best_nodes",
    "clean_tree",
    "is_furniture_text",
    "lists",
    "main_segments",
    "prose_chars",
]

_SENT_END = re.compile(r"[.!?…:;\"'”’)\]]\s*$")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_SPLIT = re.compile(r"[-_]+")
_PUNCT_EDGES = re.compile(r"^[\W_]+|[\W_]+$")


@cache
def lists() -> dict[str, Any]:
    """The word lists of ``boilerplate.toml``, as sets and tuples (cached; do not mutate)."""
    data = load_data("boilerplate.toml")
    return {
        "drop_tags": frozenset(data["drop_tags"]),
        "furniture_tags": frozenset(data["furniture_tags"]),
        "furniture_roles": frozenset(data["furniture_roles"]),
        "furniture_words": frozenset(data["furniture_words"]),
        "strong_furniture_words": frozenset(data["strong_furniture_words"]),
        "content_words": frozenset(data["content_words"]),
        "state_prefixes": frozenset(data["state_prefixes"]),
        "furniture_phrases": frozenset(data["furniture_phrases"]),
        "furniture_starts": tuple(data["furniture_starts"]),
        "date_meta": tuple(data["date_meta"]),
        "types": {k.lower(): v for k, v in data["types"].items()},
        "article_types": frozenset(t.lower() for t in data["article_types"]),
    }


# --------------------------------------------------------------------------- cleaning


@functools.lru_cache(maxsize=8192)
def _token_kind(token: str, furn: frozenset[str], cont: frozenset[str]) -> str | None:
    """What one class or id token says: "f" (furniture), "c" (content) or nothing.

    A token is read as whole words (its parts split on ``-``, ``_`` and
    camelCase), never substrings: "shadow" is no "ad". A token that opens with a
    state word ("has-ads", "with-sidebar") describes the element's state, not
    what it is, and says nothing.
    """
    parts = [p for p in _SPLIT.split(_CAMEL.sub("-", token).lower()) if p]
    if not parts or (len(parts) > 1 and parts[0] in lists()["state_prefixes"]):
        return None
    if any(p in furn for p in parts):
        return "f"
    if any(p in cont for p in parts):
        return "c"
    return None


def _is_furniture_attr(el: Any, furn: frozenset[str], cont: frozenset[str]) -> bool:
    attrs = f"{el.get('class') or ''} {el.get('id') or ''}".split()
    if not attrs:
        return False
    kinds = {_token_kind(t, furn, cont) for t in attrs}
    return "f" in kinds and "c" not in kinds


def _prose_chars(root: Any, segs: list[Segment] | None = None) -> tuple[dict[Any, int], Any]:
    """Characters of sentence-like, link-poor text under each element, and the
    container whose own paragraphs hold the most of it (the likely article)."""
    out: dict[Any, int] = {}
    direct: dict[Any, float] = {}
    segs = segments(root) if segs is None else segs
    for seg, c in zip(segs, _paragraph_containers(segs), strict=True):
        v = _vote(seg)
        if c is not None:
            direct[c] = direct.get(c, 0.0) + v
        if v > 0:
            el = seg.owner
            while el is not None:
                out[el] = out.get(el, 0) + len(seg.text)
                el = el.getparent()
    core = max(direct.items(), key=lambda kv: kv[1])[0] if direct else None
    return out, core


def _text_len(el: Any) -> int:
    return sum(len(t.strip()) for t in el.itertext())


def _mostly_quote(el: Any) -> bool:
    """An embedded post (tweet, Instagram caption) is a quotation the article makes,
    even inside a box whose class says "social" or "embed"."""
    bq = el.find(".//blockquote")
    if bq is None:
        return False
    return _text_len(bq) >= 0.5 * max(_text_len(el), 1)


def _prose_runs(root: Any, prose: dict[Any, int], total: int) -> set[Any]:
    """Runs of sibling boxes of one kind (same tag and class) that together hold
    nearly all the page's prose: a forum thread's posts, an interview's answers.
    Each box may be classed "comment" and hold a third of the text; together
    they are the page, and are kept whatever their class says. Reader comments
    under an article leave the article's prose outside the run."""
    keep: set[Any] = set()
    for parent in root.iter():
        if not isinstance(parent.tag, str) or len(parent) < 2 or prose.get(parent, 0) < 0.5 * total:
            continue
        groups: dict[tuple[str, str], list[Any]] = {}
        for ch in parent:
            if isinstance(ch.tag, str) and prose.get(ch, 0) > 0:
                groups.setdefault((ch.tag, ch.get("class") or ""), []).append(ch)
        for members in groups.values():
            # nearly all of it: reader comments under an article hold much, not all
            if len(members) >= 2 and sum(prose[m] for m in members) >= 0.85 * total:
                for m in members:
                    keep.update(_densest_chain(m, prose))
    return keep


def _densest_chain(el: Any, prose: dict[Any, int]) -> list[Any]:
    """``el`` and, going down, each child holding most of its prose (a post's
    "comment-content" box inside the post)."""
    chain = [el]
    while True:
        kids = [c for c in chain[-1] if isinstance(c.tag, str)]
        best = max(kids, key=lambda c: prose.get(c, 0), default=None)
        if best is None or prose.get(best, 0) < 0.7 * prose.get(chain[-1], 0):
            return chain
        chain.append(best)


def clean_tree(root: Any, segs: list[Segment] | None = None) -> None:
    """Remove furniture in place: scripts, hidden parts, menus, footers, share boxes…

    ``segs`` may be the segments of the page as it was before the call (saves a
    pass): they only serve to measure where the prose is.
    """
    ls = lists()
    drop_tags, f_tags, f_roles = ls["drop_tags"], ls["furniture_tags"], ls["furniture_roles"]
    furn, cont = ls["furniture_words"], ls["content_words"]
    doomed = []
    for el in root.iter():
        tag = el.tag
        if not isinstance(tag, str):
            doomed.append(el)  # comments, processing instructions
        elif tag in drop_tags or is_hidden(el):
            doomed.append(el)
    for el in doomed:
        drop(el)

    prose, core = _prose_chars(root, segs)
    total = prose.get(root, 0) or 1
    # wrappers of the likely article are kept whatever their names say
    # ("pg-right-rail-tall", a <form> around the whole page)
    wrappers: set[Any] = set()
    if core is not None:
        chain = [core, *core.iterancestors()]
        strong = ls["strong_furniture_words"]
        if not any(_is_furniture_attr(el, strong, cont) for el in chain):
            wrappers.update(chain[1:])
    wrappers.update(_prose_runs(root, prose, total))
    doomed = []
    for el in root.iter():
        tag = el.tag
        if not isinstance(tag, str) or tag in ("html", "body"):
            continue
        role = (el.get("role") or "").lower()
        if prose.get(el, 0) >= 0.7 * total or el in wrappers:
            continue
        by_kind = tag in f_tags or role in f_roles
        by_name = tag not in ("article", "main") and _is_furniture_attr(el, furn, cont)
        if by_kind or (by_name and not _mostly_quote(el)):
            doomed.append(el)
    for el in doomed:
        if el.getparent() is not None:
            drop(el)


# --------------------------------------------------------------------------- segments


def _vote(seg: Segment) -> float:
    """What one segment says about the elements above it."""
    n = len(seg.text)
    if seg.tag in HEADINGS:
        return 0.0
    ld = seg.link_density
    if ld > 0.5:
        return -float(n)
    if n >= 80 or (n >= 30 and _SENT_END.search(seg.text)):
        return n * (1.0 - ld)
    return -0.5 * n


# --------------------------------------------------------------------------- selection


BOOST = 4.0
#: elements that can hold an article's paragraphs
_CONTAINERS = frozenset([
    "article", "blockquote", "body", "center", "dd", "details", "div", "fieldset", "form",
    "main", "section", "td",
])  # fmt: skip


def _container(el: Any) -> Any:
    while el is not None and el.tag not in _CONTAINERS:
        el = el.getparent()
    return el


def _paragraph_containers(segs: list[Segment]) -> list[Any]:
    """For each segment, the container it is a paragraph of.

    That is its nearest container holding more than this one segment: sites that
    wrap every paragraph in a <div> of its own (CNN does) still have their
    paragraphs counted together, while a teaser box (title + blurb) stays a box.
    """
    count: dict[Any, int] = {}
    for seg in segs:
        el = seg.owner
        while el is not None:
            count[el] = count.get(el, 0) + 1
            el = el.getparent()
    out = []
    for seg in segs:
        c = _container(seg.owner)
        while c is not None and count.get(c, 0) <= 1:
            parent = c.getparent()
            up = _container(parent) if parent is not None else None
            if up is None:
                break
            c = up
        out.append(c)
    return out


def best_nodes(root: Any, segs: list[Segment], muted: Any = None) -> list[Any]:
    """The elements that hold the main content, in document order.

    The core is the container whose own paragraphs (not those of nested
    containers) vote best: an article's paragraphs sit side by side, while
    teaser blurbs each sit in their own little box. The core then takes in
    siblings along its ancestry that carry a comparable amount of prose of
    their own, so an article cut in two by an advert stays whole. Segments
    under ``muted`` (a teaser list found by the listing detector) do not vote.
    """
    direct: dict[Any, float] = {}
    subtree: dict[Any, float] = {}
    silent = set(muted.iter()) if muted is not None else set()
    # schema.org microdata naming the article body is a strong, cheap hint
    marked: set[Any] = set()
    for el in root.iter():
        if isinstance(el.tag, str) and (el.get("itemprop") or "").lower() == "articlebody":
            marked.update(el.iter())
    votes = []
    for seg in segs:
        v = 0.0 if seg.owner in silent else _vote(seg)
        if v > 0 and seg.owner in marked:
            v *= BOOST
        votes.append(v)
        el = seg.owner
        while el is not None:
            subtree[el] = subtree.get(el, 0.0) + v
            el = el.getparent()
    for c, v in zip(_paragraph_containers(segs), votes, strict=True):
        if c is not None:
            direct[c] = direct.get(c, 0.0) + v
    if not direct:
        return [root]
    core = max(direct.items(), key=lambda kv: kv[1])[0]
    core_score = direct[core]
    if core_score <= 0:
        return [root]  # no prose anywhere: a short page, keep all it has left
    # best direct score inside each subtree, to judge siblings
    best_inside: dict[Any, float] = {}
    for c, v in direct.items():
        el = c
        while el is not None:
            if best_inside.get(el, float("-inf")) < v:
                best_inside[el] = v
            el = el.getparent()
    keep = {core}
    node = core
    level = 0
    while node is not root and node.getparent() is not None:
        parent = node.getparent()
        neighbours = _neighbours(node) if level < 1 else ()
        for sib in parent:
            if sib is node or not isinstance(sib.tag, str):
                continue
            sc = subtree.get(sib, 0.0)
            if sc <= 0:
                continue
            inside = best_inside.get(sib, 0.0)
            if (
                sib.tag not in _CONTAINERS
                or inside >= 0.25 * core_score
                # a lead or standfirst right next to the body, in a box of its own
                or (sib in neighbours and sc >= 100)
            ):
                keep.add(sib)
        node = parent
        level += 1
    return [el for el in root.iter() if el in keep]


def _neighbours(el: Any) -> tuple[Any, ...]:
    """The element siblings just before and after ``el``."""
    prev, nxt = el.getprevious(), el.getnext()
    while prev is not None and not isinstance(prev.tag, str):
        prev = prev.getprevious()
    while nxt is not None and not isinstance(nxt.tag, str):
        nxt = nxt.getnext()
    return tuple(x for x in (prev, nxt) if x is not None)


def prose_chars(segs: list[Segment], nodes: list[Any], muted: Any = None) -> int:
    """Characters of prose-like segments under ``nodes`` (none under ``muted``)."""
    inside: set[Any] = set()
    for n in nodes:
        inside.update(n.iter())
    if muted is not None:
        inside.difference_update(muted.iter())
    return sum(len(s.text) for s in segs if s.owner in inside and _vote(s) > 0)


def is_furniture_text(text: str) -> bool:
    ls = lists()
    low = text.lower()
    core = _PUNCT_EDGES.sub("", low)
    if core in ls["furniture_phrases"]:
        return True
    return len(text) < 200 and low.startswith(ls["furniture_starts"])


def main_segments(
    root: Any,
    title: str | None = None,
    segs: list[Segment] | None = None,
    nodes: list[Any] | None = None,
    muted: Any = None,
) -> list[Segment]:
    """The segments of the main content, furniture lines left out."""
    segs = segments(root) if segs is None else segs
    inside = set()
    for node in best_nodes(root, segs) if nodes is None else nodes:
        for el in node.iter():
            inside.add(el)
    if muted is not None:
        inside.difference_update(muted.iter())
    title_key = words_key(title) if title else None
    kept: list[Segment] = []
    for seg in segs:
        if seg.owner not in inside:
            continue
        if seg.link_density > 0.5 and seg.tag not in HEADINGS and not _linked_sentence(seg):
            continue
        if is_furniture_text(seg.text):
            continue
        if seg.tag == "h1" and title_key is None:
            continue
        if title_key and words_key(seg.text) == title_key:
            continue  # the title repeated in the text (h1, h2 or a bold line)
        kept.append(seg)
    # a dateline or byline opening the text ("05/10/2018 - Posted by …") is page furniture
    while kept and len(kept) > 1 and _is_dateline(kept[0].text):
        kept.pop(0)
    return kept


def _linked_sentence(seg: Segment) -> bool:
    """A sentence of the article that happens to be mostly a link."""
    t = seg.text
    return seg.link_density < 0.95 and len(t) >= 50 and t.rstrip().endswith((".", "!", "?"))


def _is_dateline(text: str) -> bool:
    return len(text) < 120 and not text.rstrip().endswith(".") and _has_date(text)


def _has_date(text: str) -> bool:
    return find_date(text) is not None
