"""bench/facet_quality.py: the intervals bench/tagging.py prints beside each figure."""

from __future__ import annotations

from benchmarks import bench


def _pairs(right: int, wrong: int, missed: int, copies: int):
    """Pairs of ``copies`` items, each with one right label, and ``wrong`` false and
    ``missed`` labels spread over the first items."""
    pairs = bench("facet_quality").Pairs()
    for i in range(copies):
        got = ["A"] * right + (["X"] if i < wrong else [])
        want = ["A"] * right + (["B"] if i < missed else [])
        pairs.add(f"item {i}", got, want)
    return pairs


def test_intervals_hold_the_figure_and_repeat() -> None:
    p = _pairs(1, 10, 20, 100)  # precision 100/110, recall 100/120
    (p_lo, p_hi), (r_lo, r_hi) = p.intervals()
    assert p_lo < p.precision < p_hi and r_lo < p.recall < r_hi
    assert p.intervals() == ((p_lo, p_hi), (r_lo, r_hi))  # a fixed seed


def test_intervals_narrow_as_items_grow() -> None:
    """The same rates over four times the items: half as wide, as resampling says."""
    small, large = _pairs(1, 10, 20, 100), _pairs(1, 40, 80, 400)
    assert small.precision == large.precision
    (s_lo, s_hi), _ = small.intervals()
    (l_lo, l_hi), _ = large.intervals()
    assert 0.35 < (l_hi - l_lo) / (s_hi - s_lo) < 0.7


def test_no_mistake_no_width() -> None:
    assert _pairs(2, 0, 0, 30).intervals() == ((1.0, 1.0), (1.0, 1.0))
