"""The time limit of a search (search/deadline.py), and the engine stopping at it.

The slow queries run on a generated index (tests/search/wide_index.py) where
a long phrase of common words takes seconds; the limit must stop it within a
fraction of a second past the limit, with the one-line error, and the same
index must answer the next search normally.
"""

from __future__ import annotations

import pickle
import threading
import time
from pathlib import Path

import pytest
from wide_index import slow_phrase

from migsearch.errors import QueryError, SearchTimeoutError
from migsearch.search.deadline import (
    carried,
    carried_limit,
    check_deadline,
    paused,
    remaining,
    time_limit,
)
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


def test_a_carried_limit_ends_where_the_sender_s_does_with_its_error() -> None:
    """What a cluster worker gets: the limit travels as plain data and is taken up in
    a context of its own (here another thread, which starts without the sender's)."""
    assert carried() is None and remaining() is None
    with carried_limit(None):
        check_deadline()
    with time_limit(0.3):
        sent = pickle.loads(pickle.dumps(carried()))
        left = remaining()
        assert left is not None and 0 < left <= 0.3
    assert sent[1] == 0.3
    seen: list[object] = []

    def worker() -> None:
        check_deadline()  # the thread has no limit of its own
        with carried_limit(sent):
            check_deadline()
            seen.append(remaining())
            time.sleep(0.35)
            try:
                check_deadline()
            except SearchTimeoutError as e:  # crosses back to the sender as it is
                seen.append(pickle.loads(pickle.dumps(e)))
        seen.append(remaining())

    t = threading.Thread(target=worker)
    t.start()
    t.join()
    assert isinstance(seen[0], float) and seen[0] <= 0.3
    assert isinstance(seen[1], SearchTimeoutError) and seen[1].seconds == 0.3
    assert str(seen[1]) == str(SearchTimeoutError(0.3))
    assert seen[2] is None  # the limit ended with its block


def test_a_paused_block_is_not_counted_against_the_search() -> None:
    with time_limit(0.1):
        with paused():
            time.sleep(0.15)
        check_deadline()  # the end moved by the pause
        time.sleep(0.12)
        with pytest.raises(SearchTimeoutError):
            check_deadline()


def test_a_pause_in_a_shard_s_thread_moves_the_end_for_later_phases() -> None:
    """Shards searched in this process run each phase in a copy of the caller's context:
    a load paused in one phase's thread must still count in the next phase. It did not
    (each copy moved its own end), so the first search of a 1M-document, two-shard index
    timed out after its columns' one-time load."""
    import contextvars
    from concurrent.futures import ThreadPoolExecutor

    def load(seconds: float) -> None:
        with paused():
            time.sleep(seconds)

    with ThreadPoolExecutor(2) as pool, time_limit(0.2):
        # two shards loading at once: the end moves by the overlap once, not twice
        both = [pool.submit(contextvars.copy_context().run, load, 0.3) for _ in range(2)]
        for f in both:
            f.result()
        check_deadline()
        later = pool.submit(contextvars.copy_context().run, check_deadline)
        later.result()  # the next phase's thread sees the moved end too
        left = remaining()
        assert left is not None and 0.05 < left < 0.2 + 0.05
        time.sleep(left + 0.05)
        with pytest.raises(SearchTimeoutError):
            pool.submit(contextvars.copy_context().run, check_deadline).result()


def test_loading_an_index_array_once_is_not_the_search_s_time(wide_index: Path) -> None:
    """The first search of a large index builds its facet columns (seconds at 1M documents):
    that one-time load must not make it time out."""
    with open_index(wide_index) as ix:
        snap = ix._snapshot()
        with time_limit(0.1):
            got = snap._once(lambda: None, lambda: time.sleep(0.15) or 7)
            check_deadline()
        assert got == 7


def test_a_slow_phrase_is_stopped_at_the_limit_and_the_index_answers_after(
    wide_index: Path,
) -> None:
    """The limit is a quarter of what the phrase takes unlimited on this machine today.

    A fixed limit fails on a machine fast enough to finish the phrase within it;
    measuring first keeps the test about stopping, whatever the machine. Each
    run uses another variant of the phrase, so none is answered from the cache
    a completed search leaves.
    """
    with open_index(wide_index, timeout=None) as ix:
        ix.search("alpha bravo", limit=1)  # first use, unlimited: the stemmer and vocabularies load
        t = time.monotonic()
        assert ix.search(slow_phrase(0)).total == 0
        full = time.monotonic() - t
        assert full > 0.5, f"the slow phrase took {full:.2f} s: too quick to test a limit with"
        limit = full / 4
        ix.timeout = limit
        t = time.monotonic()
        with pytest.raises(SearchTimeoutError) as e:
            ix.search(slow_phrase(1))
        took = time.monotonic() - t
        assert "\n" not in str(e.value)
        # stopped near the limit, long before the whole walk
        assert took < limit + max(1.0, full / 2), (took, full)
        res = ix.search("alpha", limit=3)
        assert res.total > 0 and len(res.hits) == 3
        with pytest.raises(SearchTimeoutError):  # nothing half-computed was kept
            ix.search(slow_phrase(1))
        ix.timeout = None
        t = time.monotonic()
        assert ix.search(slow_phrase(1)).total == 0  # unlimited, the stopped phrase completes
        assert time.monotonic() - t > limit


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
