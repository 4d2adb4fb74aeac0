"""Highlighted snippets: the passages of a hit that show why it matched.

The output is what Whoosh's ``Hit.highlights(field, text=…, top=2)`` gives
with a :class:`~whoosh.highlight.ContextFragmenter` of 220 characters and 60
around each match, but computed without a Whoosh ``Results`` object: the
words to mark are taken from the query tree once per search
(:func:`query_words`), and for the index's analyzer (a regex tokenizer and
one-to-one filters) each distinct word of a text is analysed once and the
fragments are cut from plain lists of token spans.

Snippets come from the best passages anywhere in the body (those with the
most distinct query words, then the most matches), not from its opening: a
long report that matched on page 30 shows page 30. Only a body longer than
:data:`SNIPPET_CHARS` is cut, to bound the work per hit.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from itertools import islice, repeat
from operator import eq
from typing import Any

from whoosh import highlight as wh
from whoosh import query as Q
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StopFilter, Token

from migsearch.indexer.vocabulary.analysis import (
    ScriptTokenizer,
    SnowballFilter,
    StopWordFilter,
    has_unspaced,
)
from migsearch.search.cache import BoundedCache
from migsearch.search.evaluate import positive_leaves

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
        self._expression = plain_words(analyzer)
        self._plain = self._expression is not None
        #: with the index's own tokenizer, an ASCII word is one token whose term starts
        #: with the word's first letter, lowercased (Snowball only changes endings): a
        #: word whose first letter starts no query word cannot match, and is not analysed
        self._by_initial = self._plain and type(analyzer.items[0]) is ScriptTokenizer

    def snippets(self, text: str, words: frozenset[str], typed: list[str] | None = None) -> str:
        """The best passages of ``text`` with ``words`` in bold ("" when none is there).

        ``typed``: when the query had expansions, the words typed, whose passages win.
        """
        if not text or not words:
            return ""
        # Thai, Lao, Khmer or Burmese words are cut by a dictionary, not a regex
        plain = self._plain and not has_unspaced(text)
        spans = self._word_spans(text, words) if plain else None
        if spans is not None:
            fragments: Any = _context_fragments(text, *spans, self.fragmenter)
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
            initials = {w[:1] for w in words} if self._by_initial else None
            for i in [i for i, t in enumerate(got) if t == ""]:
                surface = surfaces[i]
                if (
                    initials is not None
                    and surface.isascii()
                    and surface[0].lower() not in initials
                ):
                    got[i] = "not a query word"  # one token, not in words (see _by_initial)
                else:
                    got[i] = cache.put(surface, self._term(surface))
        if None in got:
            return None
        starts, ends = map(list, zip(*spans, strict=True))
        if any(map(eq, ends, islice(starts, 1, None))):
            return None
        return starts, ends, [t if t in words else None for t in got]

    def _term(self, surface: str) -> str | None:
        toks = [t.text for t in self.analyzer(surface, mode="index", removestops=False)]
        return toks[0] if len(toks) == 1 else None


#: filters that turn one token into exactly one token, whatever its neighbours (a word
#: with accents gives two tokens, itself and its folded form: :meth:`Highlighter._term`
#: then sends the text to the general path)
_ONE_TO_ONE = (LowercaseFilter, StopFilter, StopWordFilter, SnowballFilter)


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


def _context_fragments(
    text: str, starts: list[int], ends: list[int], terms: list[str | None], fragmenter: Any
) -> Iterator[wh.Fragment]:
    """``ContextFragmenter.fragment_tokens`` over plain lists (same fragments, same order).

    Whoosh steps through every token, keeping those before a match in a window of
    ``surround`` characters where the next fragment may start. Here the tokens
    between fragments are jumped over to the next match, and that window is found
    by bisection; tokens in and around a fragment are stepped through as Whoosh
    does. A hit's text is mostly tokens between fragments.
    """
    maxchars = fragmenter.maxchars
    surround = fragmenter.surround
    charlimit = fragmenter.charlimit
    # Whoosh stops at the first token ending past the limit (ends only grow)
    n = bisect_right(ends, charlimit) if charlimit else len(ends)
    matched = [i for i in range(n) if terms[i] is not None]
    m = 0  # the next of them
    first = None
    opened = 0  # the first token of the window (Whoosh's "firsts") since the last fragment
    countdown = -1
    tks: list[Any] = []
    endchar = None
    currentlen = 0
    i = 0
    while i < n:
        term = terms[i]
        if countdown < 0 and term is None:
            while m < len(matched) and matched[m] < i:
                m += 1
            if m == len(matched):
                break  # no match left: nothing more to cut (tks is empty here)
            i = matched[m]
            continue
        startchar = starts[i]
        endchar = ends[i]
        tlength = endchar - startchar
        if currentlen + tlength > maxchars:
            countdown = 0
        elif term is not None:
            countdown = surround
            if first is None:
                # the window: tokens since the last fragment within ``surround`` of the
                # end of the token before this one
                k = bisect_left(starts, ends[i - 1] - surround, opened, i) if i > opened else i
                if k < i:
                    first = starts[k]
                else:
                    first = startchar
                    countdown += surround
            t = Token(positions=True, chars=True, removestops=False, mode="index")
            t.text, t.pos, t.startchar, t.endchar, t.matched = term, i, startchar, endchar, True
            tks.append(t)
        if countdown >= 0:
            currentlen += tlength
            countdown -= tlength
            if countdown <= 0:
                yield wh.mkfrag(text, tks, startchar=first, endchar=endchar)
                tks = []
                opened = i + 1
                first = None
                currentlen = 0
        i += 1
    if tks:
        if n < len(ends):  # as Whoosh, which reads the end of the token it stops at
            endchar = ends[n]
        yield wh.mkfrag(text, tks, startchar=first, endchar=endchar)
