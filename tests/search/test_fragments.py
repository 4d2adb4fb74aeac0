"""Fragments (search/fragments.py) are those Whoosh's ContextFragmenter cuts, token by token."""

from __future__ import annotations

import random
import re

import pytest
from whoosh import highlight
from whoosh.analysis import Token

from migsearch.indexer.vocabulary.analysis import TOKEN_PATTERN
from migsearch.search.fragments import context_fragments, fragments_around

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


@pytest.mark.parametrize("seed", range(6))
def test_fragments_around_the_matches_are_those_from_every_token(seed: int) -> None:
    """Read from the matches alone (the tokens near each read from the text), the
    fragments are those cut from every token's span: the same starts, ends and
    matches, including Whoosh's empty fragment after a countdown that ends at 0,
    windows that reach back past long gaps without spaces, and limits."""
    rng = random.Random(seed)
    words = re.compile(TOKEN_PATTERN)
    gaps = [" ", " ", "  ", "\n", ", ", "-", "", "'", "((", "." * 80]
    checked = 0
    for _ in range(200):
        text = "".join(rng.choice(_VOCAB) + rng.choice(gaps) for _ in range(rng.randint(0, 120)))
        spans = [m.span() for m in words.finditer(text)]
        marked = {w for w in _VOCAB if rng.random() < 0.25}
        terms = [text[a:b] if text[a:b] in marked else None for a, b in spans]
        for maxchars, surround, limit in _limits(rng):
            fragmenter = highlight.ContextFragmenter(maxchars, surround, charlimit=limit)
            starts, ends = [a for a, _ in spans], [b for _, b in spans]
            want = _fragments(context_fragments(text, starts, ends, terms, fragmenter), False)
            matches = {
                a: t
                for a, b, t in zip(starts, ends, terms, strict=True)
                if t is not None and (not limit or b <= limit)
            }
            got = _fragments(fragments_around(text, matches, words, fragmenter), False)
            assert got == want, (text, marked, maxchars, surround, limit)
            checked += bool(want)
    assert checked > 300
