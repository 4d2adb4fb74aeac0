"""A summary made of the body's first sentences is not indexed or tagged twice."""

from __future__ import annotations

from migsearch.indexer.ingest.records import Record, summary_in_body
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
