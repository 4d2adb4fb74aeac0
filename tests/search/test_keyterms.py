"""Key terms of a long text (search/keyterms.py): count × IDF, the heaviest kept."""

from __future__ import annotations

from migsearch.search.keyterms import focus, key_terms
from migsearch.search.query.parse import parse_query

IDF = {"fisher": 3.0, "wage": 2.0, "migrant": 0.5, "boat": 1.0, "unseen": 0.0}


def test_key_terms_weigh_count_by_idf_and_keep_the_heaviest() -> None:
    words = ["migrant"] * 7 + ["fisher", "wage", "wage", "boat", "unseen", "unseen"]
    # weights: migrant 3.5, fisher 3, wage 4, boat 1, unseen 0 (no document has it)
    assert key_terms(words, IDF.__getitem__, limit=3) == {"migrant": 7, "fisher": 1, "wage": 2}
    assert key_terms(words, IDF.__getitem__, limit=10) == {
        "migrant": 7, "fisher": 1, "wage": 2, "boat": 1
    }  # fmt: skip
    # ties keep the word met first, in the order of the text
    assert list(key_terms(["boat", "fisher"], lambda w: 1.0, limit=1)) == ["boat"]


def test_focus_rewrites_only_long_free_text() -> None:
    idf = lambda w: 1.0  # noqa: E731
    long = parse_query(" ".join(f"word{i}" for i in range(80)))
    focused = focus(long, idf, limit=64)
    assert focused.long and len(set(focused.terms)) == 64
    assert focused.notices[-1]["type"] == "key-words"
    assert "64 most distinctive of its 80 words" in str(focused.notices[-1]["message"])
    # a short query, or one with an operator, is searched as typed
    short = parse_query("migrant fishers")
    assert focus(short, idf, limit=64) is short
    syntax = parse_query(" AND ".join(f"word{i}" for i in range(80)))
    assert focus(syntax, idf, limit=64) is syntax
