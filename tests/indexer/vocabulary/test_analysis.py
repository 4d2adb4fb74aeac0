"""The analyzer: words of every script, accents folded at index time, English unchanged."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StopFilter

from migsearch.indexer.vocabulary.analysis import (
    STOP_WORDS,
    TOKEN_PATTERN,
    SnowballFilter,
    fold_latin,
    has_unspaced,
    index_positions,
    reshaped_words,
    script_word_spans,
    segment_words,
    text_analyzer,
    word_term,
    word_terms,
)


def _terms(text: str, mode: str = "index") -> list[str]:
    return [t.text for t in text_analyzer()(text, mode=mode)]


def test_unspaced_scripts_are_cut_into_dictionary_words() -> None:
    assert _terms("กระทรวงแรงงานประกาศเรื่องแรงงานประมง") == [
        "กระทรวง",
        "แรงงาน",
        "ประกาศ",
        "เรื่อง",
        "แรงงาน",
        "ประมง",
    ]
    assert "ແຮງງານ" in _terms("ແຮງງານລາວໄປເຮັດວຽກຢູ່ປະເທດໄທ")
    assert "ពលករ" in _terms("ពលករខ្មែរធ្វើការនៅប្រទេសថៃ")
    assert "အလုပ်သမား" in _terms("မြန်မာအလုပ်သမားများ")


def test_one_analyzer_serves_mixed_text_with_positions_and_offsets() -> None:
    text = "ILO แรงงานประมง workers"
    toks = [
        (t.text, t.pos, t.startchar, t.endchar)
        for t in text_analyzer()(text, positions=True, chars=True, mode="index")
    ]
    assert toks == [
        ("ilo", 0, 0, 3),
        ("แรงงาน", 1, 4, 10),
        ("ประมง", 2, 10, 15),
        ("worker", 3, 16, 23),
    ]
    assert has_unspaced(text) and not has_unspaced("Người lao động")
    assert segment_words("") == []


def test_accents_fold_at_index_time_only() -> None:
    assert _terms("lao động") == ["lao", "động", "dong"]
    assert _terms("lao động", mode="query") == ["lao", "động"]
    assert fold_latin("Đài") == "Dai" and fold_latin("ประมง") == "ประมง"
    # the folded copy shares the word's position, so phrases match either form
    toks = [(t.text, t.pos) for t in text_analyzer()("Việt Nam", positions=True, mode="index")]
    assert toks == [("việt", 0), ("viet", 0), ("nam", 1)]


def test_english_text_analyses_as_before() -> None:
    before = (
        RegexTokenizer(TOKEN_PATTERN)
        | LowercaseFilter()
        | StopFilter(stoplist=STOP_WORDS, minsize=1)
        | SnowballFilter()
    )
    text = (
        "Migrant workers' labour-sending countries reported COVID-19 cases in 2020; "
        "the ILO's 'fair recruitment' initiative covers fishers and domestic workers."
    )

    def stream(ana, mode: str) -> list[tuple[str, int, int, int]]:
        toks = ana(text, positions=True, chars=True, mode=mode)
        return [(t.text, t.pos, t.startchar, t.endchar) for t in toks]

    for mode in ("index", "query"):
        assert stream(text_analyzer(), mode) == stream(before, mode)


def test_the_analyzer_survives_pickling_after_use() -> None:
    # Whoosh pickles the schema, analyzer included, into every commit
    ana = text_analyzer()
    _ = list(ana("แรงงาน"))
    again = pickle.loads(pickle.dumps(ana))
    assert again == ana
    assert [t.text for t in again("แรงงานประมง")] == ["แรงงาน", "ประมง"]


def _chained_positions(text: str) -> dict[str, list[int]]:
    """What Whoosh's positions format collects from the analyzer, token by token."""
    out: dict[str, list[int]] = {}
    for t in text_analyzer()(text, mode="index", positions=True, boosts=True):
        if not t.stopped:
            out.setdefault(t.text, []).append(t.pos)
    return out


_MIXED = [
    "The Migrant workers' rights, and the workers of the sea.",
    "Động lực của người lao động di cư: Hà Nội, Đà Nẵng",
    "à la carte: À propos de l'été, São Paulo, Zürich, façade",  # "à" folds to a stop word
    "The à the À a Ø ø łódź",
    "ILO แรงงานประมง workers ในประเทศไทย the ແຮງງານລາວ and ពលករខ្មែរ မြန်မာအလုပ်သမားများ",
    "COVID-19 labour-sending 2015 O'Brien d’Ivoire",
    "",
    "the a of and",
    "a à",
]


def test_one_pass_gives_the_analyzers_terms_and_positions() -> None:
    for text in _MIXED:
        fast = index_positions(text)
        assert fast == _chained_positions(text), text
        assert list(fast) == list(_chained_positions(text)), text  # first-seen order too


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "the",
                "The",
                "à",
                "À",
                "Động",
                "workers",
                "lao",
                "แรงงาน",
                "ประมง",
                "a",
                "Ø",
                "łódź",
                "migrants'",
                "19",
                "ການ",
                " ",
                "  ",
                "-",
                ",",
                "\n",
                "é",
                "ñandú",
                "WORK",
            ]
        ),
        max_size=40,
    ).map("".join)
    | st.text(max_size=60)
)
def test_one_pass_matches_the_analyzer_on_any_text(text: str) -> None:
    assert index_positions(text) == _chained_positions(text)


def test_one_pass_gives_the_analyzers_positions_on_real_pages() -> None:
    """The sample corpus (ASCII and not) and the ASEAN pages (Vietnamese, Indonesian…
    take the path without match objects; Thai, Lao, Khmer, Burmese the loop), paragraph
    by paragraph and whole: the same terms, positions and first-seen order as the analyzer."""
    root = Path(__file__).resolve().parents[3]
    pages = [p.read_text(encoding="utf-8") for p in sorted((root / "corpus").glob("*.txt"))]
    pages += [
        p.read_text(encoding="utf-8") for p in sorted((root / "tests/fixtures/asean").glob("*"))
    ]
    texts = [t for page in pages for t in [page, *page.split("\n\n")]]
    assert any(t.isascii() for t in texts) and any(has_unspaced(t) for t in texts)
    assert any(not t.isascii() and not has_unspaced(t) for t in texts)
    for text in texts:
        fast = index_positions(text)
        assert fast == _chained_positions(text)
        assert list(fast) == list(_chained_positions(text))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["the", "The", "Động", "workers", "café", "don’t", "don't", "a's", "Ø"])
        | st.sampled_from(["ñandú", "WORK", "dying", "Москва", "19", "łódź", "naïve", "Straße"])
        | st.text(max_size=8),
        max_size=20,
    ).map(" ".join)
)
def test_a_words_terms_are_the_analyzers(text: str) -> None:
    """Read word by word without a token stream, each word of a text without unspaced
    letters gives the analyzer's terms: its own (none for a stop word) and its folded
    copy's."""
    if has_unspaced(text):
        return
    analyzer = text_analyzer()
    for word in re.findall(TOKEN_PATTERN, text):
        assert word_terms(word) == tuple(t.text for t in analyzer(word)), word
        kept = [t.text for t in analyzer(word, mode="index", removestops=False)]
        assert (word_term(word) or word.lower()) == kept[0], word


def test_stems_keep_a_words_first_two_letters_but_for_the_listed_words() -> None:
    """What the highlighter relies on to pass over a word unanalysed: an ASCII word's
    term begins with its first two letters, lowercased, unless the term is shorter
    than two letters or the word is one of :func:`reshaped_words`. Checked on every
    word of the sample corpus and on made-up words with each of Snowball's endings."""
    reshaped = reshaped_words()
    assert reshaped is not None and {"dying", "lying", "tying"} <= reshaped
    root = Path(__file__).resolve().parents[3]
    words = {
        w for p in (root / "corpus").glob("*.txt") for w in re.findall(TOKEN_PATTERN, p.read_text())
    }
    endings = [
        "",
        "s",
        "'s",
        "ies",
        "ied",
        "ed",
        "ing",
        "ingly",
        "edly",
        "eed",
        "y",
        "ly",
        "ation",
        "ness",
    ]
    stems = [
        "a",
        "e",
        "i",
        "o",
        "u",
        "y",
        "ab",
        "ey",
        "ya",
        "dy",
        "sky",
        "gener",
        "comm",
        "news",
        "tie",
    ]
    words |= {s + e for s in stems for e in endings}
    words = {w for w in words if w.isascii()}
    assert len(words) > 1000
    for word in sorted(words):
        low = word.lower()
        term = word_term(word) or low
        assert term[:2] == low[:2] or len(term) < 2 or low in reshaped, (word, term)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["แรงงานข้ามชาติ", "ในประเทศไทย", "ពលករខ្មែរ", "ແຮງງານ", "ILO", "Việt"])
        | st.sampled_from(["workers", "don't", " ", "  ", ",", "", "19", "မြန်မာ"]),
        max_size=30,
    ).map("".join),
    st.integers(min_value=0, max_value=200),
    st.integers(min_value=0, max_value=200),
)
def test_word_spans_read_from_any_start_are_the_tokenizers(text: str, start: int, end: int) -> None:
    """Read from a word's start, a space or anywhere inside a Thai, Khmer, Lao or
    Burmese run (up to ``end``), the words are the tokenizer's over the whole text
    that start there or later: a run is cut as a whole, never from its middle."""
    spans = sorted({(t.startchar, t.endchar) for t in text_analyzer()(text, chars=True)})
    starts = {a for a, _ in spans}
    inside_a_word = any(a < start < b for a, b in spans) and not has_unspaced(
        text[start - 1 : start + 1]
    )
    if start > len(text) or (inside_a_word and start not in starts):
        return  # a reader never starts inside a word of a spaced script
    want = [(a, b) for a, b in spans if a >= start and a < end]
    assert list(script_word_spans(text, start, end)) == want
    assert list(script_word_spans(text, start, None)) == [(a, b) for a, b in spans if a >= start]


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.characters(
            min_codepoint=0x0E00, max_codepoint=0x0EFF, exclude_categories=("Cn",)
        )
        | st.characters(min_codepoint=0x1000, max_codepoint=0x109F, exclude_categories=("Cn",))
        | st.characters(min_codepoint=0x1780, max_codepoint=0x17FF, exclude_categories=("Cn",)),
        min_size=1,
        max_size=12,
    )
)
def test_a_word_of_an_unspaced_script_is_its_own_term(word: str) -> None:
    """The highlighter looks for a Thai, Lao, Burmese or Khmer query word in a run as a
    substring: the analyzer leaves such words as they are (no case, no English ending)."""
    assert word_term(word) == word
