"""The query language users type: its tokens, operators and fields, and how a text is read.

A text is read one of two ways, chosen without asking (:func:`reading`):

* as **query syntax** when it is well-formed: phrases, ``AND``/``OR``/``NOT``,
  parentheses, known fields (``title:``, ``country:``…) mean what they say;
* as **plain words** when it is not, so that a pasted sentence with a colon, a
  stray bracket or a lone quote ("Note: migrants (2015") still searches, and
  the reading says why (a notice naming the first problem);
* except that a **short** text (at most :data:`STRICT_WORDS` words) whose
  problem shows the user meant syntax (a quote, a bracket, an upper-case
  operator, ``name:value``) is an error with its position: ``"unclosed`` or
  ``migrant AND`` are typing mistakes the user can fix, not prose;
* and a text longer than :data:`PASSAGE_CHARS` is a **passage** (pasted
  prose): always plain words, as nobody writes query syntax that long.

A word ending in a colon and followed by a space (``Note: …``) is prose, not
a field, unless it names a known field. Whoosh's parser is lenient in its own
way (it silently turns an unbalanced quote into something else), which is why
the checks here come first: :func:`find_problems` lists every problem with
its position, in the order a reader meets them.

Positions are 0-based offsets into the text (``QueryError.position``, the
JSON ``position``); messages count characters from 1, as a reader does
("at position 9").
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
    "PASSAGE_CHARS",
    "RANGE_WORD",
    "STRICT_WORDS",
    "TEXT_FIELDS",
    "USER_FIELDS",
    "Reading",
    "SyntaxProblem",
    "Token",
    "find_problems",
    "index_field",
    "is_short",
    "plain_words",
    "reading",
    "tokens",
    "validate_query",
    "year_range",
]

#: longest query accepted at all, in characters (a guard against abuse, not a style rule)
MAX_QUERY_CHARS = 100_000
#: a longer text is a passage: read as plain words whatever it contains
PASSAGE_CHARS = 1_000
#: a text of at most this many words whose syntax problem shows intent is an error
STRICT_WORDS = 10

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
#: a field name: letters only (``8:00``, ``1:2`` and ``e.g.:`` are no fields)
_FIELD_NAME = re.compile(r"[A-Za-z]+")
#: a word of plain text (hyphens and apostrophes inside a word stay)
_PLAIN_WORD = re.compile(r"\w+(?:['’-]\w+)*")


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
        name = self.text.partition(":")[0]
        if not _FIELD_NAME.fullmatch(name) or self.text.startswith(f"{name}://"):
            return None  # a time, a ratio, a URL: a word with a colon in it
        return name

    @property
    def value_start(self) -> int:
        return self.start + self.text.find(":") + 1 if self.field else self.start

    @property
    def is_syntax(self) -> bool:
        """A phrase, a parenthesis, an operator, a known field or a prefix: syntax, not prose."""
        known = self.field is not None and index_field(self.field) is not None
        return self.is_phrase or self.is_paren or self.is_operator or known or "*" in self.text


def tokens(text: str) -> Iterator[Token]:
    for m in _TOKEN.finditer(text):
        yield Token(m.group(0), m.start())


@dataclass(frozen=True)
class SyntaxProblem:
    """What is wrong at one place of a query: a one-line message and a 0-based position.

    ``intended``: the text shows the user meant query syntax there (a quote, a
    bracket, an upper-case operator, ``name:value``), so a short query with
    this problem is an error, not prose.
    """

    message: str
    position: int
    intended: bool = True

    def error(self) -> QueryError:
        return QueryError(self.message, self.position)


def find_problems(text: str) -> list[SyntaxProblem]:
    """Every syntax problem of ``text``, in reading order ([] for a well-formed query).

    The checks go on past a problem, so a caller may report them all or read a
    malformed text differently; :func:`validate_query` stops at the first.
    """
    found: list[SyntaxProblem] = []

    def problem(message: str, position: int, intended: bool = True) -> None:
        found.append(SyntaxProblem(message, position, intended))

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
            empty = tok.value_start == tok.end and text[tok.end : tok.end + 1] not in ('"', "(")
            known = index_field(name) is not None
            # "Note: the …" is prose; "colour:red" and "title: x" are meant as fields
            prose = not known and empty
            if prose:
                problem(f"'{name}:' at position {pos + 1} is not a field", pos, False)
            elif not known:
                fields = ", ".join(
                    sorted(k for k in USER_FIELDS if k not in ("countries", "themes"))
                )
                problem(f"unknown field '{name}:' at position {pos + 1} (fields: {fields})", pos)
            if empty and known:
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


@dataclass(frozen=True)
class Reading:
    """How a query text is read: as query syntax, or as plain words and why."""

    syntax: bool
    #: over PASSAGE_CHARS: plain words, read without the query parser
    passage: bool = False
    #: why the text is read as plain words, when that changes what it means
    notice: str | None = None
    #: where the notice's problem is (0-based), when it has a place
    position: int | None = None


def is_short(text: str) -> bool:
    """Short enough that a syntax problem in it is a mistake to point at, not prose."""
    return len(text.split(None, STRICT_WORDS)) <= STRICT_WORDS


def reading(text: str) -> Reading:
    """How ``text`` is to be read; raises QueryError where it must not be guessed.

    Errors: a text over MAX_QUERY_CHARS, and a short text (:func:`is_short`)
    whose syntax problem shows the user meant syntax.
    """
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(
            f"the query is {len(text):,} characters; the most is {MAX_QUERY_CHARS:,}",
            MAX_QUERY_CHARS,
        )
    if len(text) > PASSAGE_CHARS:
        used = any(t.is_syntax for t in tokens(text))
        notice = (
            f"read as plain words: a text over {PASSAGE_CHARS:,} characters is not read "
            "as query syntax"
            if used
            else None
        )
        return Reading(False, passage=True, notice=notice)
    problems = find_problems(text)
    if not problems:
        return Reading(True)
    meant = [p for p in problems if p.intended]
    if meant and is_short(text):
        raise meant[0].error()
    first = problems[0]
    return Reading(False, notice=f"read as plain words: {first.message}", position=first.position)


def plain_words(text: str) -> str:
    """``text`` as words and spaces only: no quotes, brackets, colons, stars or operators.

    Upper-case operator words become lower case (ordinary words, mostly stop
    words); a hyphen or apostrophe inside a word stays, for the thesaurus and
    country names ("south-east", "Côte d'Ivoire").
    """
    words = _PLAIN_WORD.findall(text)
    return " ".join(w.lower() if w in OPERATORS else w for w in words)


def _prefix_problems(tok: Token) -> list[SyntaxProblem]:
    """``word*`` needs MIN_PREFIX letters before a trailing ``*``; nothing else is a wildcard."""
    value_at = tok.text.find(":") + 1 if ":" in tok.text.rstrip("*") else 0
    value = tok.text[value_at:]
    star = tok.start + value_at + value.find("*")
    if value.count("*") > 1 or not value.endswith("*"):
        msg = f"'*' at position {star + 1}: only a trailing '*' is supported (e.g. migra*)"
        # a misplaced star is a wildcard tried; "**bold**", "*em*" are Markdown pasted
        t = tok.text
        markdown = "**" in t or (t[:1] == t[-1:] == "*")
        return [SyntaxProblem(msg, star, intended=not markdown)]
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
