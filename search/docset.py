"""A set of document numbers held as a boolean mask over the index."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

__all__ = ["DocSet", "packed_bits", "restrictor"]


def packed_bits(mask: np.ndarray, words: int | None = None) -> np.ndarray:
    """A boolean mask as packed bits in 64-bit words (``words`` of them, zero padded;
    as many as the mask needs when not given)."""
    if words is None:
        words = -(-len(mask) // 64)
    packed = np.zeros(words * 8, dtype=np.uint8)
    bits = np.packbits(mask)
    packed[: len(bits)] = bits
    return packed.view(np.uint64)


class DocSet:
    """Document numbers as a mask: ``&`` and ``len`` at numpy speed.

    Match sets, filters and their intersections are all DocSets over the same
    opened index, so combining a query with its filters is one ``&`` per filter,
    and counting a facet over them one ``bincount``. The numbers and the packed
    bits of the set are made once, when first asked for: a page counts ten
    facets over the same set.
    """

    __slots__ = ("_bits", "_ids", "_n", "mask")

    def __init__(self, mask: np.ndarray) -> None:
        self.mask = mask
        self._n: int | None = None
        self._ids: np.ndarray | None = None
        self._bits: np.ndarray | None = None

    def __len__(self) -> int:
        if self._n is None:
            self._n = int(np.count_nonzero(self.mask))
        return self._n

    def __and__(self, other: DocSet) -> DocSet:
        return DocSet(self.mask & other.mask)

    def ids(self) -> np.ndarray:
        """The document numbers, ascending (not to be changed: the set keeps them)."""
        if self._ids is None:
            ids = np.flatnonzero(self.mask)
            ids.flags.writeable = False
            self._ids = ids
        return self._ids

    def bits(self) -> np.ndarray:
        """The set as packed bits in 64-bit words (:func:`packed_bits`), kept."""
        if self._bits is None:
            bits = packed_bits(self.mask)
            bits.flags.writeable = False
            self._bits = bits
        return self._bits


def restrictor(base: DocSet, filters: Mapping[str, DocSet]) -> Callable[[tuple[str, ...]], DocSet]:
    """``restrict(skip)``: the documents of ``base`` under every filter but those named in
    ``skip`` (a facet's own, whose counts ignore it), the smallest filter first.

    Each different set is made once: the facets that skip no filter in force share
    one set, its numbers and its bits.
    """
    made: dict[tuple[str, ...], DocSet] = {}

    def restrict(skip: tuple[str, ...]) -> DocSet:
        key = tuple(name for name in sorted(filters) if name in skip)
        docs = made.get(key)
        if docs is None:
            docs = base
            for name, f in sorted(filters.items(), key=lambda kv: len(kv[1])):
                if name not in key:
                    docs = docs & f
            made[key] = docs
        return docs

    return restrict
