"""How written names are compared: accents, apostrophes, dashes, spacing and case.

The gazetteer, the theme names, the thesaurus and the stem-level term keys
all need to say when two spellings are one ("Côte d’Ivoire" and "Cote
d'Ivoire", "Guinea-Bissau" and "Guinea Bissau", "COVID 19" and "covid-19").
The pieces live here once; each caller combines those its data needs (the
thesaurus keeps accents apart, for instance, because the index does).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["APOSTROPHES", "DASHES", "fold_accents", "name_key", "spaced", "words_key"]

#: Typographic apostrophes and look-alikes, mapped to "'" with ``str.translate``.
APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
#: White space and the hyphens and dashes that join the words of a name.
DASHES = r"[\s\-‐‑‒–]+"
_DASHES = re.compile(DASHES)


def fold_accents(s: str) -> str:
    """``s`` without combining marks: "Côte" → "Cote" (ASCII text returned as is, cheaply)."""
    if s.isascii():
        return s
    decomposed = unicodedata.normalize("NFKD", s)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def spaced(s: str, separators: re.Pattern[str] = _DASHES) -> str:
    """``s`` with each run of ``separators`` (spaces and dashes by default) as one space, trimmed."""
    return separators.sub(" ", s).strip()


def name_key(s: str) -> str:
    """The lookup key of a place name: apostrophes, accents, case, spacing and
    dashes do not matter ("Guinea Bissau" = "Guinea-Bissau", "Côte" = "cote")."""
    return spaced(fold_accents(s.translate(APOSTROPHES)).casefold())


_WORDS = re.compile(r"\w+")


def words_key(s: str) -> str:
    """The words of ``s``, lowercased, one space apart: a page's title repeated in
    its text or in a list is recognised whatever punctuation surrounds it."""
    return " ".join(_WORDS.findall(s.lower()))
