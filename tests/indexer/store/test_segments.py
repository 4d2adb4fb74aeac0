"""An index written by several workers (one segment each) ranks exactly as one written alone.

Each parsing worker writes its own Whoosh segment and the run commits them
together (indexer/store/segments.py); the search core computes BM25F over all
segments with global statistics. So for real collections (SciFact and
Cranfield documents and queries), 1, 2 and 4 workers must give the same top
100 ids with scores within 1e-6, and the same facet counts.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from benchmarks import bench
from support import need_shared

from migsearch.indexer.store import storage, writer
from migsearch.indexer.store.writer import build_index
from migsearch.search.engine import SearchIndex

#: documents of each collection indexed, and queries of it compared
DOCS, QUERIES = 900, 40
#: lines per parsing job here, so that 900 documents make 9 jobs to spread over workers
CHUNK = 100
TOP = 100


def _collection(key: str) -> tuple[list[tuple[str, str, str]], list[str]]:
    need_shared("beir-scifact" if key == "scifact" else "cranfield")
    ir = bench("ir_collections")
    c = ir.scifact() if key == "scifact" else ir.cranfield()
    docs = c.docs.docs[:DOCS]
    return docs, [c.queries[q] for q in sorted(c.queries)[:QUERIES]]


def _source(docs: list[tuple[str, str, str]], folder: Path) -> Path:
    """One JSONL file for every build (its path is a facet value too)."""
    src = folder / "docs.jsonl"
    with src.open("w", encoding="utf-8") as f:
        for i, t, x in docs:
            f.write(json.dumps({"_id": i, "title": t, "text": x}) + "\n")
    return src


def _build(src: Path, index: Path, workers: int, expected: int) -> Path:
    report = build_index([src], index, workers=workers)
    assert report.documents == expected and not report.errors
    return index


def _segments(index: Path) -> int:
    ix = storage.open_existing(index)
    try:
        with ix.reader() as r:
            return len(r.leaf_readers())
    finally:
        ix.close()


def _same_ranking(one: list[tuple[str, float]], other: list[tuple[str, float]]) -> None:
    """Same scores rank by rank; the same ids, except how a tie at the cut is broken."""
    assert len(one) == len(other)
    assert all(abs(a[1] - b[1]) <= 1e-6 for a, b in zip(one, other, strict=True))
    if not one:
        return
    cut = one[-1][1]
    above = lambda ranked: {d: s for d, s in ranked if s > cut + 1e-6}  # noqa: E731
    a, b = above(one), above(other)
    assert a.keys() == b.keys()
    assert all(abs(a[d] - b[d]) <= 1e-6 for d in a)


@pytest.mark.parametrize("key", ["scifact", "cranfield"])
def test_rankings_and_facets_do_not_depend_on_the_number_of_writers(
    key: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs, queries = _collection(key)
    monkeypatch.setattr(writer, "JSONL_CHUNK", CHUNK)
    src = _source(docs, tmp_path)
    indexes = {n: _build(src, tmp_path / f"index-{n}", n, len(docs)) for n in (1, 2, 4)}
    assert _segments(indexes[1]) == 1
    # each worker that took a job wrote a segment (a busy machine may starve one of jobs)
    assert 2 <= _segments(indexes[2]) <= 2 and 2 <= _segments(indexes[4]) <= 4

    def run(index: Path) -> tuple[dict[str, list[tuple[str, float]]], list[dict]]:
        with SearchIndex(index, timeout=None) as ix:
            ranked = dict(ix.batch(list(enumerate(queries)), top=TOP))
            facets = [
                {name: [(v.value, v.count) for v in vals] for name, vals in r.facets.items()}
                for r in (ix.search(q, limit=10) for q in queries[:10])
            ]
        return {str(q): r for q, r in ranked.items()}, facets

    base_ranked, base_facets = run(indexes[1])
    assert sum(len(r) for r in base_ranked.values()) > len(queries) * 10  # real rankings
    assert any(any(vals for vals in f.values()) for f in base_facets)  # real counts
    for n in (2, 4):
        ranked, facets = run(indexes[n])
        assert ranked.keys() == base_ranked.keys()
        for q in base_ranked:
            _same_ranking(base_ranked[q], ranked[q])
        assert facets == base_facets


def test_an_id_given_twice_keeps_its_first_record_across_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second record of an id written by another worker is dropped from its segment."""
    monkeypatch.setattr(writer, "JSONL_CHUNK", 2)
    src = tmp_path / "docs.jsonl"
    rows = [{"_id": f"d{i}", "title": f"Report {i}", "text": "Migrant workers."} for i in range(8)]
    rows.append({"_id": "d1", "title": "A later copy", "text": "Seafarers in Manila."})
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    report = build_index([src], tmp_path / "index", workers=2)
    assert report.documents == 8 and report.added == 8
    assert any("'d1' was given twice" in w for w in report.warnings)
    with SearchIndex(tmp_path / "index", timeout=None) as ix:
        assert ix.search("seafarers").total == 0
        assert [h.id for h in ix.search('"Report 1"').hits][:1] == ["d1"]


@pytest.mark.parametrize(
    ("limitmb", "term_block", "run_chunk"),
    [(64, 65536, 0), (64, 7, 0), (1, 65536, 65536), (1, 0, 5)],
)
def test_a_segment_holds_the_same_postings_as_whoosh_writes_them(
    tmp_path: Path, limitmb: int, term_block: int, run_chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A segment's pool takes postings with less work, field lengths are read once per
    field, text is analysed in one pass and postings written term by term (segments._Postings,
    _Lengths, _one_pass, _add_term); the postings and terms files must be byte for
    byte those of Whoosh's own writer, in memory (terms read a few postings at a time too)
    and when the pool spills runs to disk (runs read a chunk of postings at a time, a
    few at a time too), which are merged term by term (postings.PostingColumns)."""
    from whoosh.index import create_in
    from whoosh.writing import SegmentWriter

    from migsearch.indexer.ingest.records import Record
    from migsearch.indexer.ingest.tagging import tag
    from migsearch.indexer.store import postings, segments
    from migsearch.indexer.store.schema import make_schema, record_fields

    texts = [
        "Migrant workers in Thailand's fishing fleet.",
        "Filipino nurses recruited to the United Kingdom; recruitment fees and debt.",
        "",  # an empty body: a document whose length byte is 0
        "Remittances to Nepal " * 40,  # a long document: lengths are quantised bytes
        # accents folded beside the word, unspaced scripts cut by ICU (text analysed in one pass)
        "Động lực của người lao động: à la แรงงานประมง ແຮງງານລາວ, the Zürich façade",
    ]
    docs = [
        record_fields(tag(Record(id=f"d{i}", title=f"Report {i}", body=t, source="s")), "h")
        for i, t in enumerate(texts * 300)
    ]

    def files(folder: Path) -> dict[str, bytes]:
        return {
            p.suffix: p.read_bytes()
            for p in folder.iterdir()
            if p.suffix in (".pst", ".trm", ".spw")
        }

    written = {}
    for how in ("ours", "whoosh"):
        folder = tmp_path / how
        folder.mkdir()
        ix = create_in(folder, make_schema())
        if how == "ours":
            if term_block:
                monkeypatch.setattr(postings, "TERM_BLOCK", term_block)
            if run_chunk:
                monkeypatch.setattr(postings, "RUN_CHUNK", run_chunk)
            segments.configure(ix, limitmb)
            segments.write(docs[:1])
            pool = segments._writer.pool
            if limitmb == 1:
                pool.limit = 200_000  # a quarter of a MB: several runs
            segments.write(docs[1:])
            # the columns of postings spilled sorted runs to disk too, or not
            assert len(pool.runs) >= 2 if limitmb == 1 else not pool.runs
            assert "index" in vars(segments._writer.schema["content"])  # analysed in one pass
            seg = segments.finish()
            assert not pool.runs and not list(Path(pool.tempstore.folder).glob("*.run"))
            segments.configure(None)
            # the one-pass analysis went to the writer's copy of the schema, not the index's
            assert all("index" not in vars(f) for _, f in ix.schema.items())
        else:
            w = SegmentWriter(ix, _lk=False, compound=False, limitmb=limitmb)
            for d in docs:
                w.add_document(**{k: v for k, v in d.items() if k != "spell"})
            assert bool(w.pool.runs) == (limitmb == 1)  # spilled runs to disk, or not
            seg = w._finalize_segment()
        assert seg is not None and seg.doc_count() == len(docs)
        ix.close()
        written[how] = files(folder)
    assert written["ours"].keys() == {".pst", ".trm", ".spw"}
    assert written["whoosh"].keys() == {".pst", ".trm"}
    assert written["ours"][".pst"] == written["whoosh"][".pst"]
    assert written["ours"][".trm"] == written["whoosh"][".trm"]


def test_a_pool_given_a_documents_postings_at_once_holds_them_as_one_at_a_time(
    tmp_path: Path,
) -> None:
    """``PostingColumns.add_many`` (what the segment writer calls, once per document) fills
    the same columns as ``add`` called once per posting, as Whoosh calls it, with the
    postings Whoosh's writer makes of tagged real pages (English, Thai, Vietnamese…)."""
    from types import SimpleNamespace

    from whoosh.index import create_in
    from whoosh.writing import SegmentWriter

    from migsearch.indexer.ingest.records import Record
    from migsearch.indexer.ingest.tagging import tag
    from migsearch.indexer.store.postings import PostingColumns
    from migsearch.indexer.store.schema import make_schema, record_fields

    root = Path(__file__).resolve().parents[3]
    pages = [p.read_text(encoding="utf-8") for p in sorted((root / "corpus").glob("*.txt"))]
    pages += [p.read_text("utf-8") for p in sorted((root / "tests/fixtures/asean").glob("*"))]
    docs = [
        record_fields(tag(Record(id=f"d{i}", title=f"Page {i}", body=t, source="s")), "h")
        for i, t in enumerate(pages * 2)  # the second time round, no term is new
    ]
    w = SegmentWriter(create_in(tmp_path, make_schema()), _lk=False, compound=False)
    by_doc: list[list[tuple]] = []
    for d in docs:  # each document's postings, as Whoosh's add_document hands them on
        by_doc.append([])
        w.pool = SimpleNamespace(add=by_doc[-1].append)
        w.add_document(**{k: v for k, v in d.items() if k != "spell"})
    one, many = (PostingColumns(w._tempstorage, w.newsegment, limitmb=512) for _ in "ab")
    one.start()
    many.start()
    for items in by_doc:
        for item in items:
            one.add(item)
        many.add_many(items)
    many.add_many([])
    assert len(one.term_of) > 1000 and list(one.terms.items()) == list(many.terms.items())
    assert (one.term_of, one.docnums, one.weights) == (many.term_of, many.docnums, many.weights)
    assert (one.values, one.ends, one.held) == (many.values, many.ends, many.held)
    assert one.fieldnames == many.fieldnames and not one.runs and not many.runs


def test_id_and_facet_fields_give_whooshs_postings_without_a_token_stream(tmp_path: Path) -> None:
    """A segment writer indexes ID fields (the value whole) and comma-separated facet
    fields (stripped pieces, counted) itself (segments._whole_values, _comma_values):
    the same postings, in the same order, as Whoosh's own ``index`` of the field, for
    tagged real pages and for values with blanks, repeats and empty pieces."""
    from whoosh.index import create_in

    from migsearch.indexer.ingest.records import Record
    from migsearch.indexer.ingest.tagging import tag
    from migsearch.indexer.store import segments
    from migsearch.indexer.store.schema import make_schema, record_fields

    root = Path(__file__).resolve().parents[3]
    pages = [p.read_text(encoding="utf-8") for p in sorted((root / "corpus").glob("*.txt"))]
    pages += [p.read_text("utf-8") for p in sorted((root / "tests/fixtures/asean").glob("*"))]
    docs = [
        record_fields(tag(Record(id=f"d{i}", title=f"Page {i}", body=t, source="s")), "h")
        for i, t in enumerate(pages)
    ]
    odd = ["", " ", "a", " a , b,a,, ,", "THA, MMR,THA", "Ünïcode, é", ",", "x\n,y\t"]
    w = segments._SegmentWriter(create_in(tmp_path, make_schema()), _lk=False, compound=False)
    whooshs = make_schema()
    fast = {n: f.index for n, f in w.schema.items() if "index" in vars(f)}
    assert {"id", "source", "language", "countries", "themes", "corridors"} <= fast.keys()
    seen = 0
    for name, index in fast.items():
        for value in [*(d[name] for d in docs if d.get(name) is not None), *odd]:
            assert list(index(value)) == list(whooshs[name].index(value)), (name, value)
            seen += 1
    assert seen > 150
    w.cancel()
