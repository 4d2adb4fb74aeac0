"""From what a user types to a Whoosh query.

The text is checked first (:mod:`~migsearch.search.query.syntax`), so a malformed
query gets an error that says where, instead of Whoosh's silent guess. It is then
parsed once by Whoosh's parser, configured with the field names users know
(``country:``, ``theme:``, ``year:``, ``title:``…), bounded prefixes and the
vocabulary marks of :mod:`~migsearch.search.query.expand`; the typed terms are
read from that tree, and its expansion (field values resolved like the filters,
thesaurus synonyms, country words) is a rewrite of the same tree.
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
from migsearch.search.query.expand import VocabularyPlugin, expand, negations_as_exclusions
from migsearch.search.query.prefix import BoundedPrefixPlugin
from migsearch.search.query.syntax import MAX_QUERY_CHARS, index_field, validate_query

__all__ = ["MAX_QUERY_CHARS", "ParsedQuery", "parse_query", "query_parser", "validate_query"]

#: weight of a title match relative to the content field
TITLE_BOOST = 2.0
#: what a word typed without a field searches, and the weight of a match in each field
DEFAULT_FIELDS = {"title": TITLE_BOOST, "content": 1.0}


@dataclass
class ParsedQuery:
    text: str
    query: Q.Query | None  # None: browse everything
    terms: list[str] = field(default_factory=list)
    expansions: list[dict[str, str]] = field(default_factory=list)
    #: analysed words that only thesaurus expansions brought in (ranked lower)
    synonym_terms: list[str] = field(default_factory=list)


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


def _terms(q: Q.Query) -> list[str]:
    out = []
    for fieldname, text in q.iter_all_terms():
        if fieldname in DEFAULT_FIELDS:
            t = text.decode("utf-8") if isinstance(text, bytes) else text
            if t not in out:
                out.append(t)
    return out


def parse_query(text: str | None) -> ParsedQuery:
    """Parse ``text``; an empty query or ``*`` means browse everything."""
    raw = (text or "").strip()
    if raw in ("", "*"):
        return ParsedQuery(raw, None)
    validate_query(raw)
    typed = _read(raw)
    # ranking terms are the words typed, not their synonyms
    typed_terms = _terms(typed)
    q, expansions = expand(typed, DEFAULT_FIELDS, query_parser().schema)
    q = q.normalize()
    if q is Q.NullQuery or isinstance(q, type(Q.NullQuery)):
        raise QueryError("the query has no searchable words (only stop words?)", 0)
    q = negations_as_exclusions(q)
    if isinstance(q, Q.Not):
        raise QueryError("a query cannot be only NOT …: add words to search for", 0)
    synonym_terms = [t for t in _terms(q) if t not in typed_terms]
    return ParsedQuery(raw, q, typed_terms, expansions, synonym_terms)
