"""Highlighted snippets: the passages of a hit that show why it matched.

The output is what Whoosh's ``Hit.highlights(field, text=…, top=2)`` gives
with a :class:`~whoosh.highlight.ContextFragmenter` of 220 characters and 60
around each match, but computed without a Whoosh ``Results`` object: the
words to mark are taken from the query tree once per search
(:func:`query_words`). With the index's own analyzer only the words whose
first letters may begin a query word are cut out of a text and analysed, and
fragments are read around them (:func:`~migsearch.search.fragments.fragments_around`);
with another regex tokenizer and one-to-one filters each distinct word is
analysed once and fragments are cut from plain lists of token spans.

Snippets come from the best passages anywhere in the body (those with the
most distinct query words, then the most matches), not from its opening: a
long report that matched on page 30 shows page 30. Only a body longer than
:data:`SNIPPET_CHARS` is cut, to bound the work per hit.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import islice, repeat
from operator import eq
from typing import Any

from whoosh import highlight as wh
from whoosh import query as Q
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StopFilter

from migsearch.indexer.vocabulary.analysis import (
    ScriptTokenizer,
    SnowballFilter,
    StopWordFilter,
    fold_latin,
    has_unspaced,
    reshaped_words,
    script_word_spans,
    segment_words,
    text_analyzer,
    token_matches,
    word_term,
)
from migsearch.search.cache import BoundedCache
from migsearch.search.evaluate import positive_leaves
from migsearch.search.fragments import context_fragments, fragments_around, regex_reader

__all__ = [
    "MAX_PAGES_SCANNED",
    "SNIPPET_CHARS",
    "BoldFormatter",
    "Highlighter",
    "TypedWordsFirst",
    "page_snippets",
    "plain_words",
    "query_words",
    "snippet_source",
]

#: Characters of a document's body that snippets are cut from (about 40 pages; a
#: snippet from a longer body comes from its first 200,000 characters)
SNIPPET_CHARS = 200_000
#: Snippets per hit.
FRAGMENTS = 2
#: a text with a match (or a word of two tokens) every this many characters or more
#: often is read word by word: reading only around the matches then reads nearly every
#: word anyway, one at a time, which costs more than reading them all at once
DENSE_CHARS = 150
#: the same for the words to analyse in search of matches (a text with a letter outside
#: ASCII in nearly every word, as Vietnamese has, or a query word's first letters)
CANDIDATE_CHARS = 50
#: a text this long or shorter is read around its matches however many: reading it
#: whole then costs about as much or more (measured on the snippets of a 100k run)
SHORT_TEXT = 4000


class BoldFormatter(wh.Formatter):
    """``<b>word</b>`` around matches, everything else HTML-escaped (pages are untrusted)."""

    between = " … "

    def _text(self, text: str) -> str:
        return html.escape(text, quote=False)

    def format_token(self, text: str, token: Any, replace: bool = False) -> str:
        return "<b>" + html.escape(wh.get_text(text, token, replace), quote=False) + "</b>"


class TypedWordsFirst(wh.FragmentScorer):
    """Prefers snippets with the words the user typed over ones with only their synonyms.

    Whoosh's default scorer counts every matched term alike, so once synonyms
    are OR-ed in, a passage with "fishermen" could push out the one with the
    "fishers" that was asked for.
    """

    def __init__(self, typed: list[str], synonym_weight: float = 0.5) -> None:
        self.typed = set(typed)
        self.synonym_weight = synonym_weight

    def __call__(self, f: wh.Fragment) -> float:
        typed = self.typed
        w = self.synonym_weight
        score = sum(1.0 if t.text in typed else w for t in f.matches)
        distinct = sum(1.0 if t in typed else w for t in f.matched_terms)
        return score * (distinct * 100 or 1)


def snippet_source(summary: str, body: str) -> str:
    """The text highlights are cut from: the body, with the summary only if it adds."""
    text = body[:SNIPPET_CHARS]
    if not summary or summary[:200] in text:
        return text
    return summary + "\n" + text


#: pages of a paged document looked through for a passage (a 1,000-page annex is cut short)
MAX_PAGES_SCANNED = 500


def page_snippets(
    highlighter: Highlighter,
    summary: str,
    body: str,
    pages: Sequence[int],
    words: frozenset[str],
    typed: list[str] | None = None,
) -> tuple[str, int | None]:
    """Highlights of a document and the page they are on (None when unpaged).

    A paged document (a PDF: ``pages`` holds where each page starts in its
    body) is looked through page by page, so a word that appears only on page
    7 of a report is shown in its passage there, with the page to cite and link.
    """
    if not pages:
        return highlighter.snippets(snippet_source(summary, body), words, typed), None
    bounds = [*pages, len(body)]
    for n in range(min(len(pages), MAX_PAGES_SCANNED)):
        text = body[bounds[n] : min(bounds[n + 1], bounds[n] + SNIPPET_CHARS)]
        hl = highlighter.snippets(text, words, typed)
        if hl:
            return hl, n + 1
    return "", None


def query_words(
    q: Q.Query,
    reader: Any,
    fieldname: str,
    phrase_matches: Callable[[Q.Query], bool],
) -> frozenset[str]:
    """The words of ``q`` in ``fieldname`` to mark, as index terms.

    Prefixes are expanded to the index's words; negated words are left out; a
    phrase's words count only when ``phrase_matches(phrase)`` says the phrase
    matches one of the search's results.
    """
    field = reader.schema[fieldname]
    out: set[str] = set()
    for leaf in positive_leaves(q):
        if isinstance(leaf, Q.MultiTerm):
            if leaf.field() != fieldname:
                continue
            texts: list[Any] = [b for _, b in leaf.expanded_terms(reader)]
        else:
            texts = [t for f, t in leaf.iter_all_terms(phrases=True) if f == fieldname]
            if texts and isinstance(leaf, Q.Phrase) and not phrase_matches(leaf):
                continue
        for text in texts:
            try:
                b = text if isinstance(text, bytes) else field.to_bytes(text)
            except ValueError:
                continue
            if (fieldname, b) in reader:
                out.add(field.from_bytes(b))
    return frozenset(out)


class Highlighter:
    """Cuts the snippets of one index's texts (its analyzer's words are remembered)."""

    def __init__(self, analyzer: Any) -> None:
        self.analyzer = analyzer
        self.formatter = BoldFormatter()
        # Whoosh stops looking after 32,768 characters by default: look through the text
        self.fragmenter = wh.ContextFragmenter(maxchars=220, surround=60, charlimit=SNIPPET_CHARS)
        #: surface form → index term (None: the analyzer drops or splits it)
        self._terms: BoundedCache[str | None] = BoundedCache(200_000)
        #: surface form → its term, or the pair of terms of a word and its folded copy
        self._own_terms: BoundedCache[Any] = BoundedCache(200_000)
        self._expression = plain_words(analyzer)
        self._plain = self._expression is not None
        #: the index's own tokenizer: an ASCII word is one token (see _unwanted)
        self._by_initial = self._plain and type(analyzer.items[0]) is ScriptTokenizer
        #: the analyzer of every text field: a new word's term is read without a token stream
        self._own = self._plain and analyzer == text_analyzer()
        self._read = regex_reader(self._expression) if self._own else None

    def snippets(self, text: str, words: frozenset[str], typed: list[str] | None = None) -> str:
        """The best passages of ``text`` with ``words`` in bold ("" when none is there).

        ``typed``: when the query had expansions, the words typed, whose passages win.
        """
        if not text or not words:
            return ""
        marks = spans = None
        unspaced = has_unspaced(text)
        if self._own:
            marks = self._marks(text, words, unspaced)
            long = len(text) > SHORT_TEXT
            if marks is not None and long and len(marks) * DENSE_CHARS > len(text):
                # matches every few words: reading every word at once costs less
                spans = None if unspaced else _spans_of(text, self._expression, marks)
                marks = None
        if marks is None and spans is None and self._plain and not unspaced:
            spans = self._word_spans(text, words)
        if marks is not None:
            # Thai, Lao, Khmer or Burmese words are cut by a dictionary, not a regex
            read = script_word_spans if unspaced else self._read
            fragments: Any = fragments_around(text, marks, read, self.fragmenter)
        elif spans is not None:
            fragments = context_fragments(text, *spans, self.fragmenter)
        else:
            tokens = self.analyzer(
                text, positions=True, chars=True, mode="index", removestops=False
            )
            tokens = wh.set_matched_filter(tokens, words)
            tokens = wh.Highlighter._merge_matched_tokens(tokens)
            fragments = self.fragmenter.fragment_tokens(text, tokens)
        scorer = TypedWordsFirst(typed) if typed is not None else wh.BasicFragmentScorer()
        fragments = wh.top_fragments(fragments, FRAGMENTS, scorer, wh.FIRST, minscore=1)
        return self.formatter.format(fragments)

    def _marks(
        self, text: str, words: frozenset[str], unspaced: bool
    ) -> dict[int, tuple[str | None, ...]] | None:
        """By start, in text order, the words of ``text`` that hold a match or stand
        for two tokens, with the term of each of their tokens that is one of
        ``words`` (None for the others), as far as the fragmenter's limit: the marks
        :func:`~migsearch.search.fragments.fragments_around` reads (the index's own
        analyzer).

        Only the words that may hold a match are analysed: the ASCII words whose
        first letters begin one of ``words`` (:func:`_finder`), the words with a
        character outside ASCII, and the words of a run of unspaced-script letters
        (Thai, Lao, Khmer, Burmese) that holds one of ``words``; only those runs
        are cut into words. Most words of a text are none of these, and cost
        nothing. A word that starts past the limit is not looked at (one that
        starts within it may still merge with the match before it, as in Whoosh).
        None for a text longer than :data:`SHORT_TEXT` with more words to analyse
        than one in :data:`CANDIDATE_CHARS` characters (:func:`_crowded`).
        """
        limit = self.fragmenter.charlimit or len(text)
        finder = _finder(words)
        if len(text) > SHORT_TEXT and _crowded(text, words, finder, unspaced):
            return None
        if unspaced:
            found = _scanned(text, words, finder[1] if finder else frozenset(), limit)
        else:
            found = {}
            if finder is not None:
                pattern, prefixes = finder
                for m in pattern.finditer(text):
                    if m.start() > limit:
                        break
                    surface = m.group()
                    if surface[:2].lower() in prefixes or surface[:1].lower() in prefixes:
                        found[m.start()] = surface
            if not text.isascii():
                for m in _foreign_words(text):
                    if m.start() > limit:
                        break
                    found[m.start()] = m.group()
                found = dict(sorted(found.items()))
        peek = self._own_terms.peek()
        out: dict[int, tuple[str | None, ...]] = {}
        for a, surface in found.items():
            got = peek(surface, "")
            if got == "":
                got = self._own_terms.put(surface, _own_terms(surface))
            if type(got) is str:
                if got in words:
                    out[a] = (got,)
            else:
                word, folded = got
                out[a] = (word if word in words else None, folded if folded in words else None)
        return out

    def _word_spans(
        self, text: str, words: frozenset[str]
    ) -> tuple[list[int], list[int], list[str | None]] | None:
        """Start, end and term of each token of ``text`` (the term only where it is
        one of ``words``, else None).

        Each distinct word is analysed once (and remembered). None when a word
        does not analyse to exactly one token, or two tokens touch (Whoosh would
        merge them): the general path handles those texts. The text's words are
        looked up in whole lists (map, comprehensions), not one loop step each:
        a snippet's cost is one pass of a few C-level steps per word.
        """
        cache = self._terms
        spans = [m.span() for m in self._expression.finditer(text)]
        if not spans:
            return [], [], []
        surfaces = [text[a:b] for a, b in spans]
        # "" for a word not seen yet; None for one that is not exactly one token
        got = list(map(cache.peek(), surfaces, repeat("", len(surfaces))))
        if "" in got:
            unwanted = self._unwanted(words)
            for i in [i for i, t in enumerate(got) if t == ""]:
                surface = surfaces[i]
                if unwanted is not None and surface.isascii() and unwanted(surface):
                    got[i] = "not a query word"  # one token, not in words (see _unwanted)
                else:
                    got[i] = cache.put(surface, self._term(surface))
        if None in got:
            return None
        starts, ends = map(list, zip(*spans, strict=True))
        if any(map(eq, ends, islice(starts, 1, None))):
            return None
        return starts, ends, [t if t in words else None for t in got]

    def _unwanted(self, words: frozenset[str]) -> Callable[[str], bool] | None:
        """A test of an ASCII word of a text that is true when its term cannot be one of
        ``words`` (None: no such test for this analyzer); such a word is not analysed.

        With the index's own tokenizer an ASCII word is one token, whose term begins
        with the word's first letter, lowercased. With the index's own analyzer it
        begins with its first two letters, but for the words :func:`reshaped_words`
        lists and terms shorter than two letters. Most words of a hit's text are
        new to a fresh process, and the stemmer costs tens of microseconds a word.
        """
        if not self._by_initial:
            return None
        reshaped = reshaped_words() if self._own else None
        if reshaped is not None and min(map(len, words)) >= 2:
            prefixes = {w[:2] for w in words}
            return lambda s: s[:2].lower() not in prefixes and s.lower() not in reshaped
        initials = {w[:1] for w in words}
        return lambda s: s[0].lower() not in initials

    def _term(self, surface: str) -> str | None:
        if self._own:
            term = _own_terms(surface)
            return term if type(term) is str else None  # a word and its folded copy
        toks = [t.text for t in self.analyzer(surface, mode="index", removestops=False)]
        return toks[0] if len(toks) == 1 else None


#: filters that turn one token into exactly one token, whatever its neighbours (a word
#: with accents gives two tokens, itself and its folded form: :meth:`Highlighter._term`
#: then sends the text to the general path)
_ONE_TO_ONE = (LowercaseFilter, StopFilter, StopWordFilter, SnowballFilter)


def _spans_of(
    text: str, expression: re.Pattern[str], marks: dict[int, tuple[str | None, ...]]
) -> tuple[list[int], list[int], list[str | None]] | None:
    """:meth:`Highlighter._word_spans` of a text whose matches are known (``marks``), each
    word a token: every word's span, read at once, and its term where it matches.
    None when a word stands for two tokens."""
    if any(len(v) > 1 for v in marks.values()):
        return None
    spans = list(map(re.Match.span, expression.finditer(text)))
    if not spans:
        return None
    starts, ends = map(list, zip(*spans, strict=True))
    first = {a: v[0] for a, v in marks.items()}
    return starts, ends, list(map(first.get, starts))


def _crowded(text: str, words: frozenset[str], finder: Any, unspaced: bool) -> bool:
    """Too many words of ``text`` for :meth:`Highlighter._marks` to be worth it? Counted
    in C, over rather than under: more than one in :data:`CANDIDATE_CHARS` characters
    begins with a query word's first letter, or is outside ASCII in a spaced script
    (Vietnamese has such a letter in nearly every word); or a query word of an
    unspaced script is found more than once in :data:`DENSE_CHARS` characters."""
    n = len(text)
    if finder is not None and len(finder[0].findall(text)) * CANDIDATE_CHARS > n:
        return True
    if unspaced:
        return sum(text.count(w) for w in words if has_unspaced(w)) * DENSE_CHARS > n
    foreign = n - len(text.encode("ascii", "ignore"))  # characters outside ASCII
    return foreign * CANDIDATE_CHARS > n


def _scanned(
    text: str, words: frozenset[str], prefixes: frozenset[str], limit: int
) -> dict[int, str]:
    """:meth:`Highlighter._marks`'s words to analyse in a text with unspaced-script
    letters, by start: every word and run of the tokenizer is visited (its own
    grammar: a Latin word may touch a Thai run), and a run is cut into words only
    when one of ``words`` is in it (a word of a run is its own term)."""
    inside = [w for w in words if has_unspaced(w)]
    found: dict[int, str] = {}
    for m in token_matches(text):
        base = m.start()
        if base > limit:
            break
        if m.lastindex is None:
            surface = m.group()
            if (
                not surface.isascii()
                or surface[:2].lower() in prefixes
                or surface[:1].lower() in prefixes
            ):
                found[base] = surface
            continue
        run = m.group(1)
        if any(w in run for w in inside):
            for s, e in segment_words(run):
                found[base + s] = run[s:e]
    return found


def _own_terms(surface: str) -> Any:
    """The term :func:`text_analyzer` gives ``surface``, one of its words, in index mode
    with stop words kept (unstemmed); a word that folds ("động") gives two tokens,
    itself and its folded copy: then the pair of their terms."""
    term = word_term(surface) or surface.lower()
    if surface.isascii():
        return term
    folded = fold_latin(surface)
    return term if folded == surface else (term, word_term(folded) or folded.lower())


def _foreign_words(text: str) -> Iterator[re.Match[str]]:
    """The words of ``text`` (as the index's own tokenizer cuts them) that hold a
    character outside ASCII, in order, and perhaps a few more (an ASCII word followed
    by a lone apostrophe and a foreign one): found in C, from their starts."""
    return _FOREIGN_WORD.finditer(text)


#: from a word's start (as :data:`~migsearch.indexer.vocabulary.analysis.TOKEN_PATTERN`
#: cuts words), a word with a letter outside ASCII or a curly apostrophe before a letter
_FOREIGN_WORD = re.compile(
    r"(?<!\w)(?<!\w['’])(?=[\w'’]*?(?:(?![\x00-\x7f])\w|’\w))\w+(?:['’]\w+)*"
)


@lru_cache(maxsize=512)
def _finder(words: frozenset[str]) -> tuple[re.Pattern[str], frozenset[str]] | None:
    """A regex that finds the ASCII words of a text that may analyse (by the index's own
    analyzer) to one of ``words``, and the lowercase prefixes such a word begins with;
    None when no ASCII word can.

    An ASCII word's term begins with the word's first two letters, lowercased, but
    for :func:`reshaped_words` and terms of one letter (:meth:`Highlighter._unwanted`).
    The regex finds every word of the token grammar that begins with one of the
    prefixes' first letters (the look-behinds: not inside a word, "admin" is no
    "migrant" and "don't" has no "t"); the caller then checks the prefix. A term
    with an apostrophe second ("o'clock") is looked for by its first letter.
    """
    prefixes = {w[:2] if w[1:2].isalnum() else w[:1] for w in words if w.isascii() and w}
    reshaped = reshaped_words()
    if reshaped is None:
        prefixes = {p[:1] for p in prefixes}
    else:
        prefixes.update(w[:2] for w in reshaped if word_term(w) in words)
    if not prefixes:
        return None
    firsts = _letters(p[0] for p in prefixes)
    # a term of one letter leaves the second letter open
    seconds = "" if min(map(len, prefixes)) < 2 else _letters(p[1] for p in prefixes)
    pattern = firsts + r"(?<!\w.)(?<!\w['’].)" + seconds + r"\w*(?:['’]\w+)*"
    return re.compile(pattern), frozenset(prefixes)


def _letters(chars: Iterable[str]) -> str:
    """A regex class of ``chars`` in either case."""
    return "[" + re.escape("".join(sorted({x for c in chars for x in (c, c.upper())}))) + "]"


def plain_words(analyzer: Any) -> re.Pattern[str] | None:
    """The regex of ``analyzer``'s words when it is a regex tokenizer followed by filters
    that turn one token into exactly one token, whatever its neighbours: a word's terms
    then depend on its own characters alone, so a text without unspaced-script letters
    (``has_unspaced``) can be analysed word by word. None for any other analyzer."""
    items = getattr(analyzer, "items", None)
    plain = bool(
        items
        and type(items[0]) in (RegexTokenizer, ScriptTokenizer)
        and not getattr(items[0], "gaps", False)
        and items[0].expression.groups == 0
        and all(type(f) in _ONE_TO_ONE for f in items[1:])
    )
    return items[0].expression if plain else None
