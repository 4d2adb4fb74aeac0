"""Writing systems by code point: which characters belong to which script.

Two readers: language identification (a text mostly in Thai script is Thai)
and the analyzer (a run of Thai, Lao, Khmer or Myanmar letters has no spaces
between words and goes to the dictionary word break). The blocks are data, in
``data/languages.toml``.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from itertools import islice

from migsearch.indexer.vocabulary.loader import load_data

__all__ = [
    "UNSPACED",
    "has_letters",
    "has_listed_script",
    "script_counts",
    "script_of",
    "unspaced_run_pattern",
]

#: Scripts written without spaces between words.
UNSPACED = ("Thai", "Lao", "Khmer", "Myanmar")


@cache
def _blocks() -> tuple[tuple[int, int, str], ...]:
    rows = load_data("languages.toml")["scripts"]
    return tuple(sorted((lo, hi, name) for name, spans in rows.items() for lo, hi in spans))


def script_of(ch: str) -> str | None:
    """The script of ``ch`` among those listed, or None (Latin, digits, punctuation…)."""
    cp = ord(ch)
    for lo, hi, name in _blocks():
        if lo <= cp <= hi:
            return name
    return None


@cache
def _listed_script() -> re.Pattern[str]:
    """Matches a character of any listed script (those :func:`script_counts` counts)."""
    spans = [(max(lo, 0x0E00), hi) for lo, hi, _name in _blocks() if hi >= 0x0E00]
    return re.compile("[" + "".join(f"\\u{lo:04X}-\\u{hi:04X}" for lo, hi in spans) + "]")


def has_listed_script(text: str) -> bool:
    """Does ``text`` hold a character of a listed script (one :func:`script_counts` counts)?"""
    return _listed_script().search(text) is not None


def has_letters(text: str, n: int) -> bool:
    """Does ``text`` hold at least ``n`` letters? Stops at the ``n``-th: a caller that
    only needs "enough letters" need not count the thousands after it."""
    return len(list(islice(filter(str.isalpha, text), n))) == n


def script_counts(text: str) -> tuple[int, Counter[str]]:
    """Letters in ``text``, and how many of them belong to each listed script."""
    if not has_listed_script(text):
        # no character of a listed script: count letters at C speed, not one by one
        return sum(map(str.isalpha, text)), Counter()
    letters = 0
    counts: Counter[str] = Counter()
    for ch in text:
        script = script_of(ch) if ord(ch) >= 0x0E00 else None
        if script:  # the vowel signs of Thai or Khmer are marks, not letters, but count here
            letters += 1
            counts[script] += 1
        elif ch.isalpha():
            letters += 1
    return letters, counts


@cache
def unspaced_run_pattern() -> re.Pattern[str]:
    """Matches a run of characters of the unspaced scripts (vowel signs and marks included)."""
    spans = [(lo, hi) for lo, hi, name in _blocks() if name in UNSPACED]
    cls = "".join(f"\\u{lo:04X}-\\u{hi:04X}" for lo, hi in spans)
    return re.compile(f"[{cls}]+")
