"""From what a user types to a Whoosh query.

The query is checked first (:mod:`~migsearch.search.query.syntax`), so a
malformed one gets an error that says where. Field names users know
(``country:``, ``theme:``, ``year:``, ``title:``) are mapped onto the index's
fields, with country and theme values resolved like the filters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from whoosh import qparser
from whoosh import query as Q

from migsearch.errors import MigsearchError, QueryError
from migsearch.indexer.store.schema import make_schema
from migsearch.indexer.vocabulary.countries import countries_in_query, resolve_country
from migsearch.indexer.vocabulary.themes import resolve_theme
from migsearch.search.query.prefix import BoundedPrefixPlugin
from migsearch.search.query.synonyms import expand_synonyms
from migsearch.search.query.syntax import (
    MAX_QUERY_CHARS,
    index_field,
    validate_query,
    year_range,
)

__all__ = ["MAX_QUERY_CHARS", "ParsedQuery", "parse_query", "validate_query"]

#: weight of a title match relative to the content field
TITLE_BOOST = 2.0


@dataclass
class ParsedQuery:
    text: str
    query: Q.Query | None  # None: browse everything
    terms: list[str] = field(default_factory=list)
    expansions: list[dict[str, str]] = field(default_factory=list)
    #: analysed words that only thesaurus expansions brought in (ranked lower)
    synonym_terms: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def _parser() -> qparser.QueryParser:
    schema = make_schema()
    p = qparser.MultifieldParser(
        ["title", "content"],
        schema=schema,
        fieldboosts={"title": TITLE_BOOST, "content": 1.0},
        group=qparser.OrGroup,
    )
    # wildcards and fuzzy terms are expanded by the engine's bounded prefix support,
    # not by Whoosh's unbounded WildcardPlugin
    p.remove_plugin_class(qparser.WildcardPlugin)
    p.add_plugin(BoundedPrefixPlugin())
    p.remove_plugin_class(qparser.PlusMinusPlugin)
    p.add_plugin(qparser.GtLtPlugin())
    return p


def _resolve_field_values(text: str, expansions: list[dict[str, str]]) -> str:
    """Rewrite ``country:Burma`` → ``countries:MMR`` and ``theme:Fishing`` → ``themes:fishing``."""

    def repl(m: re.Match[str]) -> str:
        name, value = m.group(1), m.group(2)
        fld = index_field(name)
        if fld is None:
            return m.group(0)  # not a field: a URL's "http:"
        raw = value.strip('"')
        if fld == "countries":
            try:
                codes = resolve_country(raw)
            except MigsearchError as e:
                raise QueryError(str(e), m.start()) from e
            if [raw.upper()] != codes:
                expansions.append({"type": "country", "from": raw, "to": " ".join(codes)})
            return "(" + " OR ".join(f"countries:{c}" for c in codes) + ")"
        if fld == "year":
            ends = year_range(raw, m.start())
            if ends is None:
                return f"year:{raw}"
            lo, hi = ends
            # Whoosh reads "[2015 TO ]" as ending at the empty string: use >= / <= for open ends
            return (
                f"year:[{lo} TO {hi}]" if lo and hi else (f"year:>={lo}" if lo else f"year:<={hi}")
            )
        if fld == "regions":
            return f"regions:{raw.upper().replace(' ', '_')}"
        if fld == "themes":
            try:
                return f"themes:{resolve_theme(raw)}"
            except MigsearchError as e:
                raise QueryError(str(e), m.start()) from e
        return f"{fld}:{value}"

    return re.sub(r'\b([A-Za-z]+):("[^"]*"|[^\s()]+)', repl, text)


def _expand_countries(text: str, expansions: list[dict[str, str]]) -> str:
    """Let country words in free text also match the countries field ("Burma" → MMR)."""
    found = countries_in_query(text)
    if not found:
        return text
    out = text
    for phrase, code in sorted(set(found), key=lambda pc: -len(pc[0])):
        # only free-text occurrences: not inside quotes or a field:value
        pattern = re.compile(rf'(?<![:"\w]){re.escape(phrase)}(?![\w"])')
        quotes = [q.span() for q in re.finditer(r'"[^"]*"', out)]
        hit = next(
            (m for m in pattern.finditer(out) if not any(a < m.start() < b for a, b in quotes)),
            None,
        )
        if hit is None:
            continue
        quoted = f'"{phrase}"' if " " in phrase else phrase
        out = out[: hit.start()] + f"({quoted} OR countries:{code})" + out[hit.end() :]
        expansions.append({"type": "country", "from": phrase, "to": code})
    return out


def _terms(q: Q.Query) -> list[str]:
    out = []
    for fieldname, text in q.iter_all_terms():
        if fieldname in ("content", "title"):
            t = text.decode("utf-8") if isinstance(text, bytes) else text
            if t not in out:
                out.append(t)
    return out


def _fix_not(q: Q.Query) -> Q.Query:
    """``a NOT b`` under an OR group means "a, without b", as users expect."""
    if isinstance(q, Q.Or):
        kids = [_fix_not(c) for c in q.subqueries]
        negs = [c.query for c in kids if isinstance(c, Q.Not)]
        pos = [c for c in kids if not isinstance(c, Q.Not)]
        if negs and pos:
            base = pos[0] if len(pos) == 1 else Q.Or(pos, boost=q.boost)
            return Q.AndNot(base, negs[0] if len(negs) == 1 else Q.Or(negs))
        return Q.Or(kids, boost=q.boost)
    if isinstance(q, Q.compound.CompoundQuery):
        return type(q)([_fix_not(c) for c in q.subqueries], boost=q.boost)
    return q


def parse_query(text: str | None) -> ParsedQuery:
    """Parse ``text``; an empty query or ``*`` means browse everything."""
    raw = (text or "").strip()
    if raw in ("", "*"):
        return ParsedQuery(raw, None)
    validate_query(raw)
    expansions: list[dict[str, str]] = []
    rewritten = _resolve_field_values(raw, expansions)
    plain = rewritten
    rewritten = expand_synonyms(rewritten, expansions)
    rewritten = _expand_countries(rewritten, expansions)
    try:
        q = _parser().parse(rewritten)
        # ranking terms are the words typed, not their synonyms
        typed = q if plain == rewritten else _parser().parse(plain)
    except Exception as e:  # Whoosh parse failures are rare; never leak them
        raise QueryError(f"cannot parse query: {e}", 0) from e
    if q is Q.NullQuery or isinstance(q, type(Q.NullQuery)):
        raise QueryError("the query has no searchable words (only stop words?)", 0)
    q = _fix_not(q)
    if isinstance(q, Q.Not):
        raise QueryError("a query cannot be only NOT …: add words to search for", 0)
    typed_terms = _terms(typed)
    synonym_terms = [t for t in _terms(q) if t not in typed_terms] if typed is not q else []
    return ParsedQuery(raw, q, typed_terms, expansions, synonym_terms)
