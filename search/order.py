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
        # everything scoring at least the k-th best, so ties at the edge are kept
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
    scored = scores > 0
    s_ids, s_sc = ids[scored], scores[scored]
    best = top_k(s_ids, s_sc, k)
    out_ids, out_sc = s_ids[best], s_sc[best]
    rest = k - len(out_ids)
    if rest > 0 and len(s_ids) < len(ids):
        zero = by_date(ids[~scored], date_key, rest)
        out_ids = np.concatenate([out_ids, zero])
        out_sc = np.concatenate([out_sc, np.zeros(len(zero))])
    return out_ids, out_sc
