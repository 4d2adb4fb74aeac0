"""The year chart's layout (``serve/chart.py``): one slot per year, bars to scale, links."""

from __future__ import annotations

from migsearch.search.results import FacetValue
from migsearch.search.serve.chart import MAX_LABELS, PLOT_HEIGHT, WIDTH, year_chart


def _hist(counts: dict[int, int]) -> list[FacetValue]:
    lo, hi = min(counts), max(counts)
    return [FacetValue(str(y), counts.get(y, 0)) for y in range(lo, hi + 1)]


def test_bars_are_to_scale_in_one_slot_per_year() -> None:
    chart = year_chart(_hist({2014: 4, 2016: 1, 2017: 8}), ["2016"], lambda y: f"/?year={y}")
    assert chart is not None
    assert [b.year for b in chart.bars] == ["2014", "2015", "2016", "2017"]
    by_year = {b.year: b for b in chart.bars}
    assert by_year["2017"].height == PLOT_HEIGHT and by_year["2017"].y == 0
    assert by_year["2014"].height == PLOT_HEIGHT / 2
    assert by_year["2015"].height == 0  # a gap keeps its slot
    assert by_year["2016"].height >= 2  # one document still shows
    xs = [b.x for b in chart.bars]
    assert xs == sorted(xs) and all(b.x + b.width <= WIDTH for b in chart.bars)
    assert by_year["2016"].picked and not by_year["2014"].picked
    assert by_year["2014"].url == "/?year=2014"
    assert (
        by_year["2014"].title == "2014: 4 documents" and by_year["2016"].title == "2016: 1 document"
    )
    assert chart.summary == "Hits per year from 2014 to 2017; the most in one year: 8."


def test_long_ranges_label_some_years_always_the_last() -> None:
    chart = year_chart(_hist({1990: 1, 2024: 3}), [], str)
    assert chart is not None and len(chart.bars) == 35
    labelled = [b.year for b in chart.bars if b.labelled]
    assert len(labelled) <= MAX_LABELS + 1 and labelled[-1] == "2024"


def test_nothing_dated_draws_nothing() -> None:
    assert year_chart(None, [], str) is None
    assert year_chart([], [], str) is None
    assert year_chart([FacetValue("2015", 0)], [], str) is None
