"""One search request: its parameters, their limits, and how their values resolve.

The CLI, the Python API, the JSON API and the search page all describe a
search with the same parameters. They are declared here once, with their
bounds, so that "limit is at most 100" or "a date is YYYY, YYYY-MM or
YYYY-MM-DD" is a fact of the request, not of each front end.
:meth:`SearchRequest.resolve` turns what a person typed ("Burma", "ASEAN",
"Fishing", "2015") into what the index stores (alpha-3 codes, theme ids,
comparable date bounds), raising :class:`~migsearch.errors.UsageError` and its
kin with a one-line message.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from typing import Any

from migsearch.errors import UsageError
from migsearch.indexer.vocabulary.countries import resolve_country
from migsearch.indexer.vocabulary.dates import normalize_date_arg
from migsearch.indexer.vocabulary.themes import resolve_theme

__all__ = [
    "FACET_LIMIT",
    "MAX_FACET_LIMIT",
    "MAX_LIMIT",
    "MAX_PAGE",
    "MAX_REPEAT",
    "SORTS",
    "ResolvedRequest",
    "SearchRequest",
]

#: Orders a result can come in; "relevance" needs a query.
SORTS = ("relevance", "newest", "oldest")
#: Hits on one page, at most.
MAX_LIMIT = 100
#: Pages a client may ask for, at most (deep paging past this is an export's job).
MAX_PAGE = 10_000
#: Values listed per facet by default, and at most.
FACET_LIMIT = 50
MAX_FACET_LIMIT = 1000
#: Values one filter may be given (countries, themes, …).
MAX_REPEAT = 50


def _tuple(values: Iterable[str] | str | None) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str):
        values = [values]
    return tuple(dict.fromkeys(str(v).strip() for v in values if str(v).strip()))


@dataclass(frozen=True)
class SearchRequest:
    """What to search for and how to present it; every field has a safe default.

    Filters (``countries``, ``themes``, ``types``, ``sources``) are OR-ed within one
    and AND-ed between them; ``date_from``/``date_to`` bound the date, either end
    open. Sequences are normalised to tuples of distinct, stripped strings.
    """

    query: str | None = None
    countries: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    sort: str | None = None
    limit: int = 10
    page: int = 1
    facets: bool = True
    highlight: bool = True
    facet_limit: int = FACET_LIMIT
    year_histogram: bool = False
    #: free slot for front ends' own bookkeeping; never read by the engine
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for name in ("countries", "themes", "types", "sources"):
            object.__setattr__(self, name, _tuple(getattr(self, name)))
        for name in ("date_from", "date_to", "sort"):
            v = getattr(self, name)
            object.__setattr__(self, name, (str(v).strip() or None) if v is not None else None)

    @classmethod
    def of(cls, query: str | SearchRequest | None = None, **options: Any) -> SearchRequest:
        """A request from a query text and keyword options (or a request, with changes)."""
        if isinstance(query, SearchRequest):
            return replace(query, **options) if options else query
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(options) - known)
        if unknown:
            raise UsageError(f"unknown search option {unknown[0]!r}")
        return cls(query=query, **options)

    def with_(self, **changes: Any) -> SearchRequest:
        return replace(self, **changes)

    @property
    def browsing(self) -> bool:
        """No query: every document, filtered, newest first by default."""
        return (self.query or "").strip() in ("", "*")

    def check(self) -> None:
        """Raise UsageError for a parameter out of its bounds."""
        if not 1 <= self.limit <= MAX_LIMIT:
            raise UsageError(f"limit must be between 1 and {MAX_LIMIT}")
        if not 1 <= self.page <= MAX_PAGE:
            raise UsageError(f"page must be between 1 and {MAX_PAGE}")
        if not 1 <= self.facet_limit <= MAX_FACET_LIMIT:
            raise UsageError(f"facet limit must be between 1 and {MAX_FACET_LIMIT}")
        if self.sort is not None and self.sort not in SORTS:
            raise UsageError(f"unknown sort {self.sort!r}; use one of: {', '.join(SORTS)}")
        for name in ("countries", "themes", "types", "sources"):
            if len(getattr(self, name)) > MAX_REPEAT:
                raise UsageError(f"at most {MAX_REPEAT} {name} in one search")

    def resolve(self) -> ResolvedRequest:
        """Check the bounds and resolve every filter value; raises a MigsearchError."""
        self.check()
        lo = normalize_date_arg(self.date_from) if self.date_from else ""
        hi = normalize_date_arg(self.date_to, end=True) if self.date_to else ""
        if lo and hi and lo > hi:
            raise UsageError(
                f"the start date {self.date_from} is after the end date {self.date_to}"
            )
        return ResolvedRequest(
            request=self,
            sort=self.sort or ("newest" if self.browsing else "relevance"),
            country_codes=tuple(sorted({c for v in self.countries for c in resolve_country(v)})),
            theme_ids=tuple(sorted({resolve_theme(t) for t in self.themes})),
            date_lo=lo,
            date_hi=hi,
        )


@dataclass(frozen=True)
class ResolvedRequest:
    """A request whose filter values are the index's own: codes, ids, date bounds."""

    request: SearchRequest
    sort: str
    country_codes: tuple[str, ...]
    theme_ids: tuple[str, ...]
    #: comparable date bounds ("" = open); the upper one is padded to include its period
    date_lo: str
    date_hi: str
