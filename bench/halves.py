"""Tuning and held-out halves: one fixed rule for every quality benchmark here.

An item (a page, a report) belongs to the tuning half or the held-out half by
a hash of its id, so the halves never change when a data set grows and no
choice of split can flatter a figure. Tune on the tuning half only; the
held-out half says whether a change generalises.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import TypeVar

__all__ = ["HALVES", "half", "split"]

HALVES = ("tuning", "held-out")

T = TypeVar("T")


def half(key: str) -> str:
    """The half the item with id ``key`` belongs to."""
    return HALVES[hashlib.sha1(key.encode("utf-8")).digest()[0] % 2]


def split(items: Iterable[T], key: Callable[[T], str]) -> dict[str, list[T]]:
    """``items`` by half, in their order."""
    out: dict[str, list[T]] = {h: [] for h in HALVES}
    for it in items:
        out[half(key(it))].append(it)
    return out
