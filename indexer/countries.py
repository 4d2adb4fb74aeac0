"""Countries: gazetteer lookup in text, filter-value resolution, regions.

STUB INTERFACE (to be replaced by the gazetteer work of issue 3).
ENGINEER WORKING ON THIS FILE: first read /tmp/helper_rules.md (commit rules, deadline 07:05 UTC). The public
functions and their return types below are the contract the rest of the code uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import pycountry

from .errors import UnknownCountryError

__all__ = [
    "CountryMatch",
    "countries_in_query",
    "country_label",
    "find_countries",
    "region_label",
    "regions_for",
    "resolve_country",
]

_REGIONS = {
    "ASEAN": ["BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM", "TLS"],
    "GCC": ["BHR", "KWT", "OMN", "QAT", "SAU", "ARE"],
    "SOUTH_ASIA": ["AFG", "BGD", "BTN", "IND", "MDV", "NPL", "PAK", "LKA"],
}


@dataclass
class CountryMatch:
    """Countries found in a text: ``codes`` most salient first, ``primary`` the main one."""

    codes: list[str] = field(default_factory=list)
    primary: str | None = None
    evidence: dict[str, list[str]] = field(default_factory=dict)


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    out = {}
    for c in pycountry.countries:
        out[c.name.lower()] = c.alpha_3
    return out


def find_countries(text: str, title: str = "") -> CountryMatch:
    """Countries named in ``title`` and ``text`` (title counts more towards primary)."""
    counts: dict[str, int] = {}
    evidence: dict[str, list[str]] = {}
    for weight, chunk in ((3, title), (1, text)):
        for name, code in _names().items():
            for m in re.finditer(rf"\b{re.escape(name)}\b", chunk, re.I):
                counts[code] = counts.get(code, 0) + weight
                evidence.setdefault(code, [])
                if m.group(0) not in evidence[code]:
                    evidence[code].append(m.group(0))
    codes = sorted(counts, key=lambda c: -counts[c])
    return CountryMatch(codes, codes[0] if codes else None, evidence)


def regions_for(codes: list[str]) -> list[str]:
    return [r for r, members in _REGIONS.items() if any(c in members for c in codes)]


def region_label(region: str) -> str:
    return {"SOUTH_ASIA": "South Asia"}.get(region, region)


def country_label(code: str) -> str:
    c = pycountry.countries.get(alpha_3=code)
    return c.name if c else code


def resolve_country(value: str) -> list[str]:
    """A --country value (alpha-2/3, name, alias, region; any case) to alpha-3 codes."""
    v = value.strip()
    if v.upper() in _REGIONS:
        return list(_REGIONS[v.upper()])
    c = pycountry.countries.get(alpha_3=v.upper()) or pycountry.countries.get(alpha_2=v.upper())
    if c:
        return [c.alpha_3]
    code = _names().get(v.lower())
    if code:
        return [code]
    raise UnknownCountryError(value, [])


def countries_in_query(text: str) -> list[tuple[str, str]]:
    """(phrase as written, alpha-3) for each country word in a query."""
    out = []
    for name, code in _names().items():
        for m in re.finditer(rf"\b{re.escape(name)}\b", text, re.I):
            out.append((m.group(0), code))
    return out
