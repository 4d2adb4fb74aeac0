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
from migsearch.indexer.vocabulary.countries import resolve_place
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
    "PRESENTATION",
    "SORTS",
    "ResolvedRequest",
    "SearchRequest",
    "describe",
    "describe_criteria",
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
#: Fields that say how a result is presented, not which documents it holds.
PRESENTATION = ("limit", "page", "facets", "highlight", "facet_limit", "year_histogram", "extra")
#: The multi-valued filters: OR-ed within one, AND-ed between them.
FILTERS = (
    "countries",
    "corridors",
    "groups",
    "themes",
    "types",
    "publishers",
    "sources",
    "languages",
    "years",
)

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

    Filters (``countries``, ``corridors``, ``groups``, ``themes``, ``types``,
    ``publishers``, ``sources``, ``languages``, ``years``) are OR-ed within one and
    AND-ed between them; ``date_from``/``date_to`` bound the date, either end open,
    and narrow ``years`` further. A country or region matches the documents about
    it, and with ``mentions`` those naming it in passing too. Sequences are
    normalised to tuples of distinct, stripped strings.
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
    mentions: bool = field(
        default=False,
        metadata=_doc(
            "Countries and regions also match documents that only mention them in passing "
            "(default: documents about them)."
        ),
    )
    corridors: tuple[str, ...] = field(
        default=(),
        metadata=_doc(
            "Migration corridor ORIGIN-DESTINATION (MMR-THA); either side a region (ASEAN-GCC) "
            "or * (*-THA); repeat to OR several."
        ),
    )
    groups: tuple[str, ...] = field(
        default=(),
        metadata=_doc("Population group id or label (domestic workers, …); repeat to OR several."),
    )
    themes: tuple[str, ...] = field(
        default=(), metadata=_doc("Theme id or label; repeat to OR several.")
    )
    types: tuple[str, ...] = field(
        default=(), metadata=_doc("Document type (news, report, …); repeat to OR several.")
    )
    publishers: tuple[str, ...] = field(
        default=(),
        metadata=_doc("Publisher (organisation) as indexed; repeat to OR several."),
    )
    sources: tuple[str, ...] = field(
        default=(),
        metadata=_doc("Source file (path as indexed) or URL; repeat to OR several."),
    )
    languages: tuple[str, ...] = field(
        default=(),
        metadata=_doc("Language (ISO 639-1 code such as th, or name); repeat to OR several."),
    )
    years: tuple[str, ...] = field(
        default=(),
        metadata=_doc("Year (YYYY); repeat to OR several (2014 and 2016 leave 2015 out)."),
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
        object.__setattr__(self, "mentions", bool(self.mentions))

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

    def criteria(self) -> dict[str, Any]:
        """What this request searches for, without how it presents it: the query, sort
        and every filter that is set, as plain JSON values (a saved search, a citation's
        provenance). ``SearchRequest(**criteria)`` asks the same search again."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in PRESENTATION or value == f.default or value in ((), None, ""):
                continue
            out[f.name] = list(value) if isinstance(value, tuple) else value
        return out

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
        for year in self.years:
            _checked_year(year)

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
            places=tuple(sorted({_place(v) for v in self.countries})),
            corridors=tuple(sorted({_corridor(v) for v in self.corridors})),
            group_ids=tuple(sorted({_group_id(g) for g in self.groups})),
            theme_ids=tuple(sorted({_theme_id(t) for t in self.themes})),
            language_codes=tuple(sorted({resolve_language(v) for v in self.languages})),
            years=tuple(sorted(self.years)),
            date_lo=lo,
            date_hi=hi,
        )

    def canonical(self) -> tuple[SearchRequest, list[MigsearchError]]:
        """This request with each filter value and date in its one form, and what was dropped.

        A country becomes its alpha-3 code and a region its region id (the
        values the facets list, so "Burma" ticks the MMR box and "asean" the
        ASEAN one); a corridor becomes ``ORIGIN-DESTINATION`` in codes; a group
        or a theme its id. A value that names nothing, or a year or date that is
        no date, is left out, and its error is returned beside the request
        (countries, corridors, groups, themes, then years, dates).
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
            countries=each(self.countries, _place),
            corridors=each(self.corridors, _corridor),
            groups=each(self.groups, _group_id),
            themes=each(self.themes, _theme_id),
            languages=each(self.languages, resolve_language),
            years=each(self.years, _checked_year),
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


def _group_id(value: str) -> str:
    """The id of a population group named by id, label or alias (raises UnknownGroupError)."""
    from migsearch.indexer.vocabulary.groups import resolve_group  # loads the analyzer

    return resolve_group(value)


def _place(value: str) -> str:
    """A country or region value as the facets list it: an alpha-3 code or a region id."""
    return resolve_place(value)[0]


def _corridor(value: str) -> str:
    """A corridor value as stored: ``ORIGIN-DESTINATION`` with codes, region ids or ``*``."""
    from migsearch.indexer.vocabulary.corridors import format_corridor, parse_corridor

    try:
        splits = parse_corridor(value)
    except MigsearchError as e:
        raise UsageError(str(e)) from None
    first: MigsearchError | None = None
    for origin, destination in splits:  # "Timor-Leste-THA": the split whose sides are places
        try:
            sides = [side if side == "*" else _place(side) for side in (origin, destination)]
        except MigsearchError as e:
            first = first or e
            continue
        return format_corridor(*sides)
    assert first is not None
    raise first


def _checked_date(value: str) -> str:
    """The date as given, once it is known to be one (raises UsageError)."""
    normalize_date_arg(value)
    return value


def _checked_year(value: str) -> str:
    """The year as given, once it is known to be four digits (raises UsageError)."""
    if len(value) != 4 or not value.isdigit():
        raise UsageError(f"a year is four digits (YYYY), not {value[:20]!r}")
    return value


def describe_criteria(criteria: dict[str, Any]) -> str:
    """Criteria (``SearchRequest.criteria()``) in one line for a person:
    ``query 'fishers'; countries THA, MMR; years 2015``."""
    rest = dict(criteria)
    query = rest.pop("query", None)
    parts = [f"query {query!r}" if query else "every document"]
    for name, value in rest.items():
        shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        parts.append(f"{name.replace('_', ' ')} {shown}")
    return "; ".join(parts)


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
    #: alpha-3 codes and region ids
    places: tuple[str, ...]
    #: ORIGIN-DESTINATION, either side a code, a region id or *
    corridors: tuple[str, ...]
    group_ids: tuple[str, ...]
    theme_ids: tuple[str, ...]
    #: the years asked for, sorted (none: every year)
    years: tuple[str, ...]
    #: comparable date bounds ("" = open); the upper one is padded to include its period
    date_lo: str
    date_hi: str
    #: ISO 639-1 codes (empty: any language)
    language_codes: tuple[str, ...] = ()
