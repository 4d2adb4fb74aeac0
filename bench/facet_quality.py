"""Quality of the facets no other field gives: "about" countries, corridors, population groups.

Each figure is precision and recall over labelled pairs (a document and a
country it is about; a paragraph and a corridor or group it states), on the
tuning half and the held-out half of ``bench/labels/`` (:mod:`halves`, keyed
by document, or by document and paragraph). The labels and how they were
written are described in :mod:`labelled`. ``bench/tagging.py --only about``
(``corridors``, ``groups``) prints them; the unit suite floors them.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from halves import HALVES
from labelled import Doc, Passage, about_labels, passage_labels

from migsearch.indexer.vocabulary.corridors import Corridors, find_corridors
from migsearch.indexer.vocabulary.groups import find_groups
from migsearch.indexer.vocabulary.places import read_places

__all__ = [
    "Pairs",
    "about_by_set",
    "about_pairs",
    "corridor_pairs",
    "corridor_pairs_in_documents",
    "group_pairs",
]


@dataclass
class Pairs:
    """True, false and missed labels, and the items behind each mistake."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    mistakes: list[str] = field(default_factory=list)
    #: (tp, fp, fn) of each item added: what :meth:`intervals` resamples
    items: list[tuple[int, int, int]] = field(default_factory=list)

    def add(self, key: str, got: Iterable[str], want: Iterable[str]) -> None:
        got, want = set(got), set(want)
        counts = (len(got & want), len(got - want), len(want - got))
        self.tp += counts[0]
        self.fp += counts[1]
        self.fn += counts[2]
        self.items.append(counts)
        if got != want:
            self.mistakes.append(f"{key}: extra {sorted(got - want)}, missed {sorted(want - got)}")

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def labelled(self) -> int:
        return self.tp + self.fn

    def intervals(
        self, rounds: int = 2000, seed: int = 0
    ) -> tuple[tuple[float, float], tuple[float, float]]:
        """95% intervals of precision and recall, by resampling the items (documents or
        paragraphs) with replacement: how far another draw of as many items could move
        the figures. A fixed seed, so a run repeats its intervals."""
        if not self.items:
            return (0.0, 0.0), (0.0, 0.0)
        rng = random.Random(seed)
        n = len(self.items)
        ps, rs = [], []
        for _ in range(rounds):
            tp = fp = fn = 0
            for _ in range(n):
                a, b, c = self.items[rng.randrange(n)]
                tp, fp, fn = tp + a, fp + b, fn + c
            ps.append(tp / (tp + fp) if tp + fp else 0.0)
            rs.append(tp / (tp + fn) if tp + fn else 0.0)
        lo, hi = int(rounds * 0.025), int(rounds * 0.975) - 1
        ps.sort()
        rs.sort()
        return (ps[lo], ps[hi]), (rs[lo], rs[hi])

    def line(self) -> str:
        return (
            f"precision {self.precision:.3f}, recall {self.recall:.3f} "
            f"(tp {self.tp}, fp {self.fp}, fn {self.fn}; {self.labelled} labelled)"
        )


_HOMES: dict[tuple[str, str], list[str]] = {}


def _about(doc: Doc) -> list[str]:
    key = (doc.set, doc.id)
    if key not in _HOMES:
        _HOMES[key] = read_places(doc.title, doc.text).countries
    return _HOMES[key]


def _by_half(items: Iterable[tuple[str, str, Iterable[str], Iterable[str]]]) -> dict[str, Pairs]:
    out = {h: Pairs() for h in HALVES}
    for h, key, got, want in items:
        out[h].add(key, got, want)
    return out


def about_pairs() -> dict[str, Pairs]:
    """Countries read as "about" against the labels, by half."""
    return _by_half(
        (a.half, f"{a.doc.set}:{a.doc.id}", _about(a.doc), a.countries) for a in about_labels()
    )


def about_by_set() -> dict[tuple[str, str], Pairs]:
    """The same figures by data set and half."""
    out: dict[tuple[str, str], Pairs] = defaultdict(Pairs)
    for a in about_labels():
        out[a.doc.set, a.half].add(f"{a.doc.set}:{a.doc.id}", _about(a.doc), a.countries)
    return {k: out[k] for k in sorted(out, key=lambda k: (k[0], HALVES.index(k[1])))}


def _passages(read: Callable[[Passage], Iterable[str]], labels: str) -> dict[str, Pairs]:
    return _by_half((p.half, p.key, read(p), getattr(p, labels)) for p in passage_labels())


def corridor_pairs() -> dict[str, Pairs]:
    """Corridors read from each paragraph (its document's countries as homes), by half."""
    return _passages(lambda p: find_corridors(p.text, homes=_about(p.doc)).values, "corridors")


def corridor_pairs_in_documents() -> dict[str, Pairs]:
    """Corridors read from each paragraph's *whole document*, as indexing reads them, and
    given to the paragraph whose text holds their evidence, by half.

    Indexing never reads a paragraph alone: what the rest of the document says can
    change a paragraph's corridors (which country is the home). A corridor counts for a
    paragraph when one of its evidence snippets (at most ``MAX_EVIDENCE`` per document)
    comes from it, so recall here is a lower bound."""
    read: dict[tuple[str, str], Corridors] = {}
    out = {h: Pairs() for h in HALVES}
    for p in passage_labels():
        key = (p.doc.set, p.doc.id)
        if key not in read:
            read[key] = find_corridors(p.doc.text, homes=_about(p.doc))
        found = read[key]
        text = " ".join(p.text.split())
        got = [
            v
            for v in found.values
            if any(e.rstrip("…")[:80] in text or text[:80] in e for e in found.evidence[v])
        ]
        out[p.half].add(p.key, got, p.corridors)
    return out


def group_pairs() -> dict[str, Pairs]:
    """Population groups read from each paragraph, by half."""
    return _passages(lambda p: find_groups("", p.text).ids, "groups")
