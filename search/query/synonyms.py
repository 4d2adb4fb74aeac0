"""Which thesaurus synonyms a query adds beside what was typed ("OFW" also finds
"overseas Filipino workers").

The equivalences are data (``indexer/vocabulary/data/thesaurus.toml``, read through
:mod:`migsearch.indexer.vocabulary.thesaurus`); where in a query they apply (free
words and whole quoted phrases, never field values or operators) is decided by
the parser (:mod:`migsearch.search.query.expand`). This module decides which of
a term's synonyms are worth adding:

* a lower-case word that only meets an acronym through stemming ("mouse"
  and "MoUs") is not expanded;
* synonyms that analyse to the same index terms as what was typed
  ("trafficked" for "trafficking") or contain them ("human trafficking") are
  dropped: they could not find a document the typed words miss.

The words as typed stay in the query unchanged and the synonyms are OR-ed
beside them at :data:`SYNONYM_BOOST`, so every document the query found
before is still found and ranks as before relative to synonym-only matches.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from migsearch.indexer.vocabulary.analysis import text_analyzer

__all__ = ["SYNONYM_BOOST", "expand_synonyms"]

#: weight of a synonym relative to the words the user typed
SYNONYM_BOOST = 0.8


@lru_cache(maxsize=4096)
def _index_form(phrase: str) -> tuple[str, ...]:
    """The index terms a phrase becomes (lowercased, stop words out, stemmed)."""
    return tuple(t.text for t in text_analyzer()(phrase) if not t.stopped)


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    n = len(shorter)
    return any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


def _alternatives(written: str, synonyms: Sequence[str]) -> list[str]:
    """Synonyms that can find documents the written form cannot."""
    typed = _index_form(written)
    seen = {typed}
    out = []
    for syn in synonyms:
        form = _index_form(syn)
        # "human trafficking" adds nothing to "trafficking": every match has the word
        if form and form not in seen and not (typed and _contains(form, typed)):
            seen.add(form)
            out.append(syn)
    return out


def _is_acronym(term: str) -> bool:
    return " " not in term and sum(c.isupper() for c in term) >= 2


def _acronym_collision(written: str, synonyms: Sequence[str]) -> bool:
    """True when ``written`` only met the group through an acronym's stem ("mouse" ~ "MoUs").

    Thesaurus lookups are on stems, and a plural acronym can stem like an
    ordinary word; a word the user typed in lower case that equals the acronym
    only after stemming is not that acronym.
    """
    form = _index_form(written)
    same = [t for t in synonyms if _index_form(t) == form]
    if not same or not all(_is_acronym(t) for t in same):
        return False
    typed = written.lower().rstrip("s")
    return not any(t.lower().rstrip("s") == typed for t in same)


def expand_synonyms(written: str, synonyms: Sequence[str]) -> list[str]:
    """The ``synonyms`` the thesaurus gave for ``written`` (as typed) that a query should add.

    [] when none can find anything the typed words miss, or when ``written``
    only met its thesaurus group by accident of stemming.
    """
    if _acronym_collision(written, synonyms):
        return []
    return _alternatives(written, synonyms)
