"""Migration thesaurus: equivalent terms, for expanding queries.

Labour-migration writing names one thing many ways: a ministry says
"irregular migrant", a newspaper "undocumented worker", a Philippine agency
"OFW" where an ILO report says "overseas Filipino workers". A search for one
should find the others, so the query layer asks this module which terms
are equivalent and ORs them in.

The groups live in ``data/thesaurus.toml``. Lookups use the same word keys as
the theme tagger (lowercase, accents folded, Snowball stems, stop words
ignored, British/American spelling folded), so "Domestic Helpers" finds the
group written as "domestic helper". Results are the group's other terms as
written in the data file, because the search layer analyses them itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from migsearch.errors import MigsearchError
from migsearch.indexer.vocabulary.loader import load_data
from migsearch.indexer.vocabulary.normalize import spaced
from migsearch.indexer.vocabulary.terms import by_first_key, phrase_keys, tokens

__all__ = ["Expansion", "find_expansions", "synonyms_for"]


@dataclass(frozen=True)
class Expansion:
    """A thesaurus term found in a text: where, as written, and its synonyms."""

    text: str
    start: int
    end: int
    synonyms: tuple[str, ...]


@dataclass(frozen=True)
class _Thesaurus:
    groups: tuple[tuple[str, ...], ...]
    #: key sequence -> indexes of the groups holding a term with those keys
    by_keys: dict[tuple[str, ...], tuple[int, ...]]
    #: first key -> key sequences starting with it, longest first
    by_first: dict[str, tuple[tuple[str, ...], ...]]


def _plain(term: str) -> str:
    """Lowercase with runs of spaces and dashes as one space: "3-D jobs" ~ "3 d jobs".

    Accents stay: the index keeps "attaché" and "attache" apart, so the data
    lists both and neither may hide the other.
    """
    return spaced(term.lower())


@lru_cache(maxsize=1)
def _thesaurus() -> _Thesaurus:
    groups: list[tuple[str, ...]] = []
    by_keys: dict[tuple[str, ...], list[int]] = {}
    for n, entry in enumerate(load_data("thesaurus.toml").get("groups", [])):
        terms = tuple(" ".join(str(t).split()) for t in entry.get("terms", []))
        if len(terms) < 2:
            raise MigsearchError(f"thesaurus.toml: group #{n + 1} needs two terms or more")
        if len({_plain(t) for t in terms}) != len(terms):
            raise MigsearchError(f"thesaurus.toml: group #{n + 1} repeats a term")
        for term in terms:
            keys = phrase_keys(term)
            if not keys:
                raise MigsearchError(f"thesaurus.toml: {term!r} is only stop words")
            owners = by_keys.setdefault(keys, [])
            if len(groups) not in owners:
                owners.append(len(groups))
        groups.append(terms)
    return _Thesaurus(
        groups=tuple(groups),
        by_keys={k: tuple(v) for k, v in by_keys.items()},
        by_first=by_first_key(by_keys, lambda keys: keys),
    )


def _synonyms(keys: tuple[str, ...], written: str) -> list[str]:
    th = _thesaurus()
    same = _plain(written)
    out: dict[str, str] = {}
    for g in th.by_keys.get(keys, ()):
        for term in th.groups[g]:
            plain = _plain(term)
            if plain != same:
                out.setdefault(plain, term)
    return list(out.values())


def synonyms_for(phrase: str) -> list[str]:
    """The terms equivalent to ``phrase`` (itself excluded), or [] when it is in no group.

    The whole phrase must be a thesaurus term; to find terms inside a longer
    query use :func:`find_expansions`.
    """
    keys = phrase_keys(phrase or "")
    return _synonyms(keys, phrase) if keys else []


def find_expansions(text: str) -> list[Expansion]:
    """Thesaurus terms inside ``text``, longest first at each word, not overlapping.

    "undocumented domestic helpers" gives "undocumented" and "domestic
    helpers" with their synonyms; the caller decides how to OR them in.
    """
    th = _thesaurus()
    toks = list(tokens(text or ""))
    keys = [t[0] for t in toks]
    out: list[Expansion] = []
    i = 0
    while i < len(toks):
        for cand in th.by_first.get(keys[i], ()):
            m = len(cand)
            if tuple(keys[i : i + m]) == cand:
                written = text[toks[i][2] : toks[i + m - 1][3]]
                out.append(
                    Expansion(
                        written, toks[i][2], toks[i + m - 1][3], tuple(_synonyms(cand, written))
                    )
                )
                i += m
                break
        else:
            i += 1
    return out
