"""Generate a large synthetic-but-real-text corpus and query set for speed benchmarks.

Titles and sentences are drawn from the real documents in the shared data
folder (SciFact, Cranfield, ReliefWeb reports, HumSet excerpts), so vocabulary,
term frequencies and sentence lengths stay those of real text; only the mix is
random. Each document gets 1–3 countries from 50 with a Zipf-like skew, 1–3
theme ids, and a date in 1990–2025. Everything is deterministic for a seed.

    .venv/bin/python bench/gen_corpus.py --docs 100000
    # -> bench/work/corpus-100000/part-NNN.jsonl (10,000 documents a file, under
    #    the indexer's per-file size limit), bench/work/queries-100000.txt

The output goes to bench/work/ (gitignored); the data is never copied into the repo.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import io
import json
import random
import re
import shutil
import sys
from pathlib import Path

DATA = Path("/work/shared/data")
WORK = Path(__file__).resolve().parent / "work"
SHARD_DOCS = 10_000

#: 50 countries, most-covered first (Zipf rank order): labour-migration origin,
#: transit and destination countries first, then others.
COUNTRIES = [
    "THA",
    "MMR",
    "PHL",
    "IDN",
    "MYS",
    "VNM",
    "KHM",
    "NPL",
    "BGD",
    "IND",
    "LAO",
    "SGP",
    "SAU",
    "ARE",
    "QAT",
    "LKA",
    "PAK",
    "KWT",
    "HKG",
    "JPN",
    "KOR",
    "CHN",
    "TWN",
    "OMN",
    "BHR",
    "JOR",
    "LBN",
    "USA",
    "GBR",
    "AUS",
    "NZL",
    "CAN",
    "ETH",
    "KEN",
    "UGA",
    "NGA",
    "GHA",
    "ZAF",
    "MEX",
    "GTM",
    "HND",
    "SLV",
    "HTI",
    "AFG",
    "SYR",
    "TUR",
    "DEU",
    "ITA",
    "ESP",
    "TLS",
]


_SENT_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\"'])")
_WS = re.compile(r"\s+")
_WORD = re.compile(r"[a-z]+")


def theme_ids() -> list[str]:
    """The taxonomy's ids, so generated documents facet like real ones."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from migsearch.indexer.vocabulary.themes import all_themes

    return [t.id for t in all_themes()]


def _clean(text: str) -> str:
    text = text.replace("**", "").replace("#", " ")
    return _WS.sub(" ", text).strip()


def load_texts() -> tuple[list[str], list[list[str]]]:
    """(titles, documents as lists of sentences) from the real collections."""
    titles: list[str] = []
    docs: list[str] = []
    with gzip.open(DATA / "beir-scifact/corpus.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            if o.get("title"):
                titles.append(_clean(o["title"]))
            docs.append(o.get("text") or "")
    raw = (DATA / "cranfield/cran.all.1400").read_text(encoding="utf-8", errors="replace")
    for part in raw.split(".I ")[1:]:
        m = re.search(r"\.T\s(.*?)\n\.A", part, re.S)
        w = re.search(r"\.W\s(.*)", part, re.S)
        if m and m.group(1).strip():
            titles.append(_clean(m.group(1)).rstrip(" ."))
        if w:
            docs.append(_clean(w.group(1)))
    with gzip.open(DATA / "reliefweb-tagged-reports/report_theme_en-1k.csv.gz", "rb") as f:
        seen: set[str] = set()
        for row in csv.DictReader(io.TextIOWrapper(f, encoding="utf-8")):
            if row["nid"] in seen:
                continue
            seen.add(row["nid"])
            first, _, rest = row["post"].partition("\n")
            if first.strip():
                titles.append(_clean(first))
            docs.append(rest)
    with gzip.open(DATA / "humset-toponyms/toponym_annotations.json.gz", "rt") as f:
        for o in json.load(f):
            lines = [ln.strip() for ln in o["text"].splitlines() if len(ln.strip()) > 30]
            if lines:
                titles.append(_clean(lines[0])[:150])
            docs.append(" ".join(lines[1:]))
    sent_docs = []
    for d in docs:
        sents = [_clean(s) for s in _SENT_SPLIT.split(_clean(d))]
        sents = [s for s in sents if 4 <= len(s.split()) <= 80]
        if sents:
            sent_docs.append(sents)
    titles = [t for t in titles if 2 <= len(t.split()) <= 30]
    return titles, sent_docs


def _zipf_weights(n: int, alpha: float = 1.0) -> list[float]:
    return [1.0 / (r**alpha) for r in range(1, n + 1)]


def generate(n_docs: int, seed: int = 4, out_dir: Path = WORK) -> tuple[Path, Path]:
    rng = random.Random(seed)
    titles, sent_docs = load_texts()
    all_sents = [s for d in sent_docs for s in d]
    themes = theme_ids()
    cw = _zipf_weights(len(COUNTRIES), 1.0)
    tw = _zipf_weights(len(themes), 0.8)
    day0 = dt.date(1990, 1, 1).toordinal()
    span = dt.date(2025, 12, 31).toordinal() - day0
    out_dir.mkdir(parents=True, exist_ok=True)
    corpus = out_dir / f"corpus-{n_docs}"
    tmp = out_dir / f"corpus-{n_docs}.tmp"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir()
    f = None
    try:
        for i in range(n_docs):
            if i % SHARD_DOCS == 0:
                if f is not None:
                    f.close()
                f = (tmp / f"part-{i // SHARD_DOCS:03d}.jsonl").open("w", encoding="utf-8")
            target = int(rng.triangular(100, 400, 180))
            base = rng.choice(sent_docs)
            start = rng.randrange(len(base))
            body: list[str] = []
            words = 0
            for s in base[start:] + base[:start]:  # a real document's run of sentences…
                body.append(s)
                words += len(s.split())
                if words >= target:
                    break
            while words < target:  # …topped up with sentences from anywhere
                s = rng.choice(all_sents)
                body.append(s)
                words += len(s.split())
            k = rng.choices((1, 2, 3), (0.5, 0.3, 0.2))[0]
            cs: list[str] = []
            while len(cs) < k:
                c = rng.choices(COUNTRIES, cw)[0]
                if c not in cs:
                    cs.append(c)
            k = rng.choices((1, 2, 3), (0.5, 0.3, 0.2))[0]
            ts: list[str] = []
            while len(ts) < k:
                t = rng.choices(themes, tw)[0]
                if t not in ts:
                    ts.append(t)
            rec = {
                "id": f"gen-{i:06d}",
                "title": rng.choice(titles),
                "text": " ".join(body),
                "date": dt.date.fromordinal(day0 + rng.randrange(span + 1)).isoformat(),
                "countries": cs,
                "themes": ts,
            }
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    finally:
        if f is not None:
            f.close()
    if corpus.exists():
        shutil.rmtree(corpus)
    tmp.rename(corpus)
    queries = out_dir / f"queries-{n_docs}.txt"
    queries.write_text("\n".join(make_queries(titles, 200, seed)) + "\n", encoding="utf-8")
    return corpus, queries


def make_queries(titles: list[str], n: int, seed: int) -> list[str]:
    """``n`` distinct 2–3 word queries: content words of real titles, in title order."""
    from whoosh.lang.stopwords import stoplists

    stop = set(stoplists["en"])
    rng = random.Random(seed * 7919 + 1)
    out: list[str] = []
    seen: set[str] = set()
    while len(out) < n:
        words = [w for w in _WORD.findall(rng.choice(titles).lower()) if len(w) > 2]
        words = list(dict.fromkeys(w for w in words if w not in stop))
        k = rng.choice((2, 2, 3))
        if len(words) < k:
            continue
        idx = sorted(rng.sample(range(len(words)), k))
        q = " ".join(words[j] for j in idx)
        if q not in seen:
            seen.add(q)
            out.append(q)
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=4)
    ap.add_argument("--out", type=Path, default=WORK)
    a = ap.parse_args(argv)
    corpus, queries = generate(a.docs, a.seed, a.out)
    size = sum(p.stat().st_size for p in corpus.iterdir())
    print(f"{corpus} ({size / 1e6:.1f} MB)\n{queries}")


if __name__ == "__main__":
    main()
