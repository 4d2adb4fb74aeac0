"""Where "about" goes wrong, by kind of mistake, on both halves of the labelled documents.

Run: ``.venv/bin/python bench/about_losses.py`` (``--examples N`` lists N mistakes of
each kind, of the *tuning* half only).

Each wrong country (:func:`facet_quality.about_pairs`) is put in the first kind
that fits it, from what salience read of it
(:class:`~migsearch.indexer.vocabulary.salience.Features`):

* extra (read as about, labelled only mentioned): ``in the title``; ``strong
  position`` (lead or a paragraph opening); ``weight`` (neither: enough
  mentions for the text's length);
* missed (labelled about, read as mentioned): ``never named``; ``title names
  another``; ``only a seat`` (named only through a city that seats international
  bodies); ``asides`` (most mentions donor, speaker, dateline…); ``listed``
  (most in enumerations or examples); ``under the best`` (less than ABOUT_SHARE
  of the best country's score, DOMINATED_SHARE beside a dominant one); ``too rare`` (no strong position, too few
  mentions for the text's length).

The counts are figures and may be read for both halves; the examples are the
tuning half's only.
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict

from halves import HALVES
from labelled import about_labels

from migsearch.indexer.vocabulary.country_tagger import scan_places
from migsearch.indexer.vocabulary.salience import (
    ABOUT,
    ABOUT_SHARE,
    DOMINANT,
    DOMINATED_SHARE,
    Features,
    country_salience,
)

EXTRA = ("extra: in the title", "extra: strong position", "extra: weight")
MISSED = (
    "missed: never named",
    "missed: title names another",
    "missed: only a seat",
    "missed: asides",
    "missed: listed",
    "missed: under the best",
    "missed: too rare",
)


def _extra(f: Features) -> str:
    if f.in_title:
        return EXTRA[0]
    return EXTRA[1] if f.opens or f.in_lead else EXTRA[2]


def _missed(f: Features | None) -> str:
    if f is None or f.count == 0:
        return MISSED[0]
    if f.other_in_title:
        return MISSED[1]
    if f.seat >= 1.0:
        return MISSED[2]
    if f.aside + f.dateline >= 0.5:
        return MISSED[3]
    if f.listed >= 0.5:
        return MISSED[4]
    share = DOMINATED_SHARE if f.dominance >= DOMINANT else ABOUT_SHARE
    return MISSED[5] if f.share < share else MISSED[6]


def mistakes() -> tuple[dict[str, Counter[str]], dict[str, list[str]]]:
    """Wrong countries by half and kind, and the tuning half's examples by kind."""
    counts: dict[str, Counter[str]] = {h: Counter() for h in HALVES}
    examples: dict[str, list[str]] = defaultdict(list)
    for a in about_labels():
        sal = country_salience(scan_places(a.doc.title), scan_places(a.doc.text), a.doc.text)
        got = {c for c, s in sal.items() if s.role == ABOUT}
        for code in sorted(got ^ a.countries):
            s = sal.get(code)
            if code in got:
                kind = _extra(s.features) if s and s.features else EXTRA[0]
            else:
                kind = _missed(s.features if s else None)
            counts[a.half][kind] += 1
            if a.half == HALVES[0]:
                why = s.explain() if s else "not named"
                examples[kind].append(f"{a.doc.set}:{a.doc.id} {code}: {why}")
    return counts, examples


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--examples", type=int, default=0, help="tuning-half examples per kind")
    args = ap.parse_args()
    counts, examples = mistakes()
    print(f"{'wrong countries by kind':30}" + "".join(f"{h:>10}" for h in HALVES))
    for kind in (*EXTRA, *MISSED):
        print(f"{kind:30}" + "".join(f"{counts[h][kind]:>10}" for h in HALVES))
    for kind in (*EXTRA, *MISSED):
        for line in examples[kind][: args.examples]:
            print(f"  {kind}: {line}")


if __name__ == "__main__":
    main()
