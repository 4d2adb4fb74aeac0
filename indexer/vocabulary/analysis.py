"""Text analysis shared by the index and the query parser.

This module is pickled into every index: Whoosh stores the schema, analyzer
included, in each commit's table of contents, by class and module path
(``migsearch.indexer.vocabulary.analysis.SnowballFilter``). The classes here
must therefore stay importable under this path, with these names, for as long
as indexes built with them exist; change behaviour by adding classes, not by
moving or renaming them. (Indexes of the layout before the one import name
``migsearch`` pickled ``indexer.analysis`` and can only be rebuilt;
:func:`migsearch.indexer.store.storage.open_existing` says so.)

NLTK's Snowball stemmer needs no downloaded data, which is why it is used
rather than anything that would call ``nltk.download()``.
"""

from __future__ import annotations

from functools import lru_cache

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StopFilter
from whoosh.analysis.analyzers import Analyzer
from whoosh.lang.stopwords import stoplists

__all__ = ["STOP_WORDS", "SnowballFilter", "stem", "text_analyzer"]

#: Snowball's English list (shipped with Whoosh), the classic choice for BM25.
STOP_WORDS: frozenset[str] = frozenset(stoplists["en"])

#: Words and numbers. Hyphens split ("COVID-19" → covid, 19; "labour-sending" →
#: labour, sending) so either half finds the compound; apostrophes stay inside a
#: word so the stemmer can drop a possessive.
TOKEN_PATTERN = r"\w+(?:['’]\w+)*"


@lru_cache(maxsize=1)
def _stemmer():  # imported lazily: NLTK costs ~0.2 s to import
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer("english", ignore_stopwords=False)


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return _stemmer().stem(word)


class SnowballFilter(Filter):
    """Stems token text with NLTK's English Snowball stemmer (cached per word)."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(self, tokens):
        for t in tokens:
            if not t.stopped:
                t.text = stem(t.text)
            yield t


def text_analyzer() -> Analyzer:
    """Tokenize, lowercase, drop stop words, stem: the analyzer of every text field."""
    return (
        RegexTokenizer(TOKEN_PATTERN)
        | LowercaseFilter()
        | StopFilter(stoplist=STOP_WORDS, minsize=1)
        | SnowballFilter()
    )
