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
