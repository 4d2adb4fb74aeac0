"""The schema's spelling field: the words users would type, not stems."""

from __future__ import annotations

from migsearch.indexer.store.schema import SPELL_CHARS, make_schema, spelling_words


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
