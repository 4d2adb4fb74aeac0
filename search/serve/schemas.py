"""The API's response schemas, and the OpenAPI document built from them.

The JSON of a search or a document is whatever the result dataclasses'
``to_dict()`` return (``migsearch.search.results``), so their schemas are
generated from those dataclasses: the same fields, types and one-line
descriptions (``field(metadata={"doc": …})``), leaving out the fields marked
``"json": False``. A field with a default may be absent from the JSON; one
without is always there. Handlers send ``to_dict()`` directly, so the models
document the answers without re-validating them.
"""

from __future__ import annotations

import dataclasses
import functools
import operator
import types
import typing
from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel, ConfigDict, Field, create_model

from migsearch.search.results import Document, SearchResult
from migsearch.search.serve.http_errors import error_kinds

__all__ = [
    "DocumentOut",
    "ErrorOut",
    "HealthOut",
    "SearchResultOut",
    "TaxonomyOut",
    "error_responses",
    "install_openapi",
    "model_of",
]


def model_of(cls: type) -> type[BaseModel]:
    """A pydantic model of the JSON of dataclass ``cls`` (nested dataclasses included)."""
    return _model_of(cls)


@functools.cache
def _model_of(cls: type) -> type[BaseModel]:
    hints = typing.get_type_hints(cls)
    spec: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if not f.metadata.get("json", True):
            continue
        has_default = (
            f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
        )
        info = Field(None if has_default else ..., description=f.metadata.get("doc"))
        spec[f.name] = (_as_schema_type(hints[f.name]), info)
    doc = (cls.__doc__ or "").strip()
    if doc.startswith(cls.__name__ + "("):  # the dataclass's generated signature
        doc = ""
    return create_model(
        cls.__name__, __config__=ConfigDict(title=cls.__name__), __doc__=doc or None, **spec
    )


def _as_schema_type(tp: Any) -> Any:
    """``tp`` with every dataclass in it replaced by its model (list[Hit] → list[HitModel])."""
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return _model_of(tp)
    args = typing.get_args(tp)
    if not args:
        return tp
    swapped = tuple(_as_schema_type(a) for a in args)
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return functools.reduce(operator.or_, swapped)
    return origin[swapped]


SearchResultOut = model_of(SearchResult)
DocumentOut = model_of(Document)


class ErrorOut(BaseModel):
    """Every error answer: ``error`` and ``type``, and details for some kinds."""

    error: str = Field(description="One line for a human.")
    type: str = Field(description="Error class, e.g. QueryError, UnknownCountryError.")
    position: int | None = Field(None, description="0-based offset of a query error.")
    value: str | None = Field(None, description="The filter value that was not understood.")
    suggestions: list[str] | None = Field(None, description="Close known values.")
    details: list[dict[str, Any]] | None = Field(None, description="Per-parameter problems.")


class HealthOut(BaseModel):
    """The index a server answers from; a 503 body also carries ``status`` and ``index``."""

    status: str = Field(description="`ok`, or `no index` with a 503.")
    index: str = Field(description="The index folder.")
    documents: int = Field(description="Documents in the index.")
    generation: int | None = Field(None, description="Commit number; grows with each commit.")
    last_commit: str | None = Field(None, description="When the last commit landed (UTC).")


class PlaceOut(BaseModel):
    """A country (alpha-3) or a region (id) a `country` filter takes."""

    value: str = Field(description="The value the `country` filter and the facets use.")
    label: str = Field(description="Display name.")
    members: list[str] | None = Field(None, description="A region's member countries.")
    count: int | None = Field(description="Documents about it; null without an index.")
    count_with_mentions: int | None = Field(
        description="Documents about it or mentioning it in passing; null without an index."
    )


class EntryOut(BaseModel):
    """A theme or a population group."""

    value: str = Field(description="The id the `theme` or `group` filter takes.")
    label: str = Field(description="Display name.")
    description: str = Field(description="What it covers.")
    count: int | None = Field(description="Documents tagged with it; null without an index.")


class TaxonomyOut(BaseModel):
    """Every value the place, theme and group filters take, with their counts."""

    documents: int | None = Field(description="Documents in the index; null without one.")
    countries: list[PlaceOut]
    regions: list[PlaceOut]
    themes: list[EntryOut]
    groups: list[EntryOut]


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for these error statuses, described from the status table."""
    kinds = error_kinds()
    return {
        status: {
            "model": ErrorOut,
            "description": "\n".join(f"- `{t}`: {m}" for t, s, m in kinds if s == status),
        }
        for status in statuses
    }


def _head_of(get: dict[str, Any]) -> dict[str, Any]:
    """The HEAD operation every GET route also answers: its statuses and headers, no body."""
    head = {k: v for k, v in get.items() if k not in ("responses", "operationId", "description")}
    head["summary"] = get.get("summary", "") + " (headers only)"
    head["description"] = "The status and headers `GET` would answer with, and no body."
    if "operationId" in get:
        head["operationId"] = get["operationId"] + "_head"
    head["responses"] = {
        status: {"description": r.get("description", "")}
        for status, r in get.get("responses", {}).items()
    }
    return head


def install_openapi(app: FastAPI) -> None:
    """Build the OpenAPI document once, without FastAPI's 422 (parameter errors are 400 here),
    with the HEAD operation of each GET route (``head.HeadAsGet`` answers them)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            from fastapi.openapi.utils import get_openapi

            spec = get_openapi(
                title=app.title,
                version=app.version,
                summary=app.summary,
                description=app.description,
                routes=app.routes,
            )
            for methods in spec.get("paths", {}).values():
                for op in methods.values():
                    op.get("responses", {}).pop("422", None)
                if "get" in methods:
                    methods["head"] = _head_of(methods["get"])
            schemas = spec.get("components", {}).get("schemas", {})
            for name in ("HTTPValidationError", "ValidationError"):
                schemas.pop(name, None)
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
