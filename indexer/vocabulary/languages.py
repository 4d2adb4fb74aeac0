"""Which language a text is written in, and what the languages are called.

Identification runs once per record at ingestion (``Record.language``, a facet
and a filter). Two steps, cheapest first:

1. *Script*: a text whose letters are mostly Thai, Lao, Khmer, Myanmar or
   Hangul is in the one language listed here for that script; no model needed.
2. *Statistics*: otherwise py3langid's naive Bayes model over byte n-grams,
   restricted to the languages in ``data/languages.toml``. Chosen over Lingua
   by measurement (``bench/langid.py``): as accurate on this project's labelled
   texts, two to three times faster, 4 MB instead of 96 MB. Both confuse Indonesian
   and Malay on short texts; words each spells or chooses differently decide
   between the two (``[markers]`` in the data file).

Only the first :data:`SAMPLE_CHARS` characters are read: a language shows in
its first paragraphs, and a long report would cost time for nothing. A text
with too few letters to judge gets no language (``None``) rather than a guess.
"""

from __future__ import annotations

import io
import lzma
import re
from array import array
from functools import cache
from typing import Any

from migsearch.errors import UsageError
from migsearch.indexer.vocabulary.loader import load_data
from migsearch.indexer.vocabulary.scripts import script_counts

__all__ = [
    "MIN_LETTERS",
    "SAMPLE_CHARS",
    "detect_language",
    "indonesian_or_malay",
    "language_codes",
    "language_label",
    "resolve_language",
]

#: Characters of a text read to identify its language.
SAMPLE_CHARS = 2_000
#: Fewer letters than this (a title alone, a table of numbers): no language.
MIN_LETTERS = 12
#: Share of the letters a script must have to decide the language alone.
SCRIPT_SHARE = 0.5


@cache
def _table() -> dict[str, dict[str, str]]:
    return dict(load_data("languages.toml")["languages"])


def language_codes() -> tuple[str, ...]:
    """The ISO 639-1 codes a record's language can take."""
    return tuple(_table())


@cache
def _by_script() -> dict[str, str]:
    return {row["script"]: code for code, row in _table().items() if "script" in row}


@cache
def _identifier() -> Any:  # loaded lazily: ~0.3 s, and only ingestion needs it
    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    # py3langid's own loader inflates the model into a temporary file, so a full /tmp
    # or a file-size limit would fail every record; inflated in memory instead (~20 MB)
    with lzma.open(MODEL_DIR / MODEL_FILE) as src:
        raw = io.BytesIO(src.read())
    with np.load(raw, allow_pickle=False) as m:
        ident = LanguageIdentifier(
            m["ptc"],
            m["pc"],
            m["classes"].tolist(),
            _uint_array(m["nextmove"]),
            m["out_feat"].tolist(),
            tk_row=_uint_array(m["nextmove_row"]),
        )
    ident.set_languages(list(language_codes()))
    return ident


def _uint_array(a: Any) -> array:
    """A NumPy unsigned array as the stdlib array py3langid's tokenizer walks."""
    out = array({2: "H", 4: "I", 8: "L"}[a.dtype.itemsize])
    out.frombytes(a.tobytes())  # tobytes() is C order whatever the array's layout
    return out


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of the language ``text`` is written in, or None when unsure."""
    sample = text[:SAMPLE_CHARS]
    letters, scripts = script_counts(sample)
    if letters < MIN_LETTERS:
        return None
    if scripts:
        script, n = max(scripts.items(), key=lambda kv: kv[1])
        code = _by_script().get(script)
        if code and n >= SCRIPT_SHARE * letters:
            return code
    code = str(_identifier().classify(sample)[0])
    return indonesian_or_malay(sample) or code if code in ("id", "ms") else code


@cache
def _marker_patterns() -> dict[str, re.Pattern[str]]:
    out = {}
    for code, words in load_data("languages.toml")["markers"].items():
        alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        out[code] = re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])", re.I)
    return out


def indonesian_or_malay(text: str) -> str | None:
    """Indonesian or Malay by the words each writes differently; None when they tie."""
    hits = {code: len(p.findall(text)) for code, p in _marker_patterns().items()}
    if hits["id"] == hits["ms"]:
        return None
    return "id" if hits["id"] > hits["ms"] else "ms"


def language_label(code: str) -> str:
    """The label of a code: "Thai (ไทย)" for ``th``; an unknown code as given."""
    row = _table().get(code)
    if row is None:
        return code
    name, native = row["name"], row["native"]
    return name if name == native else f"{name} ({native})"


def resolve_language(value: str) -> str:
    """The code of a language named by code, English or native name ("th", "Thai", "ไทย")."""
    key = " ".join(value.split()).casefold()
    for code, row in _table().items():
        if key in (code, row["name"].casefold(), row["native"].casefold()):
            return code
    known = ", ".join(language_codes())
    raise UsageError(f"unknown language {value!r}; use one of: {known}")
