"""Clauses of a text (corridor_clauses.py): where they end, their paragraphs and frames."""

from __future__ import annotations

from migsearch.indexer.vocabulary.corridor_clauses import clauses, located, on_the_move
from migsearch.indexer.vocabulary.country_tagger import scan_places


def _texts(text: str) -> list[str]:
    return [text[lo:hi] for lo, hi in clauses(text)]


def test_clauses_end_at_sentences_semicolons_and_a_new_subject() -> None:
    text = "Refugees fled into Bangladesh, he said; others stayed. Jordan, which hosts many."
    assert _texts(text) == [
        "Refugees fled into Bangladesh",
        "he said;",
        "others stayed.",
        "Jordan, which hosts many.",
    ]


def test_an_opening_or_a_heading_frames_the_clauses_after_it_until_a_line_break() -> None:
    text = "In Peru, partners met. They helped.\nChad: refugees arrived. Aid came.\nAll left."
    frames = [(text[c.lo : c.hi], c.paragraph, c.frame) for c in located(text, scan_places(text))]
    assert frames == [
        ("In Peru, partners met.", 1, "PER"),
        ("They helped.", 1, "PER"),
        ("Chad: refugees arrived.", 2, "TCD"),
        ("Aid came.", 2, "TCD"),
        ("All left.", 3, None),
    ]


def test_a_clause_is_on_the_move_by_its_words_or_its_people() -> None:
    for text, want in [
        ("Thailand and Myanmar signed a memorandum.", False),
        ("Venezuelans in Colombia got vaccines.", True),
        ("The majority were Eritrean.", True),
        ("Workers from Nepal.", True),
    ]:
        assert on_the_move(text, 0, len(text), scan_places(text)) is want, text


def test_a_clause_asked_again_with_other_places_is_read_again() -> None:
    """The answer is remembered per clause and per places: the same words with the
    plural people left out are no movement ("Venezuelans in Colombia" names no mover)."""
    text = "Venezuelans in Colombia"
    people = [m for m in scan_places(text) if m.code == "VEN"]
    assert people
    assert on_the_move(text, 0, len(text), people)
    assert not on_the_move(text, 0, len(text), [])
    assert on_the_move(text, 0, len(text), people)
