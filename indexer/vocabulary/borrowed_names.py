"""A town's name inside the name of something else, which is not that town's country.

"Paris Climate Change Agreement" and "Bali Process" name an agreement or a
process held in a city; "Aden Adde International Airport" (in Mogadishu) is
named after a person whose name is also a city's; in "Melbourne d. Cocoa 8-0"
Melbourne is a school's team in Florida. The country tagger
(:mod:`.country_tagger`) asks these of each town it matches.
"""

from __future__ import annotations

import re

from migsearch.indexer.vocabulary.gazetteer import Gazetteer

__all__ = ["in_facility_name", "is_instrument", "is_team"]


_CAPITALISED_AFTER = re.compile(r"(?:[ \t]+(?:of|on|for|[A-Z][\w'’\-]*)){1,5}")


def is_instrument(g: Gazetteer, text: str, e: int) -> bool:
    """ "Paris Climate Change Agreement", "Bali Process": a city that names an
    agreement or a process held there, not the country it is in."""
    m = _CAPITALISED_AFTER.match(text, e, e + 60)
    if not m:
        return False
    words = m.group().split()
    # each prefix of the capitalised words: "Climate Change Agreement" ends in one
    return any(
        " ".join(words[i:j]).casefold() in g.instrument_words
        for j in range(1, len(words) + 1)
        for i in range(len(words))
    )


#: What a named facility ends with: "Aden Adde International Airport" (in Mogadishu) is
#: named after a person, not the city of Aden.
_FACILITY_AFTER = re.compile(
    r"((?:[ \t]+[A-Z][\w'’\-]*){1,3}?)[ \t]+(?:Airport|Airfield|Hospital|Stadium|University|"
    r"College|School|Street|Road|Avenue|Bridge|Hotel)\b"
)
#: Words a facility's name may hold between a city and its kind that keep it the city's
#: ("Aden International Airport" is Aden's airport).
_FACILITY_GENERIC = frozenset(
    ["International", "National", "Regional", "General", "Central", "Memorial", "Teaching",
     "Referral", "Municipal", "City", "Main", "Old", "New", "Grand", "State", "Public"]
)  # fmt: skip


def in_facility_name(g: Gazetteer, text: str, e: int) -> bool:
    """Does the city that ends at ``e``, also a given name (``person_places``), open a
    facility's name after a person ("Aden Adde International Airport", in Mogadishu), not
    the city's own ("Aden International Airport")?"""
    m = _FACILITY_AFTER.match(text, e, e + 80)
    if not m:
        return False
    words = m.group(1).split()
    return any(w not in _FACILITY_GENERIC and w not in g.allowed_after for w in words)


#: A town in a line of sports results is a team: "Melbourne d. Cocoa 8-0", "Viera d.
#: Melbourne 1-0", "Melbourne (3-0): Osas Osaro 3 goals" (a school in Florida).
_TEAM_AFTER = re.compile(
    r"[ \t]+(?:d\.|def\.|defeated|beat|vs?\.?)[ \t]+[A-Z]|[ \t]*\(\d{1,2}-\d{1,2}(?:-\d{1,2})?\)"
)
_TEAM_BEFORE = re.compile(r"(?:\bd\.|\bdef\.|\bdefeated|\bbeat|\bvs?\.?)[ \t]+$")
_SCORE_AFTER = re.compile(r"[ \t]+\d{1,3}-\d{1,3}\b")


def is_team(text: str, s: int, e: int) -> bool:
    """Is the town at ``s:e`` a team in a line of results (a win-loss record after it, or
    "d." and a score around it)?"""
    if _TEAM_AFTER.match(text, e, e + 40):
        return True
    return bool(_TEAM_BEFORE.search(text, max(0, s - 12), s)) and bool(
        _SCORE_AFTER.match(text, e, e + 12)
    )
