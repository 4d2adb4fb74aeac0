"""Spelling words in files beside the segments: counts right through merges and deletions,
and indexes whose words are in the ``spell`` field still answering."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import whoosh.index

from migsearch.indexer.ingest.records import Record, summary_in_body
from migsearch.indexer.ingest.tagging import tag
from migsearch.indexer.store.schema import make_schema, record_fields, spelling_words
from migsearch.indexer.store.spellwords import EXT, SegmentWords, vocabulary
from migsearch.indexer.store.storage import data_folder, open_existing
from migsearch.indexer.store.writer import build_index
from migsearch.search.query.spelling import respell

TOPICS = [
    "Migrant fishers in Thailand reported unpaid wages and confiscated passports.",
    "Recruitment fees leave domestic workers from Nepal in debt bondage.",
    "Remittances from Malaysia support families in Indonesia and the Philippines.",
    "Trafficking of seafarers through brokers in Myanmar and Cambodia.",
    "Kafala sponsorship ties construction workers to their employers in Qatar.",
    "Seasonal agricultural workers from Vanuatu pick fruit in Australia.",
]


def _write_source(folder: Path, name: str, ids: range, salt: str) -> Path:
    path = folder / f"{name}.jsonl"
    lines = [
        json.dumps(
            {
                "id": f"{name}-{i}",
                "title": f"Report {name} {i} on {salt}",
                "text": f"{TOPICS[i % len(TOPICS)]} Unusual{salt}word appears here.",
            }
        )
        for i in ids
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _expected(ix_dir: Path) -> Counter[str]:
    """The spelling words of every live document, counted from its stored fields."""
    expected: Counter[str] = Counter()
    ix = open_existing(ix_dir)
    with ix.reader() as r:
        for _docnum, stored in r.iter_docs():
            content = stored["title"]
            if not summary_in_body(stored["summary"], stored["body"]):
                content += "\n" + stored["summary"]
            content += "\n" + stored["body"]
            expected.update(spelling_words(content).split())
    ix.close()
    return expected


def _state(ix_dir: Path) -> tuple[dict[str, int], int, int, list[str]]:
    """The files' counts, segments, deleted documents and spelling files of an index."""
    ix = open_existing(ix_dir)
    try:
        with ix.reader() as r:
            counts = dict(vocabulary(r).counts)
            segs = [leaf.segment() for leaf, _offset in r.leaf_readers()]
        deleted = sum(s.deleted_count() for s in segs)
    finally:
        ix.close()
    files = sorted(p.name for p in data_folder(ix_dir).iterdir() if p.suffix == EXT)
    return counts, len(segs), deleted, files


def test_counts_stay_right_through_merges_and_deletions(tmp_path: Path) -> None:
    src, ix = tmp_path / "src", tmp_path / "ix"
    src.mkdir()
    seen_segments, seen_deleted = [], []
    # one small source a run: Whoosh merges the small segments on the sixth commit or so
    for n in range(8):
        build_index([_write_source(src, f"s{n}", range(3), f"run{n}")], ix, workers=1)
        counts, segs, deleted, files = _state(ix)
        assert counts == _expected(ix) and _field_frequency(ix, "fishers") == 0
        assert len(files) == segs  # one file a segment, none left by merged segments
        seen_segments.append(segs)
    assert max(seen_segments) > seen_segments[-1]  # a merge happened
    # sources replaced by fewer records: their old documents are deleted, not yet merged
    for n in (1, 6):
        build_index([_write_source(src, f"s{n}", range(1), f"again{n}")], ix, workers=1)
        counts, segs, deleted, files = _state(ix)
        assert counts == _expected(ix)
        seen_deleted.append(deleted)
    assert max(seen_deleted) > 0
    # (the digits cut the made-up words: "unusualrun", "unusualagain")
    assert counts["unusualrun"] == 6 * 3 and counts["unusualagain"] == 2
    # two workers and a rebuild write the same counts
    build_index([src], ix, rebuild=True, workers=2)
    counts, _segs, deleted, _files = _state(ix)
    assert deleted == 0 and counts == _expected(ix)
    assert counts["fishers"] == 8  # in document 0 of each of the eight sources


def _field_frequency(ix_dir: Path, word: str) -> int:
    ix = open_existing(ix_dir)
    try:
        with ix.reader() as r:
            return int(r.doc_frequency("spell", word))
    finally:
        ix.close()


def _segment_ids(ix_dir: Path) -> set[str]:
    ix = open_existing(ix_dir)
    try:
        with ix.reader() as r:
            return {leaf.segment().segment_id() for leaf, _offset in r.leaf_readers()}
    finally:
        ix.close()


def _respell(ix_dir: Path, text: str) -> str | None:
    ix = open_existing(ix_dir)
    try:
        with ix.searcher() as s:
            return respell(s.reader(), text)
    finally:
        ix.close()


def test_an_index_with_the_spell_field_keeps_its_words_as_it_grows(tmp_path: Path) -> None:
    # written as before the files: the words indexed in the `spell` field of one segment
    ix_dir = tmp_path / "ix"
    ix_dir.mkdir()
    ix = whoosh.index.create_in(str(ix_dir), make_schema())
    with ix.writer() as w:
        for i, text in enumerate(TOPICS[:3]):
            rec = tag(Record(id=f"old-{i}", title=f"Old report {i}", body=text, source="old"))
            w.add_document(**record_fields(rec, "h"))
    ix.close()
    (old,) = _segment_ids(ix_dir)
    assert _respell(ix_dir, "confiscatd pasports") == "confiscated passports"
    src = tmp_path / "src"
    src.mkdir()
    for n in range(7):  # new segments with files, until Whoosh merges old and new
        build_index([_write_source(src, f"new{n}", range(3, 6), f"grow{n}")], ix_dir, workers=1)
        # words of the field's segment and of the files' alike
        assert _respell(ix_dir, "confiscatd") == "confiscated"
        assert _respell(ix_dir, "sponsorshp") == "sponsorship"
    assert old not in _segment_ids(ix_dir)  # merged with new ones
    counts, _segs, _deleted, _files = _state(ix_dir)
    assert _field_frequency(ix_dir, "confiscated") == 1  # still in the field
    assert "confiscated" not in counts and counts["sponsorship"] == 7


def test_a_transposition_counts_as_one_edit(tmp_path: Path) -> None:
    src, ix = tmp_path / "src", tmp_path / "ix"
    src.mkdir()
    build_index([_write_source(src, "s", range(6), "x")], ix, workers=1)
    assert _respell(ix, "sopnsrohsip") is None  # three edits, even counting swaps as one
    assert _respell(ix, "sopnsorhsip") == "sponsorship"  # two transpositions (four plain edits)
    assert _respell(ix, "sponosrhip") == "sponsorship"  # a transposition and a deletion
    assert _respell(ix, "remittacnes") == "remittances"


def test_documents_come_in_order() -> None:
    words = SegmentWords()
    words.add(2, ["migrant"])  # documents 0 and 1 have no words
    assert len(words) == 3
    with pytest.raises(ValueError, match="came after"):
        words.add(1, ["fishers"])
