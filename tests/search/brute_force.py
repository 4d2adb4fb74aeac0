"""The ranking model computed the slow way, to check the array code against.

Word counts come from analysing each document's stored text again (title,
summary, body, joined as the indexer joins them into ``content``), field
lengths and document frequencies from Whoosh's own reader, and the formulas
are written out here once more, document by document, in plain Python.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

from migsearch.indexer.vocabulary.analysis import text_analyzer

K1 = 1.2
B = 0.75


def _words(text: str) -> Counter[str]:
    return Counter(t.text for t in text_analyzer()(text, mode="index"))


class Reference:
    """BM25F and the query-level model over every live document of a searcher."""

    def __init__(self, searcher: Any) -> None:
        self.s = searcher
        self.r = searcher.reader()
        self.docs = list(self.r.all_doc_ids())
        self.tf: dict[int, dict[str, Counter[str]]] = {}
        for d in self.docs:
            f = searcher.stored_fields(d)
            title, summary, body = f.get("title") or "", f.get("summary") or "", f.get("body") or ""
            content = (
                title + ("\n" + summary if summary and summary not in body else "") + "\n" + body
            )
            self.tf[d] = {"content": _words(content), "title": _words(title)}

    def has(self, d: int, term: str) -> bool:
        return bool(self.tf[d]["content"][term] or self.tf[d]["title"][term])

    def bm25f(self, d: int, weights: dict[str, float], title_weight: float = 1.0) -> float:
        n_live = self.s.doc_count()
        n_all = self.r.doc_count_all()
        score = 0.0
        for term, qw in weights.items():
            df = self.r.doc_frequency("content", term)
            if not df:
                continue
            idf = math.log(1 + (n_live - df + 0.5) / (df + 0.5))
            tf = 0.0
            for field, w in (("content", 1.0), ("title", title_weight)):
                c = self.tf[d][field][term]
                if c and w:
                    avg = self.r.field_length(field) / n_all
                    tf += w * c / (1 - B + B * self.r.doc_field_length(d, field) / avg)
            if tf:
                score += qw * idf * tf * (K1 + 1) / (tf + K1)
        return score

    def model(
        self,
        groups: list[list[str]],
        synonyms: list[str] = (),  # type: ignore[assignment]
        any_of: bool = False,
    ) -> dict[int, float]:
        """Scores without feedback: typed and prefix words at 1, synonyms at 0.8, and
        documents with every word of a 2-4 word OR query lifted above the rest."""
        weights = {t: 1.0 for g in groups for t in g}
        syn = {t: 0.8 for t in synonyms if t not in weights}
        scores = {d: self.bm25f(d, weights) + self.bm25f(d, syn) for d in self.docs}
        if any_of and 1 < len(groups) <= 4:
            every = {d for d in self.docs if all(any(self.has(d, t) for t in g) for g in groups)}
            lift = max((scores[d] for d in self.docs if d not in every), default=0.0)
            for d in every:
                scores[d] += lift
        return scores
