"""Snippets (search/highlight.py) are what Whoosh's own highlighter cuts from the same text."""

from __future__ import annotations

import pytest
from whoosh import highlight

from migsearch.search.highlight import (
    SNIPPET_CHARS,
    BoldFormatter,
    Highlighter,
    TypedWordsFirst,
    snippet_source,
)
from migsearch.search.query.parse import parse_query

QUERIES = [
    "migrant fishers",  # thesaurus expansions: typed words' passages first
    "wage arrears construction",
    '"forced labour"',  # phrases: marked only where they match
    "migra* recruitment",
    "covid NOT china",
    "title:migrant workers",
    "trafficking",
]


@pytest.mark.parametrize("text", QUERIES)
def test_highlights_equal_whooshs(searcher, text) -> None:
    snap = searcher._snapshot()
    s = snap.searcher
    pq = parse_query(text)
    res = searcher.search(text, limit=10)
    assert res.hits
    matched = set(snap.evaluator.matches(pq.query).nonzero()[0].tolist())
    # Whoosh's results over the same matches, with its matched terms and highlighter
    results = s.search(pq.query, filter=matched, limit=None, terms=True)
    results.formatter = BoldFormatter()
    results.fragmenter = highlight.ContextFragmenter(
        maxchars=220, surround=60, charlimit=SNIPPET_CHARS
    )
    if pq.expansions:
        results.scorer = TypedWordsFirst(pq.terms)
    by_id = {h["id"]: h for h in results}
    marked = 0
    for hit in res.hits:
        f = by_id[hit.id].fields()
        src = snippet_source(f.get("summary") or "", f.get("body") or "")
        assert hit.highlights == by_id[hit.id].highlights("content", text=src, top=2), hit.id
        marked += "<b>" in hit.highlights
    assert marked


def test_snippets_escape_html_and_prefer_the_body() -> None:
    assert snippet_source("Short summary.", "Body text") == "Short summary.\nBody text"
    assert snippet_source("Body", "Body text") == "Body text"
    fmt = BoldFormatter()
    frag = highlight.Fragment("a <b> fisher", [])
    assert fmt.format_fragment(frag) == "a &lt;b&gt; fisher"


def test_words_not_analysed_for_their_first_letter_change_no_snippet(searcher) -> None:
    # an ASCII word whose first letter starts no query word is passed over unanalysed
    snap = searcher._snapshot()
    s = snap.searcher
    analyzer = s.schema["content"].analyzer
    quick, full = Highlighter(analyzer), Highlighter(analyzer)
    assert quick._by_initial
    full._by_initial = False
    texts = [
        snippet_source(f.get("summary") or "", f.get("body") or "") for f in s.all_stored_fields()
    ]
    marked = 0
    for words in ({"migrant", "worker"}, {"fisher"}, {"recruit", "fee", "thailand"}, {"covid"}):
        for text in texts:
            got = quick.snippets(text, frozenset(words))
            assert got == full.snippets(text, frozenset(words))
            marked += "<b>" in got
    assert marked


def _fragments(frags) -> list[tuple[int, int, list[tuple[int, int, int, str]]]]:
    return [
        (f.startchar, f.endchar, [(t.pos, t.startchar, t.endchar, t.text) for t in f.matches])
        for f in frags
    ]


@pytest.mark.parametrize("seed", range(4))
def test_fragments_are_whooshs_context_fragments(seed: int) -> None:
    """The fragments cut from token spans, jumping between matches, are those Whoosh's
    ContextFragmenter cuts stepping through every token: random texts with long words
    (past ``surround`` and past ``maxchars``), matches side by side, far apart or none,
    and limits that stop inside a fragment."""
    import random
    import re

    from whoosh.analysis import Token

    from migsearch.search.highlight import _context_fragments

    rng = random.Random(seed)
    vocab = ["fisher", "wage", "a", "of", "recruitment", "x" * 70, "y" * 230, "labour", "THA"]
    for _ in range(150):
        text = " ".join(rng.choice(vocab) for _ in range(rng.randint(0, 120)))
        spans = [m.span() for m in re.finditer(r"\w+", text)]
        marked = {w for w in vocab if rng.random() < 0.25}
        terms = [text[a:b] if text[a:b] in marked else None for a, b in spans]
        for maxchars, surround, limit in ((220, 60, 0), (220, 60, rng.randint(1, 900)), (40, 7, 0)):
            fragmenter = highlight.ContextFragmenter(maxchars, surround, charlimit=limit)
            tokens = []
            for i, ((a, b), term) in enumerate(zip(spans, terms, strict=True)):
                t = Token(positions=True, chars=True, removestops=False, mode="index")
                t.text, t.pos, t.startchar, t.endchar = text[a:b], i, a, b
                t.matched = term is not None
                tokens.append(t)
            want = _fragments(fragmenter.fragment_tokens(text, iter(tokens)))
            got = _fragments(
                _context_fragments(
                    text, [a for a, _ in spans], [b for _, b in spans], terms, fragmenter
                )
            )
            assert got == want, (text, marked, maxchars, surround, limit)
