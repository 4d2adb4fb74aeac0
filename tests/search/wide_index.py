"""A generated index with many distinct words and long documents of common ones.

Queries that are cheap on the sample corpus (30 documents) become expensive
here: a range over the text field covers thousands of words, and a long phrase
of common words that goes wrong only at its last word makes Whoosh's phrase
matcher walk the word positions of every document. The serving tests use it for the
time limit and for "a slow query does not hold the server".
"""

from __future__ import annotations

import json
import random
from pathlib import Path

__all__ = [
    "COMMON",
    "SLOW_PHRASE",
    "SLOW_VARIANTS",
    "WIDE_DOCS",
    "slow_phrase",
    "write_wide_corpus",
]

#: documents in the generated corpus
WIDE_DOCS = 700
#: the words every document repeats (never next to each other in this order)
COMMON = ("alpha", "bravo", "charlie", "delta")
#: how many different slow phrases :func:`slow_phrase` makes
SLOW_VARIANTS = 12


def slow_phrase(variant: int = 0) -> str:
    """A phrase no document has, costly to rule out in every document.

    Sixteen common words in the corpus's own order (so the matcher follows each
    document's positions a long way) end in a word that never follows the last one.
    Variants start at another word or end in another wrong word: they cost the same
    but are different queries, so none is answered from the cache of another
    (a search keeps the matches of a query it completed). About 2 s on a quiet
    machine; 18 words of 2 were 0.4 s and a second run of a phrase is instant.
    """
    start, wrong = divmod(variant % SLOW_VARIANTS, 3)
    words = [COMMON[(start + i) % 4] for i in range(17)]
    follower = COMMON[(start + 17) % 4]
    words.append([w for w in COMMON if w != follower][wrong])
    return '"' + " ".join(words) + '"'


#: the first slow phrase
SLOW_PHRASE = slow_phrase(0)


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
