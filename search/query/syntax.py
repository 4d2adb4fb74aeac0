"""The query language users type: its tokens, operators and fields, and what is wrong with a text.

Whoosh's parser is lenient: it silently turns an unbalanced quote or a dangling
``AND`` into something else. Users deserve to know, so a query is checked here
first and each problem says where it is. :func:`find_problems` lists every
problem it sees, in the order a reader meets them; :func:`validate_query` raises
the first. Everything else in the query layer (the parser's field names, the
spelling corrector's view of a query) takes its vocabulary from this module, so
the language is defined once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from migsearch.errors import QueryError
from migsearch.search.query.prefix import MIN_PREFIX

__all__ = [
    "MAX_QUERY_CHARS",
    "OPERATORS",
    "RANGE_WORD",
    "TEXT_FIELDS",
    "USER_FIELDS",
    "SyntaxProblem",
    "Token",
    "find_problems",
    "index_field",
    "tokens",
    "validate_query",
    "year_range",
]

#: longest query accepted, in characters
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
#: index fields that hold analysed text: a word typed without a field searches these
TEXT_FIELDS = ("title", "content")
OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT"})
#: the word between the ends of a range, ``year:[2014 TO 2016]``
RANGE_WORD = "TO"

#: a quoted phrase (closed or not), a parenthesis, or a run of anything else up to a space
_TOKEN = re.compile(r'"[^"]*"?|\(|\)|[^\s()"]+')
_YEAR_RANGE = re.compile(r"(\d{4})?(?:\.\.|-)(\d{4})?")


def index_field(name: str) -> str | None:
    """The index field a user's field name stands for (any case), or None."""
    return USER_FIELDS.get(name.lower())


@dataclass(frozen=True)
class Token:
    """A piece of query text as the user sees it: a phrase, a parenthesis, an operator or a word.

    A word may be ``name:value``; ``field`` is then the name as typed and
    ``value_start`` where its value begins (``title:`` followed by a phrase or a
    parenthesis has an empty value).
    """

    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def is_phrase(self) -> bool:
        return self.text.startswith('"')

    @property
    def is_operator(self) -> bool:
        return self.text in OPERATORS

    @property
    def is_paren(self) -> bool:
        return self.text in ("(", ")")

    @property
    def field(self) -> str | None:
        if self.is_phrase or ":" not in self.text:
            return None
        return self.text.partition(":")[0] or None

    @property
    def value_start(self) -> int:
        return self.start + self.text.find(":") + 1 if self.field else self.start


def tokens(text: str) -> Iterator[Token]:
    for m in _TOKEN.finditer(text):
        yield Token(m.group(0), m.start())


@dataclass(frozen=True)
class SyntaxProblem:
    """What is wrong at one place of a query: a one-line message and a 0-based position."""

    message: str
    position: int

    def error(self) -> QueryError:
        return QueryError(self.message, self.position)


def find_problems(text: str) -> list[SyntaxProblem]:
    """Every syntax problem of ``text``, in reading order ([] for a well-formed query).

    The checks go on past a problem, so a caller may report them all or read a
    malformed text differently; :func:`validate_query` stops at the first.
    """
    found: list[SyntaxProblem] = []

    def problem(message: str, position: int) -> None:
        found.append(SyntaxProblem(message, position))

    if len(text) > MAX_QUERY_CHARS:
        problem(f"query is {len(text)} characters; the limit is {MAX_QUERY_CHARS}", 0)
    depth = 0
    prev: Token | None = None
    for tok in tokens(text):
        t, pos = tok.text, tok.start
        after = prev.text if prev else None
        if tok.is_phrase and (len(t) == 1 or not t.endswith('"')):
            problem(f"unclosed quote at position {pos + 1}", pos)
        elif t == "(":
            depth += 1
        elif t == ")":
            depth -= 1
            if depth < 0:
                problem(f"unmatched ')' at position {pos + 1}", pos)
                depth = 0
            if prev is not None and prev.is_operator:
                problem(f"'{after}' at position {prev.start + 1} has nothing after it", prev.start)
            if after == "(":
                problem(f"empty parentheses at position {pos}", pos - 1)
        elif tok.is_operator:
            if t != "NOT" and (prev is None or prev.is_operator or after == "("):
                problem(f"'{t}' at position {pos + 1} has nothing before it", pos)
            if t == "NOT" and after == "NOT":
                problem(f"'NOT NOT' at position {pos + 1}: one NOT is enough", pos)
        elif "*" in t and not tok.is_phrase:
            found.extend(_prefix_problems(tok))
        name = tok.field
        if name:
            if index_field(name) is None and not name.startswith("http"):
                known = ", ".join(
                    sorted(k for k in USER_FIELDS if k not in ("countries", "themes"))
                )
                problem(f"unknown field '{name}:' at position {pos + 1} (fields: {known})", pos)
            if tok.value_start == tok.end and text[tok.end : tok.end + 1] not in ('"', "("):
                problem(f"'{name}:' at position {pos + 1} has no value", pos)
        prev = tok
    if depth > 0:
        pos = text.rfind("(")
        problem(f"unclosed '(' at position {pos + 1}", pos)
    if prev is not None and prev.is_operator:
        pos = text.rstrip().rfind(prev.text)
        problem(f"'{prev.text}' at position {pos + 1} has nothing after it", pos)
    return found


def validate_query(text: str) -> None:
    """Raise QueryError (with the offending position) for the first problem of ``text``."""
    problems = find_problems(text)
    if problems:
        raise problems[0].error()


def _prefix_problems(tok: Token) -> list[SyntaxProblem]:
    """``word*`` needs MIN_PREFIX letters before a trailing ``*``; nothing else is a wildcard."""
    value_at = tok.text.find(":") + 1 if ":" in tok.text.rstrip("*") else 0
    value = tok.text[value_at:]
    star = tok.start + value_at + value.find("*")
    if value.count("*") > 1 or not value.endswith("*"):
        msg = f"'*' at position {star + 1}: only a trailing '*' is supported (e.g. migra*)"
        return [SyntaxProblem(msg, star)]
    letters = len(re.findall(r"\w", value[:-1]))
    if letters < MIN_PREFIX:
        at = tok.start + value_at
        msg = (
            f"prefix search at position {at + 1} needs at least {MIN_PREFIX} "
            f"letters before '*' (got {letters})"
        )
        return [SyntaxProblem(msg, at)]
    return []


def year_range(value: str, position: int) -> tuple[str, str] | None:
    """The ends of a ``year:`` value: None for one year, ``(first, last)`` for a range.

    Ranges are ``2014..2016`` or ``2014-2016`` with either end left open (an
    open end is ""); Whoosh's own ``[2014 TO 2016]`` and ``>=2014`` never reach
    here. ``position`` is where the ``year:`` starts, for the error message.
    """
    if re.fullmatch(r"\d{4}", value) or value[:1] in "[{<>=":
        return None
    m = _YEAR_RANGE.fullmatch(value)
    if m and (m.group(1) or m.group(2)):
        lo, hi = m.group(1) or "", m.group(2) or ""
        if lo and hi and lo > hi:
            raise QueryError(
                f"year range at position {position + 1} ends before it starts", position
            )
        return lo, hi
    raise QueryError(
        f"year at position {position + 1} must be YYYY, YYYY..YYYY or [YYYY TO YYYY], "
        f"not {value!r}",
        position,
    )
