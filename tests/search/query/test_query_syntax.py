"""Query syntax: tokens, every problem of a malformed query with its position, how a text is
read (syntax, plain words, an error), year values."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from support import run_cli

from migsearch.cli import cli
from migsearch.errors import QueryError
from migsearch.search.query.parse import parse_query
from migsearch.search.query.syntax import (
    MAX_QUERY_CHARS,
    PASSAGE_CHARS,
    STRICT_WORDS,
    find_problems,
    plain_words,
    reading,
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
    assert f"position {pos + 1}" in str(e.value)


@pytest.mark.parametrize(
    "q",
    [
        "migrant fishers",
        '"forced labour" AND title:(fish* OR seafood)',
        "year:[2014 TO 2016]",
        "country:Thailand NOT theme:fishing",
        "http://www.ilo.org/fishers",
        "(a) b",
        "meeting at 8:00 in room 1:2",
        "e.g.: fishers",
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
    # each message names its own place, counting characters from 1 as a reader does
    assert all(f"position {p.position + 1}" in p.message for p in found)
    with pytest.raises(QueryError) as e:
        validate_query(q)
    assert (str(e.value), e.value.position) == (found[0].message, found[0].position)


def test_a_query_over_the_hard_limit_is_an_error_whatever_it_says():
    with pytest.raises(QueryError, match="the most is 100,000") as e:
        reading("migrant " * (MAX_QUERY_CHARS // 8 + 1))
    assert e.value.position == MAX_QUERY_CHARS
    assert not reading("migrant " * (MAX_QUERY_CHARS // 8 - 1)).syntax


@pytest.mark.parametrize(
    "q",
    [
        '"unclosed',
        "migrant AND",
        "(fishers OR seafood",
        "fishers)",
        "colour:red",
        "Country: Thailand",
        "mi*",
        'What is the "kafala system',
    ],
)
def test_short_queries_that_meant_syntax_keep_their_positioned_error(q):
    assert len(q.split()) <= STRICT_WORDS
    problem = next(p for p in find_problems(q) if p.intended)
    with pytest.raises(QueryError) as e:
        reading(q)
    assert (str(e.value), e.value.position) == (problem.message, problem.position)


@pytest.mark.parametrize(
    "q, first",
    [
        ("Note: migrants in Thailand", "'Note:' at position 1 is not a field"),
        ("Source: ILO", "'Source:' at position 1 is not a field"),
        # Markdown pasted from a report: stars are emphasis, not wildcards
        (
            "**Challenges and opportunities**",
            "'*' at position 1: only a trailing '*' is supported (e.g. migra*)",
        ),
        (
            "Challenges and opportunities**](http://www.example.org/report)",
            "'*' at position 29: only a trailing '*' is supported (e.g. migra*)",
        ),
        (
            'The report "Decent work for migrant fishers (ILO 2015) says wages are low',
            "unclosed quote at position 12",
        ),
        (
            "Migrant fishers on Thai boats AND in Indonesian waters earn less than they were promised AND",
            "'AND' at position 90 has nothing after it",
        ),
    ],
)
def test_prose_and_long_malformed_text_are_plain_words_with_a_notice(q, first):
    r = reading(q)
    assert not r.syntax and not r.passage
    assert r.notice == f"read as plain words: {first}"
    assert r.position == int(re.search(r"position (\d+)", first).group(1)) - 1


def test_well_formed_syntax_keeps_its_meaning_up_to_the_passage_length():
    q = '("domestic work" OR "domestic workers") AND (Nepal OR Philippines) NOT title:covid'
    assert reading(q).syntax
    long = " ".join(["migrant fishers wages"] * (PASSAGE_CHARS // 22))
    assert len(long) <= PASSAGE_CHARS and reading(long).syntax


def test_a_passage_is_plain_words_and_says_so_only_if_it_had_syntax():
    prose = "Migrant fishers work long hours for low wages. " * 30
    assert len(prose) > PASSAGE_CHARS
    r = reading(prose)
    assert r.passage and not r.syntax and r.notice is None
    r = reading(prose + '"decent work" AND fishers')
    assert r.passage and "over 1,000 characters" in (r.notice or "")


def test_plain_words_drop_syntax_and_keep_words():
    assert plain_words('Note: "fair (recruitment" AND fees* [2014 TO 2015] x^2') == (
        "Note fair recruitment and fees 2014 TO 2015 x 2"
    )
    assert plain_words("south-east Asia, Côte d'Ivoire NOT OR") == (
        "south-east Asia Côte d'Ivoire not or"
    )


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
