"""Themes: the migration taxonomy of ``data/themes.toml``, and tagging a text with it.

How a text is scored against weighted terms is :mod:`.taxonomy`'s; this
module holds the theme taxonomy's numbers and its public names. Precision is
the target (a false theme hides nothing but wastes an analyst's time): a
theme needs one strong term in a short text, more in a long one.
"""

from __future__ import annotations

from functools import cache

from migsearch.errors import UnknownThemeError
from migsearch.indexer.vocabulary.loader import load_data
from migsearch.indexer.vocabulary.taxonomy import (
    Entry,
    Match,
    Scoring,
    Taxonomy,
    TermScore,
    parse_taxonomy,
)

__all__ = [
    "LENGTH_EXPONENT",
    "REFERENCE_WORDS",
    "THRESHOLD",
    "TITLE_WEIGHT",
    "all_themes",
    "find_themes",
    "resolve_theme",
    "score_themes",
    "taxonomy",
    "theme_label",
    "threshold_for",
]

#: Score a short document needs for a theme: one strong term (weight 3).
THRESHOLD = 3.0
#: How many times a title occurrence counts against one in the body.
TITLE_WEIGHT = 2.5
#: Body length (non-stop words) up to which the threshold stays at THRESHOLD.
REFERENCE_WORDS = 250
#: How fast the threshold grows beyond REFERENCE_WORDS (0 = never, 1 = linearly).
LENGTH_EXPONENT = 0.4


@cache
def taxonomy() -> Taxonomy:
    """The theme taxonomy, parsed once per process."""
    return parse_taxonomy(
        load_data("themes.toml"),
        "themes",
        "themes.toml",
        Scoring(THRESHOLD, TITLE_WEIGHT, REFERENCE_WORDS, LENGTH_EXPONENT),
        UnknownThemeError,
    )


def all_themes() -> list[Entry]:
    """Every theme of the taxonomy, in the data file's order."""
    return list(taxonomy().entries)


def theme_label(theme_id: str) -> str:
    """The display label of a theme id (the id itself when unknown, for old indexes)."""
    return taxonomy().label(theme_id)


def threshold_for(words: int) -> float:
    """The score a theme needs in a body of ``words`` non-stop words."""
    return taxonomy().scoring.threshold_for(words)


def score_themes(title: str, text: str) -> list[TermScore]:
    """Every theme with any evidence, strongest first, passed or not."""
    return taxonomy().score(title, text)


def find_themes(title: str, text: str) -> Match:
    """Themes ``title`` and ``text`` are about, strongest first, with their evidence."""
    return taxonomy().find(title, text)


def resolve_theme(value: str) -> str:
    """A theme id from an id, label or alias in any case, '-', '_' or spaces alike."""
    return taxonomy().resolve(value)
