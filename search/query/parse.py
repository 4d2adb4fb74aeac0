"""From what a user types to a Whoosh query.

The text is checked first (:mod:`~migsearch.search.query.syntax`), which
decides how it is read: as query syntax, as plain words (a malformed text
that is not a short typing mistake, with a notice saying why), or as a
passage (a text too long to be syntax). A short malformed query gets an error
that says where, instead of Whoosh's silent guess.

Syntax and plain words are parsed once by Whoosh's parser, configured with the
field names users know (``country:``, ``theme:``, ``year:``, ``title:``…),
bounded prefixes and the vocabulary marks of
:mod:`~migsearch.search.query.expand`; plain words are first stripped of
everything that is syntax (:func:`~migsearch.search.query.syntax.plain_words`).
The typed terms are read from that tree, and its expansion (field values
resolved like the filters, thesaurus synonyms, country words) is a rewrite of
the same tree. A passage skips the parser, which takes seconds over tens of
thousands of characters: its words are analysed directly and OR-ed, with no
expansion.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from whoosh import qparser
from whoosh import query as Q
from whoosh.qparser import syntax as W

from migsearch.errors import QueryError
from migsearch.indexer.store.schema import make_schema
from migsearch.search.cache import BoundedCache
from migsearch.search.query.expand import VocabularyPlugin, expand, negations_as_exclusions
from migsearch.search.query.prefix import BoundedPrefixPlugin
from migsearch.search.query.syntax import (
    MAX_QUERY_CHARS,
    index_field,
    is_short,
    plain_words,
    reading,
    validate_query,
)

__all__ = [
    "MAX_QUERY_CHARS",
    "PARSED_CHARS",
    "PARSED_KEPT",
    "ParsedQuery",
    "notice",
    "parse_passage",
    "parse_query",
    "parsed_queries",
    "query_parser",
    "validate_query",
]

#: weight of a title match relative to the content field
TITLE_BOOST = 2.0
#: what a word typed without a field searches, and the weight of a match in each field
DEFAULT_FIELDS = {"title": TITLE_BOOST, "content": 1.0}


@dataclass
class ParsedQuery:
    text: str
    query: Q.Query | None  # None: browse everything
    #: analysed words typed (not negated), a word typed twice listed twice
    terms: list[str] = field(default_factory=list)
    expansions: list[dict[str, str]] = field(default_factory=list)
    #: analysed words that only thesaurus expansions brought in (ranked lower)
    synonym_terms: list[str] = field(default_factory=list)
    #: how the text was read, when not as typed: ``{type, message, position?}``
    notices: list[dict[str, object]] = field(default_factory=list)
    #: a long text (a passage, or searched by its key terms): no spelling suggestion
    long: bool = False


def notice(kind: str, message: str, position: int | None = None) -> dict[str, object]:
    """A notice of the search JSON: what kind, a one-line message, and where (0-based)."""
    out: dict[str, object] = {"type": kind, "message": message}
    if position is not None:
        out["position"] = position
    return out


class _UserFieldsPlugin(qparser.FieldsPlugin):
    """Field names as users type them (``country:``, ``Title:``) tagged with their index field."""

    class FieldnameTagger(qparser.FieldsPlugin.FieldnameTagger):
        def create(self, parser: Any, match: Any) -> W.FieldnameNode:
            name = match.group("text")
            return W.FieldnameNode(index_field(name) or name, match.group(0))


@lru_cache(maxsize=1)
def query_parser() -> qparser.QueryParser:
    """Whoosh's parser as migsearch configures it (shared: do not change it).

    Field names as users type them, bounded prefixes, ``year:>=2014`` ranges,
    no ``+``/``-`` operators. It reads query syntax only: :func:`parse_query`
    adds the vocabulary's marks for each query and expands them.
    """
    p = qparser.MultifieldParser(
        list(DEFAULT_FIELDS),
        schema=make_schema(),
        fieldboosts=DEFAULT_FIELDS,
        group=qparser.OrGroup,
    )
    p.remove_plugin_class(qparser.FieldsPlugin)
    p.add_plugin(_UserFieldsPlugin())
    # wildcards and fuzzy terms are expanded by the engine's bounded prefix support,
    # not by Whoosh's unbounded WildcardPlugin
    p.remove_plugin_class(qparser.WildcardPlugin)
    p.add_plugin(BoundedPrefixPlugin())
    p.remove_plugin_class(qparser.PlusMinusPlugin)
    p.add_plugin(qparser.GtLtPlugin())
    return p


def _read(text: str) -> Q.Query:
    """``text`` parsed as typed, with the vocabulary's marks (not normalised: marks stay whole)."""
    base = query_parser()
    parser = copy.copy(base)
    parser.plugins = [*base.plugins, VocabularyPlugin(text)]
    try:
        return parser.parse(text, normalize=False)
    except QueryError:
        raise
    except Exception as e:  # Whoosh parse failures are rare; never leak them
        raise QueryError(f"cannot parse query: {e}", 0) from e


def _terms(q: Q.Query, positive_only: bool = False) -> list[str]:
    """Analysed words of ``q`` in the text fields, each as often as it occurs in one field.

    ``positive_only``: leave out negated words (``NOT x``), which no result has.
    """
    counts: dict[str, dict[str, int]] = {}
    for leaf in _leaves(q, positive_only):
        for fieldname, text in leaf.iter_all_terms():
            if fieldname in DEFAULT_FIELDS:
                t = text.decode("utf-8") if isinstance(text, bytes) else text
                per = counts.setdefault(t, {})
                per[fieldname] = per.get(fieldname, 0) + 1
    return [t for t, per in counts.items() for _ in range(max(per.values()))]


def _leaves(q: Q.Query, positive_only: bool) -> list[Q.Query]:
    if positive_only and isinstance(q, Q.Not):
        return []
    if positive_only and isinstance(q, Q.AndNot):
        return _leaves(q.a, positive_only)
    if q.is_leaf():
        return [q]
    return [leaf for c in q.children() for leaf in _leaves(c, positive_only)]


#: parsed queries remembered, by their text (ParsedQuery objects are shared: never changed)
PARSED_KEPT = 1024
#: … when their text is at most this long
PARSED_CHARS = 1000
parsed_queries: BoundedCache[ParsedQuery] = BoundedCache(PARSED_KEPT)


def parse_query(text: str | None) -> ParsedQuery:
    """Parse ``text``; an empty query or ``*`` means browse everything.

    Raises QueryError for a text over the hard limit, for a short text with a
    syntax mistake, and for a text with no searchable word.

    Whoosh's parser takes about 3 ms for two words, and a search over a shard set
    parsed the same text in the coordinator and again in each shard, a tenth of
    the time of a two-word search at 100,000 documents: a text is parsed once per
    process and the result shared, as nothing changes a ParsedQuery once made
    (Whoosh's rewrites, ``accept``, copy the nodes they change).
    """
    raw = (text or "").strip()
    if raw in ("", "*"):
        return ParsedQuery(raw, None)
    if len(raw) > PARSED_CHARS:  # a pasted passage: its parse is a small part of its search
        return _parse_text(raw)
    return parsed_queries.get_or_compute(raw, lambda: _parse_text(raw))


def _parse_text(raw: str) -> ParsedQuery:
    how = reading(raw)
    notices = [notice("plain-words", how.notice, how.position)] if how.notice else []
    if how.passage:
        return _passage(raw, notices)
    if how.syntax:
        try:
            return _parse(raw, raw, notices)
        except QueryError as e:
            if is_short(raw):
                raise
            # a long text whose syntax names nothing (country:Narnia, year:abc): plain words
            notices.append(notice("plain-words", f"read as plain words: {e}", e.position))
    return _parse(raw, plain_words(raw), notices)


def _parse(raw: str, text: str, notices: list[dict[str, object]]) -> ParsedQuery:
    """``text`` (``raw`` itself, or its plain words) through the parser and the expansions."""
    typed = _read(text)
    # ranking terms are the words typed, not their synonyms
    typed_terms = _terms(typed, positive_only=True)
    q, expansions = expand(typed, DEFAULT_FIELDS, query_parser().schema)
    q = q.normalize()
    if q is Q.NullQuery or isinstance(q, type(Q.NullQuery)):
        raise QueryError("the query has no searchable words (only stop words?)", 0)
    q = negations_as_exclusions(q)
    if isinstance(q, Q.Not):
        raise QueryError("a query cannot be only NOT …: add words to search for", 0)
    synonym_terms = [t for t in dict.fromkeys(_terms(q, True)) if t not in typed_terms]
    return ParsedQuery(raw, q, typed_terms, expansions, synonym_terms, notices)


def parse_passage(text: str) -> ParsedQuery:
    """``text`` as a passage whatever its length: the OR of its words, no syntax, no expansion.

    What a query longer than PASSAGE_CHARS is read as, and what "documents like
    this text" search for. Raises QueryError for a text over the hard limit or
    with no searchable word.
    """
    raw = text.strip()
    if len(raw) > MAX_QUERY_CHARS:
        reading(raw)  # raises the over-the-limit error
    return _passage(raw, [])


def _passage(raw: str, notices: list[dict[str, object]]) -> ParsedQuery:
    """A long text as the OR of its analysed words (what the parser makes of plain words)."""
    schema = query_parser().schema
    words = [t.text for t in schema["content"].analyzer(raw, mode="query")]
    if not words:
        raise QueryError("the query has no searchable words (only stop words?)", 0)
    q = Q.Or(
        [
            Q.Or([Q.Term(f, w, boost=b) for f, b in DEFAULT_FIELDS.items()])
            for w in dict.fromkeys(words)
        ]
    )
    return ParsedQuery(raw, q, words, notices=notices, long=True)
