"""The JSON API: ``/api/search``, ``/api/similar``, ``/api/documents/{id}`` and ``/api/health``.

A search's query parameters are the :class:`SearchRequest`'s fields under the
names the CLI's options have (``country``, ``from``…), with the request's own
bounds and descriptions, so the OpenAPI document states every limit and
FastAPI rejects what is out of bounds (400, before the engine runs). The
answers are the result objects' ``to_dict()``, the same JSON as
``migsearch search --json`` (docs/search-json.md).
"""

from __future__ import annotations

from typing import Annotated, Literal

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
from migsearch.search.serve.schemas import (
    DocumentOut,
    HealthOut,
    SearchResultOut,
    error_responses,
)

__all__ = ["router", "search_request"]

router = APIRouter(prefix="/api")

Holder = Annotated[IndexHolder, Depends(holder_of)]
Sort = Literal[SORTS]  # type: ignore[valid-type]
Value = Annotated[str, StringConstraints(max_length=MAX_VALUE_CHARS)]
Source = Annotated[str, StringConstraints(max_length=MAX_SOURCE_CHARS)]


def _many(field: str) -> object:
    return Query(max_length=MAX_REPEAT, description=describe(field))


def search_request(
    q: Annotated[
        str | None, Query(max_length=MAX_QUERY_CHARS, description=describe("query"))
    ] = None,
    country: Annotated[list[Value] | None, _many("countries")] = None,
    theme: Annotated[list[Value] | None, _many("themes")] = None,
    type: Annotated[list[Value] | None, _many("types")] = None,
    source: Annotated[list[Source] | None, _many("sources")] = None,
    language: Annotated[list[Value] | None, _many("languages")] = None,
    date_from: Annotated[
        str | None,
        Query(alias="from", max_length=MAX_VALUE_CHARS, description=describe("date_from")),
    ] = None,
    date_to: Annotated[
        str | None,
        Query(alias="to", max_length=MAX_VALUE_CHARS, description=describe("date_to")),
    ] = None,
    sort: Annotated[Sort | None, Query(description=describe("sort"))] = None,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE, description=describe("page"))] = 1,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description=describe("limit"))] = DEFAULT_LIMIT,
    facet_limit: Annotated[
        int, Query(ge=1, le=MAX_FACET_LIMIT, description=describe("facet_limit"))
    ] = FACET_LIMIT,
    year_histogram: Annotated[bool, Query(description=describe("year_histogram"))] = False,
) -> SearchRequest:
    """The query string of ``/api/search`` as a SearchRequest (a FastAPI dependency)."""
    return SearchRequest(
        query=q,
        countries=country or (),
        themes=theme or (),
        types=type or (),
        sources=source or (),
        languages=language or (),
        date_from=date_from,
        date_to=date_to,
        sort=sort,
        page=page,
        limit=limit,
        facet_limit=facet_limit,
        year_histogram=year_histogram,
    )


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
def api_similar(body: SimilarText, holder: Holder) -> Response:
    """The documents most like a pasted text, searched by its most distinctive words: the
    JSON of `migsearch similar --text --json` (no facets; `total` is the number listed).
    A POST, so that a text of any length up to the limit fits."""
    return JSONResponse(holder.get().similar_text(body.text, limit=body.limit).to_dict())


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
