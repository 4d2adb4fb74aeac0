"""The places a record is about: countries with their roles, and regions.

One pass over the title and the text (:func:`~.country_tagger.scan_places`)
gives every country and region they name; :mod:`.salience` decides which
countries the text is about. A record then carries:

* ``countries``: the countries it is about, best first (those its source
  states come first and are always about);
* ``mentioned``: the countries it only names in passing;
* ``regions``: the regions it names itself ("ASEAN", "the Gulf countries"),
  then those of the countries it is about, in the data's order;
* ``mentioned_regions``: the regions of the mentioned countries, when not
  already among ``regions``.

A search filters and counts ``countries`` and ``regions`` by default and adds
the mentioned ones on request.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from migsearch.indexer.vocabulary.countries import all_regions, regions_for
from migsearch.indexer.vocabulary.country_tagger import PlaceMention, scan_places
from migsearch.indexer.vocabulary.positions import names_aside
from migsearch.indexer.vocabulary.salience import ABOUT, Salience, country_salience

__all__ = ["Places", "read_places"]


@dataclass
class Places:
    """Where a text is about, and where it only mentions (codes and region ids)."""

    countries: list[str] = field(default_factory=list)
    mentioned: list[str] = field(default_factory=list)
    primary: str | None = None
    regions: list[str] = field(default_factory=list)
    mentioned_regions: list[str] = field(default_factory=list)
    #: code or region id -> the words, as written, that name it
    evidence: dict[str, list[str]] = field(default_factory=dict)
    #: country code -> its role and why ("about: in the title; named 3 times")
    roles: dict[str, str] = field(default_factory=dict)
    #: the mentions themselves, for readers of the same text (corridors)
    in_title: list[PlaceMention] = field(default_factory=list, repr=False)
    in_text: list[PlaceMention] = field(default_factory=list, repr=False)


def _words(mentions: Iterable[PlaceMention]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for m in mentions:
        words = out.setdefault(m.code, [])
        w = " ".join(m.written.split())
        if w not in words:
            words.append(w)
    return out


def _named_regions(mentions: Sequence[PlaceMention], text: str) -> list[str]:
    """Regions the text names, except in a list of donors or partners ("… Japan, the
    European Union and Norway")."""
    aside = names_aside(mentions, text)
    return list(
        dict.fromkeys(m.code for i, m in enumerate(mentions) if m.is_region and i not in aside)
    )


def read_places(title: str, text: str, *, given: Iterable[str] = ()) -> Places:
    """The places of a text with ``title``; ``given``: codes and region ids its source states."""
    known = all_regions()
    given = list(dict.fromkeys(given))
    given_regions = [g for g in given if g in known]
    given_codes = [g for g in given if g not in known]
    in_title = scan_places(title) if title else []
    in_text = scan_places(text) if text else []
    roles: dict[str, Salience] = country_salience(in_title, in_text, text, given=given_codes)
    # what the source states comes first, in its order: its first is its primary country
    stated = [c for c in given_codes if c in roles and roles[c].role == ABOUT]
    about = [*stated, *(c for c, s in roles.items() if s.role == ABOUT and c not in stated)]
    mentioned = [c for c, s in roles.items() if s.role != ABOUT]
    named = list(
        dict.fromkeys(
            [
                *given_regions,
                *(m.code for m in in_title if m.is_region),
                *_named_regions(in_text, text),
            ]
        )
    )
    derived = regions_for(about)
    regions = [r for r in known if r in named or r in derived]
    mentioned_regions = [r for r in regions_for(mentioned) if r not in regions]
    evidence = _words([*in_title, *in_text])
    return Places(
        countries=about,
        mentioned=mentioned,
        primary=about[0] if about else None,
        regions=regions,
        mentioned_regions=mentioned_regions,
        evidence={k: evidence[k] for k in [*about, *mentioned, *named] if k in evidence},
        roles={c: s.explain() for c, s in roles.items()},
        in_title=in_title,
        in_text=in_text,
    )
