"""Thesaurus expansion of a query's free text ("OFW" also finds "overseas Filipino workers").

The equivalences are data (``indexer/vocabulary/data/thesaurus.toml``, read through
:mod:`indexer.thesaurus`); this module only decides where they apply and how
they are written into the query text before it is parsed:

* only free words and whole quoted phrases are expanded, never field values
  or operators, and a thesaurus term never spans an operator or a parenthesis;
* the words as typed stay in the query unchanged and the synonyms are OR-ed
  beside them at :data:`SYNONYM_BOOST`, so every document the query found
  before is still found and ranks as before relative to synonym-only matches;
* a lower-case word that only meets an acronym through stemming ("mouse"
  and "MoUs") is not expanded;
* synonyms that analyse to the same index terms as what was typed
  ("trafficked" for "trafficking") or contain them ("human trafficking") are
  dropped: they could not find a document the typed words miss.

A query with no thesaurus term comes back unchanged, so its matches do too.
"""

from __future__ import annotations

from functools import lru_cache

from whoosh import highlight

from migsearch.indexer.vocabulary.analysis import text_analyzer
from migsearch.indexer.vocabulary.thesaurus import find_expansions, synonyms_for
from migsearch.search.query.syntax import tokens

__all__ = ["SYNONYM_BOOST", "TypedWordsFirst", "expand_synonyms"]

#: weight of a synonym relative to the words the user typed
SYNONYM_BOOST = 0.8


@lru_cache(maxsize=4096)
def _index_form(phrase: str) -> tuple[str, ...]:
    """The index terms a phrase becomes (lowercased, stop words out, stemmed)."""
    return tuple(t.text for t in text_analyzer()(phrase) if not t.stopped)


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    n = len(shorter)
    return any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


def _alternatives(written: str, synonyms: tuple[str, ...] | list[str]) -> list[str]:
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


def _acronym_collision(written: str, synonyms: tuple[str, ...] | list[str]) -> bool:
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


def _group(original: str, alts: list[str]) -> str:
    quoted = " OR ".join(f'"{a}"^{SYNONYM_BOOST}' for a in alts)
    return f"({original} OR {quoted})"


def _free_runs(text: str) -> list[tuple[int, int]]:
    """Spans of consecutive plain words (no operator, field, quote, paren or ``*``)."""
    runs: list[tuple[int, int]] = []
    start = end = -1
    for tok in tokens(text):
        plain = not (tok.is_operator or tok.is_paren or tok.is_phrase or ":" in tok.text)
        if plain and "*" not in tok.text and not tok.text.startswith("^"):
            if start < 0:
                start = tok.start
            end = tok.end
            continue
        if start >= 0:
            runs.append((start, end))
            start = -1
    if start >= 0:
        runs.append((start, end))
    return runs


def expand_synonyms(text: str, expansions: list[dict[str, str]]) -> str:
    """``text`` with thesaurus synonyms OR-ed beside the terms they match.

    Appends ``{"type": "synonym", "from": …, "to": …}`` to ``expansions`` for
    each synonym that was added.
    """
    edits: list[tuple[int, int, str]] = []

    def record(written: str, alts: list[str]) -> None:
        for a in alts:
            expansions.append({"type": "synonym", "from": written, "to": a})

    for lo, hi in _free_runs(text):
        for exp in find_expansions(text[lo:hi]):
            if _acronym_collision(exp.text, exp.synonyms):
                continue
            alts = _alternatives(exp.text, exp.synonyms)
            if alts:
                edits.append((lo + exp.start, lo + exp.end, _group(exp.text, alts)))
                record(exp.text, alts)
    for t in tokens(text):
        tok = t.text
        if len(tok) > 2 and t.is_phrase and tok.endswith('"'):
            if t.start > 0 and text[t.start - 1] == ":":
                continue  # a field's value: title:"…" stays as typed
            inner = tok[1:-1]
            syns = synonyms_for(inner)
            if _acronym_collision(inner, syns):
                continue
            alts = _alternatives(inner, syns)
            if alts:
                edits.append((t.start, t.end, _group(tok, alts)))
                record(inner, alts)
    if not edits:
        return text
    out = text
    for lo, hi, repl in sorted(edits, reverse=True):
        out = out[:lo] + repl + out[hi:]
    return out


class TypedWordsFirst(highlight.FragmentScorer):
    """Prefers snippets with the words the user typed over ones with only their synonyms.

    Whoosh's default scorer counts every matched term alike, so once synonyms
    are OR-ed in, a passage with "fishermen" could push out the one with the
    "fishers" that was asked for.
    """

    def __init__(self, typed: list[str], synonym_weight: float = 0.5) -> None:
        self.typed = set(typed)
        self.synonym_weight = synonym_weight

    def __call__(self, f: highlight.Fragment) -> float:
        typed = self.typed
        w = self.synonym_weight
        score = sum(1.0 if t.text in typed else w for t in f.matches)
        distinct = sum(1.0 if t in typed else w for t in f.matched_terms)
        return score * (distinct * 100 or 1)
