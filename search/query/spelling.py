"""Did you mean: respelling a query with words that occur in the index.

The ranked fields are stemmed, so their terms ("migrat", "fisher") are not
words to show a user. The index therefore keeps the words as written
(lowercased, 3+ letters, no stop words; see ``indexer.schema.spelling_words``)
with the number of documents holding each: in a file beside each segment
(``indexer.store.spellwords``), or, in segments written before those files,
in a ``spell`` field. Corrections come from both, through Whoosh's
edit-distance automaton walked over the sorted words.

Only words the index does not know are respelled; each is replaced by the
closest known word (edit distance 1, else 2 for words of 5+ letters), the
more common one on ties. The caller keeps the respelling only when it finds
more documents than the query as typed. Every query is checked, not only
those that find little: with OR semantics "diabetis insulin" finds every
document about insulin, and the misspelling would otherwise go unnoticed.
Checking costs one lexicon lookup per word when all words are known.

A shard set respells as one index of all its documents would: each shard
answers what its lexicon knows of the query's words (:func:`spellings`: each
word's document count and, for a word it does not know, its known words within
one and two edits with theirs), the coordinator adds them up
(:meth:`Spellings.merged`), and the same decision (:func:`respell_with`) runs on
the sum. A word that one shard knows is therefore never respelt because another
does not, and the closest word is the most common one in the whole set.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from whoosh.automata.fsa import find_all_matches
from whoosh.automata.lev import levenshtein_automaton
from whoosh.support.levenshtein import damerau_levenshtein

from migsearch.indexer.store.spellwords import SPELL_FIELD, vocabulary
from migsearch.indexer.vocabulary.analysis import STOP_WORDS
from migsearch.indexer.vocabulary.countries import countries_in_query
from migsearch.indexer.vocabulary.thesaurus import synonyms_for
from migsearch.search.query.syntax import RANGE_WORD, TEXT_FIELDS, index_field, tokens

__all__ = ["SPELL_FIELD", "Lexicon", "Spellings", "respell", "respell_with", "spellings"]


#: a word a user may have misspelt: letters only, not a field name, not a prefix
_WORD = re.compile(r"(?<![\w*^])[^\W\d_]{3,}(?![\w:*])")


class Lexicon(Protocol):
    """What the respelling asks of the index's spelling words."""

    def frequency(self, word: str) -> int: ...

    def near(self, word: str, maxdist: int) -> set[str]: ...


class _Lexicon:
    """The spelling words of one reader: its segments' files and its ``spell`` field."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._files = vocabulary(reader)

    def frequency(self, word: str) -> int:
        """Documents holding ``word`` (the field's count, as Whoosh keeps it, added)."""
        return self._files.counts.get(word, 0) + self._reader.doc_frequency(SPELL_FIELD, word)

    def within(self, word: str, maxdist: int) -> set[str]:
        """Known words sharing the first letter of ``word`` and at most ``maxdist`` edits
        from it, a transposition of two neighbours counting as one edit (as Whoosh's
        lexicon walk of a multi-segment index counts them)."""
        found = set(self._reader.terms_within(SPELL_FIELD, word, maxdist, prefix=1))
        words = self._files.sorted_words
        if not words:
            return found

        def first_from(key: str) -> str | None:
            i = bisect_left(words, key)
            return words[i] if i < len(words) else None

        def walk(text: str, dist: int) -> Iterator[str]:
            if dist == 0:
                if self._files.counts.get(text):
                    yield text
                return
            yield from find_all_matches(levenshtein_automaton(text, dist).to_dfa(), first_from)

        # a word within maxdist edits, one or two of them transpositions, is within the
        # remaining edits of the word with those transpositions made
        swapped = _swaps(word)
        near = set(walk(word, maxdist))
        for s in swapped:
            near.update(walk(s, maxdist - 1))
            if maxdist == 2:
                near.update(w for w in _swaps(s) if self._files.counts.get(w))
        found.update(
            w for w in near if w[:1] == word[:1] and damerau_levenshtein(w, word) <= maxdist
        )
        return found

    def near(self, word: str, maxdist: int) -> set[str]:
        """The known words a misspelt ``word`` may be, ``maxdist`` edits from it."""
        found = {w for w in self.within(word, maxdist) if w != word}
        if maxdist == 1:
            # the lexicon walk counts a transposition as two edits; typists make it as one
            found |= {w for w in _swaps(word) if w != word and self.frequency(w) > 0}
        return found


@dataclass
class Spellings:
    """What one lexicon (a shard's) knows of a query's words, as plain data to add up:
    document counts of the words checked and of their near words, and the near words
    (within 1 and within 2 edits) of each word it does not know."""

    counts: dict[str, int] = field(default_factory=dict)
    near_words: dict[str, tuple[frozenset[str], frozenset[str]]] = field(default_factory=dict)

    @classmethod
    def merged(cls, parts: Iterable[Spellings]) -> Spellings:
        """The shards' parts as one index of their documents would know the words:
        counts summed, near words united (a word within N edits of one shard's word
        is within N edits in the whole lexicon)."""
        out = cls()
        for p in parts:
            for w, n in p.counts.items():
                out.counts[w] = out.counts.get(w, 0) + n
            for w, (one, two) in p.near_words.items():
                had = out.near_words.get(w, (frozenset(), frozenset()))
                out.near_words[w] = (had[0] | one, had[1] | two)
        return out

    def frequency(self, word: str) -> int:
        return self.counts.get(word, 0)

    def near(self, word: str, maxdist: int) -> set[str]:
        got = self.near_words.get(word)
        return set(got[maxdist - 1]) if got else set()


def _swaps(word: str) -> set[str]:
    """Words one adjacent transposition away ("modles" → "models")."""
    return {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}


def _distances(word: str) -> tuple[int, ...]:
    """The edit distances tried, in order: 2 only for words of 5+ letters."""
    return (1, 2) if len(word) >= 5 else (1,)


def _closest(lexicon: Lexicon, word: str) -> str | None:
    freq = lexicon.frequency
    for maxdist in _distances(word):
        found = lexicon.near(word, maxdist)
        if found:
            return max(found, key=lambda w: (freq(w), w))
    return None


def _same_case(like: str, word: str) -> str:
    if like.isupper() and len(like) > 1:
        return word.upper()
    if like[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _words(text: str) -> Iterator[re.Match[str]]:
    """The words of ``text`` that could be respelled: free text, phrases, values of text fields.

    Operators are not words. An unquoted value of another field (``country:THA``,
    ``theme:fishing``, ``year:2015``, a URL's ``http:``) is a code or a name the
    field resolves, not prose; a quoted one (``region:"south east asia"``) is
    words, and respelling them can make the name resolve.
    """
    for tok in tokens(text):
        if tok.field is not None:
            if index_field(tok.field) in TEXT_FIELDS:
                yield from _WORD.finditer(text, tok.value_start, tok.end)
        elif not (tok.is_operator or tok.is_paren or tok.text == RANGE_WORD):
            yield from _WORD.finditer(text, tok.start, tok.end)


def _checked(text: str) -> Iterator[tuple[re.Match[str], str]]:
    """The words of ``text`` a lexicon is asked about, with their lowercase form: not
    stop words, synonyms or country names, which are right however rare."""
    for m in _words(text):
        typed = m.group(0)
        word = typed.lower()
        if word in STOP_WORDS or synonyms_for(typed) or countries_in_query(typed):
            continue
        yield m, word


def respell(reader: Any, text: str) -> str | None:
    """``text`` with unknown words replaced by the closest index words, or None if none changed."""
    if SPELL_FIELD not in reader.schema:
        return None  # an index built before the spelling field existed
    return respell_with(text, _Lexicon(reader))


def spellings(reader: Any, text: str) -> Spellings:
    """What ``reader``'s lexicon knows of the words of ``text`` (a shard's part)."""
    out = Spellings()
    if SPELL_FIELD not in reader.schema:
        return out
    lexicon = _Lexicon(reader)
    for _, word in _checked(text):
        out.counts[word] = n = lexicon.frequency(word)
        if n > 0 or word in out.near_words:
            continue
        levels = [frozenset(lexicon.near(word, d)) for d in _distances(word)]
        one, two = levels[0], levels[1] if len(levels) > 1 else frozenset()
        out.near_words[word] = (one, two)
        out.counts.update((w, lexicon.frequency(w)) for w in one | two)
    return out


def respell_with(text: str, lexicon: Lexicon) -> str | None:
    """``text`` with each word ``lexicon`` does not know replaced by its closest known
    word, or None if none changed."""
    out: list[str] = []
    last = 0
    changed = False
    for m, word in _checked(text):
        if lexicon.frequency(word) > 0:
            continue
        better = _closest(lexicon, word)
        if better is None:
            continue
        out.append(text[last : m.start()])
        out.append(_same_case(m.group(0), better))
        last = m.end()
        changed = True
    if not changed:
        return None
    out.append(text[last:])
    return "".join(out)
