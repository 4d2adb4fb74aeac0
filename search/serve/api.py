"""The JSON API: ``/api/search``, ``/api/similar`` (a text) and ``/api/similar/{id}``,
``/api/documents/{id}``, ``/api/taxonomy`` and ``/api/health``.

A search's query parameters are the :class:`SearchRequest`'s fields under the
names the CLI's options have (``country``, ``from``…), with the request's own
bounds and descriptions, so the OpenAPI document states every limit and
FastAPI rejects what is out of bounds (400, before the engine runs). The
answers are the result objects' ``to_dict()``, the same JSON as
``migsearch search --json`` (docs/search-json.md).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field, StringConstraints

from migsearch.errors import IndexMissingError
from migsearch.search.query.parse import MAX_QUERY_CHARS
from migsearch.search.request import (
    DEFAULT_LIMIT,
    FACET_LIMIT,
    MAX_FACET_LIMIT,
    MAX_LIMIT,
    MAX_PAGE,
    MAX_REPEAT,
    MAX_SOURCE_CHARS,
    MAX_VALUE_CHARS,
    SORTS,
    SearchRequest,
    describe,
)
from migsearch.search.serve.holder import IndexHolder, holder_of
from migsearch.search.serve.http_errors import error_response
from migsearch.search.serve.parameters import known_parameters
from migsearch.search.serve.schemas import (
    DocumentOut,
    HealthOut,
    SearchResultOut,
    TaxonomyOut,
    error_responses,
)
from migsearch.search.taxonomy import describe_taxonomy

__all__ = ["router", "search_criteria", "search_request"]

router = APIRouter(prefix="/api", dependencies=[Depends(known_parameters)])

Holder = Annotated[IndexHolder, Depends(holder_of)]
Sort = Literal[SORTS]  # type: ignore[valid-type]
Value = Annotated[str, StringConstraints(max_length=MAX_VALUE_CHARS)]
Source = Annotated[str, StringConstraints(max_length=MAX_SOURCE_CHARS)]
Year = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}$")]


def _many(field: str) -> object:
    return Query(max_length=MAX_REPEAT, description=describe(field))


def search_criteria(
    q: Annotated[
        str | None, Query(max_length=MAX_QUERY_CHARS, description=describe("query"))
    ] = None,
    country: Annotated[list[Value] | None, _many("countries")] = None,
    mentions: Annotated[bool, Query(description=describe("mentions"))] = False,
    corridor: Annotated[list[Value] | None, _many("corridors")] = None,
    group: Annotated[list[Value] | None, _many("groups")] = None,
    theme: Annotated[list[Value] | None, _many("themes")] = None,
    type: Annotated[list[Value] | None, _many("types")] = None,
    publisher: Annotated[list[Value] | None, _many("publishers")] = None,
    source: Annotated[list[Source] | None, _many("sources")] = None,
    language: Annotated[list[Value] | None, _many("languages")] = None,
    year: Annotated[list[Year] | None, _many("years")] = None,
    date_from: Annotated[
        str | None,
        Query(alias="from", max_length=MAX_VALUE_CHARS, description=describe("date_from")),
    ] = None,
    date_to: Annotated[
        str | None,
        Query(alias="to", max_length=MAX_VALUE_CHARS, description=describe("date_to")),
    ] = None,
    sort: Annotated[Sort | None, Query(description=describe("sort"))] = None,
) -> SearchRequest:
    """What to search for, from the query string: the query, the filters and the sort
    (a FastAPI dependency of every route that runs a search: search, export, feed)."""
    return SearchRequest(
        query=q,
        countries=country or (),
        mentions=mentions,
        corridors=corridor or (),
        groups=group or (),
        themes=theme or (),
        types=type or (),
        publishers=publisher or (),
        sources=source or (),
        languages=language or (),
        years=year or (),
        date_from=date_from,
        date_to=date_to,
        sort=sort,
    )


def _presentation(
    page: Annotated[int, Query(ge=1, le=MAX_PAGE, description=describe("page"))] = 1,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description=describe("limit"))] = DEFAULT_LIMIT,
    facet_limit: Annotated[
        int, Query(ge=1, le=MAX_FACET_LIMIT, description=describe("facet_limit"))
    ] = FACET_LIMIT,
    year_histogram: Annotated[bool, Query(description=describe("year_histogram"))] = False,
) -> dict[str, Any]:
    """How ``/api/search`` shows its result: page, size, facet values, histogram."""
    return {
        "page": page,
        "limit": limit,
        "facet_limit": facet_limit,
        "year_histogram": year_histogram,
    }


def search_request(
    criteria: Annotated[SearchRequest, Depends(search_criteria)],
    shown: Annotated[dict[str, Any], Depends(_presentation)],
) -> SearchRequest:
    """The query string of ``/api/search`` as a SearchRequest (a FastAPI dependency)."""
    return criteria.with_(**shown)


@router.get(
    "/search",
    response_model=SearchResultOut,
    responses=error_responses(400, 500, 503),
    summary="Search documents",
    tags=["search"],
)
def api_search(
    request: Annotated[SearchRequest, Depends(search_request)], holder: Holder
) -> Response:
    """Ranked hits of one page, with facet counts over all matches (each facet ignores its
    own filter). The JSON is `migsearch search --json`'s."""
    return JSONResponse(holder.search(request).to_dict())


class SimilarText(BaseModel):
    """A text to find documents like, and how many to list."""

    text: str = Field(
        max_length=MAX_QUERY_CHARS,
        description="The text (a pasted passage), read as plain words whatever it holds.",
    )
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Documents to list.")


@router.post(
    "/similar",
    response_model=SearchResultOut,
    responses=error_responses(400, 500, 503),
    summary="Documents like a text",
    tags=["search"],
)
def api_similar_text(body: SimilarText, holder: Holder) -> Response:
    """The documents most like a pasted text, searched by its most distinctive words: the
    JSON of `migsearch similar --text --json` (no facets; `total` is the number listed).
    A POST, so that a text of any length up to the limit fits."""
    return JSONResponse(holder.get().similar_text(body.text, limit=body.limit).to_dict())


@router.get(
    "/similar/{doc_id:path}",
    response_model=SearchResultOut,
    responses=error_responses(400, 404, 500, 503),
    summary="Documents like one document",
    tags=["search"],
)
def api_similar(
    doc_id: Annotated[str, PathParam(description="Document id")],
    holder: Holder,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Documents to list.")] = (
        DEFAULT_LIMIT
    ),
) -> Response:
    """The documents most like this one ("more like this"), from the key terms of its
    stored text, as a one-page search JSON without facets (`migsearch similar --json`)."""
    return JSONResponse(holder.similar(doc_id, limit).to_dict())


@router.get(
    "/documents/{doc_id:path}",
    response_model=DocumentOut,
    responses=error_responses(404, 500, 503),
    summary="One document, whole",
    tags=["documents"],
)
def api_document(
    doc_id: Annotated[str, PathParam(description="Document id")], holder: Holder
) -> Response:
    """The stored record with its full body (what `migsearch show --json` prints)."""
    return JSONResponse(holder.document(doc_id).to_dict())


@router.get(
    "/taxonomy",
    response_model=TaxonomyOut,
    responses=error_responses(500),
    summary="Countries, regions, themes and groups",
    tags=["taxonomy"],
)
def api_taxonomy(holder: Holder) -> Response:
    """Every value the `country`, `theme` and `group` filters take, with labels and document
    counts (null until an index exists). The JSON of `migsearch themes --json`."""
    try:
        ix = holder.get()
    except IndexMissingError:
        ix = None
    return JSONResponse(describe_taxonomy(ix))


@router.get(
    "/health",
    response_model=HealthOut,
    responses=error_responses(503),
    summary="Index status",
    tags=["status"],
)
async def api_health(holder: Holder) -> Response:
    """Index path, document count and last commit; 503 until an index exists."""
    try:
        st = await holder.health_now()
    except IndexMissingError as exc:
        return error_response(exc, status="no index", index=str(holder.path))
    return JSONResponse(
        {
            "status": "ok",
            "index": st.get("index", str(holder.path)),
            "documents": st.get("documents", 0),
            "generation": st.get("generation"),
            "last_commit": st.get("last_commit"),
        }
    )
