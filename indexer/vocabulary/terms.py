"""Stem-level term matching shared by the theme tagger and the thesaurus.

Both need the same notion of "the same word": case, accents, plural and
British/American spelling must not matter ("Labor attachés" is "labour
attache"), and stop words must not break a phrase ("trafficking in persons"
and "trafficking of persons" are one term). Keeping that normalisation in one
place means a term that the thesaurus expands is also a term the tagger sees.

Speed matters because the tagger runs on every document: each distinct word
is normalised once (``lru_cache``) and phrases are found through a dict keyed
by their first key, so a scan costs one dict probe per token.

Words are the analyzer's words (:mod:`.analysis`): a run of Thai, Lao, Khmer
or Burmese letters is cut by ICU's dictionary word break, so a term in those
scripts matches the same token sequence the index holds. Accents are folded
in Latin-script words only ("động" and "dong" are one key): the vowel signs
and tone marks of the unspaced scripts are combining marks too, but folding
them away would merge different words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from itertools import accumulate, compress, count
from typing import Any, TypeVar

from migsearch.indexer.vocabulary.analysis import STOP_WORDS, segment_words, stem
from migsearch.indexer.vocabulary.loader import load_data
from migsearch.indexer.vocabulary.normalize import fold_accents
from migsearch.indexer.vocabulary.scripts import unspaced_run_pattern

__all__ = ["Token", "Tokenized", "by_first_key", "key_of", "phrase_keys", "tokenized", "tokens"]

#: Letters/digits runs; an inner apostrophe stays so the stemmer can drop "'s".
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_WORD_SPLIT = re.compile(f"({_WORD.pattern})")
#: the same split for an ASCII text: ``[^\W_]`` is ``[A-Za-z0-9]`` there, and a plain
#: range is tested twice as fast as a Unicode category (most texts are all ASCII)
_ASCII_WORD_SPLIT = re.compile(r"([A-Za-z0-9]+(?:'[A-Za-z0-9]+)*)")
#: byte -> itself for an ASCII letter, digit or apostrophe, else a space (see _spaced_words)
_WORD_BYTES = bytes(b if chr(b).isalnum() or b == 39 else 32 for b in range(128)) + b" " * 128
#: runs of characters outside ASCII, and a letter or digit among them
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_NON_ASCII_WORD = re.compile(r"[^\W_]")
#: "đ" has no decomposition: folded by hand so "Đông" and "Dong" are one key.
_STROKES = str.maketrans({"đ": "d", "Đ": "D"})


@lru_cache(maxsize=1)
def _script_words() -> re.Pattern[str]:
    """A run of unspaced-script letters (group 1), or a word of any other script."""
    unspaced = unspaced_run_pattern().pattern[1:-2]  # the class's inside
    word = rf"[^\W_{unspaced}]+"
    return re.compile(rf"([{unspaced}]+)|{word}(?:'{word})*")


def _spaced_words(lowered: str) -> str | None:
    """``lowered`` with every character outside its words made a space, or None when
    its words are not ASCII words (an accented letter, a Greek one, an unspaced script).

    The words are then ``str.split()``'s, the ASCII split's without a regex: one
    ``bytes.translate`` keeps letters, digits and apostrophes, and an apostrophe that is
    not between two of those (a quote, "'90s", "o''") becomes a space too, as the
    pattern leaves it out of a word. A third of the time ``re.split`` took, which was
    half of tokenizing a text. A character outside ASCII is a space here
    (``encode``'s "?"), so the text must have none that the Unicode split takes
    for part of a word; most texts that are not ASCII only have curly quotes,
    dashes or bullets. Lengths do not change, so offsets are the text's.
    """
    if not lowered.isascii():
        odd = "".join(_NON_ASCII.findall(lowered))
        if _NON_ASCII_WORD.search(odd) or unspaced_run_pattern().search(odd):
            return None
    s = lowered.encode("ascii", "replace").translate(_WORD_BYTES).decode("ascii")
    if "'" in s:
        if "''" in s:
            s = s.replace("''", "  ")  # one pass leaves no two side by side
        s = s.replace(" '", "  ").replace("' ", "  ")
        if s[0] == "'":
            s = " " + s[1:]
        if s[-1] == "'":
            s = s[:-1] + " "
    return s


def _split_words(lowered: str) -> list[str]:
    """``[gap, word, gap, word, …, gap]`` covering ``lowered`` exactly, words as the index cuts them.

    Texts without Thai, Lao, Khmer or Myanmar letters (nearly all) take one
    ``re.split``; the others have each unspaced run cut by ICU's word break.
    """
    if lowered.isascii():
        return _ASCII_WORD_SPLIT.split(lowered)
    if unspaced_run_pattern().search(lowered) is None:
        return _WORD_SPLIT.split(lowered)
    parts: list[str] = []
    cursor = 0
    for m in _script_words().finditer(lowered):
        if m.lastindex is None:
            spans = [(m.start(), m.end())]
        else:
            spans = [(m.start() + a, m.start() + b) for a, b in segment_words(m.group(1))]
        for a, b in spans:
            parts.append(lowered[cursor:a])
            parts.append(lowered[a:b])
            cursor = b
    parts.append(lowered[cursor:])
    return parts


@lru_cache(maxsize=1)
def _spelling() -> dict[str, str]:
    """Stem-level spelling equivalences (``stem(variant) -> stem(canonical)``).

    Read from the ``[spelling]`` table of ``themes.toml`` so that the tagger
    and the thesaurus, whichever loads first, fold "labor" into "labour" alike.
    """
    table: dict[str, str] = {}
    for variant, canonical in load_data("themes.toml").get("spelling", {}).items():
        v, c = _raw_key(variant.lower()), _raw_key(canonical.lower())
        if v and c and v != c:
            table[v] = c
    return table


def _raw_key(lowered: str) -> str | None:
    if lowered in STOP_WORDS:
        return None
    if lowered.isascii():
        return stem(lowered)
    if unspaced_run_pattern().search(lowered):
        return lowered  # an ICU word: no accents to fold, no English stem to take
    return stem(fold_accents(lowered.translate(_STROKES)))


@lru_cache(maxsize=300_000)
def key_of(word: str) -> str | None:
    """The matching key of one lowercased word, or None for a stop word."""
    k = _raw_key(word.replace("\u2019", "'"))
    if k is None:
        return None
    return _spelling().get(k, k)


Token = tuple[str, str, int, int]
"""(key, lowercased word, start offset, end offset) of one non-stop word."""


class Tokenized:
    """A text's non-stop words as parallel lists, built with C-speed primitives.

    A split (``str.split`` of :func:`_spaced_words`, else ``re.split``) plus ``map``
    over the cached key function costs a fraction of a Python loop over match
    objects; character offsets, needed only for the few words that become
    evidence, are summed up on first request.
    """

    __slots__ = ("_asked", "_layout", "_positions", "_starts", "_text", "_words", "idx", "keys")

    def __init__(self, text: str) -> None:
        lowered = text.lower()
        if "\u2019" in lowered:
            lowered = lowered.replace("\u2019", "'")
        # when lowercasing changes the length (rare Unicode), show lowercased evidence
        self._text = text if len(lowered) == len(text) else lowered
        spaced = _spaced_words(lowered)
        #: the text with its gaps as spaces, or its parts [gap, word, gap, …, gap]
        self._layout: str | list[str] = spaced if spaced is not None else _split_words(lowered)
        self._words = spaced.split() if spaced is not None else self._layout[1::2]
        all_keys = list(map(key_of, self._words))
        #: word number (among all words) of each non-stop word
        self.idx = [n for n, k in enumerate(all_keys) if k is not None]
        #: matching key of each non-stop word
        self.keys = [all_keys[n] for n in self.idx]
        self._starts: list[int] | None = None
        self._asked: frozenset[str] | None = None
        self._positions: list[int] = []

    def positions(self, wanted: frozenset[str]) -> list[int]:
        """Indexes of the non-stop words whose key is in ``wanted``, in text order.

        Kept for the next reader that asks with the same set: the theme and the group
        scans ask with the union of their first keys, so one pass over a long text's
        keys serves both (each pass costs the same, whatever the set holds: it is
        reading the keys that takes the time), and each keeps the few that are its own.
        """
        if self._asked is not wanted:
            self._positions = list(compress(count(), map(wanted.__contains__, self.keys)))
            self._asked = wanted
        return self._positions

    def __len__(self) -> int:
        return len(self.keys)

    def word(self, i: int) -> str:
        """The lowercased form of non-stop word ``i``."""
        return self._words[self.idx[i]]

    def _word_starts(self) -> list[int]:
        """Where each word (stop words too) starts in the text."""
        if isinstance(self._layout, str):
            # a word starts where a space is followed by something else: NumPy compares
            # the text's bytes with their neighbours a quarter as fast as any loop over
            # the pieces between spaces (the text is ASCII: a byte is a character)
            import numpy as np

            filled = np.frombuffer(self._layout.encode("ascii"), np.uint8) != 32
            return np.flatnonzero(filled & ~np.concatenate(([False], filled[:-1]))).tolist()
        ends = list(accumulate(map(len, self._layout)))
        return ends[0 : 2 * len(self._words) : 2]

    def surface(self, i: int, j: int) -> str:
        """The text from non-stop word ``i`` to ``j`` (inclusive) as written."""
        if self._starts is None:
            self._starts = self._word_starts()
        last = self.idx[j]
        return self._text[self._starts[self.idx[i]] : self._starts[last] + len(self._words[last])]


@lru_cache(maxsize=4)
def tokenized(text: str) -> Tokenized:
    """``Tokenized(text)``, shared by the readers of one text: the theme and the group
    taxonomies both scan a record's title and text, and splitting and keying a long
    text twice cost a tenth of tagging. (A :class:`Tokenized` is not changed by its
    readers; only its offsets are filled in on first request.)"""
    return Tokenized(text)


def tokens(text: str) -> Iterator[Token]:
    """The non-stop words of ``text`` with their keys and character spans."""
    lowered = text.lower()
    if "\u2019" in lowered:
        lowered = lowered.replace("\u2019", "'")
    parts = _split_words(lowered)
    start = 0
    for n, part in enumerate(parts):
        if n % 2:
            k = key_of(part)
            if k is not None:
                yield k, part, start, start + len(part)
        start += len(part)


def phrase_keys(phrase: str) -> tuple[str, ...]:
    """The key sequence a written term matches (stop words dropped)."""
    return tuple(t[0] for t in tokens(phrase))


P = TypeVar("P")


def by_first_key(
    phrases: Iterable[P],
    keys: Callable[[P], tuple[str, ...]],
    rank: Callable[[P], Any] = lambda _p: 0,
) -> dict[str, tuple[P, ...]]:
    """Phrases grouped by their first key, longest first (then by ``rank``).

    The theme tagger and the thesaurus both scan a text this way: one dict
    probe per token, and at a token the longest phrase is tried first, so
    "forced labour" wins over "labour".
    """
    groups: dict[str, list[P]] = {}
    for p in phrases:
        groups.setdefault(keys(p)[0], []).append(p)
    return {k: tuple(sorted(v, key=lambda p: (-len(keys(p)), rank(p)))) for k, v in groups.items()}
