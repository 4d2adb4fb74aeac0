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


class _TokenizedByRegex:
    """Tokenized as it was: every text cut by ``re.split``, offsets summed from its parts."""

    def __init__(self, text: str) -> None:
        lowered = text.lower().replace("\u2019", "'")
        self.text = text if len(lowered) == len(text) else lowered
        self.parts = terms._split_words(lowered)
        every = [terms.key_of(w) for w in self.parts[1::2]]
        self.idx = [n for n, k in enumerate(every) if k is not None]
        self.keys = [every[n] for n in self.idx]
        self.ends = [sum(map(len, self.parts[: n + 1])) for n in range(len(self.parts))]

    def word(self, i: int) -> str:
        return self.parts[2 * self.idx[i] + 1]

    def surface(self, i: int, j: int) -> str:
        return self.text[self.ends[2 * self.idx[i]] : self.ends[2 * self.idx[j] + 1]]


#: characters the fast cut must get right: apostrophes of every kind and in every
#: place, gaps outside ASCII, accented and Vietnamese letters, Thai letters and a Thai
#: vowel sign on its own, letters whose case changes length or folds oddly
_TRICKY = [*"aB'' 0-_.\n\t\u2019’‘“”•—–é", "ĐỒNG", "người", "İ", "ſ", "K", "ก", "\u0e31"]
_TRICKY += ["ñ", "²", "ﬁ", "β", "ວ", "\u00a0", "don't", "'90s", "rock'n'roll", "O''Neil"]


def _mixed_texts() -> list[str]:
    rng = random.Random(10)
    texts = ["", "'", "''", "' a '", "a'", "'a", "a''b", "a'''b'c'", "“Migrant” workers’ rights"]
    texts += ["".join(rng.choice(_TRICKY) for _ in range(rng.randint(0, 40))) for _ in range(4000)]
    path = need_shared("reliefweb-tagged-reports", "report_theme_en-1k.csv.gz")
    csv.field_size_limit(sys.maxsize)
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        posts = [row["post"] for row in csv.DictReader(fh)]
    texts += [p for p in posts if not p.isascii()][:150] + [p for p in posts if p.isascii()][:50]
    return texts


def test_the_spaced_cut_tokenizes_as_the_regex_split_did() -> None:
    """Words, keys and the evidence offsets are the same whichever way a text is cut."""
    texts = _mixed_texts()
    fast = 0
    for text in texts:
        new, old = terms.Tokenized(text), _TokenizedByRegex(text)
        assert (new.idx, new.keys) == (old.idx, old.keys), text[:200]
        fast += isinstance(new._layout, str)
        n = len(new.keys)
        for i in range(n):
            assert new.word(i) == old.word(i)
            for j in {i, min(i + 1, n - 1), min(i + 4, n - 1)}:
                assert new.surface(i, j) == old.surface(i, j), (text[:200], i, j)
    # both ways were taken, each by hundreds of texts
    assert 400 < fast < len(texts) - 400


def test_the_spaced_cut_declines_words_outside_ascii() -> None:
    assert terms._spaced_words("curly “quotes” – and • bullets") is not None
    assert terms._spaced_words("travailleurs à l'étranger") is None
    assert terms._spaced_words("แรงงาน ข้ามชาติ") is None
    assert terms._spaced_words("a \u0e31 mark") is None  # Thai, though not a letter
    assert terms._spaced_words("'quote' don't o''") == " quote  don't o  "


def test_positions_are_the_keys_in_the_set_asked_and_follow_a_new_set() -> None:
    doc = terms.Tokenized("Migrant workers’ wages: the workers of Việt Nam and ĐỒNG NAI")
    keys = doc.keys
    for wanted in (frozenset({"worker"}), frozenset({"migrant", "wage", "nam"}), frozenset()):
        assert doc.positions(wanted) == [i for i, k in enumerate(keys) if k in wanted]
    first = frozenset({"worker"})
    assert doc.positions(first) == [1, 3]
    assert doc.positions(first) is doc.positions(first)  # kept for the same set
    assert doc.positions(frozenset({"worker", "dong"})) == [1, 3, 6]
