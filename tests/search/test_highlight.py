"""Snippets (search/highlight.py) are what Whoosh's own highlighter cuts from the same text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
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


def test_words_not_analysed_for_their_first_letters_change_no_snippet(searcher) -> None:
    # an ASCII word whose first letters start no query word is passed over unanalysed
    snap = searcher._snapshot()
    s = snap.searcher
    analyzer = s.schema["content"].analyzer
    quick, full = Highlighter(analyzer), Highlighter(analyzer)
    assert quick._by_initial and quick._own
    full._by_initial = full._own = False  # every word of every text analysed
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


_TRICKY = [
    "Migrants",
    "migrant",
    "admin",
    "don't",
    "don’t",
    "o'clock",
    "O'Clock",
    "a's",
    "dying",
    "Dying",
    "die",
    "lying",
    "x",
    "X",
    "the",
    "The",
    "workers'",
    "work''ers",
    "Động",
    "café",
    "Việt",
    "Москва",
    "naïve",
    "wage",
    "wages",
    "19",
    "2019",
    "_id",
    "fish_ers",
    "x" * 70,
    "fisher" * 40,
]
_QUERY_WORDS = ["migrant", "admin", "don't", "o'clock", "a", "die", "lie", "x", "the", "worker"]
_QUERY_WORDS += ["wage", "dong", "café", "việt", "москва", "19", "_id", "fisher", "naiv"]
_GAPS = [" ", " ", " ", "  ", ", ", ". ", "\n", "-", "—", "'", "’", "'' ", "(", ") ", "....."]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(_TRICKY), st.sampled_from(_GAPS)), max_size=160),
    st.sets(
        st.sampled_from(_QUERY_WORDS),
        min_size=1,
        max_size=4,
    ),
)
def test_words_found_by_their_first_letters_give_every_words_snippets(pieces, words) -> None:
    """The fast path (only words whose first letters may begin a query word are cut
    out and analysed, fragments read around the matches) cuts what the path that
    analyses every word of the text cuts: words inside words, apostrophes, stop
    words, stems that change a word's start ("dying" → "die"), one-letter terms,
    words outside ASCII with or without a folded copy, words past the length limits."""
    from migsearch.indexer.vocabulary.analysis import text_analyzer

    text = "".join(w + g for w, g in pieces)
    quick, full = Highlighter(text_analyzer()), Highlighter(text_analyzer())
    full._by_initial = full._own = False
    words = frozenset(words)
    assert quick.snippets(text, words) == full.snippets(text, words)
    typed = sorted(words)[:1]
    assert quick.snippets(text, words, typed) == full.snippets(text, words, typed)
