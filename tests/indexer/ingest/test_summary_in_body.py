"""A summary made of the body's first sentences, or a title made of them, is not indexed twice."""

from __future__ import annotations

from migsearch.indexer.ingest.records import Record, made_title, summary_in_body
from migsearch.indexer.ingest.sentences import first_sentences
from migsearch.indexer.store.schema import record_fields

BODY = (
    "**By a correspondent**\n\n**Zimbabwe is expected to harvest 2.1 million tonnes of maize "
    "this year after good rains.** For the first time in many seasons the country will feed "
    "itself.\n\nRead the full article on the agency's site."
)


def test_the_bodys_own_first_sentences_are_in_it_whatever_the_line_breaks() -> None:
    summary = first_sentences(BODY)
    assert summary not in BODY  # its line breaks were folded
    assert summary_in_body(summary, BODY)


def test_a_summary_cut_with_an_ellipsis_is_in_the_body() -> None:
    summary = first_sentences(BODY, max_chars=60)
    assert summary.endswith("…")
    assert summary_in_body(summary, BODY)


def test_a_summary_of_its_own_is_new_text() -> None:
    assert not summary_in_body("A bumper harvest and a bigger bet on subsidies.", BODY)
    assert summary_in_body("", BODY)


def test_the_ranked_content_holds_the_lead_once() -> None:
    rec = Record(id="r1", title="Harvest", body=BODY, summary=first_sentences(BODY), source="x")
    assert record_fields(rec, "h")["content"].count("2.1 million tonnes") == 1
    rec.summary = "A bumper harvest and a bigger bet on subsidies."
    assert "bigger bet" in record_fields(rec, "h")["content"]


UNTITLED = (
    "Jury still out on huge mangrove regeneration project in Senegal Billed as the largest "
    "mangrove restoration programme in the world, a project in the Saloum Delta aims to undo "
    "decades of damage.\n\nRead more on the agency's site."
)


def test_a_record_without_a_title_shows_its_opening_and_says_it_was_made() -> None:
    rec = Record(id="r2", title="", body=UNTITLED, source="x")
    assert rec.title_made and rec.title == made_title(UNTITLED)
    assert rec.title.endswith("…") and UNTITLED.startswith(rec.title.removesuffix("…"))
    assert "title_made" not in rec.to_dict()  # a flag for the index, not a record field
    titled = Record(id="r3", title="Mangroves in Senegal", body=UNTITLED, source="x")
    assert not titled.title_made
    assert not Record(id="r4", title="", body="", source="x").title_made


def test_a_made_title_is_stored_not_ranked_nor_read_twice() -> None:
    fields = record_fields(Record(id="r2", title="", body=UNTITLED, source="x"), "h")
    assert fields["content"].count("Jury still out") == 1
    assert fields["title"] == ""  # nothing indexed as its title
    assert fields["_stored_title"].startswith("Jury still out")  # but shown
    own = record_fields(
        Record(id="r3", title="Mangroves in Senegal", body=UNTITLED, source="x"), "h"
    )
    assert own["title"] == "Mangroves in Senegal" and "_stored_title" not in own
    assert own["content"].count("Mangroves in Senegal") == 1
