"""Draw a labelling round: unlabelled paragraphs and documents, by a fixed seed.

Run: ``.venv/bin/python bench/label_draw.py --seed N --paragraphs 80 --documents 56``
(from the repository root). It prints each drawn item's key, half and text, and
nothing any tagger reads from it: the items are to be labelled from the text alone
(the rules: :mod:`labelled`). The place scan says only whether a paragraph names two
places, or a document one country; its readings are not shown.

A paragraph qualifies when it is unlabelled, holds a migration word
(:data:`MIGRATION`) and names two places the gazetteer knows (countries or regions);
one is drawn per document, from the documents holding no label of either kind first
(few of them have such a paragraph left), then from those holding labels (as earlier
rounds did). A document qualifies when it holds no label of either kind, gave no
paragraph to this draw, is ``--min``-``--max`` characters long and names a country.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re

from halves import half
from labelled import _READERS, about_labels, paragraphs, passage_labels

from migsearch.indexer.vocabulary.country_tagger import scan_places

PARAGRAPH_SETS = ("reliefweb-themes", "humset", "reliefweb-api")
DOCUMENT_SETS = ("reliefweb-themes", "humset", "reliefweb-api", "article-extraction")

MIGRATION = re.compile(
    r"\b(?:(?:im|e)?migra\w*|refugee\w*|asylum|displace\w*|IDPs?|return\w*|repatria\w*"
    r"|deport\w*|traffick\w*|fled|flee\w*|arriv\w*|cross\w* the border)\b",
    re.IGNORECASE,
)


def _labelled_documents() -> set[tuple[str, str]]:
    out = {(p.doc.set, p.doc.id) for p in passage_labels()}
    return out | {(a.doc.set, a.doc.id) for a in about_labels()}


def draw(seed: int, n_paragraphs: int, n_documents: int, lo: int, hi: int):
    """(paragraphs, documents) drawn: ``(key, half, text)`` each, in draw order."""
    taken = _labelled_documents()
    labelled = {p.key for p in passage_labels()}
    docs = [
        d for name in dict.fromkeys([*PARAGRAPH_SETS, *DOCUMENT_SETS]) for d in _READERS[name]()
    ]
    docs.sort(key=lambda d: (d.set, d.id))
    rng = random.Random(seed)
    rng.shuffle(docs)
    out_p, out_d, used = [], [], set()
    # documents without any label first, then the others, each in the drawn order
    for d in sorted(docs, key=lambda d: (d.set, d.id) in taken):
        if len(out_p) >= n_paragraphs or d.set not in PARAGRAPH_SETS:
            continue
        fits = [
            (i, p)
            for i, p in enumerate(paragraphs(d.text))
            if f"{d.set}:{d.id}:{i}" not in labelled
            and MIGRATION.search(p)
            and len({m.code for m in scan_places(p)}) >= 2
        ]
        if fits:
            i, p = rng.choice(fits)
            key = f"{d.set}:{d.id}:{i}"
            out_p.append((key, half(key), p))
            used.add((d.set, d.id))
    for d in docs:
        if len(out_d) >= n_documents or d.set not in DOCUMENT_SETS:
            continue
        if (d.set, d.id) in used or (d.set, d.id) in taken:
            continue
        text = d.text if not d.title else f"{d.title}\n{d.text}"
        if lo <= len(text) <= hi and any(not m.is_region for m in scan_places(text)):
            key = f"{d.set}:{d.id}"
            out_d.append((key, half(key), text))
    return out_p, out_d


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--paragraphs", type=int, default=80)
    ap.add_argument("--documents", type=int, default=56)
    ap.add_argument("--min", type=int, default=300)
    ap.add_argument("--max", type=int, default=3000)
    args = ap.parse_args()
    ps, ds = draw(args.seed, args.paragraphs, args.documents, args.min, args.max)
    for key, h, text in ps:
        sha = hashlib.sha1(text.encode()).hexdigest()[:12]
        print(f"### P {key} {h} {sha}\n{text}\n")
    for key, h, text in ds:
        print(f"### D {key} {h} {len(text)}\n{text}\n")


if __name__ == "__main__":
    main()
