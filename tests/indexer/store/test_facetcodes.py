"""Facet codes in files beside the segments: every segment's file says what Whoosh's
columns say, through merges, deletions, rebuilds and segments written without one."""

from __future__ import annotations

import json
from pathlib import Path

import whoosh.index

from migsearch.indexer.ingest.records import Record
from migsearch.indexer.ingest.tagging import tag
from migsearch.indexer.store.facetcodes import (
    EXT,
    SegmentCodes,
    column_fields,
    read_codes,
    read_order,
)
from migsearch.indexer.store.schema import make_schema, record_fields
from migsearch.indexer.store.spellwords import EXT as WORDS_EXT
from migsearch.indexer.store.storage import data_folder, open_existing
from migsearch.indexer.store.writer import PreparedSource, build_index

TOPICS = [
    "Migrant fishers in Thailand reported unpaid wages; many came from Myanmar.",
    "Recruitment fees leave domestic workers from Nepal in debt in Qatar.",
    "Remittances from Malaysia support families in Indonesia and the Philippines.",
    "Trafficking of seafarers through brokers in Cambodia.",
    "A note with no country at all.",
]


def _write_source(folder: Path, name: str, ids: range) -> Path:
    path = folder / f"{name}.jsonl"
    rows = []
    for i in ids:
        row = {"id": f"{name}-{i}", "title": f"Report {name} {i}", "text": TOPICS[i % len(TOPICS)]}
        if i % 3:
            row["date"] = f"20{10 + i % 7}-0{1 + i % 9}-1{i % 10}"
        rows.append(json.dumps(row))
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _check(ix_dir: Path) -> tuple[int, int, int]:
    """Every segment's file equals its Whoosh columns; (segments, files, deleted documents)."""
    ix = open_existing(ix_dir)
    fields = column_fields(ix.schema)
    assert {"countries", "corridors", "date", "themes", "source"} <= set(fields)
    assert "id" not in fields
    try:
        with ix.reader() as r:
            leaves = [leaf for leaf, _offset in r.leaf_readers()]
            with_file = deleted = 0
            for leaf in leaves:
                deleted += leaf.segment().deleted_count()
                for f in fields:
                    got = read_codes(leaf.storage(), leaf.segment(), f)
                    if got is None:
                        break
                    assert got.docs == leaf.doc_count_all()
                    as_strings = [
                        ",".join(got.values[i] for i in got.ids[got.starts[d] : got.starts[d + 1]])
                        for d in range(got.docs)
                    ]
                    # the column's strings, each value once (as the tagger writes them)
                    assert as_strings == list(leaf.column_reader(f)), f
                else:
                    with_file += 1
                    # the documents in id order, each with its number
                    ids = list(leaf.column_reader("id"))
                    keys, numbers = read_order(leaf.storage(), leaf.segment())
                    in_order = [k.decode("utf-8") for k in keys.tolist()]
                    assert in_order == sorted(ids)
                    assert [ids[d] for d in numbers.tolist()] == in_order
    finally:
        ix.close()
    return len(leaves), with_file, deleted


def test_each_segment_file_equals_the_columns_through_merges_and_deletions(tmp_path: Path) -> None:
    src, ix = tmp_path / "src", tmp_path / "ix"
    src.mkdir()
    counts = []
    for n in range(8):  # small runs: Whoosh merges the small segments after a few
        build_index([_write_source(src, f"s{n}", range(4))], ix, workers=1)
        segs, with_file, _deleted = _check(ix)
        assert with_file == segs
        counts.append(segs)
    assert max(counts) > counts[-1]  # a merge happened
    seen_deleted = []
    for n in (1, 6):  # replaced by fewer records: old documents deleted, then merged
        build_index([_write_source(src, f"s{n}", range(2, 3))], ix, workers=1)
        segs, with_file, deleted = _check(ix)
        assert with_file == segs
        seen_deleted.append(deleted)
    assert max(seen_deleted) > 0
    build_index([src], ix, rebuild=True, workers=2)  # segments of two workers
    segs, with_file, deleted = _check(ix)
    assert with_file == segs >= 1 and deleted == 0
    assert len([p for p in data_folder(ix).iterdir() if p.suffix == EXT]) == segs


def test_a_segment_written_without_a_file_gets_one_when_merged(tmp_path: Path) -> None:
    ix_dir = tmp_path / "ix"
    ix_dir.mkdir()
    ix = whoosh.index.create_in(str(ix_dir), make_schema())  # as before the files existed
    with ix.writer() as w:
        for i, text in enumerate(TOPICS):
            rec = tag(Record(id=f"old-{i}", title=f"Old report {i}", body=text, source="old"))
            w.add_document(**record_fields(rec, "h"))
    ix.close()
    assert _check(ix_dir)[1] == 0
    src = tmp_path / "src"
    src.mkdir()
    for n in range(7):  # until Whoosh merges the old segment with new ones
        build_index([_write_source(src, f"new{n}", range(3))], ix_dir, workers=1)
        segs, with_file, _deleted = _check(ix_dir)
    assert with_file == segs  # the merged segment has a file, read from the old columns


def test_a_document_that_did_not_pass_through_leaves_the_segment_without_a_file(
    tmp_path: Path,
) -> None:
    ix = whoosh.index.create_in(str(tmp_path), make_schema())
    codes = SegmentCodes(ix.schema)
    codes.add(0, {"countries": "THA,MMR", "date": "2015-01-01"})
    codes.add(2, {"countries": "PHL"})  # document 1 was written some other way
    assert not codes.complete
    with ix.writer() as w:
        for i in range(3):
            w.add_document(id=str(i))
        codes.close(w.storage, w.get_segment(), 3)
    assert not any(p.suffix == EXT for p in tmp_path.iterdir())
    ix.close()


def test_records_made_in_the_parent_get_their_segment_and_files(tmp_path: Path) -> None:
    # web resources are made by the crawler in the indexing process itself
    src, ix = tmp_path / "src", tmp_path / "ix"
    src.mkdir()

    def page(n: int, version: str) -> PreparedSource:
        recs = [
            tag(Record(id=f"web-{n}-{i}", title=f"Page {n} {i} {version}", body=t, source="w"))
            for i, t in enumerate(TOPICS)
        ]
        return PreparedSource(f"https://example.org/{n}", f"{n}{version}", lambda: (recs, []))

    for n in range(6):  # pages and files, then pages replaced: merges mix them all
        build_index([_write_source(src, f"f{n}", range(3))], ix, workers=1, prepared=[page(n, "a")])
        build_index([], ix, workers=1, prepared=[page(n, "b")])
        segs, with_file, deleted = _check(ix)
        assert with_file == segs
    assert deleted > 0 or segs > 1
    words = [p for p in data_folder(ix).iterdir() if p.suffix == WORDS_EXT]
    assert len(words) == segs  # the pages' spelling words have their file too
    with open_existing(ix).searcher() as s:
        assert s.doc_count() == 6 * 3 + 6 * len(TOPICS)
        assert [d["title"] for d in s.documents(id="web-5-4")] == ["Page 5 4 b"]
