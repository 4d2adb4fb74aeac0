"""Query expansion as rewrites of the parsed tree, the way Whoosh extends its own parser.

Two steps:

1. While a query is parsed, :class:`VocabularyPlugin` (a parser filter) marks in
   the syntax tree what the vocabulary knows about: values of the fields users
   name by label (``country:Burma``, ``theme:``, ``region:``, ``year:``), and in
   free text thesaurus terms and country names. It runs before field names are
   applied and before operators bind, so a term of several words binds as one
   ("domestic helpers AND Thailand" asks for domestic helpers and Thailand, not
   for "domestic" or "helpers and Thailand"), and so words inside ``title:(…)``
   are free text searched in the title. The parsed tree is the query as typed:
   its terms are the words the user typed.
2. :func:`expand` rewrites that tree: a field value becomes index terms or a
   range, a thesaurus term gets its synonyms OR-ed beside it at
   :data:`~migsearch.search.query.synonyms.SYNONYM_BOOST`, a country word gets
   its ``countries`` term OR-ed beside it (a name of several words is then
   searched as a phrase). It lists what it added, for the user to see.

Free text means words that stand alone: not a field's value, not inside quotes
(a whole quoted phrase can be a thesaurus term, never a country word), not a
prefix. A country word is expanded once, where it first occurs in free text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from whoosh import qparser
from whoosh import query as Q
from whoosh.qparser import syntax as W
from whoosh.qparser.plugins import GtLtPlugin, PhrasePlugin

from migsearch.errors import MigsearchError, QueryError
from migsearch.indexer.vocabulary.countries import countries_in_query, resolve_country
from migsearch.indexer.vocabulary.themes import resolve_theme
from migsearch.indexer.vocabulary.thesaurus import find_expansions, synonyms_for
from migsearch.search.query.prefix import BoundedPrefixPlugin
from migsearch.search.query.synonyms import SYNONYM_BOOST, expand_synonyms
from migsearch.search.query.syntax import year_range

__all__ = ["VocabularyPlugin", "expand", "negations_as_exclusions"]

#: index fields whose values users give as names, resolved like the search filters
_RESOLVED_FIELDS = frozenset({"countries", "themes", "regions", "year"})

#: runs before GtLtPlugin (99) and FieldsPlugin (100) consume the field names
_PRIORITY = 95


# --------------------------------------------------------------------------- marks


@dataclass(frozen=True)
class _Synonyms:
    written: str
    synonyms: tuple[str, ...]
    quoted: bool
    position: int


@dataclass(frozen=True)
class _Country:
    written: str
    code: str
    position: int


@dataclass(frozen=True)
class _Value:
    field: str
    value: str
    position: int


class _Marked(Q.Or):
    """The typed words of a thesaurus term or country name; :func:`expand` replaces it."""

    def __init__(
        self,
        subqueries: list[Q.Query],
        boost: float = 1.0,
        mark: _Synonyms | _Country | None = None,
        fieldname: str | None = None,
    ) -> None:
        super().__init__(subqueries, boost=boost)
        self.mark = mark
        self.fieldname = fieldname


class _FieldValue(Q.Query):
    """A field value as typed (``country:Burma``); :func:`expand` resolves it."""

    def __init__(self, value: _Value, boost: float = 1.0) -> None:
        self.value = value
        self.boost = boost

    def __repr__(self) -> str:
        return f"_FieldValue({self.value!r}, boost={self.boost})"


class _MarkedGroup(W.GroupNode):
    """Syntax nodes of one thesaurus term or country name (an OR of the words as typed)."""

    has_fieldname = True

    def __init__(self, nodes: list[Any] | None = None, boost: float = 1.0, **kwargs: Any) -> None:
        super().__init__(nodes, boost=boost, **kwargs)
        self.fieldname: str | None = None

    def query(self, parser: Any) -> Q.Query:
        subs = [q for q in (n.query(parser) for n in self.nodes) if q is not None]
        return _Marked(subs, self.boost, self.kwargs["mark"], self.fieldname)


class _ValueNode(W.SyntaxNode):
    has_fieldname = True
    has_boost = True

    def __init__(self, value: _Value) -> None:
        self.value = value
        self.fieldname: str | None = None
        self.boost = 1.0

    def r(self) -> str:
        return f"Value {self.value.value!r}"

    def query(self, parser: Any) -> Q.Query:
        return _FieldValue(self.value, self.boost)


# --------------------------------------------------------------------------- marking


def _value_text(node: Any) -> str | None:
    """What a user typed as a field value, or None for a node that is no value."""
    if isinstance(node, PhrasePlugin.PhraseNode):
        return node.text
    if isinstance(node, BoundedPrefixPlugin.PrefixNode):
        return node.text + "*"
    if isinstance(node, W.WordNode):
        return node.text
    return None


class VocabularyPlugin(qparser.Plugin):
    """Marks field values, thesaurus terms and country names in the syntax tree of ``text``.

    One instance serves one parse: it reads the query text itself, because
    what the thesaurus and the gazetteer find depends on the words around.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        # every country word of the text, longest first (a longer name wins where two overlap)
        self._countries = sorted(countries_in_query(text), key=lambda pc: -len(pc[0]))
        self._expanded: set[tuple[str, str]] = set()

    def filters(self, parser: Any) -> list[tuple[Any, int]]:
        return [(self._mark, _PRIORITY)]

    def _mark(self, parser: Any, group: W.GroupNode) -> W.GroupNode:
        return self._mark_group(group, None)

    def _mark_group(self, group: W.GroupNode, value_field: str | None) -> W.GroupNode:
        """``group`` with its nodes marked; ``value_field`` when it is ``country:( … )``."""
        nodes = list(group)
        out = group.empty_copy()
        i = 0
        while i < len(nodes):
            node, prev = nodes[i], nodes[i - 1] if i else None
            named = prev.fieldname if isinstance(prev, W.FieldnameNode) else None
            if named:  # the value of the field named right before it
                if isinstance(node, W.GroupNode):
                    out.append(self._mark_group(node, named if named in _RESOLVED_FIELDS else None))
                else:
                    out.append(
                        self._value(node, named, prev.startchar)
                        if named in _RESOLVED_FIELDS
                        else node
                    )
            elif isinstance(node, W.GroupNode):
                out.append(self._mark_group(node, value_field))
            elif isinstance(prev, GtLtPlugin.GtLtNode):
                out.append(node)  # the end of a range (year:>=2014): as typed
            elif value_field:
                out.append(self._value(node, value_field, node.startchar))
            elif isinstance(node, PhrasePlugin.PhraseNode):
                out.append(self._phrase(node))
            elif self._free(node):
                j = i + 1
                while j + 1 < len(nodes) and nodes[j].is_ws() and self._free(nodes[j + 1]):
                    j += 2
                out.extend(self._run(nodes[i:j]))
                i = j
                continue
            else:
                out.append(node)
            i += 1
        return out

    def _free(self, node: Any) -> bool:
        """A word as it stands in the text (a single-quoted term or a URL is not free text)."""
        return (
            type(node) is W.WordNode
            and self.text[node.startchar : node.endchar] == node.text
            and ":" not in node.text
        )

    def _value(self, node: Any, field: str, position: int) -> Any:
        """A value of a resolved field, marked; ``position`` is where errors point."""
        text = _value_text(node)
        if text is None:
            return node
        return _ValueNode(_Value(field, text, position)).set_range(node.startchar, node.endchar)

    def _phrase(self, node: Any) -> Any:
        """A whole quoted phrase that is a thesaurus term gets its synonyms."""
        written = node.text
        alts = expand_synonyms(written, synonyms_for(written)) if written.strip() else []
        if not alts:
            return node
        return _MarkedGroup([node], mark=_Synonyms(written, tuple(alts), True, node.startchar))

    def _run(self, nodes: list[Any]) -> list[Any]:
        """Words with only spaces between them, with their thesaurus terms and countries marked."""
        lo, hi = nodes[0].startchar, nodes[-1].endchar
        terms: list[tuple[int, int, _Synonyms | _Country]] = []
        for exp in find_expansions(self.text[lo:hi]):
            alts = expand_synonyms(exp.text, exp.synonyms)
            if alts:
                mark = _Synonyms(exp.text, tuple(alts), False, lo + exp.start)
                terms.append((lo + exp.start, lo + exp.end, mark))
        countries = self._country_spans(lo, hi, terms)
        pieces = _split(nodes, {p for s, e, _ in terms + countries for p in (s, e)})
        for start, end, mark in countries + terms:  # countries first: they nest in terms
            pieces = _wrap(pieces, start, end, mark)
        return pieces

    def _country_spans(
        self, lo: int, hi: int, terms: list[tuple[int, int, Any]]
    ) -> list[tuple[int, int, _Country]]:
        """Where country words not yet expanded stand in ``text[lo:hi]``.

        A name may lie inside a thesaurus term but not across its edge.
        """
        found: list[tuple[int, int, _Country]] = []
        for written, code in self._countries:
            if (written, code) in self._expanded:
                continue
            pattern = re.compile(rf'(?<![:"\w]){re.escape(written)}(?![\w"])')
            for m in pattern.finditer(self.text, lo):
                s, e = m.span()
                if e > hi:
                    break
                overlaps = any(s < b and a < e for a, b, _ in found)
                across = any(s < a < e or s < b < e for a, b, _ in terms)
                if not overlaps and not across:
                    found.append((s, e, _Country(written, code, s)))
                    self._expanded.add((written, code))
                    break
        return sorted(found, key=lambda f: f[0])


def _split(nodes: list[Any], cuts: set[int]) -> list[Any]:
    """``nodes`` with each word cut where a marked span begins or ends inside it."""
    out = []
    for node in nodes:
        inner = sorted(c for c in cuts if node.startchar < c < node.endchar)
        if node.is_ws() or not inner:
            out.append(node)
            continue
        bounds = [node.startchar, *inner, node.endchar]
        for s, e in pairwise(bounds):
            piece = W.WordNode(node.text[s - node.startchar : e - node.startchar])
            out.append(piece.set_range(s, e))
    return out


def _wrap(pieces: list[Any], start: int, end: int, mark: _Synonyms | _Country) -> list[Any]:
    inside = [k for k, p in enumerate(pieces) if start <= p.startchar and p.endchar <= end]
    i, j = inside[0], inside[-1] + 1
    return [*pieces[:i], _MarkedGroup(pieces[i:j], mark=mark), *pieces[j:]]


# --------------------------------------------------------------------------- rewriting


def expand(
    q: Q.Query, fields: Mapping[str, float], schema: Any
) -> tuple[Q.Query, list[dict[str, str]]]:
    """``q`` (parsed with :class:`VocabularyPlugin`) with every mark expanded, and what was added.

    ``fields`` are the fields, with their boosts, that a word typed without a
    field searches; ``schema`` analyses the synonyms and names added as phrases.
    Raises QueryError for a field value that names nothing (``country:Narnia``).
    """
    found: list[tuple[tuple[Any, ...], dict[str, str]]] = []

    def phrase(text: str, fieldname: str | None, boost: float) -> Q.Query:
        """``text`` as a phrase where the words it stands beside are searched."""
        if fieldname:
            return Q.Phrase(fieldname, _words(schema, fieldname, text), boost=boost)
        return Q.Or(
            [Q.Phrase(f, _words(schema, f, text), boost=fb) for f, fb in fields.items()],
            boost=boost,
        )

    def rewrite(node: Q.Query) -> Q.Query:
        if isinstance(node, _FieldValue):
            return _resolve(node.value, node.boost, found)
        if not isinstance(node, _Marked):
            return node.apply(rewrite)
        typed = Q.Or([rewrite(s) for s in node.subqueries])
        mark = node.mark
        if isinstance(mark, _Synonyms):
            stage = 2 if mark.quoted else 1
            for syn in mark.synonyms:
                found.append(((stage, mark.position), _record("synonym", mark.written, syn)))
            added = [phrase(syn, node.fieldname, SYNONYM_BOOST) for syn in mark.synonyms]
            return Q.Or([typed, *added], boost=node.boost)
        assert isinstance(mark, _Country)
        found.append(
            ((3, -len(mark.written), mark.position), _record("country", mark.written, mark.code))
        )
        if " " in mark.written:
            typed = phrase(mark.written, node.fieldname, 1.0)
        return Q.Or([typed, Q.Term("countries", mark.code)], boost=node.boost)

    out = rewrite(q)
    # field values, then synonyms of words, of phrases, then country words (longest first)
    return out, [record for _, record in sorted(found, key=lambda f: f[0])]


def _record(kind: str, written: str, added: str) -> dict[str, str]:
    return {"type": kind, "from": written, "to": added}


def _words(schema: Any, fieldname: str, text: str) -> list[str]:
    return [t.text for t in schema[fieldname].tokenize(text, mode="query")]


def _resolve(value: _Value, boost: float, found: list[Any]) -> Q.Query:
    """A ``country:``, ``theme:``, ``region:`` or ``year:`` value as index terms or a range."""
    field, raw, at = value.field, value.value, value.position
    if field == "year":
        ends = year_range(raw, at)
        if ends is None:
            return Q.Term("year", raw, boost=boost)
        return Q.TermRange("year", ends[0] or None, ends[1] or None, False, False, boost=boost)
    if field == "regions":
        return Q.Term("regions", raw.upper().replace(" ", "_"), boost=boost)
    try:
        if field == "themes":
            return Q.Term("themes", resolve_theme(raw), boost=boost)
        codes = resolve_country(raw)
    except MigsearchError as e:
        raise QueryError(str(e), at) from e
    if [raw.upper()] != codes:
        found.append(((0, at), _record("country", raw, " ".join(codes))))
    return Q.Or([Q.Term("countries", c) for c in codes], boost=boost)


def negations_as_exclusions(q: Q.Query) -> Q.Query:
    """``q`` with ``a NOT b`` under an OR group read as "a, without b", as users expect.

    Whoosh reads it as "a, or anything but b", which finds nearly everything.
    """
    if isinstance(q, Q.Or):
        kids = [negations_as_exclusions(c) for c in q.subqueries]
        negs = [c.query for c in kids if isinstance(c, Q.Not)]
        pos = [c for c in kids if not isinstance(c, Q.Not)]
        if negs and pos:
            base = pos[0] if len(pos) == 1 else Q.Or(pos, boost=q.boost)
            return Q.AndNot(base, negs[0] if len(negs) == 1 else Q.Or(negs))
        return Q.Or(kids, boost=q.boost)
    if isinstance(q, Q.BinaryQuery):  # a ANDNOT b, a ANDMAYBE b: two sides, no list
        return type(q)(negations_as_exclusions(q.a), negations_as_exclusions(q.b))
    if isinstance(q, Q.compound.CompoundQuery):
        return type(q)([negations_as_exclusions(c) for c in q.subqueries], boost=q.boost)
    return q
