"""From text to a Whoosh query: operators, fields, years, browsing, typed terms, tree shapes."""

from __future__ import annotations

import pytest
from whoosh import query as Q

from migsearch.errors import MigsearchError, QueryError
from migsearch.search.query.parse import ParsedQuery, parse_query


def total(searcher, q: str, **kw) -> int:
    return searcher.search(q, facets=False, highlight=False, **kw).total


def ids(searcher, q: str) -> set[str]:
    return {h.id for h in searcher.iter_hits(q)}


def test_phrase_is_stricter_than_words(searcher):
    assert 0 < total(searcher, '"migrant fishers"') <= total(searcher, "migrant fishers")


def test_and_or_not_and_parentheses(searcher):
    a, b = ids(searcher, "fishing"), ids(searcher, "trafficking")
    assert ids(searcher, "fishing OR trafficking") == a | b
    assert ids(searcher, "fishing AND trafficking") == a & b
    assert ids(searcher, "trafficking NOT fishing") == b - a
    assert ids(searcher, "(fishing OR trafficking) AND migrant") == (a | b) & ids(
        searcher, "migrant"
    )


def test_fields_title_country_theme(searcher):
    in_title = ids(searcher, "title:fishers")
    assert in_title and in_title <= ids(searcher, "fishers")
    assert ids(searcher, "country:Thailand") == ids(searcher, "country:THA")
    assert ids(searcher, "country:Thailand") == {
        h.id for h in searcher.iter_hits(None, countries=["THA"])
    }
    assert ids(searcher, "theme:fishing") == {
        h.id for h in searcher.iter_hits(None, themes=["fishing"])
    }


def test_field_names_in_any_case_and_their_aliases(searcher):
    assert parse_query("Title:fishers").query == parse_query("title:fishers").query
    assert parse_query("COUNTRY:burma").query == Q.Term("countries", "MMR")
    assert parse_query("text:fishers").query == parse_query("body:fishers").query
    assert parse_query("text:fishers").query == Q.Term("content", "fisher")
    assert ids(searcher, "text:fishers") >= ids(searcher, "title:fishers")


@pytest.mark.parametrize(
    "q, years",
    [
        ("year:2014", {"2014"}),
        ("year:2014..2015", {"2014", "2015"}),
        ("year:[2014 TO 2015]", {"2014", "2015"}),
        ("year:2015..", {"2015"}),
        ("year:..2014", {"2014"}),
        ("year:2014-2014", {"2014"}),
        ("year:>=2015", {"2015"}),
    ],
)
def test_year_and_year_ranges(searcher, q, years):
    hits = list(searcher.iter_hits(q))
    assert hits
    assert {h.date[:4] for h in hits} == years


def test_star_alone_still_browses(searcher):
    assert parse_query("*").query is None
    assert parse_query("  ").query is None
    assert total(searcher, "*") == searcher.doc_count()


@pytest.mark.parametrize(
    "q, says", [("the of", "no searchable words"), ("NOT fishers", "only NOT")]
)
def test_queries_that_search_for_nothing_are_errors(q, says):
    with pytest.raises(QueryError, match=says):
        parse_query(q)


def test_typed_terms_are_the_words_typed_in_order():
    pq = parse_query("OFW fishers NOT Burma country:THA title:seafood fish* OFW")
    assert isinstance(pq, ParsedQuery) and pq.text.startswith("OFW")
    # synonyms, field values, prefixes and negated words are not typed words; a word
    # typed twice is there twice (the ranking weighs it by its count)
    assert pq.terms == ["ofw", "ofw", "fisher", "seafood"]
    assert pq.synonym_terms == [
        "oversea", "filipino", "worker", "fishermen", "fisherman", "fisherfolk"
    ]  # fmt: skip


def test_malformed_long_text_is_read_as_plain_words_with_a_notice():
    text = "Note: the ILO (2015 report on migrant fishers in Thailand says wages are low"
    pq = parse_query(text)
    assert pq.text == text
    assert pq.notices == [
        {
            "type": "plain-words",
            "message": "read as plain words: 'Note:' at position 1 is not a field",
            "position": 0,
        }
    ]
    # the same words as if typed without the syntax, expansions included
    plain = parse_query(
        "Note the ILO 2015 report on migrant fishers in Thailand says wages are low"
    )
    assert pq.query == plain.query and pq.terms == plain.terms
    assert any(e["type"] == "country" for e in pq.expansions)


def test_a_long_text_whose_fields_name_nothing_falls_back_to_plain_words():
    text = "fishers and seafood workers in the region country:Narnia with their families today"
    pq = parse_query(text)
    assert pq.notices[0]["message"].startswith("read as plain words: unknown country 'Narnia'")
    assert "narnia" in pq.terms
    with pytest.raises(QueryError, match="Narnia"):
        parse_query("fishers country:Narnia")  # short: the error stands


def test_a_passage_is_the_or_of_its_words_without_the_parser():
    text = "Migrant fishers (in Thailand) work long hours: wages AND rest days. " * 20
    pq = parse_query(text)
    assert pq.long and pq.expansions == [] and pq.query is not None
    assert "over 1,000 characters" in str(pq.notices[0]["message"])
    assert pq.terms.count("fisher") == 20
    assert {t for _, t in pq.query.iter_all_terms()} == set(pq.terms)
    with pytest.raises(QueryError, match="no searchable words"):
        parse_query("the and of " * 200)


def _bag_of_words(q: Q.Query) -> bool:
    """The shape ranking's feedback reads as a typed sentence: an OR of words and phrases."""
    if isinstance(q, Q.Term | Q.Phrase):
        return q.fieldname in ("content", "title", "countries")
    return type(q) is Q.Or and all(_bag_of_words(c) for c in q.subqueries)


@pytest.mark.parametrize(
    "q",
    ["migrant fishers", "OFW in Burma", "domestic helpers in Hong Kong", '"forced labour" Nepal'],
)
def test_plain_text_parses_to_an_or_of_words_and_phrases(q):
    pq = parse_query(q)
    assert type(pq.query) is Q.Or
    assert _bag_of_words(pq.query)


@pytest.mark.parametrize(
    "q", ["fishers AND Thailand", "fishers NOT seafood", "fish* workers", "year:2015 fishers"]
)
def test_operators_and_fields_are_not_plain_text(q):
    assert not _bag_of_words(parse_query(q).query)


def test_random_queries_never_leak_a_non_migsearch_error(searcher):
    """Operators, quotes, fields, prefixes, synonyms and countries in any order."""
    import random

    toks = [
        *[
            "OFW",
            "domestic",
            "helper",
            "undocumented",
            "migrant",
            "AND",
            "OR",
            "NOT",
            "(",
            ")",
            '"',
            "-",
            "+",
            "~",
            "?",
            ":",
            "'",
        ],
        '"domestic helper"',
        "title:",
        "country:Burma",
        "theme:fishing",
        "year:2014..2015",
        "year:[2014 TO 2015]",
        "migra*",
        "fi*",
        "*",
        '"overseas Filipino workers"',
        "fishers^2",
        "region:ASEAN",
        "text:fishers",
        "http://www.ilo.org/thailand",
        "Thai*",
        "Burma's",
    ]
    rnd = random.Random(7)
    for _ in range(1500):
        q = " ".join(rnd.choice(toks) for _ in range(rnd.randint(1, 6)))
        try:
            searcher.search(q, facets=False)
        except MigsearchError as e:
            assert "cannot parse query" not in str(e), q


def test_a_text_is_parsed_once_and_the_result_shared() -> None:
    from migsearch.search.query.parse import PARSED_CHARS

    text = "seasonal agricultural workers Korea"
    first = parse_query(text)
    assert parse_query(f"  {text} ") is first  # the same text, once stripped
    assert parse_query("seasonal agricultural workers Japan") is not first
    long = " ".join(["remittance corridor costs"] * (PARSED_CHARS // 20))
    assert len(long) > PARSED_CHARS
    assert parse_query(long) is not parse_query(long)  # a passage is not kept
    assert parse_query(long).query == parse_query(long).query
