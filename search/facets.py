"""Facets and filters, declared once.

A *filter* narrows a search to documents whose column has one of the values
the request asks for (countries, themes, a date range, types, sources). A
*facet* counts the values of a column over a search's matches. Facets are
multi-select: each one ignores the filter on its own values (picking Thailand
still shows every other country's count) and follows all the others.

Everything that differs between them is a row in :data:`FILTERS` and
:data:`FACETS`: the column read, whether it holds comma-separated values, how a
value is labelled, which filter a facet ignores. The engine and the results
read these tables; a new facet (publisher, language…) is one more row.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from migsearch.indexer.vocabulary.countries import country_label, region_label
from migsearch.indexer.vocabulary.languages import language_label
from migsearch.indexer.vocabulary.themes import theme_label
from migsearch.search.request import ResolvedRequest

__all__ = [
    "FACETS",
    "FILTERS",
    "YEARS",
    "Column",
    "Facet",
    "Filter",
    "source_label",
    "type_label",
]


@dataclass(frozen=True)
class Column:
    """How facet values are read from a stored column."""

    #: the stored (sortable) index field
    field: str
    #: comma-separated values (countries) or one value per document (a source URL)
    multi: bool = False
    #: characters of the stored value kept (a date's 4 gives its year); 0: all
    prefix: int = 0


@dataclass(frozen=True)
class Filter:
    """A request filter: the values it asks for, and which column values it accepts."""

    name: str
    column: Column
    #: the values asked for in a resolved request (empty: no filter)
    wanted: Callable[[ResolvedRequest], tuple[str, ...]]
    #: given the wanted values, a test of one column value
    accepts: Callable[[tuple[str, ...]], Callable[[str], bool]]


@dataclass(frozen=True)
class Facet:
    """A facet in ``SearchResult.facets``."""

    #: its key in the results
    key: str
    column: Column
    #: the filter it ignores (multi-select)
    filter: str
    #: a display label for a value, or None for none
    label: Callable[[str], str] | None = None
    #: at most ``facet_limit`` values listed (a timeline needs every year: False)
    limited: bool = True


def type_label(value: str) -> str:
    return value.replace("_", " ").capitalize()


def source_label(value: str) -> str:
    """A short name: the host of a URL, the file name of a path."""
    if "://" in value:
        return urlsplit(value).netloc or value
    return os.path.basename(value.rstrip("/\\")) or value


def _one_of(wanted: tuple[str, ...]) -> Callable[[str], bool]:
    return set(wanted).__contains__


def _one_of_any_case(wanted: tuple[str, ...]) -> Callable[[str], bool]:
    want = {w.lower() for w in wanted}
    return lambda v: v.lower() in want


def _same_source(wanted: tuple[str, ...]) -> Callable[[str], bool]:
    # sources are stored absolute; let "corpus/a.txt" name the same file
    want = set(wanted) | {os.path.abspath(w) for w in wanted if "://" not in w}
    return want.__contains__


def _in_range(bounds: tuple[str, ...]) -> Callable[[str], bool]:
    lo, hi = bounds
    return lambda v: (not lo or v >= lo) and (not hi or v <= hi)


COUNTRIES = Column("countries", multi=True)
REGIONS = Column("regions", multi=True)
THEMES = Column("themes", multi=True)
DATES = Column("date")
YEARS = Column("date", prefix=4)
TYPES = Column("type")
SOURCES = Column("source")
LANGUAGES = Column("language")

#: Request filters by name; a search keeps the documents every given filter accepts.
FILTERS: dict[str, Filter] = {
    f.name: f
    for f in (
        Filter("countries", COUNTRIES, lambda rr: rr.country_codes, _one_of),
        Filter("themes", THEMES, lambda rr: rr.theme_ids, _one_of),
        Filter(
            "date",
            DATES,
            lambda rr: (rr.date_lo, rr.date_hi) if rr.date_lo or rr.date_hi else (),
            _in_range,
        ),
        Filter("type", TYPES, lambda rr: rr.request.types, _one_of_any_case),
        Filter("source", SOURCES, lambda rr: rr.request.sources, _same_source),
        Filter("language", LANGUAGES, lambda rr: rr.language_codes, _one_of),
    )
}

#: Facets in the order the results list them.
FACETS: tuple[Facet, ...] = (
    Facet("countries", COUNTRIES, "countries", country_label),
    # regions follow from countries: picking a country does not narrow them
    Facet("regions", REGIONS, "countries", region_label),
    Facet("themes", THEMES, "themes", theme_label),
    Facet("years", YEARS, "date", limited=False),
    Facet("types", TYPES, "type", type_label),
    Facet("sources", SOURCES, "source", source_label),
    Facet("languages", LANGUAGES, "language", language_label),
)
