"""A shard set searched as one index (search/shards/coordinator.py): the same rankings,
scores, totals and facet counts as one index holding the same documents.

SciFact (5,183 abstracts; the first 100 of its 300 test queries) and Cranfield
(1,400 abstracts; all 225 queries) are indexed with 1, 2 and 4 shards; every query's top 100 must
have the same scores rank by rank (within 1e-6) and the same ids. Both order
equal scores by document id (engine.IdOrder; the tie tests below pin that
exactly); here ids are compared as sets within each run of equal scores, and
the run cut by the 100th place only on the part both show, so that scores
equal within 1e-6 but not to the bit cannot fail the comparison. Feedback and all words first
are on, as by default: Cranfield's and SciFact's queries are long enough for
feedback, and two- to four-word OR queries below test the lift.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from benchmarks import bench
from support import CORPUS, need_shared

from migsearch.errors import QueryError
from migsearch.indexer.store.shards import build_shards
from migsearch.indexer.store.shardset import shard_count, shard_of
from migsearch.search.engine import SearchIndex, open_index
from migsearch.search.query.prefix import MAX_EXPANSIONS, choose
from migsearch.search.ranking import DEFAULT_PARAMS
from migsearch.search.shards.coordinator import ShardedIndex
from migsearch.search.shards.shard import QuerySpec

TOP = 100
SCIFACT_QUERIES = 100
SHARDS = (2, 4)


def _build(tmp: Path, docs: list[tuple[str, str, str]], shards: int) -> Path:
    corpus = tmp / "corpus.jsonl"
    if not corpus.exists():
        with corpus.open("w", encoding="utf-8") as f:
            for i, t, x in docs:
                f.write(json.dumps({"_id": i, "title": t, "text": x}) + "\n")
    index = tmp / f"ix-{shards}"
    report = build_shards([corpus], index, shards=shards, workers=1)
    assert report.documents == len({i for i, _, _ in docs})
    return index


def _groups(run: list[tuple[str, float]]) -> Iterator[tuple[float, set[str]]]:
    """Runs of equal scores: (score, ids)."""
    i = 0
    while i < len(run):
        j = i
        while j < len(run) and run[j][1] == run[i][1]:
            j += 1
        yield run[i][1], {d for d, _ in run[i:j]}
        i = j


def _same_ranking(one: list[tuple[str, float]], many: list[tuple[str, float]], q: str) -> None:
    assert len(one) == len(many), q
    for (_, a), (_, b) in zip(one, many, strict=True):
        assert a == pytest.approx(b, abs=1e-6), q
    ga, gb = list(_groups(one)), list(_groups(many))
    for k, ((sa, ia), (_, ib)) in enumerate(zip(ga, gb, strict=True)):
        if k == len(ga) - 1 and len(one) == TOP:
            # the run the cut goes through: both show part of the same tied documents
            assert len(ia) == len(ib), (q, sa)
        else:
            assert ia == ib, (q, sa)


def _rankings(ix: SearchIndex | ShardedIndex, queries: dict[str, str]) -> dict[str, list]:
    return dict(ix.batch(queries.items(), TOP, on_error=lambda qid, e: None))


@pytest.mark.parametrize("collection", ["cranfield", "scifact"])
def test_shards_rank_as_one_index(tmp_path: Path, collection: str) -> None:
    need_shared("cranfield" if collection == "cranfield" else "beir-scifact")
    ir = bench("ir_collections")
    coll = ir.cranfield() if collection == "cranfield" else ir.scifact()
    if collection == "scifact":  # the first 100 test queries (all 300: 5 minutes more)
        queries = {q: coll.queries[q] for q in coll.halves["held-out"][:SCIFACT_QUERIES]}
    else:
        queries = dict(coll.queries)
    # short OR queries: all words first, with the lift across shards
    queries.update({f"short{i}": q for i, q in enumerate(_short_queries(collection))})
    one_dir = _build(tmp_path, coll.docs.docs, 1)
    with open_index(one_dir) as one:
        assert isinstance(one, SearchIndex)
        want = _rankings(one, queries)
    assert sum(1 for r in want.values() if r) > 0.9 * len(queries)
    for n in SHARDS:
        many_dir = _build(tmp_path, coll.docs.docs, n)
        assert shard_count(many_dir) == n
        with open_index(many_dir) as many:
            assert isinstance(many, ShardedIndex)
            got = _rankings(many, queries)
        for q in queries:
            _same_ranking(want[q], got[q], q)


def _short_queries(collection: str) -> list[str]:
    if collection == "cranfield":
        return ["boundary layer", "supersonic flow", "heat transfer plate", "shock wave"]
    return ["vitamin D", "cancer cells", "insulin resistance obesity", "gene expression"]


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("bundled")
    one, many = tmp / "one", tmp / "three"
    build_shards([CORPUS], one, workers=1)
    build_shards([CORPUS], many, shards=3, workers=1)
    return one, many


REQUESTS = [
    {"query": "migrant workers"},
    {"query": "migrant workers", "countries": ("THA",)},
    {"query": "domestic workers wages recruitment fees"},
    {"query": "recruitment fees", "themes": ("recruitment",), "facet_limit": 3},
    {"query": "migra*", "countries": ("ASEAN",)},
    {"query": "trafficking OR smuggling", "years": ("2019", "2020", "2021")},
    {"query": '"forced labour" debt'},
    {"query": None, "countries": ("MYS",)},
    {"query": "country:THA"},
    {"query": "workers", "page": 2, "limit": 5},
]


@pytest.mark.parametrize("options", REQUESTS, ids=lambda o: str(o))
def test_shards_count_facets_and_totals_as_one_index(
    bundled: tuple[Path, Path], options: dict
) -> None:
    with open_index(bundled[0]) as one, open_index(bundled[1]) as many:
        assert isinstance(many, ShardedIndex)
        a, b = one.search(**options), many.search(**options)
    assert b.total == a.total
    assert b.total_all_words == a.total_all_words
    assert b.facets == a.facets
    assert b.year_histogram == a.year_histogram
    assert b.expansions == a.expansions and b.notices == a.notices
    scored = [(h.id, h.score or 0.0) for h in a.hits]
    assert [h.score for h in b.hits] == [h.score for h in a.hits]
    if options.get("query") not in (None, "country:THA"):  # unscored ties go by date, then id
        assert [h.id for h in b.hits] == [h.id for h in a.hits], scored
    snippets = {h.id: h.highlights for h in a.hits}
    for h in b.hits:
        if h.id in snippets:
            assert h.highlights == snippets[h.id]


def test_shards_answer_the_rest_of_the_api_as_one_index(bundled: tuple[Path, Path]) -> None:
    with open_index(bundled[0]) as one, open_index(bundled[1]) as many:
        a, b = one.stats(), many.stats()
        for key in ("documents", "sources", "countries", "themes", "years", "undated"):
            assert b[key] == a[key], key
        hit = one.search("migrant workers").hits[0]
        assert many.get(hit.id) == one.get(hit.id)
        sa, sb = one.similar(hit.id, limit=5), many.similar(hit.id, limit=5)
        assert [(h.id, h.score) for h in sb.hits] == [(h.id, h.score) for h in sa.hits]
        assert many.doc_count() == one.doc_count() == a["documents"]
        assert many.status()["shards"] == 3
        # an export pages through every hit, as one index does
        every = [h.id for h in many.iter_hits("migrant")]
        assert sorted(every) == sorted(h.id for h in one.iter_hits("migrant"))
        assert len(every) == len(set(every)) == many.search("migrant").total > 0


def test_the_gathered_statistics_are_those_of_one_index(bundled: tuple[Path, Path]) -> None:
    from migsearch.search.shards.statistics import CollectionStats

    terms = ["migrant", "worker", "fisher", "nosuchword"]
    with open_index(bundled[0]) as one, open_index(bundled[1]) as many:
        assert isinstance(one, SearchIndex) and isinstance(many, ShardedIndex)
        stats = CollectionStats.of(many.shards.all("counts", terms))
        pr = one._snapshot().postings
        assert stats.n_docs == pr.n_docs and stats.n_all == pr.n
        for field in ("content", "title"):
            assert stats.avg_length(field) == pr.avg_length(field)
        for t in terms:
            assert stats.doc_frequency("content", t) == pr.doc_frequency("content", t)
        assert stats.missing([*terms, "new"]) == ["new"]


def _split_set(tmp: Path, shards: int, texts: list[tuple[int, str]]) -> tuple[Path, Path]:
    """One index and a ``shards``-shard set of the same records; each text goes to the
    shard given with it (ids are picked for it)."""
    ids = (f"doc-{n:04d}" for n in range(100_000))
    corpus = tmp / "records.jsonl"
    with corpus.open("w", encoding="utf-8") as f:
        for k, text in texts:
            doc_id = next(i for i in ids if shard_of(i, shards) == k)
            f.write(json.dumps({"_id": doc_id, "title": text.split(".")[0], "text": text}) + "\n")
    one, many = tmp / "one", tmp / "many"
    build_shards([corpus], one, workers=1)
    build_shards([corpus], many, shards=shards, workers=1)
    return one, many


def test_did_you_mean_reads_the_words_of_the_whole_set(tmp_path: Path) -> None:
    """A word one shard knows is not respelt because another shard does not know it, and
    the closest word is the most common in the whole set, not in one shard."""
    texts = [
        # "cargo" is known in shard 0 only; shard 1 alone would respell it "carlo"
        (0, "Cargo ships dock. Harbour wages."),
        *[(1, f"Carlo reports {n}. Harbour wages.") for n in range(4)],
        # "fishres": the set's commonest near word is "fishers", shard 0 knows "fisher"
        (0, "A fisher mends the nets. Wages at the harbour were low."),
        *[(1, f"Fishers at sea number {n}. Wages on the boats were low.") for n in range(4)],
        # "labour" is commoner in shard 0, "lamour" in the set (3 against 2+2)
        *[(0, f"Labour inspection report {n}. Harbour wages.") for n in range(3)],
        *[(k, f"Lamour family records {n}. Harbour wages.") for k in (0, 1) for n in range(2)],
    ]
    one_dir, many_dir = _split_set(tmp_path, 2, texts)
    with open_index(one_dir) as one, open_index(many_dir) as many:
        assert isinstance(many, ShardedIndex)
        assert one.search("cargo").suggestion is None  # a known word, rare or not
        queries = ("cargo", "cargo ships", "fisher", "lanour", "lanour harbour", "fishres")
        for q in (*queries, "wagse"):
            assert many.search(q).suggestion == one.search(q).suggestion, q
            assert many.suggest(q) == one.suggest(q), q
        assert one.search("lanour").suggestion == "lamour"
        assert one.search("fishres").suggestion == "fishers"
        assert many.shards.one(1, "spellings", "cargo").near("cargo", 1) == {"carlo"}
        # per shard, shard 0 alone would respell it "labour"
        shard0 = many.shards.one(0, "spellings", "lanour")
        assert shard0.counts["labour"] > shard0.counts["lamour"]


def test_a_prefix_expands_to_the_set_s_most_frequent_words(tmp_path: Path) -> None:
    """``zeta*`` stands for 80 words, more than a prefix may expand to; each shard's own
    most frequent ones are not the set's, and the set must keep the set's."""
    words = [f"zeta{i:02d}x" for i in range(80)]
    texts = []
    for i, w in enumerate(words):
        counts = ((i * 7) % 5 + 1 if i < 60 else 0, (i * 3) % 4 + 1 if i >= 20 else 0)
        texts += [
            (k, f"Report on {w}. Harbour wages {n}.") for k in (0, 1) for n in range(counts[k])
        ]
    one_dir, many_dir = _split_set(tmp_path, 2, texts)
    with open_index(one_dir) as one, open_index(many_dir) as many:
        assert isinstance(one, SearchIndex) and isinstance(many, ShardedIndex)
        reader = one._snapshot().searcher.reader()
        assert len(list(reader.expand_prefix("content", "zeta"))) == 80
        per_shard = [
            set(choose({f: c for f, _, c in part}["content"], MAX_EXPANSIONS))
            for part in many.shards.all("prefix_candidates", QuerySpec("zeta*"))
        ]
        assert len(per_shard[0] | per_shard[1]) > MAX_EXPANSIONS  # what each shard alone keeps
        queries = ("zeta*", "zeta* harbour", "harbour -zeta*", '"harbour wages" zeta*')
        for q in (*queries, "zeta* harbuor"):
            a, b = one.search(q, limit=20), many.search(q, limit=20)
            assert b.total == a.total and b.total_all_words == a.total_all_words, q
            assert b.suggestion == a.suggestion, q
            assert b.facets == a.facets, q
            assert [(h.id, h.score) for h in b.hits] == [(h.id, h.score) for h in a.hits], q
            assert dict(many.batch([(q, q)], 100)) == dict(one.batch([(q, q)], 100)), q


def test_ties_are_ordered_by_id_in_one_index_and_in_a_set(tmp_path: Path) -> None:
    """Equal scores, and equal dates, in id order: not in the order of insertion (one
    index's document numbers, which a set does not have)."""
    corpus = tmp_path / "ties.jsonl"
    ids = [f"tie-{n:02d}" for n in range(12)]
    with corpus.open("w", encoding="utf-8") as f:
        for n, doc_id in enumerate(reversed(ids)):  # inserted last id first
            date = "2020-05-01" if n % 2 else "2021-03-03"
            rec = {"_id": doc_id, "title": "Harbour wages", "text": "Harbour wages.", "date": date}
            f.write(json.dumps(rec) + "\n")
    build_shards([corpus], tmp_path / "one", workers=1)
    build_shards([corpus], tmp_path / "many", shards=3, workers=1)
    newer = [i for n, i in enumerate(reversed(ids)) if not n % 2]
    older = [i for n, i in enumerate(reversed(ids)) if n % 2]
    with open_index(tmp_path / "one") as one, open_index(tmp_path / "many") as many:
        assert isinstance(many, ShardedIndex)
        for ix in (one, many):
            ranked = ix.search("harbour wages", limit=20).hits
            assert len({h.score for h in ranked}) == 1
            assert [h.id for h in ranked] == ids
            assert [c for c, _ in next(iter(ix.batch([("q", "harbour")], 5)))[1]] == ids[:5]
            page2 = ix.search("harbour wages", limit=5, page=2).hits
            assert [h.id for h in page2] == ids[5:10]
            assert [h.id for h in ix.search(None, limit=20).hits] == sorted(newer) + sorted(older)
            oldest = ix.search(None, limit=20, sort="oldest").hits
            assert [h.id for h in oldest] == sorted(older) + sorted(newer)


def test_the_feedback_cut_through_tied_documents_is_the_same_in_one_index_and_a_set(
    tmp_path: Path,
) -> None:
    """Twenty documents tie on the first pass, each with a word of its own; feedback
    reads ten of them, so their words lift them over the other ten. One index and a
    set read the same ten, the first ten ids (inserted last id first), and so rank
    alike, score for score."""
    own = [
        "alpha",
        "bravo",
        "charlie",
        "delta",
        "echo",
        "foxtrot",
        "golf",
        "hotel",
        "india",
        "juliet",
        "kilo",
        "lima",
    ]
    own += ["mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango"]
    ids = [f"fb-{n:02d}" for n in range(len(own))]
    corpus = tmp_path / "feedback-ties.jsonl"
    with corpus.open("w", encoding="utf-8") as f:
        for doc_id, word in reversed(list(zip(ids, own, strict=True))):
            text = f"Harbour wages of fishing crews, {word}."
            f.write(json.dumps({"_id": doc_id, "title": "Harbour wages", "text": text}) + "\n")
        # documents without the query's words, enough of them that the query's are not
        # common words (feedback reads the top documents of a query of specific words)
        for n in range(140):
            f.write(json.dumps({"_id": f"rice-{n:03d}", "text": "Rice harvest notes."}) + "\n")
    build_shards([corpus], tmp_path / "one", workers=1)
    build_shards([corpus], tmp_path / "many", shards=3, workers=1)
    query = "harbour wages fishing crews"
    fed = ids[: DEFAULT_PARAMS.fb_docs]
    with open_index(tmp_path / "one") as one, open_index(tmp_path / "many") as many:
        assert isinstance(many, ShardedIndex)
        # the query's words without feedback (an operator turns it off): all tied
        plain = one.search(" AND ".join(query.split()), limit=30).hits
        assert len(plain) == len(ids) and len({h.score for h in plain}) == 1
        results = []
        for ix in (one, many):
            hits = ix.search(query, limit=30).hits
            assert [h.id for h in hits] == ids
            assert {h.id for h in hits if h.score > hits[-1].score} == set(fed)
            results.append([(h.id, h.score) for h in hits])
            ranked = next(iter(ix.batch([("q", query)], 30)))[1]
            assert [d for d, _ in ranked] == ids
        assert results[0] == results[1]


def test_a_range_too_wide_for_one_index_is_too_wide_for_the_set(tmp_path: Path) -> None:
    """1,200 words in the range: 600 in each shard, under the limit there, over it in
    the whole set; the set refuses the range with one index's error."""
    words = [f"rng{i:04d}" for i in range(1200)]
    texts = [
        (k, "Range record. " + " ".join(words[k * 600 + j * 60 : k * 600 + (j + 1) * 60]))
        for k in (0, 1)
        for j in range(10)
    ]
    one_dir, many_dir = _split_set(tmp_path, 2, texts)
    with open_index(one_dir) as one, open_index(many_dir) as many:
        for q in ("text:[rng0000 TO rng9999]", "record text:[rng0000 TO rng9999]"):
            with pytest.raises(QueryError) as want:
                one.search(q)
            with pytest.raises(QueryError) as got:
                many.search(q)
            assert str(got.value) == str(want.value) and "1,000 words" in str(want.value)
        for q in ("text:[rng0000 TO rng0900]", "record text:[rng0590 TO rng0610]"):
            a, b = one.search(q, limit=20), many.search(q, limit=20)
            assert b.total == a.total > 0, q
            assert [(h.id, h.score) for h in b.hits] == [(h.id, h.score) for h in a.hits], q
