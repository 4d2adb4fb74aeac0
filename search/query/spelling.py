"""Did you mean: respelling a query with words that occur in the index.

The ranked fields are stemmed, so their terms ("migrat", "fisher") are not
words to show a user. The index therefore keeps a ``spell`` field with the
words as written (lowercased, 3+ letters, no stop words; see
``indexer.schema.spelling_words``), and corrections come from there,
through Whoosh's edit-distance walk of that field's lexicon.

Only words the index does not know are respelled; each is replaced by the
closest known word (edit distance 1, else 2 for words of 5+ letters), the
more common one on ties. The caller keeps the respelling only when it finds
more documents than the query as typed. Every query is checked, not only
those that find little: with OR semantics "diabetis insulin" finds every
document about insulin, and the misspelling would otherwise go unnoticed.
Checking costs one lexicon lookup per word when all words are known.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from migsearch.indexer.vocabulary.analysis import STOP_WORDS
from migsearch.indexer.vocabulary.countries import countries_in_query
from migsearch.indexer.vocabulary.thesaurus import synonyms_for
from migsearch.search.query.syntax import RANGE_WORD, TEXT_FIELDS, index_field, tokens

__all__ = ["SPELL_FIELD", "respell"]

SPELL_FIELD = "spell"

#: a word a user may have misspelt: letters only, not a field name, not a prefix
_WORD = re.compile(r"(?<![\w*^])[^\W\d_]{3,}(?![\w:*])")


def _known(reader: Any, word: str) -> bool:
    return reader.doc_frequency(SPELL_FIELD, word) > 0


def _swaps(word: str) -> set[str]:
    """Words one adjacent transposition away ("modles" → "models")."""
    return {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}


def _closest(reader: Any, word: str) -> str | None:
    freq = reader.doc_frequency
    for maxdist in (1, 2):
        if maxdist == 2 and len(word) < 5:
            break
        found = {w for w in reader.terms_within(SPELL_FIELD, word, maxdist, prefix=1) if w != word}
        if maxdist == 1:
            # the lexicon walk counts a transposition as two edits; typists make it as one
            found |= {w for w in _swaps(word) if w != word and _known(reader, w)}
        if found:
            return max(found, key=lambda w: (freq(SPELL_FIELD, w), w))
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


def respell(reader: Any, text: str) -> str | None:
    """``text`` with unknown words replaced by the closest index words, or None if none changed."""
    if SPELL_FIELD not in reader.schema:
        return None  # an index built before the spelling field existed
    out: list[str] = []
    last = 0
    changed = False
    for m in _words(text):
        typed = m.group(0)
        word = typed.lower()
        if (
            word in STOP_WORDS
            or _known(reader, word)
            or synonyms_for(typed)
            or countries_in_query(typed)
        ):
            continue
        better = _closest(reader, word)
        if better is None:
            continue
        out.append(text[last : m.start()])
        out.append(_same_case(typed, better))
        last = m.end()
        changed = True
    if not changed:
        return None
    out.append(text[last:])
    return "".join(out)
