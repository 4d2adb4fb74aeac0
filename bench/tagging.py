"""Tagging benchmark: themes and countries against labels others gave, and tagging speed.

Run: ``.venv/bin/python bench/tagging.py`` (from the repository root).

Every quality figure is reported on two fixed halves of its data set
(:mod:`halves`): a *tuning* half, the only one to look at when changing the
taxonomy, the gazetteer or their weights, and a *held-out* half that says
whether a change generalises. (The taxonomy and gazetteer were tuned on whole
sets before this split existed: the held-out figures are honest only from
here on.)

Sections:

* themes on ReliefWeb's labelled reports (``reliefweb-tagged-reports``), for
  the seven ReliefWeb themes that map to ours: precision and recall per theme
  and micro-averaged, and the recall on reports carrying a single label (where
  the label is reliable: multi-labelled situation reports carry themes their
  text never mentions, so precision there is a floor, not the tagger's quality);
* countries on the ReliefWeb API sample (each export names one country;
  the tagger sees only each report's title and body text);
* countries of the 30 seed items through the whole ingestion path, against
  the table written by reading the pages (tests/seed_pages.py);
* "about": the countries a document is about (salience) against hand labels
  of the sample corpus, the ReliefWeb API sample and 412 more real pages
  (ReliefWeb themed reports, HumSet excerpts, news pages); by half and by set
  (``bench/about_losses.py``: the mistakes by kind);
* corridors and population groups read from 602 hand-labelled paragraphs of
  migration text (sample corpus, ReliefWeb, HumSet, news pages); by half; the
  corridors also as indexing reads them, within the whole document
  (``bench/corridor_losses.py``: the missed corridors by kind). The labels and
  how they were written: bench/labelled.py; what a change does to the corridors and
  "about" countries of the unlabelled tuning-half texts: ``bench/unlabelled_reads.py``;
* themes and population groups of 85 short passages in the eight ASEAN
  languages (Thai, Vietnamese, Indonesian, Malay, Tagalog, Lao, Khmer,
  Burmese), per language and micro-averaged, by half (``--only asean``; the
  passages and their rules: bench/labels/asean_passages.md);
* speed: milliseconds per KB of text, theme, country, corridor and group tagging,
  median and min-max over repeats.

The about, corridor and group figures come with 95% intervals from resampling their
items (documents or paragraphs): a held-out half of two hundred items moves by several
points from one draw to the next, and a change smaller than that is not yet a finding.

``--mistakes N`` lists N mistakes of the tuning half (``--mistakes-of
held-out`` those of the other half: to read after a change, never to tune on).

The unit suite floors some of these figures by importing the functions here,
so what it checks is what this script reports; this script asserts nothing.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from asean_tagging import asean_pairs
from facet_quality import (
    Pairs,
    about_by_set,
    about_pairs,
    corridor_pairs,
    corridor_pairs_in_documents,
    group_pairs,
)
from halves import HALVES, split
from sections import Section, run

from migsearch.errors import IngestError
from migsearch.indexer.ingest.html import parse_html
from migsearch.indexer.vocabulary.corridors import find_corridors
from migsearch.indexer.vocabulary.country_tagger import find_countries
from migsearch.indexer.vocabulary.groups import find_groups
from migsearch.indexer.vocabulary.themes import find_themes

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
RW_THEMES = DATA / "reliefweb-tagged-reports" / "report_theme_en-1k.csv.gz"
RW_API = DATA / "reliefweb-api-sample"

#: ReliefWeb themes that correspond to one of ours. ReliefWeb's other themes
#: (Coordination, Logistics, Mine Action, …) have no counterpart here.
RW_TO_OURS = {
    "Agriculture": "agriculture",
    "Climate Change and Environment": "climate_environment",
    "Gender": "women_gender",
    "Health": "health",
    "HIV/Aids": "health",
    "Shelter and Non-Food Items": "housing",
    "Education": "skills",
    "Disaster Management": "disasters",
}
MAPPED = sorted(set(RW_TO_OURS.values()))

# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class LabelledPost:
    nid: str
    text: str  # ReliefWeb's post: title and Markdown body run together
    labels: frozenset[str]  # ReliefWeb theme names


def reliefweb_posts() -> list[LabelledPost]:
    """The 640 labelled reports, one entry each with all its ReliefWeb themes."""
    csv.field_size_limit(sys.maxsize)
    text: dict[str, str] = {}
    labels: dict[str, set[str]] = defaultdict(set)
    with gzip.open(RW_THEMES, "rt", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            text[row["nid"]] = row["post"]
            labels[row["nid"]].add(row["theme_name"])
    return [LabelledPost(n, text[n], frozenset(labels[n])) for n in sorted(text, key=int)]


# --------------------------------------------------------------------------- themes


@dataclass(frozen=True)
class Counts:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0


def theme_counts(posts: list[LabelledPost]) -> dict[str, Counts]:
    """Per mapped theme (and "micro"), what the tagger got right against ReliefWeb's labels.

    Posts run title and body together, so each whole post is tagged as body.
    """
    out: dict[str, Counts] = {}
    pred = {p.nid: set(find_themes("", p.text).ids) for p in posts}
    gold = {p.nid: {RW_TO_OURS[t] for t in p.labels if t in RW_TO_OURS} for p in posts}
    for theme in MAPPED:
        tp = sum(theme in pred[n] and theme in gold[n] for n in pred)
        fp = sum(theme in pred[n] and theme not in gold[n] for n in pred)
        fn = sum(theme not in pred[n] and theme in gold[n] for n in pred)
        out[theme] = Counts(tp, fp, fn)
    out["micro"] = Counts(*(sum(getattr(c, f) for c in out.values()) for f in ("tp", "fp", "fn")))
    return out


def single_label_recall(posts: list[LabelledPost]) -> tuple[int, int]:
    """(found, total) over reports whose one ReliefWeb theme maps to ours."""
    single = [(p, RW_TO_OURS[next(iter(p.labels))]) for p in posts if _single_mapped(p)]
    found = sum(theme in find_themes("", p.text).ids for p, theme in single)
    return found, len(single)


def _single_mapped(p: LabelledPost) -> bool:
    return len(p.labels) == 1 and next(iter(p.labels)) in RW_TO_OURS


def themes_section(args: argparse.Namespace) -> None:
    halves = split(reliefweb_posts(), lambda p: p.nid)
    print(f"== themes: ReliefWeb labelled reports ({RW_THEMES.name}), mapped themes only")
    counts = {h: theme_counts(posts) for h, posts in halves.items()}
    print(f"{'theme':22}" + "".join(f"{h + ' P':>12}{h + ' R':>12}" for h in HALVES))
    for theme in [*MAPPED, "micro"]:
        row = "".join(
            f"{counts[h][theme].precision:>12.2f}{counts[h][theme].recall:>12.2f}" for h in HALVES
        )
        print(f"{theme:22}{row}")
    for h, posts in halves.items():
        found, total = single_label_recall(posts)
        print(
            f"{h}: {len(posts)} reports; single-label recall {found}/{total} = "
            f"{found / max(total, 1):.2f}"
        )
    print()


# --------------------------------------------------------------------------- countries


@dataclass(frozen=True)
class CountryReport:
    rid: str
    country: str  # the export's country (alpha-3)
    title: str
    body: str


def reliefweb_country_reports() -> list[CountryReport]:
    """Reports of the ReliefWeb API sample with a body, each with its export's country.

    The exports name one country at their top level and leave the per-report
    lists empty, so each report's country is the file's.
    """
    out = []
    for path in sorted(RW_API.glob("*_reports.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for r in data["reports"]:
            html = r.get("body_text") or ""
            if not html.strip():
                continue
            try:
                body = parse_html(html).body
            except IngestError:
                body = ""
            rid = str(r.get("reliefweb_id"))
            out.append(CountryReport(rid, data["country_code"].upper(), r["title"], body))
    return out


def country_agreement(reports: list[CountryReport]) -> tuple[int, int, list[str]]:
    """(reports whose country is among the tags, whose country is the primary, misses)."""
    tagged = primary = 0
    misses = []
    for r in reports:
        m = find_countries(r.body, title=r.title)
        tagged += r.country in m.codes
        primary += m.primary == r.country
        if m.primary != r.country:
            misses.append(f"  {r.country} report {r.rid}: primary {m.primary}, tags {m.codes[:6]}")
    return tagged, primary, misses


def seed_country_counts() -> Counts:
    """Country tags of the 30 seed items through ingestion against the reader's table."""
    sys.path.insert(0, str(ROOT / "tests"))
    from seed_pages import COUNTRIES, expected_for

    from migsearch.indexer.ingest.pipeline import extract_paths

    tp = fp = fn = 0
    for rec in extract_paths([ROOT / "corpus"]):
        if isinstance(rec, IngestError):
            continue
        want, _ = expected_for(COUNTRIES, rec.title)
        got = set(rec.countries)
        tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
    return Counts(tp, fp, fn)


def countries_section(args: argparse.Namespace) -> None:
    print("== countries from the text alone")
    for h, reports in split(reliefweb_country_reports(), lambda r: r.rid).items():
        n = len(reports)
        tagged, primary, misses = country_agreement(reports)
        print(
            f"ReliefWeb API sample, {h} ({n} reports with a body): the export's country among "
            f"the tags {tagged}/{n} = {tagged / n:.1%}, as the primary {primary}/{n} = "
            f"{primary / n:.1%}"
        )
        for line in misses:
            print(line)
    c = seed_country_counts()
    print(
        f"seed items (30) through ingestion: precision {c.precision:.3f}, recall {c.recall:.3f} "
        f"(tp {c.tp}, fp {c.fp}, fn {c.fn}; a table written from the pages, no halves)"
    )
    print()


# --------------------------------------------------------------------------- speed


def ms_per_kb(tag: Callable[[str], object], texts: list[str], repeats: int) -> list[float]:
    """Milliseconds per KB of ``texts`` for ``tag``, one figure per repeat, caches warm."""
    for t in texts[:50]:  # warm the stem cache as a long indexing run would be
        tag(t)
    kb = sum(len(t.encode("utf-8")) for t in texts) / 1024
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        for t in texts:
            tag(t)
        runs.append((time.perf_counter() - start) * 1000 / kb)
    return runs


def speed_section(args: argparse.Namespace) -> None:
    texts = [p.text for p in reliefweb_posts()]
    kb = sum(len(t.encode("utf-8")) for t in texts) / 1024
    print(f"== tagging speed: {len(texts)} ReliefWeb posts, {kb:.0f} KB")
    for name, fn in (
        ("themes", lambda t: find_themes("", t)),
        ("countries", lambda t: find_countries(t)),
        ("corridors", lambda t: find_corridors(t)),
        ("groups", lambda t: find_groups("", t)),
    ):
        runs = ms_per_kb(fn, texts, args.repeats)
        print(
            f"{name:10} median {statistics.median(runs):.3f} ms/KB "
            f"(min {min(runs):.3f}, max {max(runs):.3f}, {args.repeats} repeats)"
        )
    print()


def _halves(title: str, pairs: dict[str, Pairs], args: argparse.Namespace) -> None:
    """Both halves' figures; the mistakes of one half only (``--mistakes-of``, the
    tuning half unless asked), so tuning never reads the held-out half by accident."""
    print(f"== {title}")
    for h, p in pairs.items():
        print(f"{h:9} {p.line()}")
    for h, p in pairs.items():
        (p_lo, p_hi), (r_lo, r_hi) = p.intervals()
        print(
            f"{h:9} 95% intervals, resampling its {len(p.items)} items: "
            f"precision {p_lo:.3f}-{p_hi:.3f}, recall {r_lo:.3f}-{r_hi:.3f}"
        )
    for m in pairs[args.mistakes_of].mistakes[: args.mistakes]:
        print(f"  {args.mistakes_of}: {m}")
    print()


def about_section(args: argparse.Namespace) -> None:
    _halves(
        "countries a document is about (bench/labels/about.jsonl, tests/seed_pages.py)",
        about_pairs(),
        args,
    )
    for (name, h), p in about_by_set().items():
        print(f"  {name:20} {h:9} {p.line()}")
    print()


def corridors_section(args: argparse.Namespace) -> None:
    _halves(
        "corridors of labelled paragraphs (bench/labels/passages.jsonl)",
        corridor_pairs(),
        args,
    )
    print("the same paragraphs read within their whole documents, as indexing reads them")
    print("(a corridor counts for the paragraph its evidence comes from: recall a lower bound)")
    for h, p in corridor_pairs_in_documents().items():
        print(f"{h:9} {p.line()}")
    print()


def groups_section(args: argparse.Namespace) -> None:
    _halves("population groups of labelled paragraphs", group_pairs(), args)


def asean_section(args: argparse.Namespace) -> None:
    for kind in ("themes", "groups"):
        pairs = asean_pairs(kind)
        print(f"== {kind} of passages in the ASEAN languages (bench/labels/asean_passages.jsonl)")
        print(f"{'language':9}" + "".join(f"{h + ' P':>12}{h + ' R':>12}{'n':>4}" for h in HALVES))
        for lang in pairs[HALVES[0]]:
            row = "".join(
                f"{pairs[h][lang].precision:>12.2f}{pairs[h][lang].recall:>12.2f}"
                f"{pairs[h][lang].labelled:>4}"
                for h in HALVES
            )
            print(f"{lang:9}{row}")
        for h in HALVES:
            print(f"{h:9} micro {pairs[h]['micro'].line()}")
        for h in HALVES:
            for m in pairs[h]["micro"].mistakes[: args.mistakes]:
                print(f"  {h}: {m}")
        print()


SECTIONS: list[Section] = [
    themes_section,
    countries_section,
    about_section,
    corridors_section,
    groups_section,
    asean_section,
    speed_section,
]


def _options(ap: argparse.ArgumentParser) -> None:
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--mistakes", type=int, default=0, help="list this many mistakes of one half")
    ap.add_argument(
        "--mistakes-of",
        choices=HALVES,
        default=HALVES[0],
        help="the half whose mistakes are listed (default: tuning, the only one to tune on)",
    )


if __name__ == "__main__":
    run(__doc__, SECTIONS, RW_THEMES, _options)
