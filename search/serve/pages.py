"""The server-rendered pages: the search page (``/``) and one document (``/documents/{id}``).

They work without JavaScript: the search form is a GET form whose URL is the
whole state (``page_state``), criteria boxes are checkboxes with counts, and
an optional script only submits the form as soon as a box is ticked. A value
the page does not understand is reported above the results while the rest of
the search still runs. A URL with empty parameters (what a GET form sends for
its empty fields) is redirected to the same search without them.

Beside the hits the page offers the search's year chart (``chart``), its
Atom feed (``feeds``) and its exports (``exports``); a document's page
offers the original, similar documents and citations.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from migsearch.errors import (
    DocumentNotFoundError,
    IndexMissingError,
    MigsearchError,
    QueryError,
    UnknownTypeError,
)
from migsearch.indexer.vocabulary.countries import all_regions, country_label, region_label
from migsearch.indexer.vocabulary.groups import group_label
from migsearch.indexer.vocabulary.languages import language_label
from migsearch.indexer.vocabulary.themes import theme_label
from migsearch.search.facets import corridor_label, type_label
from migsearch.search.request import MAX_PAGE
from migsearch.search.results import FacetValue, SearchResult
from migsearch.search.serve.chart import year_chart
from migsearch.search.serve.feeds import feed_url
from migsearch.search.serve.holder import IndexHolder, holder_of
from migsearch.search.serve.http_errors import status_for
from migsearch.search.serve.page_state import HTML_LIMIT, HTML_LIMITS, PageState, back_url
from migsearch.search.serve.templates import label, page_error, render

__all__ = ["FACET_SHOWN", "FacetChoice", "router"]

router = APIRouter(include_in_schema=False)
Holder = Annotated[IndexHolder, Depends(holder_of)]

#: facet values shown before the rest fold into "More …"
FACET_SHOWN = 8
#: the orders offered; the first is the default, whose value is empty (left out of URLs)
SORT_CHOICES = [("", "Best match"), ("newest", "Newest first"), ("oldest", "Oldest first")]
#: browsing has no relevance: its default order is newest first
BROWSE_SORT_CHOICES = [("", "Newest first"), ("oldest", "Oldest first")]
#: the export buttons: label and format of /api/export
EXPORTS = [("CSV", "csv"), ("JSONL", "jsonl"), ("RIS", "ris"), ("BibTeX", "bibtex")]
#: similar documents listed on a document's page
SIMILAR_SHOWN = 5
#: a document's citation links: label and format of /api/citations
CITATIONS = [("RIS", "ris"), ("BibTeX", "bibtex"), ("CSL-JSON", "csljson")]


@router.get("/", response_class=HTMLResponse)
def search_page(request: Request, holder: Holder) -> Response:
    given = request.query_params.multi_items()
    if any(not v.strip() for _, v in given):
        # a GET form sends its empty fields too: the same search without them
        kept = urlencode([(k, v) for k, v in given if v.strip()])
        return RedirectResponse("/?" + kept if kept else "/", status_code=303)
    state, search, problems = PageState.from_params(request.query_params).to_request()
    errors = [str(e) for e in problems]
    status = 400 if problems else 200
    result: SearchResult | None = None
    query_error: QueryError | None = None
    try:
        while True:
            try:
                result = holder.search(search.with_(year_histogram=True))
                break
            except UnknownTypeError as exc:
                # a type no document has: say so, and search with the others
                errors.append(str(exc))
                status = 400
                search = search.with_(types=[t for t in search.types if t != exc.value])
                state = replace(state, types=[t for t in state.types if t != exc.value])
    except IndexMissingError:
        return render("search.html", 503, **_page_context(state, None, [], None, no_index=True))
    except QueryError as exc:
        query_error, status = exc, 400
    except MigsearchError as exc:
        errors.append(str(exc))
        status = status_for(exc)
    return render("search.html", status, **_page_context(state, result, errors, query_error))


@router.get("/documents/{doc_id:path}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: str, holder: Holder) -> Response:
    try:
        doc = holder.document(doc_id)
    except DocumentNotFoundError:
        return page_error(404, "Document not found", "No document has this id in the index.")
    paragraphs = [p.strip() for p in doc.body.split("\n\n") if p.strip()]
    back = back_url(request.query_params.get("back"))
    try:
        similar = holder.similar(doc.id, SIMILAR_SHOWN).hits
    except MigsearchError:  # a document too short to be like another: the page still shows
        similar = []
    return render(
        "document.html",
        doc=doc,
        paragraphs=paragraphs,
        summary=_new_summary(doc.summary, doc.body),
        back=back,
        back_query=back.partition("?")[2],
        similar=similar,
        citations=CITATIONS,
    )


def _new_summary(summary: str, body: str) -> str | None:
    """The summary, unless it is only the opening of the body (shown right below it)."""
    words = summary.rstrip(" .…").split()
    if not words:
        return None
    return None if " ".join(body.split()).startswith(" ".join(words)) else summary


@dataclass
class FacetChoice:
    """One checkbox of a criteria box."""

    value: str
    label: str
    count: int
    checked: bool


def _choices(
    facet: Sequence[FacetValue],
    selected: Iterable[str],
    name: Callable[[str], str],
    is_checked: Callable[[str], bool],
) -> list[FacetChoice]:
    """Facet values as checkboxes; a ticked value with no hits still shows, to untick it."""
    out = [
        FacetChoice(f.value, f.label or label(name, f.value), f.count, is_checked(f.value))
        for f in facet
    ]
    present = {c.value for c in out}
    for v in selected:
        if v not in present:
            out.append(FacetChoice(v, label(name, v), 0, True))
    # ticked first (so they never fold away), then by count as the engine sorted them
    return sorted(out, key=lambda c: not c.checked)


def _pages(current: int, last: int) -> list[int | None]:
    """Page numbers to link, None for a gap: 1 … 4 5 [6] 7 8 … 20."""
    want = {1, last, *range(current - 2, current + 3)}
    out: list[int | None] = []
    prev = 0
    for p in sorted(n for n in want if 1 <= n <= last):
        if p - prev > 1:
            out.append(None)
        out.append(p)
        prev = p
    return out


def _boxes(state: PageState, regions: list[str], facets: dict[str, Any]) -> dict[str, Any]:
    """The criteria boxes: regions, countries, corridors, groups, themes, types and years."""
    countries = [c for c in state.countries if c not in regions]
    return {
        "regions": _choices(
            facets.get("regions", []), regions, region_label, lambda v: v in state.countries
        ),
        "countries": _choices(
            facets.get("countries", []), countries, country_label, lambda v: v in state.countries
        ),
        "corridors": _choices(
            facets.get("corridors", []),
            state.corridors,
            corridor_label,
            lambda v: v in state.corridors,
        ),
        "groups": _choices(
            facets.get("groups", []), state.groups, group_label, lambda v: v in state.groups
        ),
        "themes": _choices(
            facets.get("themes", []), state.themes, theme_label, lambda v: v in state.themes
        ),
        "types": _choices(
            facets.get("types", []), state.types, type_label, lambda v: v in state.types
        ),
        "publishers": _choices(
            facets.get("publishers", []), state.publishers, str, lambda v: v in state.publishers
        ),
        "languages": _choices(
            facets.get("languages", []),
            state.languages,
            language_label,
            lambda v: v in state.languages,
        ),
        "years": sorted(
            _choices(facets.get("years", []), state.years, str, state.year_checked),
            key=lambda c: c.value,
            reverse=True,
        ),
    }


def _chips(state: PageState, regions: list[str]) -> list[dict[str, str]]:
    """One removable chip per active filter, each linking to the search without it."""
    chips = []
    for c in [c for c in state.countries if c not in regions] + regions:
        kind, name = ("Region", region_label) if c in regions else ("Country", country_label)
        rest = [v for v in state.countries if v != c]
        chips.append({"text": f"{kind}: {label(name, c)}", "url": state.url(countries=rest)})
    if state.mentions:
        chips.append({"text": "Including passing mentions", "url": state.url(mentions=False)})
    for c in state.corridors:
        rest = [v for v in state.corridors if v != c]
        text = f"Corridor: {label(corridor_label, c)}"
        chips.append({"text": text, "url": state.url(corridors=rest)})
    for g in state.groups:
        rest = [v for v in state.groups if v != g]
        chips.append({"text": f"Group: {label(group_label, g)}", "url": state.url(groups=rest)})
    for t in state.themes:
        rest = [v for v in state.themes if v != t]
        chips.append({"text": f"Theme: {label(theme_label, t)}", "url": state.url(themes=rest)})
    for t in state.types:
        rest = [v for v in state.types if v != t]
        chips.append({"text": f"Type: {label(type_label, t)}", "url": state.url(types=rest)})
    for t in state.languages:
        rest = [v for v in state.languages if v != t]
        chips.append(
            {"text": f"Language: {label(language_label, t)}", "url": state.url(languages=rest)}
        )
    for p in state.publishers:
        rest = [v for v in state.publishers if v != p]
        chips.append({"text": f"Publisher: {p}", "url": state.url(publishers=rest)})
    for y in sorted(state.years):
        rest = [v for v in state.years if v != y]
        chips.append({"text": f"Year: {y}", "url": state.url(years=rest)})
    if state.date_from or state.date_to:
        lo, hi = state.date_from, state.date_to
        span = lo if lo and lo == hi else f"{lo or '…'} – {hi or '…'}"
        chips.append({"text": f"Date: {span}", "url": state.url(date_from="", date_to="")})
    return chips


def _expansions(result: SearchResult | None) -> list[tuple[str, str]]:
    """ "Also matching" lines: each query word with what it was expanded to, once."""
    grouped: dict[str, list[str]] = {}
    for e in result.expansions if result else ():
        frm, to = str(e.get("from", "")), str(e.get("to", ""))
        if e.get("type") == "country":
            to = ", ".join(label(country_label, c) for c in to.split())
        if frm and to and to.lower() != frm.lower() and to not in grouped.get(frm, []):
            grouped.setdefault(frm, []).append(to)
    return [(frm, ", ".join(tos)) for frm, tos in grouped.items()]


def _page_context(
    state: PageState,
    result: SearchResult | None,
    errors: list[str],
    query_error: QueryError | None,
    *,
    no_index: bool = False,
) -> dict[str, Any]:
    """Everything search.html shows, computed here so the template only lays it out."""
    regions = [c for c in state.countries if c in all_regions()]
    browsing = not state.q.strip() or state.q.strip() == "*"
    export_pairs = state.pairs(page=1, limit=HTML_LIMIT)
    last = min(result.pages, MAX_PAGE) if result else 1
    first_hit = (state.page - 1) * state.limit + 1 if result and result.hits else 0
    qe_pos = query_error.position if query_error is not None else None
    return {
        "state": state,
        "result": result,
        "errors": errors,
        "query_error": str(query_error) if query_error is not None else None,
        "query_error_at": (
            (state.q[:qe_pos], state.q[qe_pos : qe_pos + 1] or " ", state.q[qe_pos + 1 :])
            if qe_pos is not None and 0 <= qe_pos <= len(state.q)
            else None
        ),
        "no_index": no_index,
        "expansions": _expansions(result),
        "boxes": _boxes(state, regions, result.facets if result else {}),
        "facet_shown": FACET_SHOWN,
        "chips": _chips(state, regions),
        "last_page": last,
        "page_links": _pages(state.page, last) if result and result.total else [],
        "first_hit": first_hit,
        "last_hit": first_hit + len(result.hits) - 1 if result and result.hits else 0,
        "sorts": BROWSE_SORT_CHOICES if browsing else SORT_CHOICES,
        "sort_selected": _sort_selected(state.sort, browsing),
        "limits": HTML_LIMITS,
        "default_limit": HTML_LIMIT,
        "feed_url": feed_url(state),
        "exports": [
            (text, "/api/export?" + urlencode([*export_pairs, ("format", fmt)]))
            for text, fmt in EXPORTS
        ],
        "chart": year_chart(
            result.year_histogram if result else None,
            state.years,
            lambda y: state.url(years=[y]),
        ),
    }


def _sort_selected(sort: str, browsing: bool) -> str:
    """The sort option to show as chosen: the default order is the empty value."""
    if sort == "relevance" or (browsing and sort == "newest"):
        return ""
    return sort
