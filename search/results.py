"""Typed search results whose ``to_dict()`` is the JSON contract of DESIGN §4."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Document", "FacetValue", "Hit", "SearchResult"]


@dataclass
class Hit:
    id: str
    title: str
    date: str | None
    countries: list[str]
    themes: list[str]
    summary: str
    source: str
    score: float | None
    highlights: str
    url: str | None = None
    regions: list[str] = field(default_factory=list)
    primary_country: str | None = None
    type: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "date": self.date,
            "countries": list(self.countries),
            "themes": list(self.themes),
            "summary": self.summary,
            "source": self.source,
            "score": self.score,
            "highlights": self.highlights,
        }


@dataclass
class FacetValue:
    value: str
    count: int
    label: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"value": self.value}
        if self.label is not None:
            d["label"] = self.label
        d["count"] = self.count
        return d


@dataclass
class SearchResult:
    query: str
    total: int
    page: int
    limit: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    suggestion: str | None = None
    #: query expansions that fired (country words, thesaurus), for transparency
    expansions: list[dict[str, Any]] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.limit)) if self.limit else 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "limit": self.limit,
            "hits": [h.to_dict() for h in self.hits],
            "facets": {k: [v.to_dict() for v in vs] for k, vs in self.facets.items()},
            "suggestion": self.suggestion,
            "expansions": list(self.expansions),
        }


@dataclass
class Document:
    """A stored record, whole (``show``, ``/api/documents/{id}``)."""

    id: str
    title: str
    date: str | None
    countries: list[str]
    primary_country: str | None
    regions: list[str]
    themes: list[str]
    summary: str
    body: str
    source: str
    url: str | None
    type: str | None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)
