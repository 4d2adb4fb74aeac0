"""The server-rendered pages: the search page (``/``) and one document (``/documents/{id}``).

They work without JavaScript: the search form is a GET form whose URL is the
whole state (``page_state``), criteria boxes are checkboxes with counts, and
an optional script only submits the form as soon as a box is ticked. A value
the page does not understand is reported above the results while the rest of
the search still runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from migsearch.errors import DocumentNotFoundError, IndexMissingError, MigsearchError, QueryError
from migsearch.indexer.vocabulary.countries import all_regions, country_label, region_label
from migsearch.indexer.vocabulary.languages import language_label
from migsearch.indexer.vocabulary.themes import theme_label
from migsearch.search.facets import type_label
from migsearch.search.request import MAX_PAGE
from migsearch.search.results import FacetValue, SearchResult
from migsearch.search.serve.holder import IndexHolder, holder_of
from migsearch.search.serve.http_errors import status_for
from migsearch.search.serve.page_state import HTML_LIMITS, PageState, back_url
from migsearch.search.serve.templates import label, page_error, render

__all__ = ["FACET_SHOWN", "FacetChoice", "router"]

router = APIRouter(include_in_schema=False)
Holder = Annotated[IndexHolder, Depends(holder_of)]

#: facet values shown before the rest fold into "More …"
FACET_SHOWN = 8
SORT_CHOICES = [("", "Best match"), ("newest", "Newest first"), ("oldest", "Oldest first")]


@router.get("/", response_class=HTMLResponse)
def search_page(request: Request, holder: Holder) -> Response:
    state, search, problems = PageState.from_params(request.query_params).to_request()
    errors = [str(e) for e in problems]
    status = 400 if problems else 200
    result: SearchResult | None = None
    query_error: QueryError | None = None
    try:
        result = holder.search(search)
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
    return render("document.html", doc=doc, paragraphs=paragraphs, back=back)


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
    """The criteria boxes: regions, countries, themes, types and years as checkboxes."""
    countries = [c for c in state.countries if c not in regions]
    return {
        "regions": _choices(
            facets.get("regions", []), regions, region_label, lambda v: v in state.countries
        ),
        "countries": _choices(
            facets.get("countries", []), countries, country_label, lambda v: v in state.countries
        ),
        "themes": _choices(
            facets.get("themes", []), state.themes, theme_label, lambda v: v in state.themes
        ),
        "types": _choices(
            facets.get("types", []), state.types, type_label, lambda v: v in state.types
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
    if state.years or state.date_from or state.date_to:
        lo, hi = state.date_range()
        span = lo if lo and lo == hi else f"{lo or '…'} – {hi or '…'}"
        chips.append(
            {"text": f"Date: {span}", "url": state.url(years=[], date_from="", date_to="")}
        )
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
        "sorts": SORT_CHOICES,
        "limits": HTML_LIMITS,
    }
