"""Atom feeds of searches: ``/api/feed`` for any search, ``/api/saved/{name}/feed`` for a
saved one, so that a feed reader (or a mail-to-feed service) becomes an alert.

A feed lists a search's newest matches by document date, newest first. Its
``updated`` is the time of the index's last commit, so a reader sees the feed
change exactly when an ``index`` run changed the index. Each entry's id is the
document's (``urn:migsearch:document:…``), the same in every feed, so a reader
shows a document once however many searches find it; its ``updated`` is the
document's date (an undated document takes the commit time), and its link is
the document's own web address, or its page on this server.

Feeds are written with ``feedgen``, which knows Atom's required elements and
date format and builds the XML with lxml (already a dependency), so escaping
is not this module's concern; characters that XML cannot hold at all (NUL,
most control characters) are dropped first, since indexed text may have them.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import Response
from feedgen.feed import FeedGenerator

from migsearch.indexer.store.storage import last_commit_time
from migsearch.search.request import SearchRequest, describe_criteria
from migsearch.search.results import Hit
from migsearch.search.saved import MAX_NAME_CHARS, SavedSearches
from migsearch.search.serve.api import search_criteria
from migsearch.search.serve.holder import IndexHolder, holder_of
from migsearch.search.serve.page_state import HTML_LIMIT, PageState
from migsearch.search.serve.parameters import known_parameters
from migsearch.search.serve.schemas import error_responses
from migsearch.search.serve.templates import http_url

__all__ = [
    "ATOM",
    "DEFAULT_ENTRIES",
    "MAX_ENTRIES",
    "atom_feed",
    "feed_url",
    "page_url",
    "router",
]

router = APIRouter(prefix="/api", dependencies=[Depends(known_parameters)])
Holder = Annotated[IndexHolder, Depends(holder_of)]

ATOM = "application/atom+xml"
#: entries in a feed by default, and at most
DEFAULT_ENTRIES = 20
MAX_ENTRIES = 100
#: what XML 1.0 cannot hold
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
#: the criteria the search page can show (a search by source has no page)
_PAGE_FIELDS = {
    "query": "q",
    "countries": "countries",
    "themes": "themes",
    "types": "types",
    "years": "years",
    "date_from": "date_from",
    "date_to": "date_to",
    "sort": "sort",
}
Entries = Annotated[
    int, Query(ge=1, le=MAX_ENTRIES, description="Entries in the feed (the newest matches).")
]


def page_url(request: SearchRequest) -> str | None:
    """The search page showing ``request``'s search, or None when the page cannot."""
    criteria = request.criteria()
    if set(criteria) - set(_PAGE_FIELDS):
        return None
    state = PageState(**{_PAGE_FIELDS[k]: v for k, v in criteria.items()})
    return state.url()


def feed_url(state: PageState) -> str:
    """The feed of the search a page shows (what it finds; not its order or paging)."""
    qs = urlencode(state.pairs(sort="", page=1, limit=HTML_LIMIT))
    return "/api/feed" + ("?" + qs if qs else "")


def _xml(text: str | None) -> str:
    return _NOT_XML.sub("", " ".join((text or "").split()))


def _when(value: str | None) -> datetime | None:
    """A stored date (YYYY, YYYY-MM, YYYY-MM-DD) as the first moment it names, UTC."""
    try:
        y, m, d = [*(int(p) for p in (value or "").split("-")), 1, 1][:3]
        return datetime(y, m, d, tzinfo=UTC)
    except ValueError:
        return None


def _generator() -> str:
    try:
        return version("migsearch")
    except PackageNotFoundError:
        return "0"


def atom_feed(
    hits: list[Hit],
    *,
    feed_id: str,
    title: str,
    self_url: str,
    alternate: str | None,
    updated: datetime,
    base: str,
) -> bytes:
    """An Atom document of ``hits``; ``base`` is this server's address (for document pages)."""
    fg = FeedGenerator()
    fg.id(feed_id)
    fg.title(_xml(title))
    fg.updated(updated)
    fg.generator("migsearch", _generator())
    fg.link(href=self_url, rel="self", type=ATOM)
    if alternate:
        fg.link(href=alternate, rel="alternate", type="text/html")
    for hit in hits:
        entry = fg.add_entry(order="append")
        entry.id("urn:migsearch:document:" + quote(hit.id, safe=""))
        entry.title(_xml(hit.title) or "Untitled document")
        entry.updated(_when(hit.date) or updated)
        page = base + "/documents/" + quote(hit.id, safe="")
        entry.link(href=http_url(hit.url) or page, rel="alternate")
        if http_url(hit.url):
            entry.link(href=page, rel="related", type="text/html")
        if hit.summary:
            entry.summary(_xml(hit.summary))
        for theme in hit.themes:
            entry.category(term=_xml(theme))
    feed: bytes = fg.atom_str(pretty=True)
    return feed


def _feed_response(
    req: Request,
    holder: IndexHolder,
    search: SearchRequest,
    entries: int,
    *,
    feed_id: str,
    title: str,
) -> Response:
    newest = search.with_(sort="newest", limit=entries, page=1, facets=False, highlight=False)
    hits = holder.search(newest).hits
    committed = last_commit_time(holder.path)
    updated = datetime.fromisoformat(committed) if committed else datetime.now(UTC)
    base = str(req.base_url).rstrip("/")
    alternate = page_url(search)
    body = atom_feed(
        hits,
        feed_id=feed_id,
        title=title,
        self_url=str(req.url),
        alternate=base + alternate if alternate else None,
        updated=updated,
        base=base,
    )
    return Response(body, media_type=ATOM + "; charset=utf-8")


def _feed_doc() -> dict[int | str, dict[str, Any]]:
    return {
        200: {"description": "An Atom 1.0 feed.", "content": {ATOM: {}}},
        **error_responses(400, 404, 500, 503),
    }


@router.get(
    "/feed",
    response_class=Response,
    responses=_feed_doc(),
    summary="A search as an Atom feed",
    tags=["feeds"],
)
def api_feed(
    req: Request,
    search: Annotated[SearchRequest, Depends(search_criteria)],
    holder: Holder,
    limit: Entries = DEFAULT_ENTRIES,
) -> Response:
    """The newest matches of a search (the parameters of `/api/search`), as Atom: subscribe
    to it in a feed reader to be told of new documents. The search page links the feed of
    the search it shows."""
    # the feed is the same whatever order the search was asked in
    unsorted = search.with_(sort=None).criteria()
    digest = hashlib.sha1(json.dumps(unsorted, sort_keys=True).encode("utf-8")).hexdigest()[:20]
    what = describe_criteria(unsorted)
    return _feed_response(
        req,
        holder,
        search,
        limit,
        feed_id=f"urn:migsearch:search:{digest}",
        title=f"migsearch: {what}",
    )


@router.get(
    "/saved/{name}/feed",
    response_class=Response,
    responses=_feed_doc(),
    summary="A saved search as an Atom feed",
    tags=["feeds"],
)
def api_saved_feed(
    req: Request,
    name: Annotated[str, PathParam(max_length=MAX_NAME_CHARS, description="Saved search name")],
    holder: Holder,
    limit: Entries = DEFAULT_ENTRIES,
) -> Response:
    """The newest matches of a saved search (`migsearch saved add`), as Atom."""
    saved = SavedSearches(holder.path).get(name)
    return _feed_response(
        req,
        holder,
        saved.request(),
        limit,
        feed_id="urn:migsearch:saved:" + quote(name, safe=""),
        title=f"migsearch: saved search {name!r}",
    )
