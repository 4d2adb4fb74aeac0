"""Words are cut the same whether a text takes the ASCII split or the Unicode one."""

from __future__ import annotations

import csv
import gzip
import random
import sys

from support import need_shared

from migsearch.indexer.vocabulary import terms


def _ascii_texts() -> list[str]:
    rng = random.Random(16)
    alphabet = [chr(c) for c in range(128)]
    texts = ["".join(alphabet), "don't 'quote' it's o'neil's '90s rock'n'roll A1-b2_c3 x'"]
    texts += [
        "".join(rng.choice(alphabet + list("ab'_ 0")) for _ in range(200)) for _ in range(300)
    ]
    path = need_shared("reliefweb-tagged-reports", "report_theme_en-1k.csv.gz")
    csv.field_size_limit(sys.maxsize)
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        posts = [row["post"] for row in csv.DictReader(fh)]
    texts += [p for p in posts if p.isascii()][:200]
    return texts


def test_the_ascii_split_cuts_as_the_unicode_split_does() -> None:
    """An all-ASCII text skips the Unicode split; its words, gaps and keys must not move,
    in any case (the split is also handed text not yet lowercased)."""
    texts = _ascii_texts()
    assert len(texts) > 400
    for text in texts:
        for t in (text, text.lower()):
            assert terms._ASCII_WORD_SPLIT.split(t) == terms._WORD_SPLIT.split(t)
            assert terms._split_words(t) == terms._WORD_SPLIT.split(t)


def test_a_text_with_other_letters_still_takes_the_unicode_split() -> None:
    words = terms._split_words("travailleurs migrants à l'étranger")[1::2]
    assert words == ["travailleurs", "migrants", "à", "l'étranger"]
