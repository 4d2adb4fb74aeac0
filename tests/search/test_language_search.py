"""Search in the languages of ASEAN: one small page per language (tests/fixtures/asean).

Each page was written for these tests: one topic (migrant workers' rights,
fishing), known content words, countries and dates. A content word of each
page finds it, typed alone as a user would (Thai, Lao, Khmer and Burmese are
written without spaces between words); a Vietnamese word finds its page with
or without its diacritics; the language is a facet and a filter.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import ROOT, run_cli

from migsearch.indexer.store.writer import build_index
from migsearch.search.engine import open_index

PAGES = ROOT / "tests" / "fixtures" / "asean"

#: page → (its language, content words that occur only inside longer unspaced runs or
#: as plain words of the page)
WORDS = {
    "th.html": ("th", ["ประมง", "แรงงาน", "นายจ้าง"]),
    "my.html": ("my", ["အလုပ်သမား", "ငါးဖမ်း", "လူကုန်ကူး"]),
    "km.html": ("km", ["ពលករ", "និយោជក", "នេសាទ"]),
    "lo.html": ("lo", ["ແຮງງານ", "ນາຍຈ້າງ", "ສັນຍາ"]),
    "vi.html": ("vi", ["lao động", "lao dong", "thuc tap sinh", "hợp đồng"]),
    "id.html": ("id", ["paspor", "Ketenagakerjaan"]),
    "ms.html": ("ms", ["dikehendaki", "baharu"]),
    "tl.html": ("tl", ["manggagawa", "kasambahay"]),
}


@pytest.fixture(scope="module")
def ix_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("asean") / "ix"
    report = build_index([PAGES], path, workers=1)
    assert report.added == len(WORDS)
    return path


@pytest.fixture(scope="module")
def searcher(ix_dir: Path):
    with open_index(ix_dir) as ix:
        yield ix


def _sources(res) -> set[str]:
    return {Path(h.source).name for h in res.hits}


@pytest.mark.parametrize(("page", "word"), [(p, w) for p, (_, ws) in WORDS.items() for w in ws])
def test_a_content_word_finds_its_page(searcher, page: str, word: str) -> None:
    res = searcher.search(word)
    assert page in _sources(res), (word, _sources(res))


def test_every_page_has_its_language(searcher) -> None:
    res = searcher.search("", limit=20)
    assert {Path(h.source).name: h.language for h in res.hits} == {
        p: lang for p, (lang, _) in WORDS.items()
    }
    counts = {v.value: v.count for v in res.facets["languages"]}
    assert counts == dict.fromkeys(["th", "my", "km", "lo", "vi", "id", "ms", "tl"], 1)


def test_unspaced_words_are_whole_words_not_fragments(searcher) -> None:
    # "ประมง" (fishing) is inside "กิจการประมง" and "เรือประมง": found as a word, and the
    # snippet marks exactly it
    res = searcher.search("ประมง")
    assert res.total == 1
    assert "<b>ประมง</b>" in res.hits[0].highlights
    # a syllable that is no word of the page finds nothing
    assert searcher.search("มง").total == 0


def test_vietnamese_with_and_without_diacritics(searcher) -> None:
    plain = searcher.search("lao dong")
    exact = searcher.search("lao động")
    assert _sources(plain) == _sources(exact) == {"vi.html"}
    assert "<b>động</b>" in plain.hits[0].highlights
    # typed with its diacritics a word stays exact: "đồng" (contract's "hợp đồng") is not
    # "động" (labour)
    assert searcher.search('"hợp động"').total == 0


def test_the_language_filter_in_the_api(searcher) -> None:
    assert _sources(searcher.search("pekerja")) == {"id.html", "ms.html"}
    assert _sources(searcher.search("pekerja", languages=["ms"])) == {"ms.html"}
    assert _sources(searcher.search("pekerja", languages=["Indonesian"])) == {"id.html"}
    # the languages facet ignores its own filter (multi-select)
    res = searcher.search("pekerja", languages=["ms"])
    assert {v.value for v in res.facets["languages"]} == {"id", "ms"}


def test_the_language_option_of_the_cli(ix_dir: Path) -> None:
    r = run_cli("search", "ประมง", "--language", "th", "--index", str(ix_dir), "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["total"] == 1
    r = run_cli("search", "ประมง", "--language", "vi", "--index", str(ix_dir), "--json")
    assert json.loads(r.stdout)["total"] == 0
    r = run_cli("search", "ประมง", "--language", "klingon", "--index", str(ix_dir))
    assert r.returncode != 0 and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "unknown language 'klingon'" in r.stderr
