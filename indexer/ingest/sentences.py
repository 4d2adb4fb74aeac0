"""Sentence splitting for summaries, with NLTK's Punkt and no downloaded model.

``nltk.sent_tokenize`` needs the punkt_tab data, which cannot be fetched here;
Punkt itself works when handed the abbreviations it must not split on
(``data/sentences.toml``), which is all a summary needs.
"""

from __future__ import annotations

from functools import lru_cache

from migsearch.indexer.vocabulary.loader import load_data
from migsearch.indexer.vocabulary.nltk_import import import_nltk

__all__ = ["first_sentences", "split_sentences"]


@lru_cache(maxsize=1)
def _tokenizer():
    import_nltk()
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    params.abbrev_types = set(load_data("sentences.toml")["abbreviations"])
    return PunktSentenceTokenizer(params)


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _tokenizer().tokenize(text) if s.strip()]


def first_sentences(text: str, max_chars: int = 320) -> str:
    """As many leading sentences as fit in ``max_chars`` (at least one, cut at a word).

    Punkt reads only three times ``max_chars`` of the text: a boundary is decided
    by the words on either side of it, so cutting that far after the last one
    the summary can use changes nothing but saves most of the split.
    """
    text = " ".join(text[: max_chars * 8].split())[: max_chars * 3]
    out = ""
    for s in split_sentences(text):
        if out and len(out) + 1 + len(s) > max_chars:
            break
        out = f"{out} {s}".strip()
        if len(out) >= max_chars:
            break
    if len(out) > max_chars:
        out = out[:max_chars].rsplit(" ", 1)[0] + "…"
    return out
