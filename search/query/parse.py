"""From what a user types to a Whoosh query.

Whoosh's parser is lenient: it silently turns an unbalanced quote or a dangling
``AND`` into something else. Users deserve to know, so the query is checked
first and a :class:`QueryError` says where it went wrong. Field names users
know (``country:``, ``theme:``, ``year:``, ``title:``) are mapped onto the
index's fields, with country and theme values resolved like the filters.
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
from migsearch.search.query.prefix import MIN_PREFIX, BoundedPrefixPlugin
from migsearch.search.query.synonyms import expand_synonyms

__all__ = ["MAX_QUERY_CHARS", "ParsedQuery", "parse_query", "validate_query"]

MAX_QUERY_CHARS = 1000

#: field name a user types → index field
USER_FIELDS = {
    "title": "title",
    "country": "countries",
    "countries": "countries",
    "theme": "themes",
    "themes": "themes",
    "year": "year",
    "region": "regions",
    "text": "content",
    "body": "content",
}
OPERATORS = {"AND", "OR", "NOT", "ANDNOT"}
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


_TOKEN = re.compile(r'"[^"]*"?|\(|\)|[^\s()"]+')


def validate_query(text: str) -> None:
    """Raise QueryError (with the offending position) for queries that cannot mean anything."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"query is {len(text)} characters; the limit is {MAX_QUERY_CHARS}", 0)
    depth = 0
    prev: str | None = None
    prev_pos = 0
    for m in _TOKEN.finditer(text):
        tok, pos = m.group(0), m.start()
        if tok.startswith('"') and (len(tok) == 1 or not tok.endswith('"')):
            raise QueryError(f"unclosed quote at position {pos + 1}", pos)
        if tok == "(":
            depth += 1
        elif tok == ")":
            depth -= 1
            if depth < 0:
                raise QueryError(f"unmatched ')' at position {pos + 1}", pos)
            if prev in OPERATORS:
                raise QueryError(
                    f"'{prev}' at position {prev_pos + 1} has nothing after it", prev_pos
                )
            if prev == "(":
                raise QueryError(f"empty parentheses at position {pos}", pos - 1)
        elif tok in OPERATORS:
            if tok != "NOT" and (prev is None or prev in OPERATORS or prev == "("):
                raise QueryError(f"'{tok}' at position {pos + 1} has nothing before it", pos)
            if tok == "NOT" and prev == "NOT":
                raise QueryError(f"'NOT NOT' at position {pos + 1}: one NOT is enough", pos)
        elif "*" in tok and not tok.startswith('"'):
            _check_prefix(tok, pos)
        if ":" in tok and not tok.startswith('"') and tok not in ("(", ")"):
            name, _, value = tok.partition(":")
            if name and name.lower() not in USER_FIELDS and not name.startswith("http"):
                known = ", ".join(
                    sorted(k for k in USER_FIELDS if k not in ("countries", "themes"))
                )
                raise QueryError(
                    f"unknown field '{name}:' at position {pos + 1} (fields: {known})", pos
                )
            if name and not value:
                nxt = text[m.end() : m.end() + 1]
                if nxt not in ('"', "("):
                    raise QueryError(f"'{name}:' at position {pos + 1} has no value", pos)
        prev, prev_pos = tok, pos
    if depth > 0:
        pos = text.rfind("(")
        raise QueryError(f"unclosed '(' at position {pos + 1}", pos)
    if prev in OPERATORS:
        pos = text.rstrip().rfind(prev)
        raise QueryError(f"'{prev}' at position {pos + 1} has nothing after it", pos)


def _check_prefix(tok: str, pos: int) -> None:
    """``word*`` needs MIN_PREFIX letters before a trailing ``*``; nothing else is a wildcard."""
    value_at = tok.find(":") + 1 if ":" in tok.rstrip("*") else 0
    value = tok[value_at:]
    star = pos + value_at + value.find("*")
    if value.count("*") > 1 or not value.endswith("*"):
        raise QueryError(
            f"'*' at position {star + 1}: only a trailing '*' is supported (e.g. migra*)", star
        )
    letters = len(re.findall(r"\w", value[:-1]))
    if letters < MIN_PREFIX:
        raise QueryError(
            f"prefix search at position {pos + value_at + 1} needs at least {MIN_PREFIX} "
            f"letters before '*' (got {letters})",
            pos + value_at,
        )


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
        fld = USER_FIELDS[name.lower()]
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
            return _year_value(raw, m.start())
        if fld == "regions":
            return f"regions:{raw.upper().replace(' ', '_')}"
        if fld == "themes":
            try:
                return f"themes:{resolve_theme(raw)}"
            except MigsearchError as e:
                raise QueryError(str(e), m.start()) from e
        return f"{fld}:{value}"

    return re.sub(r'\b([A-Za-z]+):("[^"]*"|[^\s()]+)', repl, text)


_YEAR_RANGE = re.compile(r"(\d{4})?(?:\.\.|-)(\d{4})?")


def _year_value(raw: str, pos: int) -> str:
    """``year:2015``, ``year:2014..2016`` (either end open) or Whoosh's ``year:[2014 TO 2016]``."""
    if re.fullmatch(r"\d{4}", raw) or raw[:1] in "[{<>=":
        return f"year:{raw}"
    m = _YEAR_RANGE.fullmatch(raw)
    if m and (m.group(1) or m.group(2)):
        lo, hi = m.group(1) or "", m.group(2) or ""
        if lo and hi and lo > hi:
            raise QueryError(f"year range at position {pos + 1} ends before it starts", pos)
        # Whoosh reads "[2015 TO ]" as ending at the empty string: use >= / <= for open ends
        return f"year:[{lo} TO {hi}]" if lo and hi else (f"year:>={lo}" if lo else f"year:<={hi}")
    raise QueryError(
        f"year at position {pos + 1} must be YYYY, YYYY..YYYY or [YYYY TO YYYY], not {raw!r}",
        pos,
    )


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
