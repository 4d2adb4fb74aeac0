"""Typed search results whose ``to_dict()`` is the search JSON (docs/search-json.md).

Each field's ``metadata["doc"]`` says what it holds, in one line; the HTTP API
builds its OpenAPI schema from these fields and descriptions. A field with
``metadata["json"] = False`` is kept on the object but left out of
``to_dict()``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from migsearch.search.query.parse import ParsedQuery
    from migsearch.search.request import SearchRequest

__all__ = ["Document", "FacetValue", "Hit", "SearchResult", "every_hit", "fill_year_gaps"]


def _doc(text: str) -> dict[str, Any]:
    """Field metadata: a one-line description (the OpenAPI schema shows it)."""
    return {"doc": text}


def _hidden(text: str) -> dict[str, Any]:
    """Field metadata of a field kept on the object but not in ``to_dict()``."""
    return {"doc": text, "json": False}


@dataclass
class Hit:
    id: str = field(metadata=_doc("Document id, for /api/documents/{id} and `migsearch show`."))
    title: str = field(metadata=_doc("Title; empty when the source has none."))
    date: str | None = field(metadata=_doc("YYYY, YYYY-MM or YYYY-MM-DD; null when undated."))
    countries: list[str] = field(metadata=_doc("Alpha-3 codes of the countries it is about."))
    themes: list[str] = field(metadata=_doc("Theme ids."))
    summary: str = field(metadata=_doc("A short summary: the source's own, or its opening."))
    source: str = field(metadata=_doc("The file (as indexed) or URL the record came from."))
    score: float | None = field(metadata=_doc("Relevance score; null when sorted by date."))
    highlights: str = field(
        metadata=_doc("HTML snippet: matches in <b>, everything else escaped; may be empty.")
    )
    page: int | None = field(
        metadata=_doc(
            "Page of a paged document (PDF) the highlights are on, from 1; null otherwise. "
            "A link to the document opens there with #page=N."
        )
    )
    regions: list[str] = field(
        metadata=_doc("Region ids: named in it, or of the countries it is about.")
    )
    corridors: list[str] = field(
        metadata=_doc("Migration corridors it states, ORIGIN-DESTINATION (MMR-THA).")
    )
    groups: list[str] = field(metadata=_doc("Population group ids."))
    mentioned_countries: list[str] = field(
        metadata=_doc("Alpha-3 codes of countries it only mentions in passing.")
    )
    url: str | None = field(default=None, metadata=_hidden("The document's web address."))
    primary_country: str | None = field(
        default=None, metadata=_hidden("The country it is mainly about.")
    )
    type: str | None = field(default=None, metadata=_hidden("Document type (news, report…)."))
    language: str | None = field(
        default=None, metadata=_hidden("ISO 639-1 code of its language, when identified.")
    )

    @classmethod
    def from_stored(
        cls,
        f: dict[str, Any],
        score: float | None = None,
        highlights: str = "",
        page: int | None = None,
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
            corridors=_split(f.get("corridors")),
            groups=_split(f.get("groups")),
            mentioned_countries=_split(f.get("mentioned_countries")),
            primary_country=f.get("primary_country") or None,
            type=f.get("type") or None,
            language=f.get("language") or None,
            page=page,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "date": self.date,
            "countries": list(self.countries),
            "mentioned_countries": list(self.mentioned_countries),
            "regions": list(self.regions),
            "corridors": list(self.corridors),
            "groups": list(self.groups),
            "themes": list(self.themes),
            "summary": self.summary,
            "source": self.source,
            "score": self.score,
            "highlights": self.highlights,
            "page": self.page,
        }


@dataclass
class FacetValue:
    value: str = field(metadata=_doc("The value as filters take it (code, id, year…)."))
    count: int = field(metadata=_doc("Matching documents that have it."))
    label: str | None = field(
        default=None, metadata=_doc("Display name; absent for years, which show as they are.")
    )

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"value": self.value}
        if self.label is not None:
            d["label"] = self.label
        d["count"] = self.count
        return d


@dataclass
class SearchResult:
    query: str = field(metadata=_doc("The query as searched; empty when browsing."))
    total: int = field(metadata=_doc("Documents matching the query and every filter."))
    page: int = field(metadata=_doc("This page's number, from 1."))
    limit: int = field(metadata=_doc("Hits per page."))
    hits: list[Hit] = field(metadata=_doc("This page's hits, best first (or by date)."))
    facets: dict[str, list[FacetValue]] = field(
        metadata=_doc("Counts per facet over all matches; each ignores its own filter.")
    )
    suggestion: str | None = field(
        default=None, metadata=_doc("A respelt query that finds more; null when none.")
    )
    #: query expansions that fired (country words, thesaurus), for transparency
    expansions: list[dict[str, Any]] = field(
        default_factory=list,
        metadata=_doc("Expansions that fired: {type, from, to}, e.g. a country name."),
    )
    #: of ``total``, the documents having every word of a query of two words or more
    #: joined by OR (the default); None for other queries
    total_all_words: int | None = field(
        default=None,
        metadata=_doc(
            "Of total, the documents with every word of an OR query of 2+ words; null otherwise."
        ),
    )
    #: how the query was read when not as typed (plain words, key words)
    notices: list[dict[str, Any]] = field(
        default_factory=list,
        metadata=_doc("How the query was read when not as typed: {type, message, position?}."),
    )
    #: opt-in (``search(…, year_histogram=True)``): every year from the first to the
    #: last with its count, gaps as 0, for a timeline; None when not asked for
    year_histogram: list[FacetValue] | None = field(
        default=None, metadata=_doc("Every year in order with its count, gaps as 0; on request.")
    )

    @classmethod
    def of_page(
        cls,
        pq: ParsedQuery,
        req: SearchRequest,
        *,
        total: int,
        total_all_words: int | None,
        hits: list[Hit],
        facets: dict[str, list[FacetValue]],
        suggestion: str | None,
    ) -> SearchResult:
        """The answer to ``req`` as read into ``pq``: one place that says which part of
        a search's answer comes from the request and which from the query, for one
        index and a shard set alike."""
        return cls(
            query=pq.text,
            total=total,
            total_all_words=total_all_words,
            page=req.page,
            limit=req.limit,
            hits=hits,
            facets=facets,
            suggestion=suggestion,
            expansions=pq.expansions,
            notices=pq.notices,
            year_histogram=fill_year_gaps(facets.get("years", [])) if req.year_histogram else None,
        )

    @classmethod
    def one_page(
        cls, query: str, hits: list[Hit], limit: int, notices: Sequence[dict[str, Any]] = ()
    ) -> SearchResult:
        """A result that is all on one page, without facets (more like this)."""
        return cls(
            query=query,
            total=len(hits),
            page=1,
            limit=limit,
            hits=hits,
            facets={},
            notices=list(notices),
        )

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.limit)) if self.limit else 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "total_all_words": self.total_all_words,
            "page": self.page,
            "limit": self.limit,
            "hits": [h.to_dict() for h in self.hits],
            "facets": {k: [v.to_dict() for v in vs] for k, vs in self.facets.items()},
            "suggestion": self.suggestion,
            "expansions": list(self.expansions),
            "notices": list(self.notices),
            **(
                {"year_histogram": [v.to_dict() for v in self.year_histogram]}
                if self.year_histogram is not None
                else {}
            ),
        }


@dataclass
class Document:
    """A stored record, whole (``show``, ``/api/documents/{id}``)."""

    id: str = field(metadata=_doc("Document id."))
    title: str = field(metadata=_doc("Title; empty when the source has none."))
    date: str | None = field(metadata=_doc("YYYY, YYYY-MM or YYYY-MM-DD; null when undated."))
    countries: list[str] = field(metadata=_doc("Alpha-3 codes of the countries it is about."))
    primary_country: str | None = field(metadata=_doc("The country it is mainly about."))
    regions: list[str] = field(
        metadata=_doc("Region ids: named in it, or of the countries it is about.")
    )
    themes: list[str] = field(metadata=_doc("Theme ids."))
    summary: str = field(metadata=_doc("A short summary: the source's own, or its opening."))
    body: str = field(metadata=_doc("The whole main text."))
    source: str = field(metadata=_doc("The file (as indexed) or URL the record came from."))
    url: str | None = field(metadata=_doc("The document's web address, when known."))
    type: str | None = field(metadata=_doc("Document type (news, report, …), when known."))
    language: str | None = field(metadata=_doc("ISO 639-1 code of its language, when identified."))
    mentioned_countries: list[str] = field(
        metadata=_doc("Alpha-3 codes of countries it only mentions in passing.")
    )
    mentioned_regions: list[str] = field(
        metadata=_doc("Region ids of the countries it only mentions.")
    )
    corridors: list[str] = field(
        metadata=_doc("Migration corridors it states, ORIGIN-DESTINATION (MMR-THA).")
    )
    groups: list[str] = field(metadata=_doc("Population group ids."))

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
            language=f.get("language") or None,
            mentioned_countries=_split(f.get("mentioned_countries")),
            mentioned_regions=_split(f.get("mentioned_regions")),
            corridors=_split(f.get("corridors")),
            groups=_split(f.get("groups")),
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


def every_hit(
    search: Callable[..., SearchResult], query: str | None, page_size: int, **kw: Any
) -> Iterator[Hit]:
    """Every hit of ``search(query, **kw)``, page after page of ``page_size`` without
    facets (an export): one page is in memory at a time."""
    page = 1
    while True:
        res = search(query, page=page, limit=page_size, facets=False, **kw)
        yield from res.hits
        if page * page_size >= res.total:
            return
        page += 1
