"""The retrieval test collections that bench/ir_eval.py can build from ../shared/data.

Each :class:`Collection` is a set of documents, queries, graded judgments and a
fixed split of its queries into a tuning and a held-out half. Where a
collection has its own split (SciFact: train and test) that split is used;
elsewhere the halves come from :mod:`halves` (a hash of the query id), so no
choice of split can flatter a figure. Only the tuning halves were used to
choose migsearch's defaults, and only those of the collections over SciFact's
and Cranfield's documents (:data:`TUNING_SETS`; ``Collection.tuned``): the
ReliefWeb and mixed collections were never tuned on, both their halves are
unseen, and they are the held-out figures that say whether the defaults
carry over.

Collections with judgments made by people:

* ``scifact``: BEIR SciFact, 809 train (tuning) and 300 test (held-out) claims;
* ``cranfield``: Cranfield 1400, 225 queries, graded (1 best … 4 → gains 4 … 1);
* ``reliefweb-themes``: 640 ReliefWeb reports, one query per theme (its name,
  "Food and Nutrition"), the reports labelled with that theme relevant;
* ``mixed-themes``: the same queries and judgments over the ``mixed`` set, whose
  1,338 documents add 698 unjudged ones of other kinds and lengths (API reports
  with their PDF text, HumSet excerpts, news): a ranking that lets a long
  document win on one stray mention loses here (never tuned on).

Collections built from documents alone (the judgments follow from the data):

* known item (``*-known-item``, ``*-first-paragraph``): a document's own text
  (without its title), or only its first paragraph (:func:`first_paragraph`),
  is the query and that document the one right answer, for 300 documents of
  SciFact, of Cranfield and of the mixed set;
* ``mixed-headlines``: the headline of each news page of the extraction
  benchmark (its HTML ``<title>`` as migsearch reads it, four words or more) is
  the query and the page's article text, indexed without a title among the
  ``mixed`` documents, the one right answer: a reader looking for an article
  they saw (never tuned on);
* short queries (``scifact-short``, ``cranfield-short``): each query cut to its
  2 to 4 rarest words (:func:`short_queries`), as a user types keywords, with
  the same judgments;
* query by document (``cranfield-by-document``, ``reliefweb-by-document``): a
  whole document is the query and the documents judged relevant to the same
  Cranfield query, or labelled with the same ReliefWeb theme, are the answers;
  the query document itself is left out of the ranking.

The ``mixed`` document set is uneven on purpose: ReliefWeb reports (Markdown,
up to 50,000 characters), ReliefWeb API reports with the text of their PDF (up
to 63,000), HumSet excerpts (4,000) and news articles (the extraction
benchmark's gold text).
"""

from __future__ import annotations

import csv
import gzip
import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from halves import HALVES, half

__all__ = [
    "DATA",
    "Collection",
    "DocSet",
    "all_collections",
    "doc_sets",
    "first_paragraph",
    "mixed_themes",
    "news_headlines",
    "short_queries",
]

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"

Doc = tuple[str, str, str]  # (id, title, text)
Qrels = dict[str, dict[str, int]]

#: document sets whose collections' tuning halves may choose the defaults (the rest: unseen)
TUNING_SETS = ("scifact", "cranfield")
#: documents of each document set used as known items
KNOWN_ITEMS = 300
#: query documents of a query-by-document collection, at most
BY_DOCUMENT = 150
#: a first paragraph is at least this long (a heading alone says too little)
PARAGRAPH_MIN = 200


@dataclass(frozen=True)
class DocSet:
    """Documents indexed once and searched by every collection over them."""

    key: str
    docs: list[Doc]


@dataclass
class Collection:
    key: str
    title: str
    docs: DocSet
    queries: dict[str, str]
    qrels: Qrels
    #: query ids of each half ("tuning", "held-out")
    halves: dict[str, list[str]]
    #: measures, as ir_measures names them
    measures: tuple[str, ...]
    #: the defaults were chosen on this collection's tuning half
    tuned: bool = False
    #: query id → document id left out of that query's ranking (the query document)
    exclude: dict[str, str] = field(default_factory=dict)


RANKED = ("nDCG@10", "AP@100", "R@100")
KNOWN = ("Success@1", "Success@10", "RR@100")


def _by_half(ids: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {h: [] for h in HALVES}
    for i in ids:
        out[half(i)].append(i)
    return out


def _squash(s: str) -> str:
    return " ".join(s.split())


def first_paragraph(text: str) -> str:
    """The opening paragraph of ``text``, at least PARAGRAPH_MIN characters of it.

    Paragraphs end at a line break; short ones (a heading, a date line) are
    joined to the next. A text that is one paragraph (SciFact and Cranfield
    abstracts) gives its first sentences up to the first sentence end after
    PARAGRAPH_MIN characters.
    """
    text = text.strip()
    out = ""
    for para in re.split(r"\n\s*", text):
        out = f"{out}\n{para}" if out else para
        if len(out) >= PARAGRAPH_MIN:
            break
    if out == text or len(out) > 3 * PARAGRAPH_MIN:
        m = re.search(r"[.!?](?=\s)", out[PARAGRAPH_MIN:])
        if m:
            out = out[: PARAGRAPH_MIN + m.end()]
    return out.strip()


# --------------------------------------------------------------------------- documents


@cache
def scifact_docs() -> DocSet:
    docs = []
    with gzip.open(DATA / "beir-scifact" / "corpus.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            docs.append((str(o["_id"]), o.get("title") or "", o.get("text") or ""))
    return DocSet("scifact", docs)


def _smart(path: Path) -> list[dict[str, str]]:
    """Records of a SMART file (``.I`` id, then ``.T``/``.A``/``.B``/``.W`` sections)."""
    records: list[dict[str, str]] = []
    section = None
    with path.open(encoding="utf-8") as f:  # universal newlines drop the CRs
        for line in f:
            line = line.rstrip("\n")
            if line.startswith(".I "):
                records.append({"I": line[3:].strip()})
                section = None
            elif re.fullmatch(r"\.[TAWB]\s*", line):
                section = line[1]
                records[-1][section] = ""
            elif section is not None:
                records[-1][section] += line + "\n"
    return records


@cache
def cranfield_docs() -> DocSet:
    docs = [
        (r["I"], _squash(r.get("T", "")), _squash(r.get("W", "")))
        for r in _smart(DATA / "cranfield" / "cran.all.1400")
    ]
    # two records are empty: they cannot be indexed, nor be relevant to anything
    return DocSet("cranfield", [d for d in docs if d[1] or d[2]])


def _reliefweb_reports() -> list[tuple[str, str, str, str]]:
    """(node id, title, body, theme) rows of the themed ReliefWeb sample."""
    csv.field_size_limit(1 << 30)
    path = DATA / "reliefweb-tagged-reports" / "report_theme_en-1k.csv.gz"
    rows = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            post = r["post"]
            # the title runs into the body: it ends at the first line break or bold mark
            m = re.search(r"\n|\*\*", post)
            cut = m.start() if m and m.start() <= 300 else 0
            rows.append((r["nid"], post[:cut].strip(), post[cut:].strip(), r["theme_name"]))
    return rows


@cache
def reliefweb_docs() -> DocSet:
    seen: dict[str, Doc] = {}
    for nid, title, body, _ in _reliefweb_reports():
        seen.setdefault(f"rw-{nid}", (f"rw-{nid}", title, body))
    return DocSet("reliefweb", list(seen.values()))


@cache
def mixed_docs() -> DocSet:
    from migsearch.indexer.ingest.html import parse_html

    docs = list(reliefweb_docs().docs)
    for path in sorted((DATA / "reliefweb-api-sample").glob("*_full_text.json")):
        for n, a in enumerate(json.loads(path.read_text(encoding="utf-8"))["articles"]):
            html = a.get("body_text") or ""
            body = parse_html(html).body if html.strip() else ""
            text = "\n\n".join(p for p in (body, a.get("pdf_text") or "") if p.strip())
            if text.strip():
                docs.append((f"api-{path.stem[:8]}-{n}", a.get("title") or "", text))
    with gzip.open(DATA / "humset-toponyms" / "toponym_annotations.json.gz", "rt") as f:
        for e in json.load(f):
            docs.append((f"humset-{e['lead_id']}", "", e["text"]))
    truth = json.loads((DATA / "article-extraction-benchmark" / "ground-truth.json").read_text())
    for key, v in sorted(truth.items()):
        if (v.get("articleBody") or "").strip():
            docs.append((f"news-{key}", "", v["articleBody"]))
    return DocSet("mixed", docs)


def doc_sets() -> list[DocSet]:
    return [scifact_docs(), cranfield_docs(), reliefweb_docs(), mixed_docs()]


# --------------------------------------------------------------------------- judged


def scifact() -> Collection:
    base = DATA / "beir-scifact"
    qrels: Qrels = {}
    split: dict[str, str] = {}
    for name, h in (("train", "tuning"), ("test", "held-out")):
        with (base / "qrels" / f"{name}.tsv").open(encoding="utf-8") as f:
            next(f)  # header
            for line in f:
                q, d, score = line.rstrip("\n").split("\t")
                qrels.setdefault(q, {})[d] = int(score)
                split[q] = h
    queries: dict[str, str] = {}
    with (base / "queries.jsonl").open(encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            if str(o["_id"]) in qrels:
                queries[str(o["_id"])] = o["text"]
    halves = {h: [q for q in queries if split[q] == h] for h in HALVES}
    return Collection(
        "scifact",
        "SciFact (tuning = train, held-out = test)",
        scifact_docs(),
        queries,
        qrels,
        halves,
        ("nDCG@10", "R@100"),
        tuned=True,
    )


def _cranfield_judged() -> tuple[dict[str, str], Qrels]:
    base = DATA / "cranfield"
    # query ids in cranqrel are positions in cran.qry, not its .I numbers
    queries = {str(i): _squash(r.get("W", "")) for i, r in enumerate(_smart(base / "cran.qry"), 1)}
    qrels: Qrels = {}
    with (base / "cranqrel").open(encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 3:
                q, d, code = parts[0], parts[1], int(parts[2])
                qrels.setdefault(q, {})[d] = 5 - code if 1 <= code <= 4 else 0
    return queries, qrels


def cranfield() -> Collection:
    queries, qrels = _cranfield_judged()
    return Collection(
        "cranfield",
        "Cranfield",
        cranfield_docs(),
        queries,
        qrels,
        _by_half(list(queries)),
        (*RANKED, "P@10"),
        tuned=True,
    )


def reliefweb_themes() -> Collection:
    qrels: Qrels = {}
    queries: dict[str, str] = {}
    for nid, _, _, theme in _reliefweb_reports():
        qid = "theme-" + re.sub(r"\W+", "-", theme.lower()).strip("-")
        queries[qid] = theme
        qrels.setdefault(qid, {})[f"rw-{nid}"] = 1
    return Collection(
        "reliefweb-themes",
        "ReliefWeb reports, theme names as queries (never tuned on)",
        reliefweb_docs(),
        queries,
        qrels,
        _by_half(list(queries)),
        RANKED,
    )


def mixed_themes() -> Collection:
    """The ReliefWeb theme queries over the mixed set (its other documents unjudged)."""
    c = reliefweb_themes()
    return Collection(
        "mixed-themes",
        "ReliefWeb theme names over the mixed set, its other documents unjudged (never tuned on)",
        mixed_docs(),
        c.queries,
        c.qrels,
        c.halves,
        RANKED,
    )


# --------------------------------------------------------------------------- from documents


#: a headline with fewer words ("Opinion", a site name) is no query for its article
HEADLINE_WORDS = 4


def news_headlines() -> Collection:
    """Each news page's headline as a query for its article text (a known item)."""
    from migsearch.indexer.ingest.html import parse_html

    ids = {i for i, _, _ in mixed_docs().docs}
    queries: dict[str, str] = {}
    for key in sorted(
        json.loads((DATA / "article-extraction-benchmark" / "ground-truth.json").read_text())
    ):
        if f"news-{key}" not in ids:
            continue
        path = DATA / "article-extraction-benchmark" / "html" / f"{key}.html.gz"
        with gzip.open(path, "rt", encoding="utf-8", errors="replace") as f:
            title = _squash(parse_html(f.read()).title or "")
        if len(re.findall(r"\w+", title)) >= HEADLINE_WORDS:
            queries[f"head-{key}"] = title
    return Collection(
        "mixed-headlines",
        "mixed: known item, a news page's headline as query for its article text (never tuned on)",
        mixed_docs(),
        queries,
        {q: {f"news-{q.removeprefix('head-')}": 1} for q in queries},
        _by_half(list(queries)),
        KNOWN,
    )


def _sample(docs: list[Doc], n: int) -> list[Doc]:
    """``n`` documents with text, the same ones in every run (by a hash of their id)."""
    import hashlib

    have = [d for d in docs if len(d[2]) >= PARAGRAPH_MIN]
    return sorted(have, key=lambda d: hashlib.sha1(d[0].encode()).hexdigest())[:n]


def known_items(ds: DocSet, paragraph: bool) -> Collection:
    picked = _sample(ds.docs, KNOWN_ITEMS)
    queries = {f"ki-{i}": first_paragraph(x) if paragraph else x for i, _, x in picked}
    qrels = {f"ki-{i}": {i: 1} for i, _, _ in picked}
    what = "first paragraph" if paragraph else "whole text"
    return Collection(
        f"{ds.key}-{'first-paragraph' if paragraph else 'known-item'}",
        f"{ds.key}: known item, the document's {what} as query",
        ds,
        queries,
        qrels,
        _by_half(list(queries)),
        KNOWN,
        tuned=ds.key in TUNING_SETS,
    )


def _by_document(ds: DocSet, groups: dict[str, dict[str, int]], title: str, key: str) -> Collection:
    """Each group's first document (by id order of its best grade) as a query for the rest."""
    text = {i: (t, x) for i, t, x in ds.docs}
    queries: dict[str, str] = {}
    qrels: Qrels = {}
    exclude: dict[str, str] = {}
    import hashlib

    for g in sorted(groups, key=lambda g: hashlib.sha1(g.encode()).hexdigest()):
        rel = {d: r for d, r in groups[g].items() if r > 0 and d in text}
        if len(rel) < 2:
            continue
        q = min(rel, key=lambda d: (-rel[d], d))
        qid = f"bydoc-{g}"
        queries[qid] = "\n".join(p for p in text[q] if p)
        qrels[qid] = {d: r for d, r in rel.items() if d != q}
        exclude[qid] = q
        if len(queries) >= BY_DOCUMENT:
            break
    return Collection(
        key,
        title,
        ds,
        queries,
        qrels,
        _by_half(list(queries)),
        RANKED,
        ds.key in TUNING_SETS,
        exclude,
    )


def cranfield_by_document() -> Collection:
    _, qrels = _cranfield_judged()
    return _by_document(
        cranfield_docs(),
        qrels,
        "Cranfield, a relevant document as query for the others",
        "cranfield-by-document",
    )


def reliefweb_by_document() -> Collection:
    # one group per report with a single theme: the other reports of that theme
    themes: dict[str, set[str]] = {}
    for nid, _, _, theme in _reliefweb_reports():
        themes.setdefault(f"rw-{nid}", set()).add(theme)
    by_theme: dict[str, set[str]] = {}
    for d, ts in themes.items():
        for t in ts:
            by_theme.setdefault(t, set()).add(d)
    groups = {
        d: {o: 1 for o in by_theme[next(iter(ts))]} for d, ts in themes.items() if len(ts) == 1
    }
    # the group's query must be its own document: put it first with a higher grade
    for d in groups:
        groups[d][d] = 2
    return _by_document(
        reliefweb_docs(),
        groups,
        "ReliefWeb, a one-theme report as query for the others of its theme (never tuned on)",
        "reliefweb-by-document",
    )


def short_queries(c: Collection) -> Collection:
    """``c`` with each query cut to its 2-4 rarest words (a hash of the id says how many),
    in their order, as typed (the document frequencies are counted over ``c``'s documents)."""
    import hashlib
    import math

    from migsearch.indexer.vocabulary.analysis import text_analyzer

    analyzer = text_analyzer()
    df: dict[str, int] = {}
    for _, t, x in c.docs.docs:
        for w in {tok.text for tok in analyzer(f"{t}\n{x}")}:
            df[w] = df.get(w, 0) + 1
    n = len(c.docs.docs)
    queries: dict[str, str] = {}
    for qid, text in c.queries.items():
        words: dict[str, str] = {}  # stem → first word that gives it
        for m in re.finditer(r"\w+(?:['’-]\w+)*", text):
            for tok in analyzer(m.group(0)):
                words.setdefault(tok.text, m.group(0))
        k = 2 + hashlib.sha1(qid.encode()).digest()[0] % 3
        rare = sorted(words, key=lambda w: math.log(n / (df.get(w, 0) + 1)), reverse=True)[:k]
        queries[qid] = " ".join(words[w] for w in words if w in rare)
    return Collection(
        f"{c.key}-short",
        f"{c.title.split(' (')[0]}, each query cut to its 2-4 rarest words",
        c.docs,
        queries,
        c.qrels,
        c.halves,
        c.measures,
        tuned=c.tuned,
    )


def all_collections() -> list[Collection]:
    sf, cf = scifact(), cranfield()
    out = [sf, cf, short_queries(sf), short_queries(cf), reliefweb_themes()]
    out.append(cranfield_by_document())
    out.append(reliefweb_by_document())
    out += [mixed_themes(), news_headlines()]
    for ds in (scifact_docs(), cranfield_docs(), mixed_docs()):
        out += [known_items(ds, False), known_items(ds, True)]
    return out
