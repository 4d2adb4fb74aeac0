"""One search request: its parameters, their limits, and how their values resolve.

The CLI, the Python API, the JSON API and the search page all describe a
search with the same parameters. They are declared here once, with their
bounds and a one-line description (shown by ``migsearch search --help`` and
in the OpenAPI document), so that "limit is at most 100" or "a date is YYYY,
YYYY-MM or YYYY-MM-DD" is a fact of the request, not of each front end.

Two ways to read what a person typed ("Burma", "ASEAN", "Fishing", "2015"):

- :meth:`SearchRequest.resolve` is strict: it turns every value into what the
  index stores (alpha-3 codes, theme ids, comparable date bounds) or raises a
  :class:`~migsearch.errors.MigsearchError` with a one-line message. The engine
  calls it.
- :meth:`SearchRequest.canonical` is lenient: it rewrites each value into the
  one form the facets use (a country's code, a region's id, a theme's id) and
  sets aside the values that name nothing, each with its error, so a page can
  tick the right boxes, say what it did not understand, and still search.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields, replace
from typing import Any

from migsearch.errors import MigsearchError, UsageError
from migsearch.indexer.vocabulary.countries import all_regions, region_label, resolve_country
from migsearch.indexer.vocabulary.dates import normalize_date_arg
from migsearch.indexer.vocabulary.languages import resolve_language

__all__ = [
    "DEFAULT_LIMIT",
    "FACET_LIMIT",
    "FILTERS",
    "MAX_FACET_LIMIT",
    "MAX_LIMIT",
    "MAX_PAGE",
    "MAX_REPEAT",
    "MAX_SOURCE_CHARS",
    "MAX_VALUE_CHARS",
    "SORTS",
    "ResolvedRequest",
    "SearchRequest",
    "describe",
]

#: Orders a result can come in; "relevance" needs a query.
SORTS = ("relevance", "newest", "oldest")
#: Hits on one page by default, and at most.
DEFAULT_LIMIT = 10
MAX_LIMIT = 100
#: Pages a client may ask for, at most (deep paging past this is an export's job).
MAX_PAGE = 10_000
#: Values listed per facet by default, and at most.
FACET_LIMIT = 50
MAX_FACET_LIMIT = 1000
#: Values one filter may be given (countries, themes, …).
MAX_REPEAT = 50
#: Characters in one filter value (a country, a theme, a type, a date) …
MAX_VALUE_CHARS = 100
#: … except a source, which is a whole path or URL.
MAX_SOURCE_CHARS = 2000
#: The multi-valued filters: OR-ed within one, AND-ed between them.
FILTERS = ("countries", "themes", "types", "sources", "languages")

_DATE = "YYYY, YYYY-MM or YYYY-MM-DD"


def _doc(text: str) -> dict[str, str]:
    return {"doc": text}


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

    query: str | None = field(
        default=None, metadata=_doc("Query; empty or `*` browses everything, newest first.")
    )
    countries: tuple[str, ...] = field(
        default=(),
        metadata=_doc(
            "Country (alpha-2/3 code, name, alias) or region (ASEAN, GCC, …); repeat to OR several."
        ),
    )
    themes: tuple[str, ...] = field(
        default=(), metadata=_doc("Theme id or label; repeat to OR several.")
    )
    types: tuple[str, ...] = field(
        default=(), metadata=_doc("Document type (news, report, …); repeat to OR several.")
    )
    sources: tuple[str, ...] = field(
        default=(),
        metadata=_doc("Source file (path as indexed) or URL; repeat to OR several."),
    )
    languages: tuple[str, ...] = field(
        default=(),
        metadata=_doc("Language (ISO 639-1 code such as th, or name); repeat to OR several."),
    )
    date_from: str | None = field(default=None, metadata=_doc(f"Earliest date: {_DATE}."))
    date_to: str | None = field(default=None, metadata=_doc(f"Latest date: {_DATE}."))
    sort: str | None = field(
        default=None, metadata=_doc("Default: relevance, or newest when browsing.")
    )
    limit: int = field(default=DEFAULT_LIMIT, metadata=_doc("Hits per page."))
    page: int = field(default=1, metadata=_doc("Page of hits, from 1."))
    facets: bool = field(default=True, metadata=_doc("Count facet values over all matches."))
    highlight: bool = field(default=True, metadata=_doc("Cut a highlighted snippet per hit."))
    facet_limit: int = field(
        default=FACET_LIMIT, metadata=_doc("Values listed per facet (years are always complete).")
    )
    year_histogram: bool = field(
        default=False, metadata=_doc("Also give year_histogram: every year in order, gaps as 0.")
    )
    #: free slot for front ends' own bookkeeping; never read by the engine
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for name in FILTERS:
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
        for name in FILTERS:
            values = getattr(self, name)
            if len(values) > MAX_REPEAT:
                raise UsageError(f"at most {MAX_REPEAT} {name} in one search")
            most = MAX_SOURCE_CHARS if name == "sources" else MAX_VALUE_CHARS
            if any(len(v) > most for v in values):
                raise UsageError(f"a value of {name} is at most {most} characters long")
        for value in (self.date_from, self.date_to):
            if value is not None and len(value) > MAX_VALUE_CHARS:
                raise UsageError(f"a date is at most {MAX_VALUE_CHARS} characters long")

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
            theme_ids=tuple(sorted({_theme_id(t) for t in self.themes})),
            language_codes=tuple(sorted({resolve_language(v) for v in self.languages})),
            date_lo=lo,
            date_hi=hi,
        )

    def canonical(self) -> tuple[SearchRequest, list[MigsearchError]]:
        """This request with each country, theme and date in its one form, and what was dropped.

        A country becomes its alpha-3 code and a group of countries its region
        id (the values the facets list, so "Burma" ticks the MMR box and
        "asean" the ASEAN one); a theme becomes its id. A value that names
        nothing, or a date that is no date, is left out, and its error is
        returned beside the request (countries first, then themes, then dates).
        """
        errors: list[MigsearchError] = []

        def keep(value: str, canon: Callable[[str], str]) -> str | None:
            try:
                return canon(value)
            except MigsearchError as e:
                errors.append(e)
                return None

        def each(values: tuple[str, ...], canon: Callable[[str], str]) -> list[str]:
            return [c for c in (keep(v, canon) for v in values) if c is not None]

        def date(value: str | None) -> str | None:
            return keep(value, _checked_date) if value else None

        changed = replace(
            self,
            countries=each(self.countries, _canonical_country),
            themes=each(self.themes, _theme_id),
            languages=each(self.languages, resolve_language),
            date_from=date(self.date_from),
            date_to=date(self.date_to),
        )
        return changed, errors


def _theme_id(value: str) -> str:
    """The id of a theme named by id, label or alias (raises UnknownThemeError)."""
    # imported here: the theme tables load the analyzer (Whoosh, a stemmer), which the CLI
    # need not pay for just to declare its options from this module
    from migsearch.indexer.vocabulary.themes import resolve_theme

    return resolve_theme(value)


def _canonical_country(value: str) -> str:
    """A country value as the facets list it: an alpha-3 code, or the region it names."""
    codes = resolve_country(value)
    if len(codes) == 1:
        return codes[0]
    members = set(codes)
    same = [rid for rid, m in all_regions().items() if set(m) == members]
    if not same:
        return " ".join(value.split()).upper()
    key = " ".join(value.replace("_", " ").split()).casefold()
    named = [r for r in same if key in (r.replace("_", " ").casefold(), region_label(r).casefold())]
    return (named or same)[0]


def _checked_date(value: str) -> str:
    """The date as given, once it is known to be one (raises UsageError)."""
    normalize_date_arg(value)
    return value


def describe(name: str) -> str:
    """The one-line description of a :class:`SearchRequest` field, for help texts and OpenAPI."""
    for f in fields(SearchRequest):
        if f.name == name:
            return str(f.metadata["doc"])
    raise KeyError(name)


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
    #: ISO 639-1 codes (empty: any language)
    language_codes: tuple[str, ...] = ()
