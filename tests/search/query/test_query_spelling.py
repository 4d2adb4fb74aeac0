"""Did you mean: respelling misspelt queries with words of the index, through the API and CLI."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from support import run_cli

from migsearch.cli import cli
from migsearch.search.engine import SearchIndex
from migsearch.search.query.spelling import Spellings, respell, respell_with, spellings


def invoke(*args: str):
    r = CliRunner().invoke(cli, list(args))
    assert r.exit_code == 0, r.output
    return r


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("migrnat fishrs", "migrant fishers"),
        ("recruitmnt", "recruitment"),
        ("Trafficing", "Trafficking"),
        ("domestc workers AND Thailnd", "domestic workers AND Thailand"),
    ],
)
def test_misspelt_queries_get_a_suggestion(searcher: SearchIndex, typed, meant):
    res = searcher.search(typed)
    assert res.suggestion == meant
    assert searcher.search(meant).total > res.total


def test_a_misspelt_word_hidden_by_others_that_match_still_gets_a_suggestion(searcher):
    res = searcher.search("migrnat workers")
    assert res.total > 3  # "workers" alone matches plenty
    assert res.suggestion == "migrant workers"


def test_text_field_values_are_respelled_other_fields_are_not(searcher: SearchIndex):
    assert searcher.suggest("title:fishrs") == "title:fishers"
    assert searcher.suggest('title:"migrnat fishers"') == 'title:"migrant fishers"'
    assert searcher.suggest("theme:fishing migrnat") == "theme:fishing migrant"


def test_transposed_letters_count_as_one_edit(searcher: SearchIndex):
    assert searcher.suggest("fihsers") == "fishers"
    assert searcher.suggest("mirgant fishers") == "migrant fishers"


def test_no_suggestion_for_good_queries_or_hopeless_ones(searcher: SearchIndex):
    assert searcher.search("migrant fishers").suggestion is None
    assert searcher.search("xyzzyq").suggestion is None
    assert searcher.suggest("fishers") is None
    assert searcher.suggest("") is None


def test_suggestions_are_words_not_stems(searcher: SearchIndex):
    # the content field holds "migrat"/"fisher"; the suggestion must read as typed words
    assert searcher.suggest("migraton") == "migration"
    assert searcher.suggest("fishrs") == "fishers"


def test_suggestion_respects_filters(searcher: SearchIndex):
    # a respelling that only finds documents outside the chosen filter is no help
    # the fishers item mentions the Philippines in passing: it counts with mentions only
    assert searcher.search("fishrs", countries=["PHL"], mentions=True).suggestion == "fishers"
    assert searcher.search("fishrs", countries=["PHL"]).suggestion is None
    assert searcher.search("fishrs", countries=["Nepal"], mentions=True).suggestion is None


def test_did_you_mean_on_the_cli(corpus_index):
    r = invoke("search", "migrnat fishrs", "--index", str(corpus_index))
    assert "Did you mean: migrant fishers" in r.output
    r = invoke("search", "migrnat fishrs", "--json", "--index", str(corpus_index))
    assert json.loads(r.output)["suggestion"] == "migrant fishers"
    p = run_cli("search", "fishrs", "--index", str(corpus_index))
    assert p.returncode == 0 and "Did you mean: fishers" in p.stdout


def test_index_without_spelling_field_suggests_nothing(searcher: SearchIndex, monkeypatch):
    import migsearch.search.query.spelling

    monkeypatch.setattr(migsearch.search.query.spelling, "SPELL_FIELD", "no_such_field")
    assert searcher.search("fishrs").suggestion is None


def test_only_free_words_phrases_and_text_field_values_are_respelled(searcher: SearchIndex):
    reader = searcher._snapshot().searcher.reader()
    q = 'country:Thailnd title:fishrs "migrnat" AND (body:recruitmnt OR theme:fishng) TO'
    assert respell(reader, q) == (
        'country:Thailnd title:fishers "migrant" AND (body:recruitment OR theme:fishng) TO'
    )
    assert respell(reader, "migrant fishers AND year:[2014 TO 2015]") is None


@pytest.mark.parametrize(
    "typed",
    ["migrnat fishrs", "recruitmnt", "Trafficing", "domestc workers AND Thailnd", "workers"],
)
def test_a_lexicon_s_counts_as_data_respell_as_the_lexicon_itself(
    searcher: SearchIndex, typed: str
) -> None:
    """What a shard sends (spellings) respells as its reader would, alone or added to
    an empty part (the counts of a shard that holds none of the words)."""
    reader = searcher._snapshot().searcher.reader()
    part = spellings(reader, typed)
    want = respell(reader, typed)
    assert respell_with(typed, part) == want
    assert respell_with(typed, Spellings.merged([part, Spellings()])) == want
    doubled = Spellings.merged([part, part])
    assert respell_with(typed, doubled) == want
    assert all(doubled.counts[w] == 2 * n for w, n in part.counts.items())
    if want is None:
        assert all(n > 0 for w, n in part.counts.items() if w in typed.lower().split())
