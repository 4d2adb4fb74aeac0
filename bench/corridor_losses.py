"""Where corridor recall is lost, by kind of loss, on both halves of the labelled paragraphs.

Run: ``.venv/bin/python bench/corridor_losses.py`` (``--examples N`` lists N missed
corridors of each kind, of the *tuning* half only).

Every labelled corridor the reader misses (:func:`facet_quality.corridor_pairs`)
falls in the first of these kinds that fits it:

* ``origin unnamed``: the paragraph never names the origin (nor a people of it)
  as the gazetteer knows places: no rule of reading can find it;
* ``destination unsaid``: the paragraph never names the destination; the
  corridor needs the text's country (``homes``), and the reader did not take it;
* ``no origin role``: the origin is named but never read as where people come from;
* ``no destination role``: the destination is named but never read as where they go;
* ``roles, not paired``: both roles were read, in clauses that were not paired.

The counts are figures and may be read for both halves; the examples are the
tuning half's only, so that rules are written from it and the held-out half
stays a measure.
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict

from facet_quality import _about
from halves import HALVES
from labelled import Passage, passage_labels

from migsearch.indexer.vocabulary.corridors import find_corridors, parse_corridor
from migsearch.indexer.vocabulary.country_tagger import scan_places

KINDS = (
    "origin unnamed",
    "destination unsaid",
    "no origin role",
    "no destination role",
    "roles, not paired",
)


def _named(p: Passage) -> set[str]:
    """Codes and region ids the paragraph names, peoples included."""
    from migsearch.indexer.vocabulary.corridor_cues import cues

    out = {m.code for m in scan_places(p.text)}
    out.update(code for _, pattern, code in cues().peoples if pattern.search(p.text))
    return out


def losses() -> tuple[dict[str, Counter[str]], dict[str, list[str]]]:
    """Missed corridors by half and kind, and the tuning half's examples by kind."""
    counts: dict[str, Counter[str]] = {h: Counter() for h in HALVES}
    examples: dict[str, list[str]] = defaultdict(list)
    for p in passage_labels():
        homes = _about(p.doc)
        found = find_corridors(p.text, homes=homes)
        named = _named(p)
        for value in sorted(p.corridors - set(found.values)):
            origin, destination = parse_corridor(value)[0]
            if origin not in named:
                kind = KINDS[0]
            elif destination not in named:
                kind = KINDS[1]
            elif origin not in found.origins:
                kind = KINDS[2]
            elif destination not in found.destinations:
                kind = KINDS[3]
            else:
                kind = KINDS[4]
            counts[p.half][kind] += 1
            if p.half == HALVES[0]:
                examples[kind].append(f"{p.key} {value} (homes {homes[:3]}): {p.text[:300]}")
    return counts, examples


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--examples", type=int, default=0, help="tuning-half examples per kind")
    args = ap.parse_args()
    counts, examples = losses()
    print(f"{'missed corridors by kind':26}" + "".join(f"{h:>10}" for h in HALVES))
    for kind in KINDS:
        print(f"{kind:26}" + "".join(f"{counts[h][kind]:>10}" for h in HALVES))
    print(f"{'all':26}" + "".join(f"{sum(counts[h].values()):>10}" for h in HALVES))
    for kind in KINDS:
        for line in examples[kind][: args.examples]:
            print(f"  {kind}: {line}")


if __name__ == "__main__":
    main()
