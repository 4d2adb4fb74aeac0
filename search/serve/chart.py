"""The search page's year chart: the hits per year as SVG bars that filter by year.

The chart is drawn on the server as inline SVG, so it needs no script, no
chart library and nothing from another site (the Content-Security-Policy
allows none of these), and it prints and reads like the rest of the page.
This module only lays it out (a bar's place and size, its link and label);
the template writes the SVG, escaping as everywhere else.

The bars are the search's ``year_histogram``: every year from the first to
the last with its count, gaps as empty slots, over all matches and ignoring
the year and date filters (as the years facet does), so the chart keeps
showing the whole trend while a year is picked. A bar links to the search
narrowed to its year alone; the picked years are drawn highlighted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from migsearch.search.results import FacetValue

__all__ = ["Bar", "YearChart", "year_chart"]

#: the drawing's coordinate box (the SVG scales to the column's width)
WIDTH = 280
PLOT_HEIGHT = 90
LABEL_HEIGHT = 16
#: at most this many year labels under the axis; the others are left out
MAX_LABELS = 6


@dataclass(frozen=True)
class Bar:
    year: str
    count: int
    x: float
    y: float
    width: float
    height: float
    #: the search narrowed to this year
    url: str
    picked: bool
    #: the year is written under the axis
    labelled: bool

    @property
    def label_x(self) -> float:
        return self.x + self.width / 2

    @property
    def title(self) -> str:
        noun = "document" if self.count == 1 else "documents"
        return f"{self.year}: {self.count:,} {noun}"


@dataclass(frozen=True)
class YearChart:
    bars: list[Bar]
    width: int
    height: int
    plot_height: int
    #: the largest count, for the chart's description
    most: int

    @property
    def summary(self) -> str:
        """What the chart shows, for a screen reader."""
        first, last = self.bars[0].year, self.bars[-1].year
        return f"Hits per year from {first} to {last}; the most in one year: {self.most:,}."


def year_chart(
    histogram: Sequence[FacetValue] | None,
    picked: Sequence[str],
    url_for: Callable[[str], str],
) -> YearChart | None:
    """The chart of ``histogram`` (None when there is no dated hit to draw)."""
    values = [v for v in histogram or () if v.value.isdigit()]
    if not values or not any(v.count for v in values):
        return None
    most = max(v.count for v in values)
    slot = WIDTH / len(values)
    gap = min(slot * 0.2, 6.0)
    every = -(-len(values) // MAX_LABELS)  # label every n-th year
    bars = []
    for i, v in enumerate(values):
        h = round(PLOT_HEIGHT * v.count / most, 1) if v.count else 0.0
        if v.count and h < 2:
            h = 2.0  # one document still shows
        bars.append(
            Bar(
                year=v.value,
                count=v.count,
                x=round(i * slot + gap / 2, 2),
                y=round(PLOT_HEIGHT - h, 2),
                width=round(slot - gap, 2),
                height=h,
                url=url_for(v.value),
                picked=v.value in picked,
                labelled=(len(values) - 1 - i) % every == 0,
            )
        )
    return YearChart(bars, WIDTH, PLOT_HEIGHT + LABEL_HEIGHT, PLOT_HEIGHT, most)
