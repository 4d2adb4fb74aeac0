"""The hand-labelled sets of ``bench/labels/``: documents and passages from the shared data.

Labels were written by reading the texts, before and apart from tuning, under
the rules below; the texts themselves stay in ``../shared/data`` (never copied
here) and are found again by set and id.

Every label line carries its ``half``, tuning or held-out: the one
:func:`halves.half` gave the item's key when it was labelled (the set's short
name, the id and, for a passage, its paragraph number). It is stored so the
split never moves when a set's name or a reader changes.

``about.jsonl`` — one document a line, ``{"set", "id", "half", "about": [alpha-3…], "note"}``:
the countries the document is *about*. About: the document reports on the
country (its people, its situation, events held there, its policies), the
country is its scope ("in Cambodia, Lao PDR, Myanmar and Thailand"), or a
passage is devoted to it (a section, a paragraph, a profile); a regional report with a
statement on each country is about each, a statement spread over a list included
("flooding across Sudan, South Sudan and Ethiopia"), while a global overview that names
countries only as producers, examples or ranks is about none. Only mentioned:
donors, partners, speakers and delegations, destinations or past outbreaks
listed once, the origin of a person or a company, a dateline of a regional
office, a neighbour named in passing. A country the text never names can be
about (a recall miss the gazetteer cannot avoid). The sample corpus's labels
are ``ABOUT`` in tests/seed_pages.py, the one table of what its items give.

``passages.jsonl`` — one paragraph a line, ``{"set", "id", "paragraph", "sha1", "half",
"corridors", "groups"}``: paragraphs of migration text (a migration word and,
for corridors, two places the gazetteer knows). ``corridors``: each movement
the paragraph states, ``ORIGIN-DESTINATION`` ("Syrian refugees in Jordan" is
SYR-JOR, "returned to Afghanistan from Pakistan" PAK-AFG; a destination left
unsaid is the country the document is about; a movement inside a region its
origin belongs to, "from Venezuela … hosted in Latin America", is no corridor).
``groups``: the population groups the paragraph names as people
(``groups.toml``'s descriptions). ``sha1`` guards against a change of the
paragraph split. The 87 paragraphs after the first 215 (December 2026) were added to the
tuning half only, labelled before the tagger was run on them; so were the 58
documents of ``about.jsonl`` after its first 159. Everything labelled after those
(the second December round: paragraphs from the 303rd on, documents from the 218th
on) went to the half :func:`halves.half` gives its key, so both halves grow; those
items were picked by a fixed random draw among unlabelled ones (a migration word
and two places for a paragraph; a short text naming a country for a document) and
labelled from the text alone, before the tagger was run on them. The 58 paragraphs
from the 401st on (a third December round) went to the tuning half only, to find kinds
of corridor and group error beyond those the tuning half had been read for: a fixed
random draw (seed 20261202) among unlabelled tuning-half paragraphs with a migration
word and two places, one paragraph per document, labelled before the tagger was run on
them; three whose origin only a paragraph before them states were left out. The 47
from the 459th on (a fourth December round) went to the tuning half only, the same way:
a fixed random draw (seed 20261209) among unlabelled tuning-half paragraphs naming
migrants, refugees, asylum, return or flight and two places, one per document; two
paragraphs identical to one drawn from another document and one whose destination only
another paragraph states were left out. The 19 from the 506th on are the rest of that
draw (every document it had), labelled the same way. The 30
documents of ``about.jsonl`` from the 286th on (a fourth December round) went to the
tuning half only, to see the kinds of "about" error better: a fixed random draw (seed
20261207) among the unlabelled tuning-half documents of 300 to 3,000 characters naming
at least two countries (30 of the 32 there were), labelled from the text alone before
the tagger was run on them. The 44 documents from the 316th on (a fifth December round)
went to the half :func:`halves.half` gives ``reliefweb-themes:<id>`` (19 tuning, 25
held-out), picked where the tuning half was thin: a fixed random draw (seed 20261210)
among the unlabelled ReliefWeb themed reports of 400 to 3,500 characters, 28 whose first
line (their title) names a country and 16 regional ones (the first line names a region,
or the text names four countries or more); labelled from the text alone before the
tagger was run on them, and the tagger's output on the held-out ones never read.
The 30 documents from the 360th on (a sixth December round) went to the tuning half
only, like the fourth round, for the kinds the tuning half lacked (a title naming
another country; news pages with sidebars and link lists): a fixed random draw (seed
20261203) among the unlabelled documents :func:`halves.half` puts in the tuning half,
16 ReliefWeb themed reports of 300 to 6,000 characters whose first line names a country
and whose text names another (of 36 there were) and 14 article-extraction pages of 300
to 8,000 characters naming a country (of 31); labelled from the text alone before the
tagger was run on them.
The 78 paragraphs from the 525th on and the 56 documents from the 390th on (a seventh
December round, to grow the held-out half with items no rule has seen) went to the half
:func:`halves.half` gives each key: a fixed random draw, ``bench/label_draw.py --seed
20261213`` (it shows the texts and nothing a tagger reads from them). Paragraphs:
unlabelled ones with a migration word (``label_draw.MIGRATION``) and two places the
gazetteer knows, one per document, from the ReliefWeb themed reports, HumSet and the
ReliefWeb API sample; first from documents holding no label (only 20 such have one),
then from the others, as the second round did. Since the third to sixth rounds drew
from the tuning half alone, most unlabelled paragraphs left are held-out ones: 62
held-out (41 corridor mentions, 56 group labels), 16 tuning (13, 12). Two drawn
paragraphs identical to ones labelled before in other documents were left out, as in
the fourth round (labelled before the match was seen, they agreed with the old labels).
Documents: 300 to 3,000 characters, holding no label, naming a country, none that gave
a paragraph: 37 held-out, 19 tuning (37 ReliefWeb themed reports, 10 HumSet excerpts, 9
news pages). All were labelled from the text alone before the tagger was run on them,
and its output on the held-out ones was never read. Two readings this round made
explicit: health workers named as people are ``health_care_workers`` whether or not
they migrate (as "healthcare professionals" trained, before); "the displacement of N
people" inside a country is ``internally_displaced``, while people "forced to flee
their homes", with no word for a group, give none.
The 16 documents from the 446th on (the same round) went to the tuning half only: every
unlabelled tuning-half page of the extraction benchmark of 300 to 8,000 characters
naming a country (no draw: all there were), since the held-out half's news pages were
read worst (its figures by set) and the tuning half had few; labelled from the text
alone before the tagger was run on them, except that its readings of two of them
(``42aad16b…``, ``b6906ca0…``) had been seen in a list of unlabelled tuning-half readings.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from migsearch.errors import IngestError
from migsearch.indexer.ingest.html import parse_html
from migsearch.indexer.ingest.records import summary_in_body

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
LABELS = Path(__file__).resolve().parent / "labels"
SETS = ("corpus", "reliefweb-api", "reliefweb-themes", "humset", "article-extraction")

__all__ = [
    "DATA",
    "About",
    "Doc",
    "Passage",
    "about_labels",
    "document",
    "paragraphs",
    "passage_labels",
]


@dataclass(frozen=True)
class Doc:
    set: str
    id: str
    title: str
    text: str  # what tagging reads: the summary (when not in the body) and the body


@dataclass(frozen=True)
class Passage:
    doc: Doc
    paragraph: int
    text: str
    half: str
    corridors: frozenset[str]
    groups: frozenset[str]

    @property
    def key(self) -> str:
        return f"{self.doc.set}:{self.doc.id}:{self.paragraph}"


@dataclass(frozen=True)
class About:
    doc: Doc
    half: str
    countries: frozenset[str]


def _corpus() -> Iterator[Doc]:
    from migsearch.indexer.ingest.pipeline import extract_paths

    for r in extract_paths([ROOT / "corpus"]):
        if isinstance(r, IngestError):
            continue
        text = r.body if summary_in_body(r.summary, r.body) else f"{r.summary}\n{r.body}"
        yield Doc("corpus", r.title[:60].strip(), r.title, text)


def _reliefweb_api() -> Iterator[Doc]:
    for path in sorted((DATA / "reliefweb-api-sample").glob("*_reports.json")):
        for r in json.loads(path.read_text(encoding="utf-8"))["reports"]:
            html = r.get("body_text") or ""
            if not html.strip():
                continue
            try:
                body = parse_html(html).body
            except IngestError:
                body = ""
            yield Doc("reliefweb-api", str(r["reliefweb_id"]), r["title"], body)


def _reliefweb_themes() -> Iterator[Doc]:
    csv.field_size_limit(sys.maxsize)
    posts: dict[str, str] = {}
    path = DATA / "reliefweb-tagged-reports" / "report_theme_en-1k.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            posts[row["nid"]] = row["post"]
    # title and body run together in these posts: all of it is read as body
    for nid, post in posts.items():
        yield Doc("reliefweb-themes", nid, "", post)


def _humset() -> Iterator[Doc]:
    path = DATA / "humset-toponyms" / "toponym_annotations.json.gz"
    with gzip.open(path) as fh:
        items = json.loads(fh.read())
    for item in items:
        yield Doc("humset", str(item["lead_id"]), "", item["text"])


def _article_extraction() -> Iterator[Doc]:
    base = DATA / "article-extraction-benchmark"
    truth = json.loads((base / "ground-truth.json").read_text(encoding="utf-8"))
    for pid, gold in truth.items():
        with gzip.open(base / "html" / f"{pid}.html.gz") as fh:
            raw = fh.read().decode("utf-8", "replace")
        try:
            page = parse_html(raw, gold["url"])
        except IngestError:
            continue
        yield Doc("article-extraction", pid, page.title, page.body)


_READERS = {
    "corpus": _corpus,
    "reliefweb-api": _reliefweb_api,
    "reliefweb-themes": _reliefweb_themes,
    "humset": _humset,
    "article-extraction": _article_extraction,
}


@cache
def _documents(set_name: str) -> dict[str, Doc]:
    return {d.id: d for d in _READERS[set_name]()}


def document(set_name: str, doc_id: str) -> Doc:
    """One document of a set (KeyError when the shared data lacks it)."""
    return _documents(set_name)[doc_id]


def paragraphs(text: str) -> list[str]:
    """A text's paragraphs of at least 60 characters, long ones cut at sentence ends
    into pieces of at most about 900: the units the passages are labelled in."""
    out = []
    for p in re.split(r"\n\s*\n", text):
        p = " ".join(p.split())
        if len(p) < 60:
            continue
        while len(p) > 900:
            cut = p.rfind(". ", 0, 700)
            if cut < 200:
                cut = 700
            out.append(p[: cut + 1])
            p = p[cut + 1 :].strip()
        out.append(p)
    return out


def _lines(name: str) -> Iterator[dict]:
    with (LABELS / name).open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def about_labels() -> list[About]:
    """Every labelled document with the countries it is about: the corpus (from
    tests/seed_pages.py; halves by ``corpus:<title prefix>``) and ``about.jsonl``."""
    from halves import half

    sys.path.insert(0, str(ROOT / "tests"))
    from seed_pages import about_for

    out = [
        About(d, half(f"corpus:{d.id}"), frozenset(about_for(d.title)))
        for d in _documents("corpus").values()
    ]
    out += [
        About(document(r["set"], r["id"]), r["half"], frozenset(r["about"]))
        for r in _lines("about.jsonl")
    ]
    return out


def passage_labels() -> list[Passage]:
    """Every labelled paragraph, checked to be the text it was labelled on."""
    out = []
    for r in _lines("passages.jsonl"):
        doc = document(r["set"], r["id"])
        text = paragraphs(doc.text)[r["paragraph"]]
        if hashlib.sha1(text.encode()).hexdigest()[:12] != r["sha1"]:
            raise SystemExit(f"passage {r['set']}:{r['id']}:{r['paragraph']} changed; relabel it")
        corridors, groups = frozenset(r["corridors"]), frozenset(r["groups"])
        out.append(Passage(doc, r["paragraph"], text, r["half"], corridors, groups))
    return out
