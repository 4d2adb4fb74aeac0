"""Population groups: who a text is about (domestic workers, refugees, returnees…).

The taxonomy is data (``data/groups.toml``), scored like the themes
(:mod:`.taxonomy`): a group is named as a kind of people ("migrant fishers",
"IDPs", "victims of trafficking"), one strong name tags a short text, a long
report needs more. Groups are a facet of their own beside themes: a report on
fair recruitment of domestic workers has the theme *Fair recruitment* and the
group *Domestic workers*.
"""

from __future__ import annotations

import re
from functools import cache

from migsearch.errors import UnknownGroupError
from migsearch.indexer.vocabulary.loader import load_data
from migsearch.indexer.vocabulary.taxonomy import Entry, Match, Scoring, Taxonomy, parse_taxonomy

__all__ = ["THRESHOLD", "all_groups", "find_groups", "group_label", "resolve_group", "taxonomy"]

#: Score a short text needs for a group: one plain name of it (weight 3).
THRESHOLD = 3.0
#: Groups named in a title count this many times a body mention.
TITLE_WEIGHT = 2.5
#: Body length (non-stop words) up to which the threshold stays at THRESHOLD, and how
#: fast it grows beyond: people named once in a long report are not its subject.
REFERENCE_WORDS = 150
LENGTH_EXPONENT = 0.5


@cache
def taxonomy() -> Taxonomy:
    """The group taxonomy, parsed once per process."""
    return parse_taxonomy(
        load_data("groups.toml"),
        "groups",
        "groups.toml",
        Scoring(THRESHOLD, TITLE_WEIGHT, REFERENCE_WORDS, LENGTH_EXPONENT),
        UnknownGroupError,
    )


def all_groups() -> list[Entry]:
    """Every group of the taxonomy, in the data file's order."""
    return list(taxonomy().entries)


def group_label(group_id: str) -> str:
    """The display label of a group id (the id itself when unknown, for old indexes)."""
    return taxonomy().label(group_id)


def find_groups(title: str, text: str) -> Match:
    """Groups ``title`` and ``text`` are about, strongest first, with their evidence.

    Counts by sex and age ("36 men, 63 women and 36 children") are blanked first:
    they say who was counted, not which group the text is about."""
    return taxonomy().find(title, _breakdowns().sub(_blank, text))


def _blank(m: re.Match[str]) -> str:
    at = m.start()
    if at and (m.string[at - 1].isalnum() or m.string[at - 1] in ".,"):
        return m.group()  # a count starts a word ("x168 men" is none)
    return " " * len(m.group())


@cache
def _breakdowns() -> re.Pattern[str]:
    """Runs of two or more counts of people by sex or age: "(168 men, 34 women and nine
    children)", "12 boys and 9 girls". The first count is in figures and the pattern
    starts with a digit, so that it skips every other character fast (it runs on every
    text indexed); the next counts are in figures or in words up to twenty."""
    words = "|".join(sorted(load_data("groups.toml")["breakdown"], key=len, reverse=True))
    number = (
        r"(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
        r"|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)"
    )
    tail = rf"[ \t]+(?:\w+[ \t]+)?(?:{words})\b"
    return re.compile(
        rf"\d[\d,.]*{tail}(?:[ \t]*(?:,|;|and|,[ \t]*and)[ \t]*{number}{tail})+",
        re.IGNORECASE,
    )


def resolve_group(value: str) -> str:
    """A group id from an id, label or alias (raises UnknownGroupError)."""
    return taxonomy().resolve(value)
