"""The orders a page of results can come in, over arrays of document numbers.

* by relevance (:func:`best_first`): highest score first, equal scores by
  document number; documents that score 0 (nothing of the query's words, only
  a field such as ``country:THA``) after all others, newest first, then by
  document number;
* by date (:func:`by_date`): newest or oldest first, undated documents last
  either way, equal dates by document number.

Only the first ``k`` are sorted: a page needs its top, not a full sort of
every match.
"""

from __future__ import annotations

import numpy as np

__all__ = ["best_first", "by_date", "top_k"]


def top_k(ids: np.ndarray, scores: np.ndarray, k: int) -> np.ndarray:
    """Indexes into ``ids`` of the ``k`` best: highest score first, then lowest number."""
    n = len(ids)
    if n == 0 or k <= 0:
        return np.zeros(0, dtype=np.int64)
    if k < n:
        # everything scoring at least the k-th best, so ties at the edge are kept;
        # chosen among the positive scores when the k best are all positive: NumPy's
        # partition of an array mostly of zeros (documents matched only by a field)
        # takes 20-50 times as long as of its non-zero part
        scored = np.flatnonzero(scores > 0)
        if len(scored) >= k:
            values = scores[scored]
            kth = np.partition(values, len(values) - k)[len(values) - k]
            cand = scored[values >= kth]
        else:
            kth = np.partition(scores, n - k)[n - k]
            cand = np.flatnonzero(scores >= kth)
    else:
        cand = np.arange(n)
    order = np.lexsort((ids[cand], -scores[cand]))
    return cand[order[:k]]


def by_date(ids: np.ndarray, date_key: np.ndarray, k: int, oldest: bool = False) -> np.ndarray:
    """The first ``k`` of ``ids`` (sorted numbers) by date.

    ``date_key``: a sort key per document number that orders dates, 0 for undated.
    """
    key = date_key[ids]
    if oldest:  # undated documents last, whichever the direction
        key = np.where(key == 0, key.max(initial=0) + 1, key)
        order = np.lexsort((ids, key))
    else:
        order = np.lexsort((ids, -key))
    return ids[order[:k]]


def best_first(
    ids: np.ndarray, scores: np.ndarray, date_key: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """The first ``k`` of ``ids`` by relevance, with their scores."""
    best = top_k(ids, scores, k)
    if not len(best) or scores[best[-1]] > 0:  # the usual case: no unscored document shown
        return ids[best], scores[best]
    scored = scores > 0
    s_ids, s_sc = ids[scored], scores[scored]
    best = top_k(s_ids, s_sc, k)
    zero = by_date(ids[~scored], date_key, k - len(best))
    return np.concatenate([s_ids[best], zero]), np.concatenate([s_sc[best], np.zeros(len(zero))])
