"""Text analysis shared by the index and the query parser.

This module is pickled into every index: Whoosh stores the schema, analyzer
included, in each commit's table of contents, by class and module path
(``migsearch.indexer.vocabulary.analysis.SnowballFilter``). The classes here
must therefore stay importable under this path, with these names, for as long
as indexes built with them exist; change behaviour by adding classes, not by
moving or renaming them. (Indexes of the layout before the one import name
``migsearch`` pickled ``indexer.analysis`` and can only be rebuilt;
:func:`migsearch.indexer.store.storage.open_existing` says so.)

NLTK's Snowball stemmer needs no downloaded data, which is why it is used
rather than anything that would call ``nltk.download()``.

Text in any language goes through the one analyzer, at index and query time
alike, so a query needs no language guess:

* :class:`ScriptTokenizer` reads runs of Thai, Lao, Khmer and Myanmar letters
  (scripts written without spaces between words) through ICU's dictionary
  word break, and everything else as :data:`TOKEN_PATTERN` words; one page
  or one query may mix scripts.
* At index time the tokenizer gives a Latin word with diacritics twice at one
  position, as written and folded ("động" and "dong"), so a query typed
  without its accents finds it, while one typed with them (query time: no
  folding) stays exact.
* The English stop list and stemmer apply to every Latin-script word, whatever
  the record's language: Whoosh analyses a field without seeing the record's
  other fields, and a query has no language, so a per-language stemmer would
  stem the two sides differently. Stemming a Vietnamese, Indonesian or Tagalog
  word with English rules is harmless for matching (both sides get the same
  stem); words of unspaced scripts are left as ICU gives them.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable, Iterator
from functools import lru_cache
from itertools import repeat
from typing import Any

from whoosh.analysis import Filter, LowercaseFilter, Token, Tokenizer
from whoosh.analysis.analyzers import Analyzer
from whoosh.lang.stopwords import stoplists

from migsearch.indexer.vocabulary.nltk_import import import_nltk
from migsearch.indexer.vocabulary.scripts import unspaced_run_pattern

__all__ = [
    "STOP_WORDS",
    "ScriptTokenizer",
    "SnowballFilter",
    "StopWordFilter",
    "fold_latin",
    "has_unspaced",
    "index_positions",
    "reshaped_words",
    "script_word_spans",
    "segment_words",
    "stem",
    "text_analyzer",
    "token_matches",
    "word_term",
    "word_terms",
]

#: Snowball's English list (shipped with Whoosh), the classic choice for BM25.
STOP_WORDS: frozenset[str] = frozenset(stoplists["en"])

#: Words and numbers. Hyphens split ("COVID-19" → covid, 19; "labour-sending" →
#: labour, sending) so either half finds the compound; apostrophes stay inside a
#: word so the stemmer can drop a possessive.
TOKEN_PATTERN = r"\w+(?:['’]\w+)*"


@lru_cache(maxsize=1)
def _stemmer():  # imported lazily: NLTK costs ~0.2 s to import
    import_nltk()
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer("english", ignore_stopwords=False)


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return _stemmer().stem(word)


@lru_cache(maxsize=1)
def reshaped_words() -> frozenset[str] | None:
    """Lowercase words whose term, of two letters or more, does not begin with their
    own first two letters ("dying" → "die"); None when NLTK does not show its list.

    English Snowball changes a word's ending only, never its first two letters (the
    regions its rules work in start after them), but for a list of exceptions it
    stems by look-up, and for stems it cuts to one letter ("a's" → "a"). A reader
    looking for given terms can then pass over a word whose first two letters begin
    none of them (:class:`~migsearch.search.highlight.Highlighter`), without
    stemming it. The list is read from NLTK's stemmer, so that it follows its version.
    """
    special = getattr(_stemmer().stemmer, "_EnglishStemmer__special_words", None)
    if not isinstance(special, dict):
        return None
    return frozenset(w for w, t in special.items() if len(t) >= 2 and t[:2] != w[:2])


class SnowballFilter(Filter):
    """Stems token text with NLTK's English Snowball stemmer (cached per word)."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(self, tokens):
        for t in tokens:
            if not t.stopped:
                t.text = stem(t.text)
            yield t


# ---------------------------------------------------------------- unspaced scripts

#: ICU's rule status of a word break: below 100 the piece is no word (spaces, punctuation)
_ICU_WORD = 100
_local = threading.local()


def _break_iterator() -> Any:  # one per thread: an ICU iterator holds its text
    bi = getattr(_local, "words", None)
    if bi is None:
        import icu  # imported lazily: only texts in unspaced scripts need it

        bi = _local.words = icu.BreakIterator.createWordInstance(icu.Locale.getRoot())
    return bi


def segment_words(run: str) -> list[tuple[int, int]]:
    """Start and end of each word in ``run`` (Thai, Lao, Khmer or Burmese), by ICU's dictionaries."""
    bi = _break_iterator()
    bi.setText(run)
    out = []
    start = bi.first()
    for end in bi:
        if bi.getRuleStatus() >= _ICU_WORD:
            out.append((start, end))
        start = end
    return out


def has_unspaced(text: str) -> bool:
    """Does ``text`` hold letters of a script written without spaces between words?"""
    return unspaced_run_pattern().search(text) is not None


@lru_cache(maxsize=1)
def _token_expression() -> re.Pattern[str]:
    # a run of unspaced-script letters (group 1), or a word of any other script whose
    # letters exclude the unspaced ones (Thai consonants are \w, its vowel signs are not)
    unspaced = unspaced_run_pattern().pattern[1:-2]  # the class's inside: "\u0E00-\u0E7F…"
    word = rf"[^\W{unspaced}]+"
    return re.compile(rf"([{unspaced}]+)|{word}(?:['’]{word})*")


def token_matches(text: str, start: int = 0) -> Iterator[re.Match[str]]:
    """The tokenizer's matches in ``text`` from ``start`` on: a word of a spaced script,
    or a run of unspaced-script letters (group 1), which :func:`segment_words` cuts.
    A ``start`` inside a run is moved back to the run's start, where a scan of the
    whole text begins it (a run is cut as a whole)."""
    inside = _run_letter()
    while start > 0 and inside(text, start - 1) and inside(text, start):
        start -= 1
    return _token_expression().finditer(text, start)


def script_word_spans(text: str, start: int, end: int | None) -> Iterator[tuple[int, int]]:
    """Start and end of each word :class:`ScriptTokenizer` cuts from ``text`` that starts
    at ``start`` or later (and before ``end``, when given): the words of the runs of
    unspaced letters around them included, only those runs cut. ``start``: a word's
    start, a space, or anywhere inside a run."""
    for m in token_matches(text, start):
        base = m.start()
        if end is not None and base >= end:
            return
        if m.lastindex is None:
            if base >= start:
                yield base, m.end()
            continue
        for s, e in segment_words(m.group(1)):
            if end is not None and base + s >= end:
                return
            if base + s >= start:
                yield base + s, base + e


@lru_cache(maxsize=1)
def _run_letter() -> Callable[[str, int], re.Match[str] | None]:
    return re.compile(unspaced_run_pattern().pattern[:-1]).match


class ScriptTokenizer(Tokenizer):
    """Words of every script: ICU word break inside unspaced runs, :data:`TOKEN_PATTERN` elsewhere.

    In index mode a Latin word with diacritics is followed by its folded form
    at the same position and offsets (folding here, not in a filter of its
    own, keeps English indexing as fast as with Whoosh's regex tokenizer).
    """

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    @property
    def expression(self) -> re.Pattern[str]:
        """The words of a text without unspaced-script letters (the highlighter's fast path)."""
        return _plain_words()

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        t.folded = False  # True on the folded copy of the word before (StopWordFilter)
        if not tokenize:
            t.original = t.text = value
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
            return
        fold = mode != "query"
        pos = start_pos
        for m in _token_expression().finditer(value):
            if m.lastindex is None:  # a word of a spaced script: the common case, kept lean
                text = m.group(0)
                t.text = text
                t.boost = 1.0
                if keeporiginal:
                    t.original = text
                t.stopped = False
                if positions:
                    t.pos = pos
                if chars:
                    t.startchar = start_char + m.start()
                    t.endchar = start_char + m.end()
                yield t
                if fold and not text.isascii():
                    folded = fold_latin(text)
                    if folded != text:
                        t.text = folded
                        t.stopped = False
                        t.folded = True
                        yield t
                        t.folded = False
                pos += 1
                continue
            base = m.start()
            for s, e in segment_words(m.group(1)):
                t.text = value[base + s : base + e]
                t.boost = 1.0
                if keeporiginal:
                    t.original = t.text
                t.stopped = False
                if positions:
                    t.pos = pos
                if chars:
                    t.startchar = start_char + base + s
                    t.endchar = start_char + base + e
                pos += 1
                yield t


@lru_cache(maxsize=1)
def _plain_words() -> re.Pattern[str]:
    return re.compile(TOKEN_PATTERN)


# ---------------------------------------------------------------- accents

_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F\u1E00-\u1EFF\u0300-\u036F]+")
_MARKS = re.compile(r"[\u0300-\u036F]")
_UNDECOMPOSED = str.maketrans({"đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L"})


@lru_cache(maxsize=200_000)
def fold_latin(word: str) -> str:
    """``word`` without its diacritics when it is Latin-script ("động" → "dong"); else as is."""
    if word.isascii() or not _LATIN.fullmatch(word):
        return word
    return _MARKS.sub("", unicodedata.normalize("NFD", word.translate(_UNDECOMPOSED)))


class StopWordFilter(Filter):
    """Whoosh's ``StopFilter`` (drop stop words, number the other words on) that leaves
    the folded copy of a word at that word's position, so phrases match either form."""

    def __init__(self, stoplist: frozenset[str] = STOP_WORDS) -> None:
        self.stops = frozenset(stoplist)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.stops == self.stops

    def __hash__(self) -> int:
        return hash((type(self), self.stops))

    def __call__(self, tokens):
        stops = self.stops
        pos = None
        for t in tokens:
            if t.text in stops:
                if not t.removestops:
                    t.stopped = True
                    yield t
                continue
            if t.positions:
                if pos is None:
                    pos = t.pos
                elif not t.folded:
                    pos += 1
                t.pos = pos
            t.stopped = False
            yield t


def text_analyzer() -> Analyzer:
    """Tokenize (every script, accents folded), lowercase, drop stop words, stem:
    the analyzer of every text field."""
    return ScriptTokenizer() | LowercaseFilter() | StopWordFilter() | SnowballFilter()


# ---------------------------------------------------------------- indexing in one pass

#: a word as the tokenizer gives it -> its indexed term (lowercased, stemmed), or None
#: for a stop word; the same few thousand words recur in every document
_terms: dict[str, str | None] = {}
#: words kept in :data:`_terms` before it starts afresh (memory stays bounded)
TERMS_KEPT = 500_000


def word_term(word: str) -> str | None:
    """The term :func:`text_analyzer` gives ``word`` (a word as its tokenizer cuts it), not
    counting a folded copy; None for a stop word. Each distinct word is lowercased,
    checked against the stop list and stemmed once per process."""
    term = _terms.get(word, "")
    if term == "":
        low = word.lower()
        term = None if low in STOP_WORDS else stem(low)
        if len(_terms) >= TERMS_KEPT:
            _terms.clear()
        _terms[word] = term
    return term


def word_terms(word: str) -> tuple[str, ...]:
    """Every term :func:`text_analyzer` gives ``word``, one word of a text without
    letters of unspaced scripts (:func:`has_unspaced`), in order: its own (none for a
    stop word), then its folded copy's, when folding changes it ("động" → "dong").

    The same answer as running the analyzer over the word (in any mode but query
    mode, stop words removed), without a token stream: a reader that meets a new
    word per document (feedback) or per snippet would otherwise pay the four
    chained generators for each.
    """
    term = word_term(word)
    out = () if term is None else (term,)
    if not word.isascii():
        folded = fold_latin(word)
        if folded != word:
            fterm = word_term(folded)
            if fterm is not None:
                out += (fterm,)
    return out


def index_positions(value: str) -> dict[str, list[int]]:
    """The positions of each term :func:`text_analyzer` gives ``value`` at index time,
    terms in the order they first occur.

    Exactly what the analyzer's four stages give (same terms, same positions), in
    one loop instead of four chained generators passing one token object along,
    and each distinct word lowercased, checked against the stop list and stemmed
    once per process (:func:`word_term`): analysing was a third of writing a
    document. Index mode only; a query, or text analysed with other options,
    still goes through the analyzer itself.

    A text without letters of unspaced scripts (most of a build's) takes
    :func:`_spaced_positions`, which needs no match objects; any other text the
    loop over the tokenizer's matches (:func:`_positions_by_match`).
    """
    if value.isascii() or not has_unspaced(value):
        return _spaced_positions(value)
    return _positions_by_match(value)


def _spaced_positions(value: str) -> dict[str, list[int]]:
    """:func:`index_positions` of a text without letters of unspaced scripts.

    There the tokenizer's words are :data:`TOKEN_PATTERN`'s matches as ``findall``
    gives them, and their terms come from one ``map`` over the cache of
    :func:`word_term` (a word it has not met is looked up once). In ASCII, with no
    accent to fold, the non-stop words are numbered on from the first one (the
    stop filter leaves no gap); otherwise a loop places each folded copy as
    :func:`_positions_by_match` does. Tests hold the two to the same answers.
    """
    words = _plain_words().findall(value)
    terms = list(map(_terms.get, words, repeat("")))
    if "" in terms:  # words this process has not met yet
        terms = [word_term(w) if t == "" else t for w, t in zip(words, terms, strict=True)]
    out: dict[str, list[int]] = {}
    if value.isascii():
        first = next((i for i, t in enumerate(terms) if t is not None), 0)
        for pos, term in enumerate([t for t in terms if t is not None], first):
            held = out.get(term)
            if held is None:
                out[term] = [pos]
            else:
                held.append(pos)
        return out
    pos: int | None = None  # the stop filter's count: stop words leave no gap
    for tpos, (word, term) in enumerate(zip(words, terms, strict=True)):
        pos = _place(out, pos, tpos, word, term)
    return out


def _place(
    out: dict[str, list[int]], pos: int | None, tpos: int, word: str, term: str | None
) -> int | None:
    """Put ``word`` (the tokenizer's ``tpos``-th, of term ``term``; None: a stop word)
    and its folded copy, if it has one, in ``out``; returns the stop filter's count
    after it (None until the first word that is not a stop word)."""
    if term is not None:
        pos = tpos if pos is None else pos + 1
        out.setdefault(term, []).append(pos)
    if not word.isascii():
        folded = fold_latin(word)
        if folded != word:  # the folded copy sits at the word's position
            fterm = word_term(folded)
            if fterm is not None:
                if pos is None:
                    pos = tpos
                out.setdefault(fterm, []).append(pos)
    return pos


def _positions_by_match(value: str) -> dict[str, list[int]]:
    """:func:`index_positions` of any text: a loop over the tokenizer's matches."""
    out: dict[str, list[int]] = {}
    pos: int | None = None  # the stop filter's count: stop words leave no gap
    tpos = 0  # the tokenizer's count
    for m in _token_expression().finditer(value):
        if m.lastindex is None:
            text = m.group(0)
            pos = _place(out, pos, tpos, text, word_term(text))
            tpos += 1
            continue
        run = m.group(1)
        for s, e in segment_words(run):
            term = word_term(run[s:e])
            if term is not None:
                pos = tpos if pos is None else pos + 1
                out.setdefault(term, []).append(pos)
            tpos += 1
    return out
