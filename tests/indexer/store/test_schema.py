"""The schema's spelling field: the words users would type, not stems."""

from __future__ import annotations

from migsearch.indexer.store.schema import SPELL_CHARS, make_schema, spelling_words
from migsearch.indexer.vocabulary.analysis import STOP_WORDS


def test_spelling_words_are_distinct_unstemmed_and_without_stop_words() -> None:
    words = spelling_words("The Fishers and the FISHING vessels of 2015, fishers again.").split()
    assert words == sorted(set(words))
    assert set(words) == {"fishers", "fishing", "vessels"}  # "again" is a stop word


def test_only_the_head_of_a_long_text_gives_spelling_words() -> None:
    text = "a " * SPELL_CHARS + "kafala"
    assert "kafala" not in spelling_words(text)


def test_every_record_field_has_a_schema_field() -> None:
    names = set(make_schema().names())
    assert {"id", "title", "content", "countries", "themes", "date", "spell"} <= names


def test_an_ascii_text_gives_the_words_the_unicode_pattern_finds() -> None:
    """All-ASCII text takes a plain letter range; the words must be those of the
    Unicode pattern (no digits, no underscores, three letters or more)."""
    import random
    import re

    unicode_words = re.compile(r"[^\W\d_]{3,}")
    rng = random.Random(16)
    alphabet = [chr(c) for c in range(128)] + list("abcXYZ_9 ")
    texts = ["".join(rng.choice(alphabet) for _ in range(300)) for _ in range(300)]
    texts += ["Fishers_2015 of Myanmar's ab1cde abc_def ABCdef x9yz", "".join(map(chr, range(128)))]
    for text in texts:
        head = text.lower()
        want = " ".join(sorted(set(unicode_words.findall(head)) - STOP_WORDS))
        assert spelling_words(text) == want
    assert spelling_words("Travailleurs à l'étranger") == "travailleurs étranger"
