"""The analyzer: words of every script, accents folded at index time, English unchanged."""

from __future__ import annotations

import pickle

from whoosh.analysis import LowercaseFilter, RegexTokenizer, StopFilter

from migsearch.indexer.vocabulary.analysis import (
    STOP_WORDS,
    TOKEN_PATTERN,
    SnowballFilter,
    fold_latin,
    has_unspaced,
    segment_words,
    text_analyzer,
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
