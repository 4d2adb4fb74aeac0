"""The time limit of a search (search/deadline.py), and the engine stopping at it.

The slow queries run on a generated index (tests/search/wide_index.py) where
a long phrase of common words takes seconds; the limit must stop it within a
fraction of a second past the limit, with the one-line error, and the same
index must answer the next search normally.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from wide_index import SLOW_PHRASE

from migsearch.errors import QueryError, SearchTimeoutError
from migsearch.search.deadline import check_deadline, time_limit
from migsearch.search.engine import open_index


def test_check_passes_within_the_limit_and_raises_after_it() -> None:
    check_deadline()  # no limit at all: never raises
    with time_limit(0.2):
        check_deadline()
        time.sleep(0.25)
        with pytest.raises(SearchTimeoutError) as e:
            check_deadline()
    assert "time limit of 0.2 s" in str(e.value) and "\n" not in str(e.value)
    check_deadline()  # the limit ended with its block


def test_a_nested_limit_cannot_extend_the_outer_one() -> None:
    with time_limit(0.1):
        with time_limit(60):
            time.sleep(0.15)
            with pytest.raises(SearchTimeoutError):
                check_deadline()
        with time_limit(None), pytest.raises(SearchTimeoutError):
            check_deadline()


#: the limit of the slow-phrase test: the phrase takes 0.7 s on a quiet machine, seconds on a busy one
LIMIT = 0.2


def test_a_slow_phrase_is_stopped_at_the_limit_and_the_index_answers_after(
    wide_index: Path,
) -> None:
    with open_index(wide_index, timeout=None) as ix:
        ix.search("alpha bravo", limit=1)  # first use, unlimited: the stemmer and vocabularies load
        ix.timeout = LIMIT
        t = time.monotonic()
        with pytest.raises(SearchTimeoutError):
            ix.search(SLOW_PHRASE)
        took = time.monotonic() - t
        # the unlimited run of this phrase takes longer (checked below); stopped near the limit
        assert took < 2.0, took
        res = ix.search("alpha", limit=3)
        assert res.total > 0 and len(res.hits) == 3
        with pytest.raises(SearchTimeoutError):  # nothing half-computed was kept
            ix.search(SLOW_PHRASE)
    with open_index(wide_index, timeout=None) as ix:
        t = time.monotonic()
        assert ix.search(SLOW_PHRASE).total == 0
        assert time.monotonic() - t > 2 * LIMIT


def test_a_range_over_the_text_field_is_refused_in_one_line(wide_index: Path) -> None:
    with open_index(wide_index) as ix:
        t = time.monotonic()
        for q in ("text:[a TO z]", "body:<zzzz", "text:>a", "text:[w1 TO w9]"):
            with pytest.raises(QueryError) as e:
                ix.search(q)
            msg = str(e.value)
            assert "more than 1,000 words" in msg and "\n" not in msg, msg
        assert time.monotonic() - t < 5
        # a narrow range and a year range still work
        assert ix.search("text:[w10 TO w11]").total > 0
        assert ix.search("year:[2005 TO 2006]").total > 0
