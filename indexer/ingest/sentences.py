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
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import Any

from migsearch.indexer.vocabulary.loader import load_data
from migsearch.indexer.vocabulary.nltk_import import import_nltk

__all__ = [
    "first_sentences",
    "fit_sentences",
    "iter_sentences",
    "split_sentences",
    "summary_window",
]


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

        def _kept(self, attr: str, make: Callable[[], Any]) -> Any:
            """NLTK's pattern in ``attr``, compiled untimed on first use (as NLTK keeps its own)."""
            if not hasattr(self, attr):
                setattr(self, attr, _untimed(make()))
            return getattr(self, attr)

        def period_context_re(self) -> Any:
            return self._kept("_re_period_context", super().period_context_re)

        def _word_tokenizer_re(self) -> Any:
            return self._kept("_re_word_tokenizer", super()._word_tokenizer_re)

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
    return fit_sentences(iter_sentences(summary_window(text, max_chars)), max_chars)


def summary_window(text: str, max_chars: int) -> str:
    """The part of ``text`` a summary of ``max_chars`` is split from, spaces collapsed."""
    return " ".join(text[: max_chars * 8].split())[: max_chars * 3]


def fit_sentences(sentences: Iterable[str], max_chars: int) -> str:
    """The leading ``sentences`` that fit in ``max_chars``; reads no more of them than it uses."""
    out = ""
    for s in sentences:
        if out and len(out) + 1 + len(s) > max_chars:
            break
        out = f"{out} {s}".strip()
        if len(out) >= max_chars:
            break
    if len(out) > max_chars:
        out = out[:max_chars].rsplit(" ", 1)[0] + "…"
    return out
