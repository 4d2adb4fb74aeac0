"""The cue lists' fast search (corridor_cues.found): always the answer of the pattern itself."""

from __future__ import annotations

import dataclasses
import random
import re
import sys

from migsearch.indexer.vocabulary.corridor_cues import _FOLDS_APART, _lowercase_twin, cues, found
from migsearch.indexer.vocabulary.loader import load_data


def _patterns() -> dict[str, re.Pattern[str]]:
    c = cues()
    fields = (getattr(c, f.name) for f in dataclasses.fields(c))
    return {
        f.name: v
        for f, v in zip(dataclasses.fields(c), fields, strict=True)
        if hasattr(v, "search")
    }


def _cue_words() -> list[str]:
    """Words of the data file's cue lists, as written and cut down, to reach the matches."""
    words: list[str] = []
    data = load_data("corridors.toml")
    for table in (data["cues"], data["origin"], data["destination"]):
        for value in table.values():
            if isinstance(value, list):
                words += [re.sub(r"[^\w '\-]", "", w) for w in value]
    return [w for w in words if w]


def _texts() -> list[str]:
    rng = random.Random(16)
    words = _cue_words()
    fillers = [
        "the", "in", "Thailand", "MIGRANT", "Workers", "were", "men", "government", "work-",
        "-ed", "’s", "'s", "“", "”", "é", "café", "Việt Nam", "người lao động", "แรงงาน",
        "ข้ามชาติ", "\u212a", "\u017f", "\u0130", "\u0131", "KELVIN", ",", ".", "\n", "\t", "  ",
    ]  # fmt: skip
    texts = ["", " ", "a", "Refugees", "REFUGEES fled", "displaced\u00a0people", "ex-migrants"]
    for _ in range(4000):
        parts = [rng.choice(words if rng.random() < 0.4 else fillers) for _ in range(6)]
        text = " ".join(parts) if rng.random() < 0.7 else "".join(parts)
        case = rng.choice([str, str.upper, str.title, str.swapcase])
        texts.append(case(text))
    # a word glued to its neighbours: the word edges (\b) must decide alike
    texts += [f"x{w}" for w in words[:200]] + [f"{w}s" for w in words[:200]]
    # letters a case-insensitive pattern takes for ASCII ones ("ſeafarers", "İ", "K")
    for plain, odd in (("s", "\u017f"), ("i", "\u0131"), ("I", "\u0130"), ("k", "\u212a")):
        texts += [f"the {w} came" for w in (w.replace(plain, odd) for w in words) if odd in w]
        texts += [f"the {w} came" for w in (w.upper().replace(plain, odd) for w in words)]
    return texts


def test_found_is_the_patterns_answer_on_every_kind_of_text() -> None:
    texts = _texts()
    assert sum(t.isascii() for t in texts) > 1000 and sum(not t.isascii() for t in texts) > 500
    for name, pattern in _patterns().items():
        hits = 0
        for text in texts:
            expected = pattern.search(text) is not None
            assert found(pattern, text) == expected, (name, text)
            hits += expected
        if name in ("movers", "movement"):
            assert hits > 200  # the texts reach the matches, not only the misses


def test_the_cue_lists_read_for_every_clause_have_a_twin() -> None:
    # the speed of reading corridors rests on these (a data change must not lose it)
    for name in ("movers", "movement", "arrivals", "departures"):
        pattern = _patterns()[name]
        assert _lowercase_twin(pattern.pattern, pattern.flags) is not None, name


def test_a_source_whose_meaning_could_differ_has_no_twin() -> None:
    unsafe = [
        r"\bKelvin\b",  # an uppercase literal: the lowercased text never holds it
        r"\b(?-i:ab)c\b",  # case-sensitive inside: the twin would match "AB" lowered
        r"\b[!-a]\b",  # a range holding capitals without their lowercase letters
        r"\b[^a]\b",
        r"\x41",  # an escape naming a letter
        "\u212a",  # the Kelvin sign folds to an ASCII "k"
        "\u017f",
    ]
    for source in unsafe:
        assert _lowercase_twin(source, re.IGNORECASE) is None, source
    assert _lowercase_twin(r"\b(?:ab|c[- ]d\w*)s?\b", 0) is None  # not case-insensitive at all
    assert _lowercase_twin(r"\b(?:ab|c[- ]d\w*)s?\b", re.IGNORECASE) is not None


def test_lowercasing_agrees_with_the_case_insensitive_match_but_for_three_characters() -> None:
    # what the twin relies on, for every character: str.lower() gives one character,
    # of the same word-ness, and an ASCII letter exactly when a case-insensitive
    # pattern takes the character for that letter; _FOLDS_APART holds the exceptions
    word = re.compile(r"\w")
    letter = re.compile("[a-z]", re.IGNORECASE)
    apart = []
    for cp in range(sys.maxunicode + 1):
        if 0xD800 <= cp <= 0xDFFF:
            continue  # surrogates: no text holds them alone
        ch = chr(cp)
        low = ch.lower()
        same = len(low) == 1 and (word.match(ch) is None) == (word.match(low) is None)
        if letter.fullmatch(ch):
            same = same and low.isascii() and re.fullmatch(low, ch, re.IGNORECASE) is not None
        else:
            same = same and not ("a" <= low <= "z")
        if not same:
            apart.append(ch)
    assert "".join(apart) == _FOLDS_APART.pattern[1:-1]  # those, and nothing more
