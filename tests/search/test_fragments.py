"""Fragments (search/fragments.py) are those Whoosh's ContextFragmenter cuts, token by token."""

from __future__ import annotations

import random
import re

import pytest
from whoosh import highlight
from whoosh.analysis import Token

from migsearch.indexer.vocabulary.analysis import TOKEN_PATTERN
from migsearch.search.fragments import context_fragments, fragments_around, regex_reader

#: long words (past ``surround`` and past ``maxchars``), words joined by apostrophes,
#: runs of punctuation without a space, so that the window must be read far back
_VOCAB = ["fisher", "wage", "a", "of", "recruitment", "x" * 70, "y" * 230, "labour", "THA"]
_VOCAB += ["don't", "o'clock", "work''ers", "(a)", "—", "....", "'", "12", "z_z"]


def _fragments(frags, pos: bool = True) -> list[tuple[int, int, list[tuple[int, ...]]]]:
    return [
        (
            f.startchar,
            f.endchar,
            [((t.pos,) if pos else ()) + (t.startchar, t.endchar, t.text) for t in f.matches],
        )
        for f in frags
    ]


def _limits(rng: random.Random) -> list[tuple[int, int, int]]:
    return [(220, 60, 0), (220, 60, rng.randint(1, 900)), (40, 7, 0), (30, 10, rng.randint(1, 300))]


@pytest.mark.parametrize("seed", range(4))
def test_fragments_from_spans_are_whooshs(seed: int) -> None:
    """Cut from token spans, jumping between matches: Whoosh's fragments, random texts
    with long words, matches side by side, far apart or none, and limits that stop
    inside a fragment."""
    rng = random.Random(seed)
    for _ in range(150):
        text = " ".join(rng.choice(_VOCAB) for _ in range(rng.randint(0, 120)))
        spans = [m.span() for m in re.finditer(r"\w+", text)]
        spans = [sp for sp in spans for _ in range(1 + (rng.random() < 0.15))]  # two at a span
        marked = {w for w in _VOCAB if rng.random() < 0.25}
        terms = [text[a:b] if text[a:b] in marked else None for a, b in spans]
        for maxchars, surround, limit in _limits(rng):
            fragmenter = highlight.ContextFragmenter(maxchars, surround, charlimit=limit)
            tokens = []
            for i, ((a, b), term) in enumerate(zip(spans, terms, strict=True)):
                t = Token(positions=True, chars=True, removestops=False, mode="index")
                t.text, t.pos, t.startchar, t.endchar = text[a:b], i, a, b
                t.matched = term is not None
                tokens.append(t)
            want = _fragments(fragmenter.fragment_tokens(text, iter(tokens)))
            starts, ends = [a for a, _ in spans], [b for _, b in spans]
            got = _fragments(context_fragments(text, starts, ends, terms, fragmenter))
            assert got == want, (text, marked, maxchars, surround, limit)


@pytest.mark.parametrize("seed", range(8))
def test_fragments_around_the_matches_are_those_from_every_token(seed: int) -> None:
    """Read from the matched words alone (the words near each read from the text),
    the fragments are those cut from every token's span: the same starts, ends and
    matches, with words that stand for two tokens at one span (a word and its folded
    copy, either one a match), Whoosh's empty fragment after a countdown that ends
    at 0, windows that reach back past long gaps without spaces, and limits."""
    rng = random.Random(seed)
    words = re.compile(TOKEN_PATTERN)
    gaps = [" ", " ", "  ", "\n", ", ", "-", "", "'", "((", "." * 80]
    checked = 0
    for _ in range(200):
        text = "".join(rng.choice(_VOCAB) + rng.choice(gaps) for _ in range(rng.randint(0, 120)))
        marked = {w for w in _VOCAB if rng.random() < 0.25}
        twice = {w for w in _VOCAB if rng.random() < 0.2}  # words of two tokens
        marks: dict[int, tuple[str | None, ...]] = {}
        starts, ends, terms = [], [], []
        for m in words.finditer(text):
            w = m.group()
            if w in twice:  # the word's own token, then its copy: at most one a match
                hit = rng.choice([0, 1]) if w in marked else None
                word_terms = tuple(w if k == hit else None for k in range(2))
            else:
                word_terms = (w if w in marked else None,)
            for t in word_terms:
                starts.append(m.start())
                ends.append(m.end())
                terms.append(t)
            if len(word_terms) == 2 or word_terms[0] is not None:
                marks[m.start()] = word_terms
        for maxchars, surround, limit in _limits(rng):
            fragmenter = highlight.ContextFragmenter(maxchars, surround, charlimit=limit)
            want = _fragments(context_fragments(text, starts, ends, terms, fragmenter), False)
            kept = {a: v for a, v in marks.items() if not limit or a <= limit}
            got = _fragments(fragments_around(text, kept, regex_reader(words), fragmenter), False)
            assert got == want, (text, marked, twice, maxchars, surround, limit)
            checked += bool(want)
    assert checked > 400


@pytest.mark.parametrize("seed", range(6))
def test_matches_that_touch_are_merged_as_whooshs_highlighter_merges_them(seed: int) -> None:
    """Words that touch (ICU's words of a Thai run), words of two tokens at one span
    (both may match), limits: the fragments are those of Whoosh's own path, its
    ``_merge_matched_tokens`` then its ContextFragmenter over every token."""
    rng = random.Random(seed)
    checked = 0
    for _ in range(300):
        spans: list[tuple[int, int]] = []
        at = 0
        for _ in range(rng.randint(0, 80)):
            at += rng.choice([0, 0, 1, 1, 2, 30])  # 0: the word touches the one before
            length = rng.choice([1, 2, 3, 5, 8, 70])
            spans.append((at, at + length))
            at += length
        chars = [" "] * at
        for a, b in spans:
            chars[a:b] = "x" * (b - a)
        text = "".join(chars)
        marks: dict[int, tuple[str | None, ...]] = {}
        tokens = []
        for a, b in spans:
            count = 2 if rng.random() < 0.2 else 1
            terms = tuple(f"t{a}.{k}" if rng.random() < 0.3 else None for k in range(count))
            if count == 2 or terms[0] is not None:
                marks[a] = terms
            for term in terms:
                t = Token(positions=True, chars=True, removestops=False, mode="index")
                t.text, t.startchar, t.endchar, t.matched = term or "w", a, b, term is not None
                tokens.append(t)

        def read(_text: str, start: int, end: int | None, spans=spans):
            return ((a, b) for a, b in spans if a >= start and (end is None or a < end))

        for maxchars, surround, limit in _limits(rng):
            fragmenter = highlight.ContextFragmenter(maxchars, surround, charlimit=limit)
            merged = highlight.Highlighter._merge_matched_tokens(iter([t.copy() for t in tokens]))
            want = _fragments(fragmenter.fragment_tokens(text, merged), False)
            got = _fragments(fragments_around(text, marks, read, fragmenter), False)
            assert got == want, (spans, marks, maxchars, surround, limit)
            checked += any(len(f[2]) > 0 for f in want)
    assert checked > 500
