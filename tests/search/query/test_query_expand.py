"""Expansion as rewrites of the parsed tree: field values, thesaurus synonyms, country words.

The second half pins that the tree rewriting reads queries as the parser before it did,
which rewrote the query *text* and parsed the result: for each query, the text it
produced is written below in a short notation, and the test parses that text with
Whoosh's parser (configured as migsearch configures it, without the vocabulary) and
checks that both queries are the same tree and find the same documents.
"""

from __future__ import annotations

import random
import re
from itertools import pairwise

import pytest
from whoosh import query as Q

from migsearch.errors import QueryError
from migsearch.indexer.vocabulary.countries import all_regions
from migsearch.indexer.vocabulary.thesaurus import synonyms_for
from migsearch.search.query.expand import negations_as_exclusions
from migsearch.search.query.parse import parse_query, query_parser
from migsearch.search.query.synonyms import SYNONYM_BOOST, expand_synonyms


def kinds(pq) -> list[tuple[str, str, str]]:
    return [(e["type"], e["from"], e["to"]) for e in pq.expansions]


# ------------------------------------------------------------------ thesaurus terms


def test_a_thesaurus_term_of_several_words_binds_as_one():
    # AND joins Thailand to the whole term, not to "helpers" alone
    q = parse_query("domestic helpers AND Thailand").query
    assert isinstance(q, Q.And) and len(q.subqueries) == 2
    term, country = q.subqueries
    assert Q.Term("content", "domest") in term.subqueries
    assert Q.Term("content", "helper") in term.subqueries
    assert Q.Term("countries", "THA") in country.subqueries
    # without a thesaurus term, AND binds to the next word as Whoosh reads it
    q = parse_query("domestic seafood AND Thailand").query
    assert isinstance(q, Q.Or) and isinstance(q.subqueries[-1], Q.And)


def test_synonyms_are_phrases_beside_the_words_at_a_lower_weight():
    q = parse_query("undocumented migrants").query
    phrase = Q.Phrase("content", ["irregular", "migrant"], boost=SYNONYM_BOOST)
    assert phrase in q.subqueries
    assert Q.Term("content", "undocu") in q.subqueries


def test_synonyms_of_a_term_inside_title_parentheses_search_the_title():
    q = parse_query("title:(domestic helpers)").query
    assert {s.fieldname for s in q.leaves()} == {"title"}
    assert Q.Phrase("title", ["domest", "worker"], boost=SYNONYM_BOOST) in q.subqueries


def test_a_thesaurus_term_inside_a_hyphenated_word_is_cut_out():
    pq = parse_query("migrant-domestic helpers")
    assert ("synonym", "domestic helpers", "housemaid") in kinds(pq)
    assert pq.terms == ["migrant", "domest", "helper"]


# ------------------------------------------------------------------ country words


def test_a_country_word_also_finds_documents_tagged_with_it():
    q = parse_query("fishers Burma").query
    assert Q.Term("countries", "MMR") in q.subqueries
    assert Q.Term("content", "burma") in q.subqueries


def test_a_country_name_of_several_words_is_searched_as_a_phrase():
    pq = parse_query("Hong Kong")
    assert pq.query == Q.Or(
        [
            Q.Phrase("title", ["hong", "kong"], boost=2.0),
            Q.Phrase("content", ["hong", "kong"]),
            Q.Term("countries", "HKG"),
        ]
    )
    assert pq.terms == ["hong", "kong"]  # ranked by the words as typed


def test_country_words_in_terms_quotes_fields_and_prefixes():
    pq = parse_query("overseas Filipino workers")
    assert ("country", "Filipino", "PHL") in kinds(pq)
    assert ("synonym", "overseas Filipino workers", "OFW") in kinds(pq)
    for q in ('"Burma"', "title:Burma", "Burma*", "us", "Bangkok", "Indian Ocean"):
        assert not [k for k in kinds(parse_query(q)) if k[0] == "country"], q


def test_a_country_word_is_expanded_where_it_first_occurs():
    q = parse_query("(Burma AND fishing) OR (Burma AND seafood)").query
    first, second = q.subqueries
    assert Q.Term("countries", "MMR") in first.subqueries[0].subqueries
    assert Q.Term("countries", "MMR") not in second.subqueries[0].subqueries


# ------------------------------------------------------------------ field values


@pytest.mark.parametrize(
    "q, query",
    [
        ("country:Burma", Q.Term("countries", "MMR")),
        ('country:"Hong Kong"', Q.Term("countries", "HKG")),
        (
            "country:(Burma OR Thailand)",
            Q.Or([Q.Term("countries", "MMR"), Q.Term("countries", "THA")]),
        ),
        ("country:Burma^2", Q.Term("countries", "MMR", boost=2.0)),
        ("theme:Fishing", Q.Term("themes", "fishing")),
        ('region:"south east asia"', Q.Term("regions", "SOUTH_EAST_ASIA")),
        ("year:2014..2016", Q.TermRange("year", "2014", "2016", False, False)),
        ("year:2014-", Q.TermRange("year", "2014", None, False, False)),
    ],
)
def test_field_values_are_resolved_like_the_filters(q, query):
    assert parse_query(q).query == query


def test_a_region_as_country_means_its_members():
    pq = parse_query("country:ASEAN")
    members = all_regions()["ASEAN"]
    assert pq.query == Q.Or([Q.Term("countries", c) for c in members])
    assert kinds(pq) == [("country", "ASEAN", " ".join(members))]


@pytest.mark.parametrize(
    "q, pos, says",
    [
        ("country:Narnia", 0, "unknown country 'Narnia'"),
        ("fishers country:Narnia", 8, "unknown country"),
        ("fishers (COUNTRY:Thailand OR country:Narnia)", 29, "unknown country"),
        ("country:(Burma OR Narnia)", 18, "unknown country"),
        ("country:Thai*", 0, "unknown country 'Thai*'"),
        ("theme:nothing", 0, "unknown theme"),
        ("migrant year:2016..2014", 8, "ends before it starts"),
    ],
)
def test_a_value_that_names_nothing_is_an_error_at_its_field(q, pos, says):
    with pytest.raises(QueryError, match=re.escape(says)) as e:
        parse_query(q)
    assert e.value.position == pos


def test_expansions_list_field_values_synonyms_then_countries_longest_first():
    pq = parse_query('Burma "domestic helper" OFW Hong Kong country:Thailand')
    order = [(t, f) for t, f, _ in kinds(pq)]
    assert list(dict.fromkeys(order)) == [
        ("country", "Thailand"),
        ("synonym", "OFW"),
        ("synonym", "domestic helper"),
        ("country", "Hong Kong"),
        ("country", "Burma"),
    ]


def test_a_url_is_searched_as_words_and_never_fails():
    pq = parse_query("http://www.ilo.org/thailand fishers")
    assert pq.terms == ["http", "www", "ilo", "org", "thailand", "fisher"]


# ------------------------------------------------------------------ the reading is unchanged

# How the parser before the tree rewriting read each query: the text it passed to Whoosh.
#   {x}        x OR-ed with its thesaurus synonyms, each a phrase at 0.8: (x OR "s"^0.8 …)
#   [x:CODE]   x OR-ed with the country (a phrase when x has spaces): (x OR countries:CODE);
#              only the first occurrence of a country word was expanded
#   the rest   Whoosh syntax over the index fields (countries:, themes:, content: …)
#
# Free text (words, ``X^2``) never stands right beside other free text in the generated
# queries: two free pieces side by side could make a thesaurus term or country name of
# their own, which the notation of each piece cannot know.
FREE = [
    ("migrant", "migrant"),
    ("fishers", "{fishers}"),
    ("OFW", "{OFW}"),
    ("ofw", "{ofw}"),
    ("undocumented", "{undocumented}"),
    ("mouse", "mouse"),
    ("MoUs", "{MoUs}"),
    ("trafficking", "trafficking"),
    ("Bangkok", "Bangkok"),
    ("the", "the"),
    ("domestic helpers", "{domestic helpers}"),
    ("migrant workers", "{migrant workers}"),
    ("undocumented migrants", "{undocumented migrants}"),
    ("overseas Filipino workers", "{overseas [Filipino:PHL] workers}"),
    (
        "Filipino domestic helpers in Hong Kong",
        "[Filipino:PHL] {domestic helpers} in [Hong Kong:HKG]",
    ),
    ("migrant-domestic helpers", "migrant-{domestic helpers}"),
    ("Burma", "[Burma:MMR]"),
    ("Myanmar", "[Myanmar:MMR]"),
    ("thailand", "[thailand:THA]"),
    ("Hong Kong", "[Hong Kong:HKG]"),
    ("Viet Nam fishers", "[Viet Nam:VNM] {fishers}"),
    ("US", "[US:USA]"),
    ("us", "us"),
    ("Indian Ocean", "Indian Ocean"),
    ("fishers^2", "{fishers}^2"),
    ("Burma^2", "[Burma:MMR]^2"),
]
OTHER = [
    ('"migrant fishers"', '"migrant fishers"'),
    ('"domestic helper"', '{"domestic helper"}'),
    ('"overseas Filipino workers"', '{"overseas Filipino workers"}'),
    ('"Burma"', '"Burma"'),
    ("title:fishers", "title:fishers"),
    ('title:"domestic helper"', 'title:"domestic helper"'),
    ("title:Burma", "title:Burma"),
    ("title:(domestic helpers)", "title:({domestic helpers})"),
    ("title:(Burma fishing)", "title:([Burma:MMR] fishing)"),
    ("country:Thailand", "countries:THA"),
    ("country:THA", "countries:THA"),
    ('country:"Hong Kong"', "countries:HKG"),
    ("Country:burma", "countries:MMR"),
    ("theme:fishing", "themes:fishing"),
    ("year:2014", "year:2014"),
    ("year:2014..2015", "year:[2014 TO 2015]"),
    ("year:2015..", "year:>=2015"),
    ("year:..2014", "year:<=2014"),
    ("year:[2014 TO 2015]", "year:[2014 TO 2015]"),
    ("region:ASEAN", "regions:ASEAN"),
    ('region:"south east asia"', "regions:SOUTH_EAST_ASIA"),
    ("text:fishers", "content:fishers"),
    ("migra*", "migra*"),
    ("title:fish*", "title:fish*"),
]
#: queries whose pieces meet in ways the generator does not make
CASES = [
    ("domestic helpers AND Thailand", "{domestic helpers} AND [Thailand:THA]"),
    ("domestic helpers in Hong Kong", "{domestic helpers} in [Hong Kong:HKG]"),
    ("OFW in Burma", "{OFW} in [Burma:MMR]"),
    ("migrant fishers", "migrant {fishers}"),
    ("Burma migrants Burma", "[Burma:MMR] migrants Burma"),
    ("Burma's workers", "[Burma:MMR]'s workers"),
    ("trafficking NOT fishing", "trafficking NOT fishing"),
    ("fishing NOT Burma", "fishing NOT [Burma:MMR]"),
    ("undocumented migrants from Myanmar", "{undocumented migrants} from [Myanmar:MMR]"),
    ("title:Papua New Guinea", "title:Papua New Guinea"),
    (
        "(Burma AND fishing) OR (Burma AND seafood)",
        "([Burma:MMR] AND fishing) OR (Burma AND seafood)",
    ),
    ("Thailand-Myanmar border", "[Thailand:THA]-[Myanmar:MMR] border"),
    ("fish* AND country:Thailand", "fish* AND countries:THA"),
    ("country:ASEAN fishers", "countries:(" + " OR ".join(all_regions()["ASEAN"]) + ") {fishers}"),
    ("NOT fishers", "NOT {fishers}"),
    ("the of", "the of"),
]

_COUNTRY = re.compile(r"\[([^\[\]:]+):([A-Z]{3})\]")
_TERM = re.compile(r"\{([^{}]*)\}")


def rewritten(notation: str) -> str:
    """The text the string-rewriting parser passed to Whoosh, from its notation."""

    def term(m: re.Match[str]) -> str:
        written = _COUNTRY.sub(r"\1", m.group(1))
        plain = written.strip('"')
        alts = expand_synonyms(plain, synonyms_for(plain))
        assert alts, f"{plain!r} has no synonyms to add: the notation is wrong"
        return "(" + " OR ".join([m.group(1), *(f'"{a}"^{SYNONYM_BOOST}' for a in alts)]) + ")"

    seen: set[tuple[str, str]] = set()

    def country(m: re.Match[str]) -> str:
        written, code = m.group(1), m.group(2)
        if (written, code) in seen:
            return written
        seen.add((written, code))
        quoted = f'"{written}"' if " " in written else written
        return f"({quoted} OR countries:{code})"

    return _COUNTRY.sub(country, _TERM.sub(term, notation))


def typed(notation: str) -> str:
    """The query as typed, from its notation (what the old parser read the ranking terms from)."""
    return _COUNTRY.sub(r"\1", _TERM.sub(r"\1", notation))


def generated(n: int, seed: int) -> list[tuple[str, str]]:
    rnd = random.Random(seed)

    def compose(depth: int) -> tuple[str, str, bool, bool]:
        """(query, notation, starts free, ends free)"""
        parts: list[tuple[str, str, bool]] = []
        for _ in range(rnd.randint(1, 3 if depth else 4)):
            if depth < 2 and rnd.random() < 0.2:
                q, nt, _, _ = compose(depth + 1)
                parts.append((f"({q})", f"({nt})", False))
            else:
                free = rnd.random() < 0.5
                q, nt = rnd.choice(FREE if free else OTHER)
                parts.append((q, nt, free))
        query, notation = parts[0][0], parts[0][1]
        for (_, _, left_free), (q, nt, free) in pairwise(parts):
            ops = ["AND", "OR", "NOT", "AND NOT"] + ([] if left_free and free else [""] * 2)
            op = rnd.choice(ops)
            query += f" {op} {q}" if op else f" {q}"
            notation += f" {op} {nt}" if op else f" {nt}"
        return query, notation, parts[0][2], parts[-1][2]

    out: dict[str, str] = {}
    while len(out) < n:
        q, nt, _, _ = compose(0)
        out.setdefault(q, nt)
    return list(out.items())


READINGS = list(
    dict(
        FREE
        + OTHER
        + CASES
        + [(f"{q} AND Thailand", f"{nt} AND [Thailand:THA]") for q, nt in FREE[:10] + OTHER]
        + generated(450, seed=8)
    ).items()
)


def unboosted(q: Q.Query) -> Q.Query:
    return q.apply(unboosted).with_boost(1.0)


def _terms(q: Q.Query, positive: bool = False) -> list[str]:
    """Distinct words of ``q`` in the text fields; ``positive``: not under a NOT."""

    def leaves(n: Q.Query) -> list[Q.Query]:
        if positive and isinstance(n, Q.Not):
            return []
        if positive and isinstance(n, Q.AndNot):
            return leaves(n.a)
        return [n] if n.is_leaf() else [x for c in n.children() for x in leaves(c)]

    words = (t for leaf in leaves(q) for f, t in leaf.iter_all_terms() if f in ("title", "content"))
    return list(dict.fromkeys(t.decode() if isinstance(t, bytes) else t for t in words))


@pytest.mark.parametrize("q, notation", READINGS, ids=[q for q, _ in READINGS])
def test_the_tree_rewriting_reads_queries_as_the_text_rewriting_did(searcher, q, notation):
    parser = query_parser()
    expected = negations_as_exclusions(parser.parse(rewritten(notation)))
    if expected is Q.NullQuery or isinstance(expected, Q.Not):
        with pytest.raises(QueryError):
            parse_query(q)
        return
    pq = parse_query(q)
    s = searcher._snapshot().searcher
    assert set(s.docs_for_query(pq.query)) == set(s.docs_for_query(expected))
    if "^" in q:
        # Whoosh appends the right side of "(a OR b)^2 OR c" to the boosted group, so the
        # text rewriting's groups lent their ^ to the next clause; a marked term does not
        assert unboosted(pq.query) == unboosted(expected)
    else:
        assert pq.query == expected
    # pq.terms: words typed, none of them negated (a word typed twice is listed twice; a
    # term of several words is negated whole)
    typed_terms = _terms(parser.parse(typed(notation)))
    assert set(pq.terms) <= set(typed_terms) & set(_terms(pq.query, positive=True))
    # synonyms: the other words the query seeks (those of negated terms are not ranked)
    assert pq.synonym_terms == [
        t for t in _terms(expected, positive=True) if t not in set(pq.terms)
    ]
