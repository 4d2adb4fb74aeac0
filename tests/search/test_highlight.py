"""Snippets (search/highlight.py) are what Whoosh's own highlighter cuts from the same text."""

from __future__ import annotations

from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import highlight

from migsearch.indexer.vocabulary.analysis import has_unspaced
from migsearch.search import highlight as highlight_module
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
    "แรงงาน",
    "แรงงานข้ามชาติ",
    "ข้ามชาติ",
    "ประมง",
    "ILOแรงงาน",
    "ពលករខ្មែរ",
    "ແຮງງານ",
]
_QUERY_WORDS = ["migrant", "admin", "don't", "o'clock", "a", "die", "lie", "x", "the", "worker"]
_QUERY_WORDS += ["wage", "dong", "café", "cafe", "việt", "viet", "москва", "19", "_id", "fisher"]
_QUERY_WORDS += ["naiv", "แรงงาน", "ข้าม", "ชาติ", "ประมง", "ilo", "ពលករ", "ແຮງງານ"]
_GAPS = [" ", " ", " ", "  ", ", ", ". ", "\n", "-", "—", "'", "’", "'' ", "(", ") ", "....."]
_GAPS += ["", ""]


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(_TRICKY), st.sampled_from(_GAPS)), max_size=160),
    st.sets(st.sampled_from(_QUERY_WORDS), min_size=1, max_size=4),
    st.sampled_from([0, 0, 40, 300]),
)
def test_words_found_by_their_first_letters_give_whooshs_snippets(pieces, words, limit) -> None:
    """The fast path (only words whose first letters may begin a query word are cut
    out and analysed, fragments read around the matches) cuts what Whoosh's own
    token stream cuts from every word: words inside words, apostrophes, stop words,
    stems that change a word's start ("dying" → "die"), one-letter terms, words
    outside ASCII with or without a folded copy (one or both a match), Thai, Khmer
    and Lao runs whose words touch (matches side by side merge), a Latin word
    touching a run, and a limit on the characters looked through."""
    from migsearch.indexer.vocabulary.analysis import text_analyzer

    text = "".join(w + g for w, g in pieces)
    quick, full = Highlighter(text_analyzer()), Highlighter(text_analyzer())
    full._plain = full._by_initial = full._own = False  # the analyzer's token stream
    if limit:
        quick.fragmenter.charlimit = full.fragmenter.charlimit = limit
    words = frozenset(words)
    typed = sorted(words)[:1]
    # every text read around its matches, then every text judged by how crowded it is
    for dense, short in ((0, highlight_module.SHORT_TEXT), (highlight_module.DENSE_CHARS, 0)):
        with (
            mock.patch.object(highlight_module, "DENSE_CHARS", dense),
            mock.patch.object(highlight_module, "CANDIDATE_CHARS", dense and 50),
            mock.patch.object(highlight_module, "SHORT_TEXT", short),
        ):
            assert quick.snippets(text, words) == full.snippets(text, words)
            assert quick.snippets(text, words, typed) == full.snippets(text, words, typed)


@pytest.mark.parametrize(
    ("text", "words", "bold"),
    [
        # ICU's words of a Thai run touch: matches side by side are one match in Whoosh
        (
            "ข่าว แรงงานข้ามชาติ ในประเทศไทย ทำงานบนเรือประมง " * 3,
            {"แรงงาน", "ข้าม", "ชาติ", "ประมง"},
            "<b>แรงงานข้ามชาติ</b>",
        ),
        # a word and its folded copy both match, after a match held by nothing
        ("Người lao động Việt Nam viet nam Việt Nam", {"việt", "viet", "nam"}, "<b>Việt</b>"),
        ("ILOแรงงาน and ILO แรงงาน", {"ilo", "แรงงาน"}, "<b>ILOแรงงาน</b>"),
    ],
)
def test_matches_that_touch_merge_as_in_whoosh(text: str, words: set[str], bold: str) -> None:
    from migsearch.indexer.vocabulary.analysis import text_analyzer

    quick, full = Highlighter(text_analyzer()), Highlighter(text_analyzer())
    full._plain = full._by_initial = full._own = False
    with (  # read around the matches, however many
        mock.patch.object(highlight_module, "DENSE_CHARS", 0),
        mock.patch.object(highlight_module, "CANDIDATE_CHARS", 0),
    ):
        got = quick.snippets(text, frozenset(words))
    assert got == full.snippets(text, frozenset(words))
    assert bold in got


@pytest.mark.parametrize(
    ("paragraph", "words", "crowded"),
    [
        # a match every few words: the words are read all at once, matches from the marks
        ("Migrant workers send wages home from ports to their families. ", {"migrant"}, False),
        # words to analyse every few words (a query word's first letters): read at once
        ("Migrant workers send wages home; migrant fishers and workers wait. ", {"migrant"}, True),
        # a letter outside ASCII in every word: each word is analysed, as Whoosh does
        ("Người lao động Việt Nam tại Nhật Bản được bảo vệ. ", {"việt", "nhật"}, True),
        # a match now and then: read around the matches only
        (
            "Fishers. " + "The vessel left port at dawn and came back at night. " * 8,
            {"fisher"},
            False,
        ),
    ],
)
def test_long_texts_give_the_same_snippets_whichever_way_they_are_read(
    paragraph: str, words: set[str], crowded: bool
) -> None:
    from migsearch.indexer.vocabulary.analysis import text_analyzer

    text = paragraph * (3 * highlight_module.SHORT_TEXT // len(paragraph))
    quick, full = Highlighter(text_analyzer()), Highlighter(text_analyzer())
    full._plain = full._by_initial = full._own = False
    marks = quick._marks(text, frozenset(words), has_unspaced(text))
    assert (marks is None) == crowded
    got = quick.snippets(text, frozenset(words))
    assert "<b>" in got and got == full.snippets(text, frozenset(words))
