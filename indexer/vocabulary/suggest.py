"""Which known names to offer for a name that is not known ("did you mean …?").

difflib finds every name that looks somewhat alike, which is too many to be
useful: "Thialand" is close to Thailand (0.88) but also to Åland (0.77) and
Italian (0.53), and offering all three makes the right one look like a guess.
Here the candidates are scored, each thing they name keeps its best score,
and only the things within a small margin of the best are offered, best
first: "Thialand" gets Thailand alone, while a name equally close to two
things gets both.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

__all__ = ["CUTOFF", "MARGIN", "MIN_BEST", "closest"]

#: how alike (difflib's ratio, 0–1) a name must be to be considered at all
CUTOFF = 0.6
#: how far below the best score an offer may be
MARGIN = 0.08
#: a best score below this offers nothing: "Atlantis" is no misspelling of Albania (0.71)
MIN_BEST = 0.72


def closest(
    key: str,
    names: Mapping[str, str],
    *,
    most: int = 3,
    also: Iterable[str] = (),
    also_score: float = 0.9,
) -> list[str]:
    """The things (values of ``names``) whose names (keys) are closest to ``key``.

    ``also``: names to consider as close as ``also_score`` whatever their spelling
    (a theme whose name contains every word typed, for instance).
    """
    scored: dict[str, float] = {}

    def offer(name: str, score: float) -> None:
        thing = names[name]
        scored[thing] = max(score, scored.get(thing, 0.0))

    if key:
        for name in difflib.get_close_matches(key, list(names), n=20, cutoff=CUTOFF):
            offer(name, difflib.SequenceMatcher(None, key, name).ratio())
    for name in also:
        offer(name, also_score)
    best = max(scored.values(), default=0.0)
    if best < MIN_BEST:
        return []
    ranked = sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))
    return [thing for thing, score in ranked if score >= best - MARGIN][:most]
