"""Fragments of a text around its matched words, as Whoosh's ``ContextFragmenter`` cuts them.

Whoosh's fragmenter steps through every token of a text, keeping those within
``surround`` characters before a match in a window where the next fragment may
start, and closes a fragment ``surround`` token characters after its last
match or at ``maxchars`` token characters. Two ways to get the same fragments,
in the same order, at a fraction of the cost:

* :func:`context_fragments` from plain lists of every token's start, end and
  term, jumping between matches;
* :func:`fragments_around` from the matched words alone, reading the tokens
  near each match from the text itself: a hit's text is mostly words far from
  any match, which then cost nothing.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from typing import Any

from whoosh import highlight as wh
from whoosh.analysis import Token

__all__ = ["Reader", "context_fragments", "fragments_around", "regex_reader"]

#: ``read(text, start, end)``: the start and end of each word of ``text`` that starts
#: at ``start`` or later (and before ``end``, when given), as a scan of the whole text
#: cuts them; ``start`` is the start of a word, or a space
Reader = Callable[[str, int, "int | None"], Iterator[tuple[int, int]]]


def regex_reader(words: re.Pattern[str]) -> Reader:
    """The reader of a tokenizer's expression without look-behind whose words hold no
    whitespace, and never touch (a scan from a word's start, or from a space, finds
    the words a scan of the whole text finds there)."""

    def read(text: str, start: int, end: int | None) -> Iterator[tuple[int, int]]:
        return map(re.Match.span, words.finditer(text, start, len(text) if end is None else end))

    return read


def context_fragments(
    text: str, starts: list[int], ends: list[int], terms: list[str | None], fragmenter: Any
) -> Iterator[wh.Fragment]:
    """``ContextFragmenter.fragment_tokens`` over plain lists (same fragments, same order).

    Whoosh steps through every token, keeping those before a match in a window of
    ``surround`` characters where the next fragment may start. Here the tokens
    between fragments are jumped over to the next match, and that window is found
    by bisection; tokens in and around a fragment are stepped through as Whoosh
    does (:class:`_Cutter`). A hit's text is mostly tokens between fragments.
    """
    surround = fragmenter.surround
    charlimit = fragmenter.charlimit
    # Whoosh stops at the first token ending past the limit (ends only grow)
    n = bisect_right(ends, charlimit) if charlimit else len(ends)
    matched = [i for i in range(n) if terms[i] is not None]
    m = 0  # the next of them
    opened = 0  # the first token of the window (Whoosh's "firsts") since the last fragment
    cut = _Cutter(text, fragmenter)
    i = 0

    def window() -> int | None:
        # tokens since the last fragment within ``surround`` of the end of the one before
        k = bisect_left(starts, ends[i - 1] - surround, opened, i) if i > opened else i
        return starts[k] if k < i else None

    while i < n:
        term = terms[i]
        if cut.countdown < 0 and term is None:
            while m < len(matched) and matched[m] < i:
                m += 1
            if m == len(matched):
                break  # no match left: nothing more to cut (no fragment is open here)
            i = matched[m]
            continue
        fragment = cut.step(starts[i], ends[i], term, i, window)
        if fragment is not None:
            yield fragment
            opened = i + 1
        i += 1
    # as Whoosh, which reads the end of the token it stops at
    last = cut.rest(ends[n] if n < len(ends) else ends[n - 1] if n else 0)
    if last is not None:
        yield last


class _Cutter:
    """The fragment being cut, token by token, as Whoosh's ``ContextFragmenter`` cuts
    it: the step both ways of reading a text share (they differ in how they find the
    tokens and the window before a match)."""

    __slots__ = ("countdown", "currentlen", "first", "maxchars", "surround", "text", "tks")

    def __init__(self, text: str, fragmenter: Any) -> None:
        self.text = text
        self.maxchars = fragmenter.maxchars
        self.surround = fragmenter.surround
        #: token characters left before the fragment closes; below 0: no fragment open
        self.countdown = -1
        self.first: int | None = None
        self.tks: list[Token] = []
        self.currentlen = 0

    def step(
        self,
        startchar: int,
        endchar: int,
        term: str | None,
        pos: int,
        window: Callable[[], int | None],
    ) -> wh.Fragment | None:
        """Take one token (``term``: None for no match); the fragment it closes, if any.
        ``window()``: where a fragment opened by this match starts (None: at the match,
        which then gets ``surround`` more characters after it)."""
        tlength = endchar - startchar
        if self.currentlen + tlength > self.maxchars:
            self.countdown = 0
        elif term is not None:
            self.countdown = self.surround
            if self.first is None:
                self.first = window()
                if self.first is None:
                    self.first = startchar
                    self.countdown += self.surround
            self.tks.append(_token(term, pos, startchar, endchar))
        if self.countdown >= 0:
            self.currentlen += tlength
            self.countdown -= tlength
            if self.countdown <= 0:
                # a countdown ending at 0 makes Whoosh close an empty fragment at the
                # next token: kept, as it moves where the window opens
                fragment = wh.mkfrag(self.text, self.tks, startchar=self.first, endchar=endchar)
                self.tks = []
                self.first = None
                self.currentlen = 0
                return fragment
        return None

    def rest(self, endchar: int) -> wh.Fragment | None:
        """The fragment the text (or the limit, at a token ending at ``endchar``) cut
        short, if one is open."""
        if not self.tks:
            return None
        return wh.mkfrag(self.text, self.tks, startchar=self.first, endchar=endchar)


def _token(term: str, pos: int, startchar: int, endchar: int) -> Token:
    t = Token(positions=True, chars=True, removestops=False, mode="index")
    t.text, t.pos, t.startchar, t.endchar, t.matched = term, pos, startchar, endchar, True
    return t


#: the marks of a word that is one token and no match
_ONE: tuple[None] = (None,)


def fragments_around(
    text: str, marks: dict[int, tuple[str | None, ...]], read: Reader, fragmenter: Any
) -> Iterator[wh.Fragment]:
    """The fragments Whoosh's highlighter cuts from ``text`` (its matched tokens merged
    as :func:`_merged` says, then Whoosh's ``ContextFragmenter``), from its matched
    words alone.

    ``marks``: by the start of a word, in text order, the term of each token the
    word stands for, None where the token is no match: every word that holds a
    match, and every word of two tokens (a word and its folded copy, at one
    span); any other word is one token and no match. Words that start past the
    fragmenter's ``charlimit`` may be left out. ``read``: the words of the text
    from a position on (:data:`Reader`).

    From each match not yet in a fragment, the words before it are read back as
    far as the window needs, and those after it until its fragment closes; the
    words between fragments are never read. A token's ``pos`` is its start (its
    number in the text is not known, and nothing reads it).
    """
    surround = fragmenter.surround
    charlimit = fragmenter.charlimit
    starts = [a for a, terms in marks.items() if terms != _ONE and any(terms)]
    #: the first token after the last fragment: its word's start, its place in the word
    opened = (0, 0)
    match = (0, 0)

    def window() -> int | None:
        return _window_start(text, read, marks, opened, match, surround)

    n = 0  # the next word with a match not in a fragment
    while n < len(starts):
        cut = _Cutter(text, fragmenter)
        at = starts[n]
        endchar = at
        # ``match`` is read by window(), when a match opens a fragment
        for startchar, endchar, term, match, last in _merged(  # noqa: B007
            text, read, marks, at, _first_match(marks[at])
        ):
            if charlimit and endchar > charlimit:
                rest = cut.rest(endchar)  # as Whoosh, which reads the end of this token
                if rest is not None:
                    yield rest
                return
            if cut.countdown < 0 and term is None:
                break  # out of a fragment: on to the next match
            fragment = cut.step(startchar, endchar, term, startchar, window)
            if fragment is not None:
                yield fragment
                opened = (last[0], last[1] + 1)
        else:  # the text ended
            rest = cut.rest(endchar)
            if rest is not None:
                yield rest
            return
        # the next match after the token the jump left from (a token of no match)
        n = bisect_left(starts, last[0])
        if n < len(starts) and starts[n] == last[0] and _first_match(marks[last[0]]) <= last[1]:
            n += 1


#: a token as the fragmenter meets it: start, end, term (None: no match), and the
#: first and last of the tokens it was merged from (a word's start, a place in the word)
_Merged = tuple[int, int, "str | None", tuple[int, int], tuple[int, int]]


def _merged(
    text: str, read: Reader, marks: dict[int, tuple[str | None, ...]], at: int, lead: int
) -> Iterator[_Merged]:
    """The tokens from token ``lead`` of the word at ``at`` on (the token before it no
    match), as Whoosh's highlighter passes them to the fragmenter: matched tokens
    that touch or overlap the one held are merged into it ("แรงงาน" and "ข้าม" side
    by side become one match), and, as Whoosh does, a matched token that does not
    is passed on at once after the held one, held by nothing."""
    held: list[Any] | None = None  # start, end, term, first, last
    for a, b in read(text, at, None):
        terms = marks.get(a, _ONE)
        for k in range(lead if a == at else 0, len(terms)):
            term = terms[k]
            if term is None:
                if held is not None:
                    yield tuple(held)  # type: ignore[misc]
                    held = None
                yield a, b, None, (a, k), (a, k)
            elif held is None:
                held = [a, b, term, (a, k), (a, k)]
            elif a <= held[1]:
                if b > held[1]:
                    held[2] += term[held[1] - b :]
                    held[1] = b
                held[4] = (a, k)
            else:
                yield tuple(held)  # type: ignore[misc]
                held = None
                yield a, b, term, (a, k), (a, k)
    if held is not None:
        yield tuple(held)  # type: ignore[misc]


def _first_match(terms: tuple[str | None, ...]) -> int:
    return next(k for k, t in enumerate(terms) if t is not None)


def _window_start(
    text: str,
    read: Reader,
    marks: dict[int, tuple[str | None, ...]],
    opened: tuple[int, int],
    match: tuple[int, int],
    surround: int,
) -> int | None:
    """Where the fragment of the match (``match``: its word's start, its place in the
    word) begins: the first token from ``opened`` on that starts within ``surround``
    of the end of the token before the match. None when there is no such token (no
    token between ``opened`` and the match, or the one before it is longer than
    ``surround``).

    The words are read back from a space a little before the window, further back
    when the token before the match is further away.
    """
    start, lead = match
    tokens: list[tuple[int, int]] = []  # (start, end) of each token before the match
    if lead:  # the match is a word's folded copy: the word itself comes first
        end = next(read(text, start, None))[1]
        tokens = [(start, end)] * (lead - (opened[1] if opened[0] == start else 0))
    lo = start - surround - 32
    while True:
        q = max(text.rfind(" ", opened[0], lo + 1), text.rfind("\n", opened[0], lo + 1))
        if lo <= opened[0] or q < 0:
            q = opened[0]
        before: list[tuple[int, int]] = []
        for a, b in read(text, q, start):
            count = len(marks.get(a, _ONE))
            if a == opened[0]:
                count -= opened[1]
            before += [(a, b)] * count
        spans = before + tokens
        if spans:
            bound = spans[-1][1] - surround
            if q <= bound or q == opened[0]:
                return next((a for a, _ in spans if a >= bound), None)
            lo = bound
        elif q == opened[0]:
            return None
        else:
            lo = q - 4 * surround
