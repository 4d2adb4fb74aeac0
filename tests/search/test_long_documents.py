"""Long and uneven documents on a real index: a 40,000-character record that mentions the
query's words once, far apart, does not outrank a focused report, and its snippet comes
from where the words are, not from its opening."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from support import need_shared

from migsearch.search.engine import SearchIndex, open_index

FOCUSED = (
    "Fair recruitment and the fees migrant workers pay. Workers recruited for jobs abroad "
    "often pay recruitment fees and related costs to agencies in their home country, and "
    "arrive in debt. The general principles for fair recruitment say that no recruitment "
    "fees or related costs should be charged to workers. This brief reviews how fair "
    "recruitment is monitored in the ASEAN region and what employers pay instead."
)
#: where the long record says each word once (characters into its body)
FAR = {25_000: "A fair share of the grant went to logistics.",
       33_000: "Recruitment of community health volunteers continued.",
       38_000: "No user fees were charged at the clinics."}  # fmt: skip


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SearchIndex, str]]:
    """ReliefWeb records of every length (their PDF text), the longest with the words far
    down, and one focused report; and the longest record's id."""
    from migsearch.indexer.store.writer import build_index

    src = need_shared("reliefweb-api-sample", "Hurricane_Melissa_hti_reports_full_text.json")
    articles = json.loads(src.read_text(encoding="utf-8"))["articles"]
    rows = [
        {"_id": f"rw{i}", "title": a["title"], "text": a["pdf_text"]}
        for i, a in enumerate(articles)
        if a.get("pdf_text") and "recruit" not in a["pdf_text"].lower()
    ]
    longest = max(rows, key=lambda r: len(r["text"]))
    assert len(longest["text"]) > 40_000
    text = longest["text"]
    for at, sentence in sorted(FAR.items(), reverse=True):
        text = text[:at] + f" {sentence} " + text[at:]
    longest["text"] = text
    rows.append({"_id": "focused", "title": "Fair recruitment fees", "text": FOCUSED})
    d = tmp_path_factory.mktemp("mixed")
    corpus = d / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    report = build_index([corpus], d / "ix", workers=1)
    assert report.failed == 0, report.errors
    with open_index(d / "ix") as ix:
        yield ix, longest["_id"]


@pytest.mark.parametrize("q", ["fair recruitment fees", "recruitment", "recruitment fees"])
def test_a_long_record_mentioning_the_words_once_ranks_below_the_focused_report(mixed, q):
    ix, long_id = mixed
    res = ix.search(q, limit=10)
    ids = [h.id for h in res.hits]
    assert ids[0] == "focused"
    assert long_id in ids  # it matches, lower down


def test_a_long_records_snippet_comes_from_where_its_words_are(mixed) -> None:
    ix, long_id = mixed
    res = ix.search("recruitment volunteers", limit=10)
    hit = next(h for h in res.hits if h.id == long_id)
    assert "<b>Recruitment</b>" in hit.highlights and "<b>volunteers</b>" in hit.highlights
    # the record's opening says neither word: the snippet is from 33,000 characters in
    assert "recruit" not in ix.get(long_id).body[:30_000].lower()
