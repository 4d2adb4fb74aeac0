"""Sentence splitting for summaries, with NLTK's Punkt and no downloaded model.

``nltk.sent_tokenize`` needs the punkt_tab data, which cannot be fetched here;
Punkt itself works when handed the abbreviations it must not split on
(``data/sentences.toml``), which is all a summary needs.

Every record without a summary is split here, so the splitter is made cheap
without changing a single boundary:

* Punkt finds sentences one after another (its spans come from generators), and
  a summary stops at ``max_chars``: :func:`first_sentences` reads spans only
  until it has enough, instead of splitting all three times ``max_chars``.
* NLTK runs each of its regular expressions through a wrapper that checks a
  wall-clock timeout on every call, a defence for patterns callers supply.
  Punkt's own patterns are fixed and linear, and a summary's text is at most
  a few thousand characters; the same patterns compiled by the same engine
  (the ``regex`` module NLTK compiles them with) are called directly instead.
  Only the wrapper goes: the engine, the patterns and their flags stay NLTK's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from migsearch.indexer.vocabulary.loader import load_data
from migsearch.indexer.vocabulary.nltk_import import import_nltk

__all__ = ["first_sentences", "iter_sentences", "split_sentences"]


def _untimed(pattern: Any) -> Any:
    """``pattern`` without NLTK's timeout wrapper: the same source and flags compiled by
    the same engine (a plain ``re`` pattern, as older NLTK releases give, as it is)."""
    if isinstance(pattern, re.Pattern):
        return pattern
    import regex  # NLTK's own dependency: the engine its wrapper compiles with

    if isinstance(pattern, regex.Pattern):
        return pattern
    return regex.compile(pattern.pattern, pattern.flags)


@lru_cache(maxsize=1)
def _tokenizer():
    import_nltk()
    from nltk.tokenize.punkt import (
        PunktLanguageVars,
        PunktParameters,
        PunktSentenceTokenizer,
        PunktToken,
    )

    class LanguageVars(PunktLanguageVars):
        """NLTK's English conventions, its patterns called without the timeout wrapper."""

        __slots__ = ()
        re_boundary_realignment = _untimed(PunktLanguageVars.re_boundary_realignment)

        def period_context_re(self) -> Any:
            try:
                return self._re_period_context
            except AttributeError:
                self._re_period_context = _untimed(super().period_context_re())
                return self._re_period_context

        def _word_tokenizer_re(self) -> Any:
            try:
                return self._re_word_tokenizer
            except AttributeError:
                self._re_word_tokenizer = _untimed(super()._word_tokenizer_re())
                return self._re_word_tokenizer

    class Token(PunktToken):
        """NLTK's token, its patterns called without the timeout wrapper."""

        __slots__ = ()
        _RE_ELLIPSIS = _untimed(PunktToken._RE_ELLIPSIS)
        _RE_NUMERIC = _untimed(PunktToken._RE_NUMERIC)
        _RE_INITIAL = _untimed(PunktToken._RE_INITIAL)
        _RE_ALPHA = _untimed(PunktToken._RE_ALPHA)

    params = PunktParameters()
    params.abbrev_types = set(load_data("sentences.toml")["abbreviations"])
    return PunktSentenceTokenizer(params, lang_vars=LanguageVars(), token_cls=Token)


def iter_sentences(text: str) -> Iterator[str]:
    """The sentences of ``text``, stripped, found one at a time (read only as far as asked)."""
    for start, end in _tokenizer().span_tokenize(text):
        s = text[start:end].strip()
        if s:
            yield s


def split_sentences(text: str) -> list[str]:
    return list(iter_sentences(text))


def first_sentences(text: str, max_chars: int = 320) -> str:
    """As many leading sentences as fit in ``max_chars`` (at least one, cut at a word).

    Punkt reads only three times ``max_chars`` of the text: a boundary is decided
    by the words on either side of it, so cutting that far after the last one
    the summary can use changes nothing but saves most of the split. Within
    that, sentences are split only until the summary is full.
    """
    text = " ".join(text[: max_chars * 8].split())[: max_chars * 3]
    out = ""
    for s in iter_sentences(text):
        if out and len(out) + 1 + len(s) > max_chars:
            break
        out = f"{out} {s}".strip()
        if len(out) >= max_chars:
            break
    if len(out) > max_chars:
        out = out[:max_chars].rsplit(" ", 1)[0] + "…"
    return out
