"""The taxonomy scan: terms grouped by length and key sequence count what trying each did."""

from __future__ import annotations

import csv
import gzip
import random
import sys

from support import CORPUS, need_shared

from migsearch.errors import UnknownThemeError
from migsearch.indexer.vocabulary import groups, themes
from migsearch.indexer.vocabulary.loader import load_data
from migsearch.indexer.vocabulary.taxonomy import Scoring, Taxonomy, parse_taxonomy
from migsearch.indexer.vocabulary.terms import Tokenized


def _scan_trying_every_term(tax: Taxonomy, text: str):
    """The scan as it was: at a token, every term starting with its key, longest first."""
    doc = Tokenized(text)
    keys = doc.keys
    counts: dict[int, int] = {}
    surface: dict[int, str] = {}
    covered: dict[int, int] = {}
    for i, k in enumerate(keys):
        for term in tax._by_first.get(k, ()):
            if covered.get(term.entry, 0) > i:
                continue
            m = len(term.keys)
            if tuple(keys[i : i + m]) != term.keys:
                continue
            if term.exact is not None and tuple(doc.word(j) for j in range(i, i + m)) != term.exact:
                continue
            covered[term.entry] = i + m
            if term.weight > 0:
                counts[term.slot] = counts.get(term.slot, 0) + 1
                surface.setdefault(term.slot, " ".join(doc.surface(i, i + m - 1).split()))
    return counts, surface, len(keys)


def _written(fname: str, key: str) -> list[tuple[str | None, str]]:
    out = []
    for item in load_data(fname)[key]:
        out += [(None, t.lstrip("=")) for t in item.get("terms", {})]
        for lang, table in item.get("terms_in", {}).items():
            out += [(lang, t.lstrip("=")) for t in table]
    return out


def _synthetic_texts(n: int) -> list[str]:
    """Runs of terms of both taxonomies (overlapping, nested, cut short), in every case,
    with and without accents, Thai written unspaced, between stop words and fillers."""
    rng = random.Random(10)
    written = _written("themes.toml", "themes") + _written("groups.toml", "groups")
    fillers = ["the", "of", "in", "and", "a", "Report", "2024", "—", ",", ".", "\n", "(", ")"]
    fillers += ["Việt Nam", "người", "lao động", "ĐỒNG", "Côte d'Ivoire", "l'étranger", "it’s"]
    fillers += ["ประเทศไทย", "ในประเทศ", "ຄົນ", "’", "“", "”", "•", "drug", "trafficking"]
    texts = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(1, 40)):
            if rng.random() < 0.4:
                parts.append(rng.choice(fillers))
                continue
            lang, term = rng.choice(written)
            if lang in ("th", "lo", "km", "my"):
                term = "".join(term.split())
            words = term.split()
            if len(words) > 1 and rng.random() < 0.2:
                words = words[: rng.randint(1, len(words) - 1)]  # a term cut short
            term = " ".join(words)
            form = rng.choice([str.lower, str.upper, str.title, str.capitalize, str])(term)
            parts.append(form)
        texts.append(rng.choice([" ", "  ", " - "]).join(parts))
    return texts


def _real_texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.rglob("*")) if p.is_file()]
    path = need_shared("reliefweb-tagged-reports", "report_theme_en-1k.csv.gz")
    csv.field_size_limit(sys.maxsize)
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        texts += [row["post"] for row, _ in zip(csv.DictReader(fh), range(300), strict=False)]
    return texts


def test_the_grouped_scan_counts_what_trying_every_term_counted() -> None:
    texts = _synthetic_texts(1500) + _real_texts()
    hits = 0
    for tax in (themes.taxonomy(), groups.taxonomy()):
        for text in texts:
            got = tax._scan(text)
            assert got == _scan_trying_every_term(tax, text), text[:200]
            hits += sum(got[0].values())
    assert hits > 20_000  # the texts do name terms, many of them


def test_longest_term_wins_and_a_blocking_term_consumes_its_words() -> None:
    tax = themes.taxonomy()
    counts, surface, _ = tax._scan("Forced labour and drug trafficking")
    assert "Forced labour" in surface.values()
    assert "labour" not in surface.values()  # inside the longer term
    assert not any(tax._terms[s].keys == ("traffick",) for s in counts)


def test_a_taxonomy_made_later_finds_its_terms_in_a_text_already_scanned() -> None:
    """Positions are kept on a shared Tokenized for the union of the taxonomies' first
    keys; a taxonomy made after a scan brings keys that union lacked."""
    text = "Zeppelin pilots in forced labour"
    assert themes.find_themes("", text).ids  # positions now kept for the old union
    raw = {"things": [{"id": "airships", "label": "Airships", "terms": {"zeppelin pilot": 3}}]}
    tax = parse_taxonomy(raw, "things", "test.toml", Scoring(), UnknownThemeError)
    assert tax.find("", text).ids == ["airships"]
    assert tax.find("", text).evidence == {"airships": ["Zeppelin pilots"]}
