"""Would an Indonesian stemmer help Indonesian and Malay queries? A measurement, not a feature.

Run: ``.venv/bin/pip install snowballstemmer`` (BSD-3; not a project
dependency), then ``.venv/bin/python bench/indonesian_stemming.py``.

The index stems every Latin-script word with English Snowball, whatever its
language (:mod:`migsearch.indexer.vocabulary.analysis`). Indonesian and Malay
build words with prefixes and confixes (pulang, dipulangkan, pemulangan,
kepulangan), which English rules leave alone, so a query in one form misses a
passage written in another. This script compares, on the 22 Indonesian and
Malay passages of ``bench/labels/asean_passages.jsonl``, one-word queries a
user would type (a form other than the passage's, often) and the passages
about what each asks for (judged by reading, :data:`QUERIES`), under two
analyses that differ only in the stemmer: the index's (English Snowball), and
Snowball's Indonesian stemmer on Latin-script words. A passage is retrieved
when it holds the query's stem (the engine ORs query words; with one word,
retrieval is that). Precision and recall are over (query, passage) pairs,
micro-averaged; the queries were written after the passages, by the engineer
who wrote the passages, on both halves (nothing is tuned here).
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from asean_tagging import passages
from whoosh.analysis import LowercaseFilter

from migsearch.indexer.vocabulary.analysis import ScriptTokenizer, StopWordFilter, stem

#: query word -> the passages about what it asks for
QUERIES: dict[str, set[str]] = {
    "pemulangan": {"id-06", "ms-03"},  # repatriation
    "pemerdagangan": {"id-02", "ms-02"},  # trafficking (Malay form)
    "diperdagangkan": {"id-02", "ms-02"},  # trafficked
    "dideportasi": {"id-06", "ms-03"},  # deported
    "pengungsi": {"id-07", "ms-06"},  # refugees
    "nelayan": {"id-04", "ms-05"},  # fishers
    "perekrutan": {"id-01", "ms-01", "ms-09"},  # recruitment
    "penempatan": {"id-01", "ms-01", "ms-09"},  # placement
    "dokumen": {"id-06", "ms-03"},  # documents (the undocumented)
    "pulang": {"id-06", "id-09", "ms-03"},  # going home
    "anak-anak": {"id-08", "ms-08"},  # children
    "kiriman": {"id-03", "ms-10"},  # remittances
    "gaji": {"id-05", "ms-01"},  # wages
}


def _words(text: str, mode: str, key: Callable[[str], str]) -> set[str]:
    chain = ScriptTokenizer() | LowercaseFilter() | StopWordFilter()
    return {key(t.text) for t in chain(text, mode=mode)}


def measure(key: Callable[[str], str]) -> tuple[int, int, int, list[str]]:
    """(tp, fp, fn, per-query lines) with word keys made by ``key``."""
    texts = {p["id"]: p["text"] for p in passages() if p["lang"] in ("id", "ms")}
    keyed = {pid: _words(t, "index", key) for pid, t in texts.items()}
    tp = fp = fn = 0
    lines = []
    for query, relevant in QUERIES.items():
        q = _words(query, "query", key)
        got = {pid for pid, words in keyed.items() if q & words}
        tp += len(got & relevant)
        fp += len(got - relevant)
        fn += len(relevant - got)
        lines.append(f"  {query:15} found {sorted(got)}, missed {sorted(relevant - got)}")
    return tp, fp, fn, lines


def main() -> None:
    try:
        import snowballstemmer
    except ImportError:
        sys.exit("needs snowballstemmer: .venv/bin/pip install snowballstemmer")
    indonesian = snowballstemmer.stemmer("indonesian")
    for name, key in (
        ("English Snowball (the index today)", stem),
        ("Indonesian Snowball", lambda w: indonesian.stemWord(w)),
    ):
        tp, fp, fn, lines = measure(key)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        print(f"== {name}: precision {p:.2f}, recall {r:.2f} (tp {tp}, fp {fp}, fn {fn})")
        print("\n".join(lines))
        print()


if __name__ == "__main__":
    main()
