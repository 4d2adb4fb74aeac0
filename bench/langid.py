"""Language identification benchmark: accuracy on short and long texts, and speed.

Run: ``.venv/bin/python bench/langid.py`` (from the repository root).

The labelled set (every figure on the tuning and the held-out half, :mod:`halves`):

* Thai, Burmese, Khmer, Lao, Vietnamese, Indonesian, Malay and Filipino
  sentences written for this project (``bench/data/langid_sentences.toml``):
  each sentence is a *short* text, each run of four a *long* one;
* English, French and Spanish reports from ReliefWeb's language sample
  (``reliefweb-tagged-reports/report_language-1k.csv.gz``): the first
  :data:`SHORT_CHARS` characters of a report as a short text, its first
  :data:`LONG_CHARS` as a long one.

Candidates, both behind the same first step (a text mostly in one of the
scripts that name a language alone is that language), both restricted to the
languages of ``data/languages.toml`` they know and followed by the same
Indonesian-or-Malay decision by marker words:

* ``py3langid`` (what :func:`migsearch.indexer.vocabulary.languages.detect_language` uses);
* ``lingua`` (``lingua-language-detector``, when installed: it is not a
  dependency; ``pip install lingua-language-detector`` to compare).

Speed: texts per second over the whole set, median and min–max of repeats,
each run in the same process one after the other.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import statistics
import time
import tomllib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from halves import HALVES, split
from sections import run

from migsearch.indexer.vocabulary import languages
from migsearch.indexer.vocabulary.languages import detect_language, language_codes

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
RW_LANG = DATA / "reliefweb-tagged-reports" / "report_language-1k.csv.gz"
SENTENCES = ROOT / "bench" / "data" / "langid_sentences.toml"
RW_CODES = {"English": "en", "French": "fr", "Spanish": "es"}
#: ReliefWeb reports taken per language
RW_PER_LANGUAGE = 40
SHORT_CHARS = 120
LONG_CHARS = 2_000


@dataclass(frozen=True)
class Text:
    id: str
    language: str
    length: str  # "short" or "long"
    text: str


def labelled() -> list[Text]:
    """The labelled set: written sentences and ReliefWeb reports, short and long."""
    out: list[Text] = []
    with SENTENCES.open("rb") as f:
        for code, sentences in tomllib.load(f).items():
            for i, s in enumerate(sentences):
                out.append(Text(f"{code}-s{i}", code, "short", s))
            for i in range(0, len(sentences) - 3, 4):
                out.append(Text(f"{code}-l{i}", code, "long", " ".join(sentences[i : i + 4])))
    seen: Counter[str] = Counter()
    with gzip.open(RW_LANG, "rt", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            code = RW_CODES.get(row["language_name"])
            if code is None or seen[code] >= RW_PER_LANGUAGE:
                continue
            seen[code] += 1
            post = " ".join(row["post"].split())
            out.append(Text(f"rw{row['nid']}-s", code, "short", post[:SHORT_CHARS]))
            out.append(Text(f"rw{row['nid']}-l", code, "long", post[:LONG_CHARS]))
    return out


def lingua_detector() -> Callable[[str], str | None] | None:
    """Lingua behind the same script step as ours, or None when it is not installed."""
    try:
        from lingua import IsoCode639_1, Language, LanguageDetectorBuilder
    except ImportError:
        return None
    known = [
        Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper()))
        for c in language_codes()
        if hasattr(IsoCode639_1, c.upper())
    ]
    detector = LanguageDetectorBuilder.from_languages(*known).build()

    def detect(text: str) -> str | None:
        sample = text[: languages.SAMPLE_CHARS]
        by_script = detect_language(sample) if _script_decides(sample) else None
        if by_script:
            return by_script
        lang = detector.detect_language_of(sample)
        code = lang.iso_code_639_1.name.lower() if lang else None
        return (languages.indonesian_or_malay(sample) or code) if code in ("id", "ms") else code

    return detect


def _script_decides(text: str) -> bool:
    letters, scripts = languages.script_counts(text)
    return bool(scripts) and max(scripts.values()) >= languages.SCRIPT_SHARE * letters


def detectors() -> dict[str, Callable[[str], str | None]]:
    out: dict[str, Callable[[str], str | None]] = {"py3langid": detect_language}
    lingua = lingua_detector()
    if lingua is not None:
        out["lingua"] = lingua
    return out


def accuracy(detect: Callable[[str], str | None], texts: list[Text]) -> float:
    return sum(detect(t.text) == t.language for t in texts) / len(texts) if texts else 0.0


def confusions(detect: Callable[[str], str | None], texts: list[Text]) -> Counter[str]:
    return Counter(f"{t.language}→{got}" for t in texts if (got := detect(t.text)) != t.language)


def section_accuracy(args: argparse.Namespace) -> None:
    texts = labelled()
    by_half = split(texts, lambda t: t.id)
    print(
        f"accuracy ({len(texts)} texts; tuning {len(by_half['tuning'])}, "
        f"held-out {len(by_half['held-out'])})"
    )
    for name, detect in detectors().items():
        for h in HALVES:
            part = by_half[h]
            short = [t for t in part if t.length == "short"]
            long = [t for t in part if t.length == "long"]
            print(
                f"  {name:10s} {h:9s} all {accuracy(detect, part):.3f}  "
                f"short {accuracy(detect, short):.3f} ({len(short)})  "
                f"long {accuracy(detect, long):.3f} ({len(long)})"
            )
        errors = confusions(detect, texts)
        print(f"  {name:10s} errors: {', '.join(f'{k} {v}' for k, v in errors.most_common())}")
        per = Counter(t.language for t in texts)
        right = Counter(t.language for t in texts if detect(t.text) == t.language)
        print("  " + " ".join(f"{c} {right[c] / per[c]:.2f}" for c in sorted(per)))


def section_speed(args: argparse.Namespace) -> None:
    texts = [t.text for t in labelled()]
    print(f"speed (texts per second over {len(texts)} texts, {args.repeats} repeats)")
    for name, detect in detectors().items():
        detect(texts[0])  # load the model before timing
        rates = []
        for _ in range(args.repeats):
            t0 = time.perf_counter()
            for t in texts:
                detect(t)
            rates.append(len(texts) / (time.perf_counter() - t0))
        print(
            f"  {name:10s} {statistics.median(rates):8.0f}/s "
            f"(min {min(rates):.0f}, max {max(rates):.0f})"
        )


def options(ap: argparse.ArgumentParser) -> None:
    ap.add_argument("--repeats", type=int, default=5)


if __name__ == "__main__":
    run(__doc__, [section_accuracy, section_speed], RW_LANG, options)
