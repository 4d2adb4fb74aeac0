"""Query syntax: tokens, every problem of a malformed query with its position, year values."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from support import run_cli

from migsearch.cli import cli
from migsearch.errors import QueryError
from migsearch.search.query.parse import parse_query
from migsearch.search.query.syntax import (
    MAX_QUERY_CHARS,
    find_problems,
    tokens,
    validate_query,
    year_range,
)


@pytest.mark.parametrize(
    "q, pos, words",
    [
        ("mi*", 0, "at least 3 letters"),
        ("migrant m*", 8, "at least 3 letters"),
        ("title:mi*", 6, "at least 3 letters"),
        ("migrant *", 8, "at least 3 letters"),
        ("mig*ra", 3, "only a trailing '*'"),
        ("m*i*", 1, "only a trailing '*'"),
    ],
)
def test_short_or_inner_wildcards_are_errors_with_positions(q, pos, words):
    with pytest.raises(QueryError) as e:
        parse_query(q)
    assert e.value.position == pos
    assert words in str(e.value)
    assert f"position {pos + 1}" in str(e.value)


@pytest.mark.parametrize(
    "q, pos",
    [
        ('"migrant workers', 0),
        ("(fishers OR seafood", 0),
        ("fishers)", 7),
        ("AND fishers", 0),
        ("fishers OR", 8),
        ("colour:red", 0),
        ("title:", 0),
        ("year:abc", 0),
        ("year:2016..2014", 0),
        ("fishers NOT NOT migrant", 12),
        ("(fishers OR)", 9),
        ("seafood (fishers NOT)", 17),
    ],
)
def test_unparsable_queries_say_where(q, pos):
    with pytest.raises(QueryError) as e:
        parse_query(q)
    assert e.value.position == pos
    assert "position" in str(e.value)


@pytest.mark.parametrize(
    "q",
    [
        "migrant fishers",
        '"forced labour" AND title:(fish* OR seafood)',
        "year:[2014 TO 2016]",
        "country:Thailand NOT theme:fishing",
        "http://www.ilo.org/fishers",
        "(a) b",
    ],
)
def test_well_formed_queries_have_no_problems(q):
    assert find_problems(q) == []
    validate_query(q)


def test_every_problem_is_listed_in_reading_order():
    q = "AND fishers) colour:red (migrant mi* OR"
    found = find_problems(q)
    assert [(p.position, p.message.split(" at ")[0]) for p in found] == [
        (0, "'AND'"),
        (11, "unmatched ')'"),
        (13, "unknown field 'colour:'"),
        (33, "prefix search"),
        (24, "unclosed '('"),
        (37, "'OR'"),
    ]
    # each message names its own position, 1-based, as a reader counts
    assert all(f"position {p.position + 1}" in p.message for p in found)
    with pytest.raises(QueryError) as e:
        validate_query(q)
    assert (str(e.value), e.value.position) == (found[0].message, found[0].position)


def test_a_query_over_the_limit_is_one_problem_among_others():
    long = "migrant " * (MAX_QUERY_CHARS // 8) + "(fishers"
    found = find_problems(long)
    assert "the limit is" in found[0].message and found[0].position == 0
    assert "unclosed '('" in found[1].message


def test_tokens_know_phrases_operators_and_fields():
    toks = list(tokens('title:"forced labour" AND (country:THA fish*)'))
    assert [t.text for t in toks] == [
        "title:",
        '"forced labour"',
        "AND",
        "(",
        "country:THA",
        "fish*",
        ")",
    ]
    assert toks[0].field == "title" and toks[0].value_start == toks[0].end == 6
    assert toks[1].is_phrase and toks[1].field is None
    assert toks[2].is_operator and toks[3].is_paren
    assert toks[4].field == "country" and toks[4].value_start == 35
    assert [t.start for t in toks] == [0, 6, 22, 26, 27, 39, 44]


@pytest.mark.parametrize(
    "value, ends",
    [
        ("2014", None),
        ("2014..2016", ("2014", "2016")),
        ("2014-2016", ("2014", "2016")),
        ("2015..", ("2015", "")),
        ("..2014", ("", "2014")),
    ],
)
def test_year_values(value, ends):
    assert year_range(value, 0) == ends


def test_bad_year_values_point_at_the_field():
    with pytest.raises(QueryError) as e:
        year_range("2016..2014", 8)
    assert e.value.position == 8 and "position 9" in str(e.value)
    with pytest.raises(QueryError, match="must be YYYY"):
        year_range("20x4", 0)


def test_query_errors_on_the_cli_are_one_line(corpus_index):
    r = CliRunner().invoke(cli, ["search", "mi*", "--index", str(corpus_index)])
    assert r.exit_code != 0
    assert "at least 3 letters" in r.output
    assert "Traceback" not in r.output
    p = run_cli("search", "year:abc", "--index", str(corpus_index))
    assert p.returncode != 0
    assert p.stderr.count("\n") == 1 and "year" in p.stderr
    assert "Traceback" not in p.stderr
