"""The words corridors are read from: ``data/corridors.toml``, compiled once.

The reading itself (:mod:`~migsearch.indexer.vocabulary.corridors`) only asks
which cue matches where; what counts as a mover, a word of return or a word
before an origin is data, and this module turns it into patterns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from migsearch.indexer.vocabulary.loader import load_data

__all__ = ["Cues", "alternation", "cues", "found"]


def alternation(words: Iterable[str]) -> str:
    """One regular expression matching any of ``words``, the longest first."""
    return "(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")"


@dataclass(frozen=True)
class Cues:
    """Each cue list of ``corridors.toml`` as one pattern, anchored where it is read."""

    movers: re.Pattern[str]
    movement: re.Pattern[str]
    returns: re.Pattern[str]
    #: a wish or a plan right before a return: "yearn to return", "plans to return"
    wishes: re.Pattern[str]
    #: a plan right before a return named as a noun: "an arrangement on the return of"
    plans: re.Pattern[str]
    #: a wish or a plan right before a move to a place: "wishing to enter Jordan"
    wished_move: re.Pattern[str]
    arrivals: re.Pattern[str]
    origin_before: re.Pattern[str]
    origin_modifier: re.Pattern[str]
    origin_after: re.Pattern[str]
    #: after a country's name only: "Malaysia deported", "Nepal sends workers"
    sender_after: re.Pattern[str]
    origin_possessive: re.Pattern[str]
    dest_before: re.Pattern[str]
    departures: re.Pattern[str]
    directional: re.Pattern[str]
    dest_after: re.Pattern[str]
    dest_demonym: re.Pattern[str]
    never_before: re.Pattern[str]
    #: a country's government or authorities: "the Government of Egypt", "Peruvian authorities"
    authority_before: re.Pattern[str]
    authority_after: re.Pattern[str]
    #: a measure a country's name takes: "Peru introduced a visa for Venezuelans"
    authority_acts: re.Pattern[str]
    donations: re.Pattern[str]
    never_after: re.Pattern[str]
    named: re.Pattern[str]
    #: names of peoples and the country they come from ("Rohingya" -> MMR), each with
    #: the letters it starts with (a text without them is not scanned for it)
    peoples: tuple[tuple[str, re.Pattern[str], str], ...]


#: A lower-case word or an acronym of capitals ("ETM", "ETC"): what may come between a
#: word of direction and a place ("to selected", "to ETM Niger").
_ADJECTIVE_OR_ACRONYM = r"(?-i:[a-z][\w\-]*|[A-Z]{2,6}\b)"


#: What a case-free twin's source may hold (:func:`_lowercase_twin`): lowercase letters,
#: digits, spaces, apostrophes, groups, alternation and quantifiers, ``\b`` and ``\w``,
#: and classes of those characters, with no range or negation (a dash first, if any,
#: is a literal dash).
_TWIN_SAFE = re.compile(r"(?:[a-z0-9 '’()?:|*+{},]|\\[bw]|\[-?[a-z0-9 '’]*\])*")
#: The only characters whose ``str.lower()`` differs from how a case-insensitive pattern
#: folds them, or changes whether they are word characters: dotted capital I (lowered to
#: "i" and a combining dot), dotless i and long s (each matches an ASCII letter, yet
#: lowers to itself). A test checks every code point.
_FOLDS_APART = re.compile("[\u0130\u0131\u017f]")


@cache
def _lowercase_twin(source: str, flags: int) -> re.Pattern[str] | None:
    r"""The pattern ``source`` without IGNORECASE, to search lowercased text; None when
    the source holds anything whose meaning could differ between the two.

    A case-insensitive match of a lowercase letter is exactly a match of the text's
    lowercased character (but for the three characters of ``_FOLDS_APART``), and
    ``\b``, ``\w``, digits, spaces and punctuation mean the same in the lowercased
    text. Matched case-sensitively, each branch of a long alternation is skipped on its
    first letter without being entered, which makes a search of a clause for a cue
    list about four times faster. (Keyed by the source, whose hash a string keeps, not
    by the compiled pattern, which hashes its code.)"""
    if not flags & re.IGNORECASE or not _TWIN_SAFE.fullmatch(source):
        return None
    return re.compile(source, flags & ~re.IGNORECASE)


def found(pattern: re.Pattern[str], text: str) -> bool:
    """``pattern.search(text) is not None``, faster for the cue lists.

    Whether a clause names a mover, a movement, an arrival… is asked of every
    clause naming a place, and the search of those alternations was the dearest
    step of reading corridors (:func:`_lowercase_twin` says why the answer is the same)."""
    twin = _lowercase_twin(pattern.pattern, pattern.flags)
    if twin is not None and (text.isascii() or _FOLDS_APART.search(text) is None):
        return twin.search(text.lower()) is not None
    return pattern.search(text) is not None


def _literal_start(pattern: str) -> str:
    """The letters every match of ``pattern`` starts with ("Rohingya" of "Rohingyas?")."""
    letters = re.match(r"[A-Za-z]*", pattern).group()  # type: ignore[union-attr]
    if pattern[len(letters) : len(letters) + 1] in ("?", "*", "{"):
        letters = letters[:-1]
    return letters


@cache
def cues() -> Cues:
    data: dict[str, Any] = load_data("corridors.toml")

    def anywhere(words: Iterable[str]) -> re.Pattern[str]:
        return re.compile(r"\b" + alternation(words) + r"\b", re.IGNORECASE)

    def ending(
        words: Iterable[str], adjectives: int = 0, adjective: str = r"(?-i:[a-z][\w\-]*)"
    ) -> re.Pattern[str]:
        # right before the place, allowing "the" and a few lower-case words ("to selected")
        between = r"(?:" + adjective + r"[ \t]+){0," + str(adjectives) + "}"
        return re.compile(
            r"\b" + alternation(words) + r"[ \t]+(?:the[ \t]+)?" + between + "$",
            re.IGNORECASE,
        )

    def starting(words: Iterable[str]) -> re.Pattern[str]:
        return re.compile(r"^[ \t]*" + alternation(words) + r"\b", re.IGNORECASE)

    cues, origin, dest = data["cues"], data["origin"], data["destination"]
    return Cues(
        movers=anywhere(cues["movers"]),
        movement=anywhere(cues["movement"]),
        returns=anywhere(cues["returns"]),
        plans=re.compile(
            r"\b"
            + alternation(cues["plans"])
            + r"['’]?[ \t]+(?:on|in|for|of|about|regarding)[ \t]+"
            r"(?:the[ \t]+|a[ \t]+)?(?:(?:voluntary|safe|dignified|eventual|sustainable|possible|"
            r"future|large-scale)[ \t]+(?:and[ \t]+)?)*$",
            re.IGNORECASE,
        ),
        wishes=re.compile(
            r"\b" + alternation(cues["wishes"]) + r"(?:[ \t]+(?:of|for|by))?"
            r"(?:[ \t]+\w+){0,2}[ \t]+to[ \t]+$",
            re.IGNORECASE,
        ),
        wished_move=re.compile(
            r"\b" + alternation(cues["wishes"]) + r"(?:[ \t]+(?:of|for|by))?"
            r"(?:[ \t]+\w+){0,2}?[ \t]+to[ \t]+\w+(?:[ \t]+(?:to|into|towards?|in))?"
            r"[ \t]+(?:the[ \t]+)?$",
            re.IGNORECASE,
        ),
        arrivals=anywhere(cues["arrivals"]),
        # a word of where in the country may come between: "fled from southern Syria"
        origin_before=ending(origin["before"], 1, alternation(origin["part_of"])),
        # a word or two of status may come between: "Syrian registered refugees",
        # "Cambodian female migrant workers", "Afghan undocumented returnees"
        origin_modifier=re.compile(
            r"^[ \t]*(?:"
            + alternation(origin["status"])
            + r"[ \t]+(?:and[ \t]+)?){0,2}"
            + alternation(origin["modifier_of"])
            + r"\b",
            re.IGNORECASE,
        ),
        origin_after=starting(origin["after"]),
        sender_after=starting(origin["sender_after"]),
        origin_possessive=re.compile(
            r"^['’]s[ \t]+" + alternation(origin["possessive"]) + r"\b", re.IGNORECASE
        ),
        # a facility's acronym may come between: "evacuated to ETM Niger"
        dest_before=ending(dest["before"], 2, _ADJECTIVE_OR_ACRONYM),
        departures=anywhere(cues["departures"]),
        directional=ending(dest["directional"], 2, _ADJECTIVE_OR_ACRONYM),
        dest_after=starting(dest["after"]),
        dest_demonym=starting(dest["demonym_of"]),
        never_before=ending(dest["never_before"]),
        authority_before=ending(dest["authority_before"]),
        donations=re.compile(alternation(dest["donations"]) + r"(?!\w)", re.IGNORECASE),
        authority_acts=re.compile(
            r"^[ \t]+(?:(?:has|had|have|also|recently|then|now)[ \t]+){0,2}"
            + alternation(dest["authority_acts"])
            + r"\b",
            re.IGNORECASE,
        ),
        authority_after=re.compile(
            r"^(?:['’]s)?[ \t]+(?:\w+[ \t]+){0,2}?" + alternation(dest["authority_after"]) + r"\b",
            re.IGNORECASE,
        ),
        peoples=tuple(
            (_literal_start(name), re.compile(r"\b" + name + r"\b"), code)
            for name, code in origin.get("peoples", {}).items()
        ),
        named=re.compile(
            r"^[ \t]+(?:the[ \t]+)?" + alternation(cues["named"]) + r"\b", re.IGNORECASE
        ),
        never_after=re.compile(
            r"^(?:[ \t]*-[ \t]*[A-Z][\w'’]*)*[ \t\-]+" + alternation(dest["never_after"]) + r"\b",
            re.IGNORECASE,
        ),
    )
