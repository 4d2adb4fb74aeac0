"""Countries and regions as users name them: filter values, labels, query words.

What a user types ("Burma", "np", "Filipino", "ASEAN") resolves to the
alpha-3 codes the index stores; codes and region ids get their display
labels back. The tables are the gazetteer's (:mod:`.gazetteer`); tagging a
document's text is :mod:`.country_tagger`'s job.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from migsearch.errors import UnknownCountryError
from migsearch.indexer.vocabulary.gazetteer import gazetteer
from migsearch.indexer.vocabulary.normalize import name_key
from migsearch.indexer.vocabulary.suggest import closest

__all__ = [
    "all_countries",
    "all_regions",
    "countries_in_query",
    "country_label",
    "region_label",
    "region_members",
    "regions_for",
    "resolve_country",
    "resolve_place",
]


def region_members(region: str) -> list[str]:
    """Alpha-3 codes of a region's members ([] for an id that is no region)."""
    return list(gazetteer().regions.get(region.upper(), []))


def regions_for(codes: Iterable[str]) -> list[str]:
    """Region ids with at least one of ``codes`` among their members."""
    have = {c.upper() for c in codes}
    return [rid for rid, members in gazetteer().regions.items() if have.intersection(members)]


def region_label(region: str) -> str:
    """Display name of a region id ("SOUTH_ASIA" -> "South Asia"); unknown ids as given."""
    return gazetteer().region_labels.get(region.upper(), region)


def all_regions() -> dict[str, list[str]]:
    """Region id -> member alpha-3 codes, in data order (a copy: safe to change)."""
    return {rid: list(members) for rid, members in gazetteer().regions.items()}


def all_countries() -> dict[str, str]:
    """Alpha-3 code -> short English name of every country the gazetteer knows, by name."""
    labels = gazetteer().labels
    return dict(sorted(labels.items(), key=lambda kv: kv[1].casefold()))


def country_label(code: str) -> str:
    """Short English name of an alpha-3 code ("THA" -> "Thailand"); unknown codes as given."""
    return gazetteer().labels.get(code.upper(), code)


def resolve_country(value: str) -> list[str]:
    """A --country value (alpha-2/3, name, alias, demonym, region; any case) to alpha-3 codes.

    Raises :class:`UnknownCountryError` with the closest names (up to three) otherwise.
    """
    g = gazetteer()
    raw = " ".join(str(value).split())
    up = raw.upper()
    if up in g.labels and len(up) == 3:
        return [up]
    if len(up) == 2 and up in g.alpha2:
        return [g.alpha2[up]]
    k = name_key(raw)
    for cand in (k, re.sub(r"^the ", "", k)):
        if cand in g.filter_names:
            return list(g.filter_names[cand])
    raise UnknownCountryError(value, closest(k, g.suggest_names))


def resolve_place(value: str) -> list[str]:
    """Like :func:`resolve_country`, but a region stays one region id ("asean" -> ["ASEAN"]).

    What a source or a filter names as a region is the region, not every
    country in it: a report "on ASEAN" is not a report on each member state.
    """
    g = gazetteer()
    raw = " ".join(str(value).split())
    k = name_key(raw)
    for cand in (k, re.sub(r"^the ", "", k)):
        if cand in g.region_names:
            return [g.region_names[cand]]
    return resolve_country(value)


@lru_cache(maxsize=4096)
def _query_matches(text: str) -> tuple[tuple[str, str], ...]:
    g = gazetteer()
    out: list[tuple[str, str]] = []
    for m in g.query_pattern.finditer(text):
        f = g.forms.get(name_key(m.group()))
        if f is None or f.code is None or f.kind in ("place", "region"):
            continue  # a city in a query is searched as a word, not as its whole country
        if f.common_word and m.group() != f.text:
            continue  # "us" in a query is the pronoun
        pair = (m.group(), f.code)
        if pair not in out:
            out.append(pair)
    return tuple(out)


def countries_in_query(text: str) -> list[tuple[str, str]]:
    """(phrase as written, alpha-3) for each country word in a query ("Burma" -> MMR).

    Queries are often typed in lower case, so case is not checked here except
    for forms that are common words ("us"). Blocking phrases still apply
    ("indian ocean" names no country), and cities are left out: who searches
    "Bangkok" wants Bangkok, not every document about Thailand.
    """
    return list(_query_matches(text))
