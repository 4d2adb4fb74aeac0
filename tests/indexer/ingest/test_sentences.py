"""The cheaper splitter cuts exactly where NLTK's own Punkt does, and summaries stay the same."""

from __future__ import annotations

import csv
import gzip
import sys

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer
from support import need_shared

from migsearch.indexer.ingest.sentences import (
    first_sentences,
    fit_sentences,
    iter_sentences,
    split_sentences,
    summary_window,
)
from migsearch.indexer.vocabulary.loader import load_data

TRICKY = [
    "The U.N. agency said so. Dr. Smith agreed, e.g. in Geneva... Then nothing!!! Why?",
    'He said "Go home." She left. (It rained.) Then 2.5 million people moved on 3. May.',
    "Workers in the U.K. earn £3.50 an hour. Mr. A. B. Jones, Jr. disagreed -- loudly.",
    "“We will return.” They did not. «Jamais.» Sept. 2020 saw 1,200 arrivals. Fin.",
    "No full stop at all here",
    "Line one.\n\nLine two?\nLine three!  And four.",
    "",
    "...",
]


def _stock() -> PunktSentenceTokenizer:
    params = PunktParameters()
    params.abbrev_types = set(load_data("sentences.toml")["abbreviations"])
    return PunktSentenceTokenizer(params)


def _stock_first(tok: PunktSentenceTokenizer, text: str, max_chars: int = 320) -> str:
    """The summary as it was made before: every sentence split with NLTK's stock
    tokenizer (timeout-wrapped patterns), then the first kept."""
    window = summary_window(text, max_chars)
    return fit_sentences([s.strip() for s in tok.tokenize(window) if s.strip()], max_chars)


def _reliefweb_posts(n: int) -> list[str]:
    path = need_shared("reliefweb-tagged-reports", "report_theme_en-1k.csv.gz")
    csv.field_size_limit(sys.maxsize)
    posts: dict[str, str] = {}
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            posts.setdefault(row["nid"], row["post"])
    return [posts[k] for k in sorted(posts, key=int)][:n]


def test_sentences_are_cut_where_nltks_punkt_cuts_them() -> None:
    stock = _stock()
    texts = TRICKY + [p[:4000] for p in _reliefweb_posts(200)]
    for text in texts:
        assert split_sentences(text) == [s.strip() for s in stock.tokenize(text) if s.strip()]


def test_summaries_are_those_of_a_full_split() -> None:
    stock = _stock()
    texts = TRICKY + _reliefweb_posts(300)
    for text in texts:
        for max_chars in (60, 120, 320):
            assert first_sentences(text, max_chars) == _stock_first(stock, text, max_chars)


def test_sentences_come_one_at_a_time() -> None:
    found = iter_sentences("First one. Second one. Third one.")
    assert next(found) == "First one."
    assert list(found) == ["Second one.", "Third one."]
