"""Facets and filters, declared once.

A *filter* narrows a search to documents whose column has one of the values
the request asks for (places, corridors, groups, themes, a date range, years,
types, publishers, sources, languages). A *facet* counts the values of a column
over a search's matches. Facets are multi-select: each one ignores the filter on
its own values (picking Thailand still shows every other country's count) and
follows all the others.

Everything that differs between them is a row in :data:`FILTERS` and
:data:`FACETS`: the columns read, whether they hold comma-separated values,
how a value is labelled, which filter a facet ignores. Places have two
readings: the countries and regions a document is *about* (the default), and
with ``mentions`` those it names in passing too; a row gives the columns of
each. The engine and the results read these tables; a new facet (publisher,
language…) is one more row.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from migsearch.errors import UnknownTypeError, UnknownValueError
from migsearch.indexer.ingest.records import publisher_value
from migsearch.indexer.vocabulary.countries import country_label, region_label, region_members
from migsearch.indexer.vocabulary.groups import group_label
from migsearch.indexer.vocabulary.languages import language_label
from migsearch.indexer.vocabulary.suggest import closest
from migsearch.indexer.vocabulary.themes import theme_label
from migsearch.search.request import ResolvedRequest

__all__ = [
    "FACETS",
    "FILTERS",
    "YEARS",
    "Column",
    "Facet",
    "Filter",
    "check_known",
    "corridor_label",
    "place_label",
    "source_label",
    "type_label",
]


@dataclass(frozen=True)
class Column:
    """How facet values are read from stored columns."""

    #: the stored (sortable) index field; a keyword field holds comma-separated values
    #: (countries), any other one value per document (a source URL):
    #: ``indexer.store.facetcodes.is_list``
    field: str
    #: characters of the stored value kept (a date's 4 gives its year); 0: all
    prefix: int = 0
    #: further fields whose values count as this column's (a country's mentions)
    also: tuple[str, ...] = ()


@dataclass(frozen=True)
class Filter:
    """A request filter: the values it asks for, and which column values it accepts."""

    name: str
    column: Column
    #: the values asked for in a resolved request (empty: no filter)
    wanted: Callable[[ResolvedRequest], tuple[str, ...]]
    #: given the wanted values, a test of one column value
    accepts: Callable[[tuple[str, ...]], Callable[[str], bool]]
    #: the column read when the request includes passing mentions (None: the same)
    mentions: Column | None = None

    def column_for(self, rr: ResolvedRequest) -> Column:
        return self.mentions if self.mentions is not None and rr.request.mentions else self.column

    #: for a filter whose values are only those the index has (types): the error for a
    #: wanted value that none of them is; None where a value may match nothing (a year)
    unknown: type[UnknownValueError] | None = None


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
    #: other filters it ignores as well (years ignore the date range and the ticked years)
    also_ignores: tuple[str, ...] = ()

    @property
    def ignores(self) -> tuple[str, ...]:
        """Every filter this facet's counts leave out."""
        return (self.filter, *self.also_ignores)

    #: the column counted when the request includes passing mentions (None: the same)
    mentions: Column | None = None

    def column_for(self, rr: ResolvedRequest) -> Column:
        return self.mentions if self.mentions is not None and rr.request.mentions else self.column


def type_label(value: str) -> str:
    return value.replace("_", " ").capitalize()


def source_label(value: str) -> str:
    """A short name: the host of a URL, the file name of a path."""
    if "://" in value:
        return urlsplit(value).netloc or value
    return os.path.basename(value.rstrip("/\\")) or value


def place_label(value: str) -> str:
    """A country's or a region's display name ("*" is any place)."""
    if value == "*":
        return "any"
    return region_label(value) if region_members(value) else country_label(value)


def corridor_label(value: str) -> str:
    """ "MMR-THA" -> "Myanmar → Thailand"."""
    origin, _, destination = value.partition("-")
    return f"{place_label(origin)} → {place_label(destination)}"


def _one_of(wanted: tuple[str, ...]) -> Callable[[str], bool]:
    return set(wanted).__contains__


def _one_of_any_case(wanted: tuple[str, ...]) -> Callable[[str], bool]:
    want = {w.lower() for w in wanted}
    return lambda v: v.lower() in want


def _same_source(wanted: tuple[str, ...]) -> Callable[[str], bool]:
    # sources are stored absolute; let "corpus/a.txt" name the same file
    want = set(wanted) | {os.path.abspath(w) for w in wanted if "://" not in w}
    return want.__contains__


def _same_publisher(wanted: tuple[str, ...]) -> Callable[[str], bool]:
    # stored as records.publisher_value has them (no comma); any case
    want = {publisher_value(w).lower() for w in wanted}
    return lambda v: v.lower() in want


def _in_range(bounds: tuple[str, ...]) -> Callable[[str], bool]:
    lo, hi = bounds
    return lambda v: (not lo or v >= lo) and (not hi or v <= hi)


def _side(value: str) -> frozenset[str] | None:
    """The stored values one side of a wanted corridor accepts (None: any).

    A region accepts itself and its members: ``ASEAN-GCC`` matches a stored
    ``PHL-SAU`` as well as ``ASEAN-GCC`` and ``PHL-GCC``.
    """
    if value == "*":
        return None
    return frozenset([value, *region_members(value)])


def _on_corridor(wanted: tuple[str, ...]) -> Callable[[str], bool]:
    sides = []
    for w in wanted:
        origin, _, destination = w.partition("-")
        sides.append((_side(origin), _side(destination)))

    def accepts(stored: str) -> bool:
        origin, _, destination = stored.partition("-")
        return any((o is None or origin in o) and (d is None or destination in d) for o, d in sides)

    return accepts


COUNTRIES = Column("countries")
COUNTRIES_MENTIONED = Column("countries", also=("mentioned_countries",))
REGIONS = Column("regions")
REGIONS_MENTIONED = Column("regions", also=("mentioned_regions",))
#: a --country value is a country code or a region id: one filter reads both columns
PLACES = Column("countries", also=("regions",))
PLACES_MENTIONED = Column("countries", also=("regions", "mentioned_countries", "mentioned_regions"))
CORRIDORS = Column("corridors")
GROUPS = Column("groups")
THEMES = Column("themes")
DATES = Column("date")
YEARS = Column("date", prefix=4)
TYPES = Column("type")
SOURCES = Column("source")
LANGUAGES = Column("language")
PUBLISHERS = Column("publishers")

#: Request filters by name; a search keeps the documents every given filter accepts.
FILTERS: dict[str, Filter] = {
    f.name: f
    for f in (
        Filter("countries", PLACES, lambda rr: rr.places, _one_of, PLACES_MENTIONED),
        Filter("corridors", CORRIDORS, lambda rr: rr.corridors, _on_corridor),
        Filter("groups", GROUPS, lambda rr: rr.group_ids, _one_of),
        Filter("themes", THEMES, lambda rr: rr.theme_ids, _one_of),
        Filter(
            "date",
            DATES,
            lambda rr: (rr.date_lo, rr.date_hi) if rr.date_lo or rr.date_hi else (),
            _in_range,
        ),
        Filter("years", YEARS, lambda rr: rr.years, _one_of),
        Filter(
            "type", TYPES, lambda rr: rr.request.types, _one_of_any_case, unknown=UnknownTypeError
        ),
        Filter("publishers", PUBLISHERS, lambda rr: rr.request.publishers, _same_publisher),
        Filter("source", SOURCES, lambda rr: rr.request.sources, _same_source),
        Filter("language", LANGUAGES, lambda rr: rr.language_codes, _one_of),
    )
}

#: Facets in the order the results list them.
FACETS: tuple[Facet, ...] = (
    Facet("countries", COUNTRIES, "countries", country_label, mentions=COUNTRIES_MENTIONED),
    # regions and countries share one filter (--country takes either): ticking one
    # narrows neither box
    Facet("regions", REGIONS, "countries", region_label, mentions=REGIONS_MENTIONED),
    Facet("corridors", CORRIDORS, "corridors", corridor_label),
    Facet("groups", GROUPS, "groups", group_label),
    Facet("themes", THEMES, "themes", theme_label),
    Facet("years", YEARS, "date", limited=False, also_ignores=("years",)),
    Facet("types", TYPES, "type", type_label),
    Facet("publishers", PUBLISHERS, "publishers"),
    Facet("sources", SOURCES, "source", source_label),
    Facet("languages", LANGUAGES, "language", language_label),
)


def check_known(f: Filter, wanted: tuple[str, ...], values: Sequence[str]) -> None:
    """Raise ``f.unknown`` for a wanted value that none of the index's ``values`` is
    (``--type pdf`` on an index without PDFs), naming the close ones, or all of them."""
    for w in wanted:
        accept = f.accepts((w,))
        if not any(accept(v) for v in values):
            assert f.unknown is not None
            close = closest(w.casefold(), {v.casefold(): v for v in values})
            raise f.unknown(w, close, known=sorted(values))
