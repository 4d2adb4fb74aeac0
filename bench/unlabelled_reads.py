"""What a change to the taggers does on unlabelled tuning-half text: corridors and "about".

Run: ``.venv/bin/python bench/unlabelled_reads.py --save before.json`` on the code
before a change, ``--save after.json`` after it, then ``--diff before.json
after.json`` to read every paragraph whose corridors, and every document whose
"about" countries, the change altered.

The labelled halves are small: a rule written from one tuning example often changes
no labelled figure, and says nothing of what else it changes. The same rule run over
every text of the tuning half that nobody labelled shows both: what it fixes beyond
its example, and what it breaks. The texts read are the tuning half's only, by
:func:`halves.half` of each item's key (a paragraph's ``set:id:n``, a document's
``set:id``), and never a document that holds a held-out label (its other paragraphs
would carry the held-out half's wording into the tuning): the held-out half stays a
measure.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from facet_quality import _about
from halves import HALVES, half
from labelled import _READERS, about_labels, paragraphs, passage_labels

from migsearch.indexer.vocabulary.corridors import find_corridors
from migsearch.indexer.vocabulary.places import read_places

#: Sets whose paragraphs are read for corridors (news pages rarely state one).
CORRIDOR_SETS = ("reliefweb-themes", "humset", "reliefweb-api")
ABOUT_SETS = ("reliefweb-themes", "humset", "reliefweb-api", "article-extraction")


def _held_out_documents() -> set[tuple[str, str]]:
    """Documents that hold a held-out label, of either kind."""
    held = {(p.doc.set, p.doc.id) for p in passage_labels() if p.half != HALVES[0]}
    held |= {(a.doc.set, a.doc.id) for a in about_labels() if a.half != HALVES[0]}
    return held


def reads() -> dict[str, dict[str, list[object]]]:
    """Corridors of every unlabelled tuning-half paragraph and "about" countries of every
    unlabelled tuning-half document, each with the start of its text."""
    held = _held_out_documents()
    labelled_paragraphs = {p.key for p in passage_labels()}
    labelled_documents = {(a.doc.set, a.doc.id) for a in about_labels()}
    corridors: dict[str, list[object]] = {}
    about: dict[str, list[object]] = {}
    for name in dict.fromkeys([*CORRIDOR_SETS, *ABOUT_SETS]):
        for d in _READERS[name]():
            if (d.set, d.id) in held:
                continue
            key = f"{d.set}:{d.id}"
            if (
                name in ABOUT_SETS
                and (d.set, d.id) not in labelled_documents
                and half(key) == HALVES[0]
            ):
                about[key] = [read_places(d.title, d.text).countries, d.title, d.text[:400]]
            if name not in CORRIDOR_SETS:
                continue
            homes = _about(d)
            for i, p in enumerate(paragraphs(d.text)):
                pkey = f"{key}:{i}"
                if pkey in labelled_paragraphs or half(pkey) != HALVES[0]:
                    continue
                corridors[pkey] = [find_corridors(p, homes=homes).values, homes[:3], p]
    return {"corridors": corridors, "about": about}


def diff(
    before: dict[str, dict[str, list[object]]], after: dict[str, dict[str, list[object]]]
) -> None:
    """Print every item whose reading changed, with the start of its text."""
    for kind in ("corridors", "about"):
        # items labelled between the two runs are read no more: only those in both count
        both = [k for k in before[kind] if k in after[kind]]
        changed = [k for k in both if before[kind][k][0] != after[kind][k][0]]
        print(f"== {kind}: {len(changed)} of {len(both)} changed")
        for k in changed:
            old, new = before[kind][k], after[kind][k]
            print(f"{k}: {old[0]} -> {new[0]}")
            print("   " + " ".join(str(new[2])[:400].split()))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--save", type=Path, help="write the readings of the current code here")
    ap.add_argument("--diff", type=Path, nargs=2, metavar=("BEFORE", "AFTER"))
    args = ap.parse_args()
    if args.save:
        args.save.write_text(json.dumps(reads()), encoding="utf-8")
    if args.diff:
        before, after = (json.loads(p.read_text(encoding="utf-8")) for p in args.diff)
        diff(before, after)


if __name__ == "__main__":
    main()
