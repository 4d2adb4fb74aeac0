"""The saved searches of the served index, as JSON: ``/api/saved`` and ``/api/saved/{name}``.

Searches are saved with ``migsearch saved add`` (the server never changes
them); here each comes with the address of its search page and of its feed.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from migsearch.search.saved import MAX_NAME_CHARS, SavedSearch, SavedSearches
from migsearch.search.serve.feeds import page_url
from migsearch.search.serve.holder import IndexHolder, holder_of
from migsearch.search.serve.parameters import known_parameters
from migsearch.search.serve.schemas import error_responses

__all__ = ["SavedSearchOut", "router", "saved_json"]

router = APIRouter(prefix="/api", dependencies=[Depends(known_parameters)])
Holder = Annotated[IndexHolder, Depends(holder_of)]


class SavedSearchOut(BaseModel):
    """A saved search, where to see it and where to subscribe to it."""

    name: str = Field(description="Its name (`migsearch saved add NAME`).")
    criteria: dict[str, Any] = Field(
        description="What it searches for: `query`, `sort` and the filters that are set, "
        "named as in the Python API (`countries`, `themes`, `years`, `date_from`, …)."
    )
    created: str = Field(description="When it was saved (UTC).")
    checked: str = Field(description="When `migsearch watch` last checked it (UTC).")
    generation: int | None = Field(description="The index commit of that check.")
    matches: int = Field(description="Documents it matched at that check.")
    search_url: str | None = Field(description="The search page showing it; null if none can.")
    feed_url: str = Field(description="Its Atom feed.")


def saved_json(saved: SavedSearch) -> dict[str, Any]:
    return {
        **saved.to_dict(),
        "search_url": page_url(saved.request()),
        "feed_url": f"/api/saved/{saved.name}/feed",
    }


@router.get(
    "/saved",
    response_model=list[SavedSearchOut],
    responses=error_responses(500),
    summary="Saved searches",
    tags=["feeds"],
)
def api_saved_list(holder: Holder) -> Response:
    """Every saved search of the index, by name (`migsearch saved list --json`, with links)."""
    return JSONResponse([saved_json(s) for s in SavedSearches(holder.path).all()])


@router.get(
    "/saved/{name}",
    response_model=SavedSearchOut,
    responses=error_responses(404, 500),
    summary="One saved search",
    tags=["feeds"],
)
def api_saved(
    name: Annotated[str, PathParam(max_length=MAX_NAME_CHARS, description="Saved search name")],
    holder: Holder,
) -> Response:
    """One saved search with its search page and feed; 404 for an unknown name."""
    return JSONResponse(saved_json(SavedSearches(holder.path).get(name)))
