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
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from migsearch.errors import UsageError
from migsearch.indexer.vocabulary.loader import load_data
from migsearch.indexer.vocabulary.scripts import has_letters, has_listed_script, script_counts

if TYPE_CHECKING:  # NumPy is imported when a language is identified: the query path needs none
    import numpy as np

__all__ = [
    "MIN_LETTERS",
    "NGRAM_BYTES",
    "SAMPLE_CHARS",
    "detect_language",
    "indonesian_or_malay",
    "language_codes",
    "language_label",
    "ngram_depth",
    "resolve_language",
    "statistical_language",
]

#: Characters of a text read to identify its language.
SAMPLE_CHARS = 2_000
#: Fewer letters than this (a title alone, a table of numbers): no language.
MIN_LETTERS = 12
#: The longest n-gram of py3langid's model, in bytes (:func:`ngram_depth`)
NGRAM_BYTES = 6
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


@dataclass(frozen=True)
class _Model:
    """py3langid's model as NumPy arrays, restricted to this project's languages."""

    nextmove: np.ndarray  # the tokenizer's transitions, row by row (256 a row)
    rowbase: np.ndarray  # per state: where its row starts in ``nextmove``
    output: np.ndarray  # per state: the n-gram feature it completes, or -1
    ptc: np.ndarray  # log P(feature | language), one column per language
    pc: np.ndarray  # log P(language)
    classes: tuple[str, ...]


@cache
def _model() -> _Model:  # loaded lazily: ~0.3 s, and only ingestion needs it
    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    # py3langid's own loader inflates the model into a temporary file, so a full /tmp
    # or a file-size limit would fail every record; inflated in memory instead (~20 MB)
    with lzma.open(MODEL_DIR / MODEL_FILE) as src:
        raw = io.BytesIO(src.read())
    with np.load(raw, allow_pickle=False) as m:
        classes = m["classes"].tolist()
        listed = set(language_codes())
        keep = [i for i, c in enumerate(classes) if c in listed]
        return _Model(
            nextmove=m["nextmove"],
            rowbase=m["nextmove_row"].astype(np.intp) << 8,
            output=m["out_feat"].astype(np.intp),
            # float32 as py3langid computes with, stored so: the product is 4x faster
            ptc=np.ascontiguousarray(m["ptc"][:, keep], dtype=np.float32),
            pc=m["pc"][keep],
            classes=tuple(classes[i] for i in keep),
        )


def ngram_depth() -> int:
    """How many bytes lead from the tokenizer's start state to its farthest state.

    The tokenizer is an Aho-Corasick automaton: its state after any text is the
    longest end of that text that begins an n-gram, so it depends on the last
    this-many bytes only. Found breadth first (about a second): a test checks it
    against :data:`NGRAM_BYTES`, which :func:`statistical_language` relies on.
    """
    import numpy as np

    m = _model()
    seen = np.zeros(len(m.rowbase), dtype=bool)
    seen[0] = True
    frontier, depth = np.array([0]), 0
    every_byte = np.arange(256)
    while True:
        reached = np.unique(m.nextmove[(m.rowbase[frontier][:, None] + every_byte).ravel()])
        frontier = reached[~seen[reached]]
        if not len(frontier):
            return depth
        seen[frontier] = True
        depth += 1


def _counts_in_first_order(feats: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of ``feats`` in the order first met, and how often each occurs.

    A stable argsort of the values would group them; a plain sort of value * n +
    position does the same at half the cost (the keys are distinct, so any sort gives
    the one order), and the position is the remainder. This is a third of
    :func:`statistical_language` for a 2,000-character sample.
    """
    import numpy as np

    n = len(feats)
    keyed = np.sort(feats.astype(np.int64) * n + np.arange(n))
    ranked = keyed // n
    starts = np.flatnonzero(np.concatenate(([True], ranked[1:] != ranked[:-1])))
    counts = np.diff(np.append(starts, n))
    met = np.argsort(keyed[starts] % n)  # first positions are distinct: any sort agrees
    return ranked[starts][met], counts[met]


def statistical_language(text: str) -> str:
    """The language py3langid's model finds most likely for ``text``, of those listed.

    The same answer as py3langid's ``classify`` (a test compares them), reached
    without its loop over every byte in Python. Since the tokenizer's state
    after a byte depends only on the last :data:`NGRAM_BYTES` bytes, the
    states at all positions are found at once, one NumPy step per byte of
    that window: each position walks its window from the start state.
    """
    import numpy as np

    m = _model()
    if text.isupper():
        text = text.lower()
    data = unicodedata.normalize("NFC", text).encode("utf8", errors="surrogatepass")
    b = np.frombuffer(data, dtype=np.uint8)
    state = np.zeros(len(b), dtype=np.intp)
    for k in range(min(NGRAM_BYTES, len(b)) - 1, -1, -1):
        state[k:] = m.nextmove[m.rowbase[state[k:]] + b[: len(b) - k]]
    feats = m.output[state]
    feats = feats[feats >= 0]
    if not len(feats):
        return m.classes[0]  # py3langid's answer for a text without a single feature
    # each feature's count, in the order first met (as py3langid counts them: the
    # same terms summed in the same order give the same scores, bit for bit)
    features, counts = _counts_in_first_order(feats)
    weights = np.log1p(counts.astype(np.float32))
    scores = weights @ m.ptc[features] + m.pc
    return m.classes[int(scores.argmax())]


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of the language ``text`` is written in, or None when unsure."""
    sample = text[:SAMPLE_CHARS]
    if has_listed_script(sample):
        letters, scripts = script_counts(sample)
        if letters < MIN_LETTERS:
            return None
        script, n = max(scripts.items(), key=lambda kv: kv[1])
        code = _by_script().get(script)
        if code and n >= SCRIPT_SHARE * letters:
            return code
    elif not has_letters(sample, MIN_LETTERS):
        return None  # (nearly every text: no letters counted past the twelfth)
    code = statistical_language(sample)
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
