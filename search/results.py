"""Typed search results; their ``to_dict()`` is the search JSON the CLI and the HTTP API give."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Document", "FacetValue", "Hit", "SearchResult", "fill_year_gaps"]


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

    @classmethod
    def from_stored(
        cls, f: dict[str, Any], score: float | None = None, highlights: str = ""
    ) -> Hit:
        """A hit from a document's stored fields (as Whoosh returns them)."""
        return cls(
            id=f["id"],
            title=f.get("title") or "",
            date=f.get("date") or None,
            countries=_split(f.get("countries")),
            themes=_split(f.get("themes")),
            summary=f.get("summary") or "",
            source=f.get("source") or "",
            score=score,
            highlights=highlights,
            url=f.get("url"),
            regions=_split(f.get("regions")),
            primary_country=f.get("primary_country") or None,
            type=f.get("type") or None,
        )

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
    #: opt-in (``search(…, year_histogram=True)``): every year from the first to the
    #: last with its count, gaps as 0, for a timeline; None when not asked for
    year_histogram: list[FacetValue] | None = None

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
            **(
                {"year_histogram": [v.to_dict() for v in self.year_histogram]}
                if self.year_histogram is not None
                else {}
            ),
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

    @classmethod
    def from_stored(cls, f: dict[str, Any]) -> Document:
        """The document from its stored fields (as Whoosh returns them)."""
        return cls(
            id=f["id"],
            title=f.get("title") or "",
            date=f.get("date") or None,
            countries=_split(f.get("countries")),
            primary_country=f.get("primary_country") or None,
            regions=_split(f.get("regions")),
            themes=_split(f.get("themes")),
            summary=f.get("summary") or "",
            body=f.get("body") or "",
            source=f.get("source") or "",
            url=f.get("url"),
            type=f.get("type") or None,
        )

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def fill_year_gaps(years: list[FacetValue]) -> list[FacetValue]:
    """Year counts sorted by year, with the years in between that have none as 0.

    ``facets.years`` is ordered by count, which suits a criteria box; a timeline
    needs every year in order, including the empty ones.
    """
    counts = {int(v.value): v.count for v in years if v.value.isdigit()}
    if not counts:
        return []
    lo, hi = min(counts), max(counts)
    return [FacetValue(str(y), counts.get(y, 0)) for y in range(lo, hi + 1)]


def _split(v: str | None) -> list[str]:
    return [p for p in (v or "").split(",") if p]
