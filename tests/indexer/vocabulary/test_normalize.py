"""How spellings are compared: one key for the ways a name is written."""

from __future__ import annotations

import re

import pytest

from migsearch.indexer.vocabulary.normalize import fold_accents, name_key, spaced, words_key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Côte d’Ivoire", "cote d'ivoire"),
        ("Guinea-Bissau", "Guinea  Bissau"),
        ("TÜRKIYE", "turkiye"),
        ("Lao People‘s   Democratic–Republic", "lao people's democratic republic"),
    ],
)
def test_name_key_ignores_accents_apostrophes_dashes_case(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


def test_fold_accents_keeps_ascii_and_base_letters() -> None:
    assert fold_accents("attaché São Tomé") == "attache Sao Tome"
    assert fold_accents("plain") == "plain"


def test_spaced_with_other_separators() -> None:
    assert spaced("  covid-19 ") == "covid 19"
    assert spaced("domestic_work / care", re.compile(r"[\s_/]+")) == "domestic work care"


def test_words_key_drops_punctuation() -> None:
    assert words_key("Fishers: a report — 2015!") == words_key("fishers a REPORT 2015")
