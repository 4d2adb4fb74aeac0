"""A set of document numbers held as a boolean mask over the index."""

from __future__ import annotations

import numpy as np

__all__ = ["DocSet"]


class DocSet:
    """Document numbers as a mask: ``&`` and ``len`` at numpy speed.

    Match sets, filters and their intersections are all DocSets over the same
    opened index, so combining a query with its filters is one ``&`` per filter,
    and counting a facet over them one ``bincount``.
    """

    __slots__ = ("_n", "mask")

    def __init__(self, mask: np.ndarray) -> None:
        self.mask = mask
        self._n: int | None = None

    def __len__(self) -> int:
        if self._n is None:
            self._n = int(np.count_nonzero(self.mask))
        return self._n

    def __and__(self, other: DocSet) -> DocSet:
        return DocSet(self.mask & other.mask)

    def ids(self) -> np.ndarray:
        """The document numbers, ascending."""
        return np.flatnonzero(self.mask)
