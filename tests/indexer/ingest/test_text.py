"""Listing pages as text: the two seed pages give one item per resource, no furniture.

Expected titles and dates (tests/seed_pages.py) were written by reading the pages,
not by running the code.
"""

from __future__ import annotations

import pytest
from seed_pages import NEWS, NEWS_ITEMS, REPORT_TITLES, REPORTS

from migsearch.indexer.ingest.text import is_furniture, split_text


def test_numbered_listing_gives_ten_items_with_titles_and_dates() -> None:
    items = split_text(NEWS.read_text("utf-8"))
    assert [(i.title[: len(t)], i.date) for i, (t, _) in zip(items, NEWS_ITEMS, strict=True)] == [
        (t, d) for t, d in NEWS_ITEMS
    ]
    assert [i.position for i in items] == list(range(1, 11))


def test_numbered_items_keep_their_whole_summary() -> None:
    items = split_text(NEWS.read_text("utf-8"))
    fishers = items[1]
    assert fishers.summary.startswith("The issue of work in fishing is important")
    assert fishers.summary.endswith("Korean and Taiwanese vessels.")
    assert "27 April 2015" not in fishers.summary  # the date line is the date, not text


def test_title_summary_listing_gives_twenty_reports_without_furniture() -> None:
    items = split_text(REPORTS.read_text("utf-8"))
    assert [i.title for i in items] == REPORT_TITLES
    assert all(i.date is None for i in items)
    texts = " ".join(i.title + " " + i.summary for i in items)
    for furniture in ("You are here", "Document Actions", "criteria boxes", "All Resources\n"):
        assert furniture not in texts


def test_report_summaries_are_the_paragraph_under_each_title() -> None:
    items = {i.title: i for i in split_text(REPORTS.read_text("utf-8"))}
    assert items["Global Gender Strategy"].summary.startswith(
        "Better Work’s five-year gender strategy"
    )
    assert items["Mongolia: Migration and Employment Study"].summary.endswith(
        "reducing both urban and rural poverty."
    )


@pytest.mark.parametrize(
    "line",
    ["You are here: Home Resources All Resources", "Document Actions", "  document actions "],
)
def test_furniture_lines(line: str) -> None:
    assert is_furniture(line)


@pytest.mark.parametrize("line", ["In their own voices", "Global Gender Strategy", "Home truths"])
def test_titles_are_not_furniture(line: str) -> None:
    assert not is_furniture(line)


def test_plain_document_is_one_record_with_title_and_date() -> None:
    text = (
        "Annual review of remittances\n\n3 May 2021\n\nRemittances to Nepal rose sharply in 2020."
    )
    [item] = split_text(text)
    assert item.title == "Annual review of remittances"
    assert item.date == "2021-05-03"
    assert "Remittances to Nepal" in item.summary


def test_report_blurb_dates_are_not_publication_dates() -> None:
    # a study period in a blurb is not when the report came out
    text = (
        "Land rights study\nJIPAR led a study between September 2018 and June 2020 with women.\n"
        "Second report\nThe report covers housing in Singapore and Malaysia in great detail.\n"
        "Third report\nIt was launched on 3 March 2019 in Bangkok with partners and officials.\n"
    )
    items = split_text(text)
    assert [i.title for i in items] == ["Land rights study", "Second report", "Third report"]
    assert [i.date for i in items] == [None, None, None]


def test_event_blurb_gives_the_event_date() -> None:
    text = (
        "Workshop one\nThe workshop was held on 8-12 September 2014 in Makati City, Philippines.\n"
        "Workshop two\nMeetings from September to November 2014 were held in several states.\n"
        "Workshop three\nNothing about dates here, only a long enough sentence to be a blurb.\n"
    )
    assert [i.date for i in split_text(text)] == ["2014-09-08", "2014-09", None]


def test_a_text_opening_with_a_paragraph_gives_no_title() -> None:
    """A pasted passage: its first line is no title, so the record makes one and says so."""
    para = "Workers from Nepal who paid recruitment fees to reach Malaysia were stranded. " * 4
    (item,) = split_text(para + "\nA second paragraph.")
    assert item.title == ""
    assert item.summary.startswith("Workers from Nepal") and "A second paragraph." in item.summary
    (short,) = split_text("Fair recruitment in Malaysia\n" + para)
    assert short.title == "Fair recruitment in Malaysia" and short.summary.startswith("Workers")
