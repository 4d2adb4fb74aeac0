"""Clauses of a text, and what the clauses next to one state.

:mod:`~migsearch.indexer.vocabulary.corridors` reads corridors one clause at a
time; this module cuts a text into those clauses (with the paragraph each is in
and the country an "In <country>," opening or a "<Country>:" heading frames it
with), says whether a clause speaks of people on the move, and reads, when asked,
what the clauses next to one state: a movement told across two sentences.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from migsearch.indexer.vocabulary.corridor_cues import cues, found
from migsearch.indexer.vocabulary.corridor_roles import (
    counted_people,
    plural_people,
    returning_clause,
    role,
)
from migsearch.indexer.vocabulary.country_tagger import PlaceMention

__all__ = ["Clause", "Nearby", "clauses", "located", "on_the_move"]

#: "In Costa Rica, …" at the start of a paragraph or sentence: the destination of
#: what the paragraph goes on to say.
_FRAME = re.compile(r"^[ \t*•\-]*In[ \t]+(?:the[ \t]+)?$")
#: … and a country heading what follows it, at the start of a paragraph or a bullet:
#: "Chad: Socioeconomic profiling of Sudanese, Central African and Nigerian refugees".
_HEADING_BEFORE = re.compile(r"^[ \t*•▪■#\-]*$")
_HEADING_AFTER = re.compile(r"^[ \t*]*:")

#: Clause ends: sentence ends, semicolons, line breaks, bullets, and a comma before a
#: new subject ("…into Bangladesh, he reaffirmed his solidarity with Palestine refugees");
#: not before "which", most often the place right before it ("Jordan, which hosts …").
_CLAUSE_END = re.compile(
    r"(?<=[.!?;])\s+|\n+|\s[•▪■]\s|,\s+(?=(?:he|she|they|it|we|while|but|whereas|although)\s)"
)
#: … and "and" before a singular possessive, which opens a new subject ("Turkey hosts
#: displaced Syrian people and her intervention in Somalia saved millions"); not
#: "their", most often the movers' own ("refugees and their children in Jordan"). A
#: pattern of its own, used only on a text that holds one of these words: the extra
#: alternative would be tried at every space of every text.
_POSSESSIVES = (" and her ", " and his ", " and its ")
_CLAUSE_END_OR_POSSESSIVE = re.compile(_CLAUSE_END.pattern + r"| and (?=(?:her|his|its) )")


def clauses(text: str) -> list[tuple[int, int]]:
    """(start, end) of each clause of ``text``."""
    out = []
    start = 0
    ends = _CLAUSE_END_OR_POSSESSIVE if any(p in text for p in _POSSESSIVES) else _CLAUSE_END
    for m in ends.finditer(text):
        if m.start() > start:
            out.append((start, m.start()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


def on_the_move(text: str, lo: int, hi: int, places: Sequence[PlaceMention]) -> bool:
    """Does the clause ``text[lo:hi]`` speak of people moving or living abroad: a mover
    or movement word, or a people named in the plural ("Venezuelans in Colombia"),
    counted or said of people ("those disembarked were Eritrean")?

    Remembered for the last clauses asked: a paragraph is read twice when the text
    has a home country (:func:`.corridors.find_corridors`), and the clauses next to
    one are asked again, while the search of the cue lists is the dearest step."""
    return _on_the_move(text, lo, hi, tuple(places))


@lru_cache(maxsize=1024)
def _on_the_move(text: str, lo: int, hi: int, places: tuple[PlaceMention, ...]) -> bool:
    c = cues()
    clause = text[lo:hi]
    return bool(
        found(c.movers, clause)
        or found(c.movement, clause)
        or any(plural_people(m) or counted_people(m, text) for m in places)
    )


@dataclass
class Clause:
    lo: int
    hi: int
    places: list[PlaceMention]
    paragraph: int
    frame: str | None  # what an "In <country>," opening or a "<Country>:" heading set


def located(text: str, places: Sequence[PlaceMention]) -> list[Clause]:
    """Every clause of ``text`` with the places it names, its paragraph and frame."""
    out = []
    i = 0
    paragraph = 0
    frame: str | None = None
    for lo, hi in clauses(text):
        if lo == 0 or text[lo - 1] == "\n":
            frame = None  # a new paragraph
            paragraph += 1
        inside = []
        while i < len(places) and places[i].start < hi:
            if places[i].start >= lo:
                inside.append(places[i])
            i += 1
        if inside:
            first = inside[0]
            if (
                not first.is_region
                and first.kind not in ("demonym", "people")
                and (
                    _FRAME.match(text[lo : first.start])
                    or (
                        _HEADING_BEFORE.match(text[lo : first.start])
                        and _HEADING_AFTER.match(text[first.end : first.end + 4])
                    )
                )
            ):
                frame = first.code
        out.append(Clause(lo, hi, inside, paragraph, frame))
    return out


def _stated_destinations(text: str, cl: Clause) -> list[str]:
    """The places a clause about people on the move names as where they are or go."""
    clause = text[cl.lo : cl.hi]
    if not cl.places or not on_the_move(text, cl.lo, cl.hi, cl.places):
        return []
    returning = returning_clause(clause)
    found = [m.code for m in cl.places if role(m, text, cl.lo, cl.hi, returning) == "destination"]
    return list(dict.fromkeys(found))


def _stated_origins(text: str, cl: Clause) -> list[str]:
    """The countries a clause names as where someone comes from ("a girl from
    Afghanistan was hit by a train"), when it names no place they are in or go to."""
    returning = returning_clause(text[cl.lo : cl.hi])
    roles = [role(m, text, cl.lo, cl.hi, returning) for m in cl.places]
    if any(r in ("destination", "home", "authority", "wished") for r in roles):
        return []
    found = [
        m.code for m, r in zip(cl.places, roles, strict=True) if r == "origin" and m.kind != "place"
    ]
    return list(dict.fromkeys(found))


#: How many clauses away (within a paragraph) a movement's other end may be stated.
_NEARBY_CLAUSES = 2


@dataclass
class Nearby:
    """What the clauses next to clause ``k`` state, within its paragraph and
    ``_NEARBY_CLAUSES``, for a movement told across two sentences ("… arrivals in
    Bangladesh. A week later, they moved … beside their former neighbour from
    Myanmar"). Read only when asked."""

    text: str
    clauses: list[Clause]
    k: int
    used: Clause | None = None  # the clause that gave them, for the evidence

    def origins(self) -> list[str]:
        """The countries the nearest clause naming places before clause ``k`` names as
        where someone comes from, when it places them nowhere: read forward only."""
        j = self.k - 1
        while j >= 0 and self.k - j <= _NEARBY_CLAUSES:
            cl = self.clauses[j]
            if cl.paragraph != self.clauses[self.k].paragraph:
                return []
            if cl.places:
                found = _stated_origins(self.text, cl)
                if found:
                    self.used = cl
                return found
            j -= 1
        return []

    def destinations(self) -> list[str]:
        """The destinations stated by the nearest clause naming places before clause
        ``k``, else by the nearest after it."""
        clauses, k = self.clauses, self.k
        for step in (-1, 1):
            j = k + step
            while (
                0 <= j < len(clauses)
                and abs(j - k) <= _NEARBY_CLAUSES
                and clauses[j].paragraph == clauses[k].paragraph
            ):
                if clauses[j].places:
                    found = _stated_destinations(self.text, clauses[j])
                    if found:
                        self.used = clauses[j]
                        return found
                    break
                j += step
        return []
