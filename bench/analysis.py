"""Analyzer speed: English text through the analyzer before and after script segmentation.

Run: ``.venv/bin/python bench/analysis.py [--docs 1000] [--repeats 5]`` (from the
repository root).

The index's analyzer now tokenizes per script (ICU word break for Thai, Lao,
Khmer and Burmese runs) and folds accents. English indexing must not get
slower for it: this script analyses the first ``--docs`` SciFact abstracts in
index mode (as the writer does) with the analyzer of before (Whoosh's regex
tokenizer, lowercase, stop words, Snowball) and with today's, one after the
other in the same process, and reports tokens per second, median and min–max
over repeats, with their ratio. Thai text is timed too (the fixture page
repeated), for scale: it pays for ICU.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import time
from pathlib import Path

from sections import run
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StopFilter

from migsearch.indexer.vocabulary.analysis import (
    STOP_WORDS,
    TOKEN_PATTERN,
    SnowballFilter,
    text_analyzer,
)

ROOT = Path(__file__).resolve().parents[1]
SCIFACT = ROOT.parent / "shared" / "data" / "beir-scifact" / "corpus.jsonl.gz"
THAI = ROOT / "tests" / "fixtures" / "asean" / "th.html"


def before() -> object:
    return (
        RegexTokenizer(TOKEN_PATTERN)
        | LowercaseFilter()
        | StopFilter(stoplist=STOP_WORDS, minsize=1)
        | SnowballFilter()
    )


def _rate(analyzer, texts: list[str], repeats: int) -> list[float]:
    for t in texts[:50]:  # warm the stemmer's cache alike for both
        list(analyzer(t, positions=True, mode="index"))
    rates = []
    for _ in range(repeats):
        n = 0
        t0 = time.perf_counter()
        for t in texts:
            for _tok in analyzer(t, positions=True, mode="index"):
                n += 1
        rates.append(n / (time.perf_counter() - t0))
    return rates


def _show(name: str, rates: list[float], base: float | None = None) -> float:
    med = statistics.median(rates)
    ratio = f"  ratio {med / base:.3f}" if base else ""
    print(
        f"  {name:28s} {med / 1000:8.0f}k tokens/s (min {min(rates) / 1000:.0f}k, max {max(rates) / 1000:.0f}k){ratio}"
    )
    return med


def section_english(args: argparse.Namespace) -> None:
    texts = []
    with gzip.open(SCIFACT, "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            texts.append(f"{d.get('title', '')}\n{d.get('text', '')}")
            if len(texts) >= args.docs:
                break
    print(f"English: {len(texts)} SciFact abstracts, {args.repeats} repeats, index mode")
    # alternate the two so load on the shared machine falls on both alike
    old, new = [], []
    for _ in range(args.repeats):
        old += _rate(before(), texts, 1)
        new += _rate(text_analyzer(), texts, 1)
    base = _show("before (regex tokenizer)", old)
    _show("now (per script, folding)", new, base)


def section_thai(args: argparse.Namespace) -> None:
    text = THAI.read_text(encoding="utf-8")
    texts = [text] * 200
    print(f"Thai: the fixture page x {len(texts)}, {args.repeats} repeats")
    _show("now (ICU word break)", _rate(text_analyzer(), texts, args.repeats))


def options(ap: argparse.ArgumentParser) -> None:
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--repeats", type=int, default=5)


if __name__ == "__main__":
    run(__doc__, [section_english, section_thai], SCIFACT, options)
