"""A generated index with many distinct words and long documents of common ones.

Queries that are cheap on the sample corpus (30 documents) become expensive
here: a range over the text field covers thousands of words, and a phrase of
common words that never occurs in that order makes Whoosh's phrase matcher
walk the word positions of every document. The serving tests use it for the
time limit and for "a slow query does not hold the server".
"""

from __future__ import annotations

import json
import random
from pathlib import Path

__all__ = ["COMMON", "SLOW_PHRASE", "WIDE_DOCS", "write_wide_corpus"]

#: documents in the generated corpus
WIDE_DOCS = 700
#: the words every document repeats (never next to each other in this order)
COMMON = ("alpha", "bravo", "charlie", "delta")
#: a phrase no document has, whose words every document has many times
SLOW_PHRASE = '"' + " ".join(["bravo alpha"] * 60) + '"'


def write_wide_corpus(folder: Path, docs: int = WIDE_DOCS, seed: int = 7) -> Path:
    """One JSONL file of ``docs`` records: each a unique word ``w<n>`` and a few
    hundred occurrences of the common words, always in the order alpha bravo
    charlie delta (so "bravo alpha" never occurs)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "wide.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for n in range(docs):
            body = " ".join(" ".join(COMMON) for _ in range(rng.randint(60, 90)))
            rec = {
                "id": f"wide-{n:05d}",
                "title": f"Record w{n} of the generated corpus",
                "text": f"w{n} {body} w{n}x{rng.randint(0, 9)}",
                "date": f"{2000 + n % 20}-01-01",
            }
            f.write(json.dumps(rec) + "\n")
    return path
