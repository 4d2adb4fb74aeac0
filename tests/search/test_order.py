"""Orders of a page (search/order.py)."""

from __future__ import annotations

import numpy as np

from migsearch.search.order import best_first, by_date, top_k


def test_top_k_orders_by_score_then_docnum() -> None:
    ids = np.array([3, 5, 7, 9, 11])
    sc = np.array([1.0, 2.0, 2.0, 0.5, 2.0])
    assert top_k(ids, sc, 2).tolist() == [1, 2]
    assert top_k(ids, sc, 10).tolist() == [1, 2, 4, 0, 3]
    assert top_k(ids[:0], sc[:0], 3).tolist() == []


def test_by_date_puts_undated_last_both_ways() -> None:
    # document numbers 0..5; keys order the dates, 0 = undated
    key = np.array([2, 0, 3, 2, 1, 0])
    ids = np.arange(6)
    assert by_date(ids, key, 6).tolist() == [2, 0, 3, 4, 1, 5]
    assert by_date(ids, key, 6, oldest=True).tolist() == [4, 0, 3, 2, 1, 5]
    assert by_date(ids, key, 2).tolist() == [2, 0]


def test_best_first_lists_unscored_documents_newest_first_after_the_scored() -> None:
    key = np.array([2, 0, 3, 2, 1, 5])
    ids = np.array([0, 1, 2, 3, 4, 5])
    sc = np.array([0.0, 1.5, 0.0, 3.0, 0.0, 0.0])
    got, scores = best_first(ids, sc, key, 6)
    assert got.tolist() == [3, 1, 5, 2, 0, 4]
    assert scores.tolist() == [3.0, 1.5, 0.0, 0.0, 0.0, 0.0]
    assert best_first(ids, sc, key, 1)[0].tolist() == [3]
    assert best_first(ids, np.zeros(6), key, 3)[0].tolist() == [5, 2, 0]


def test_top_k_equals_a_full_sort_whatever_the_share_of_zeros() -> None:
    """The k best by a full sort (score down, then number), for scores mostly zero,
    never zero, tied, negative or mixed, and every k."""
    rng = np.random.default_rng(5)
    for case in range(300):
        n = int(rng.integers(1, 60))
        zeros = rng.random() < 0.5
        values = [0.0, 0.0, 0.0, 1.0, 2.5] if zeros else [-1.0, 0.0, 0.5, 0.5, 3.0]
        sc = rng.choice(values, size=n) if case % 2 else rng.random(n) * (rng.random(n) < 0.1)
        ids = np.sort(rng.choice(1000, n, replace=False))
        want = sorted(range(n), key=lambda i: (-sc[i], ids[i]))
        for k in (1, 3, n - 1, n, n + 2):
            assert top_k(ids, sc, k).tolist() == want[: max(k, 0)]
