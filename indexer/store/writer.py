"""Building and updating an index: incremental, one writer, parallel parsing.

Parsing and tagging run in worker processes (they are pure functions of a
file's bytes); the single Whoosh writer stays in this process, because Whoosh's
own multi-process writer crashes intermittently and was slower on two cores.
Each run commits once, so a run either lands whole or not at all.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import whoosh.index
from whoosh.index import LockError

from migsearch.errors import IndexLockedError, IngestError
from migsearch.indexer.ingest.jsonl import Row, iter_jsonl, rows_to_records
from migsearch.indexer.ingest.pipeline import records_from_bytes
from migsearch.indexer.ingest.records import Record
from migsearch.indexer.ingest.sources import Source, content_hash, decode, iter_sources, read_source
from migsearch.indexer.store.schema import spelling_words
from migsearch.indexer.store.storage import create_index, index_exists, open_existing

__all__ = ["IndexReport", "PreparedSource", "build_index", "record_fields"]

#: JSONL sources are cut into chunks of this many lines, so one big file still
#: spreads over all workers.
JSONL_CHUNK = 400
WRITER_TIMEOUT = 5.0


@dataclass
class IndexReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: int = 0
    documents: int = 0
    sources: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class PreparedSource:
    """A source that is not a file: a fetched web resource, whose records are made
    by the crawler. Incremental like a file: an unchanged ``hash`` skips it,
    and ``build`` (records and error lines) runs only when it changed."""

    name: str
    hash: str
    build: Callable[[], tuple[list[Record], list[str]]]


def record_fields(rec: Record, source_hash: str) -> dict[str, Any]:
    """A record as the keyword arguments of ``writer.add_document``."""
    content = rec.title
    if rec.summary and rec.summary not in rec.body:
        content += "\n" + rec.summary
    content += "\n" + rec.body
    date = rec.date or ""
    return {
        "id": rec.id,
        "title": rec.title,
        "summary": rec.summary,
        "body": rec.body,
        "content": content,
        "date": date,
        "year": date[:4],
        "countries": ",".join(rec.countries),
        "primary_country": rec.primary_country or "",
        "regions": ",".join(rec.regions),
        "themes": ",".join(rec.themes),
        "type": rec.type or "",
        "url": rec.url,
        "source": rec.source,
        "source_hash": source_hash,
        "spell": spelling_words(content),
    }


# ---------------------------------------------------------------- workers


def _job_file(
    src: Source, known_hash: str | None
) -> tuple[Source, str | None, list[Record] | None, list[str]]:
    """Read, hash and (when changed) parse one source. Runs in a worker.

    Returns the source, its hash, its records (None when the file failed as a
    whole) and the errors to report.
    """
    try:
        data = read_source(src)
        h = content_hash(data)
        if h == known_hash:
            return src, h, [], []
        recs, errors = records_from_bytes(src, data)
        return src, h, recs, [str(e) for e in errors]
    except IngestError as e:
        return src, None, None, [str(e)]
    except Exception as e:  # a parser bug must not end the run: report and go on
        return src, None, None, [f"{src.name}: could not be parsed ({type(e).__name__}: {e})"]


def _job_jsonl_chunk(name: str, rows: list[Row]) -> tuple[list[Record], list[str]]:
    """Records of a chunk of JSONL rows, and the errors to report. Runs in a worker."""
    recs, errors = rows_to_records(name, rows)
    return recs, [str(e) for e in errors]


# ---------------------------------------------------------------- building


@dataclass
class _Known:
    """What the index already holds, per source: content hash and record ids."""

    hashes: dict[str, str] = field(default_factory=dict)
    ids: dict[str, set[str]] = field(default_factory=dict)
    all_ids: set[str] = field(default_factory=set)


def _known(ix: whoosh.index.Index) -> _Known:
    k = _Known()
    with ix.reader() as r:
        if r.doc_count_all() == 0:
            return k
        src_col = r.column_reader("source")
        hash_col = r.column_reader("source_hash")
        id_col = r.column_reader("id")
        for n in r.all_doc_ids():
            s = src_col[n]
            k.hashes[s] = hash_col[n]
            k.ids.setdefault(s, set()).add(id_col[n])
            k.all_ids.add(id_col[n])
    return k


def _under(path: str, roots: list[Path]) -> bool:
    p = Path(path)
    return any(p == r or r in p.parents for r in roots)


def _parallel_map(
    fn: Callable[..., Any], argsets: Iterable[tuple[Any, ...]], workers: int
) -> Iterator[Any]:
    if workers <= 1:
        for a in argsets:
            yield fn(*a)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: list[Any] = []
        for a in argsets:
            pending.append(pool.submit(fn, *a))
            # keep a bounded window so memory stays flat on huge inputs
            while len(pending) >= workers * 4:
                yield pending.pop(0).result()
        for f in pending:
            yield f.result()


def build_index(
    paths: Iterable[str | os.PathLike[str]],
    index_dir: str | os.PathLike[str],
    *,
    rebuild: bool = False,
    workers: int | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    on_error: Callable[[str], None] | None = None,
    prepared: Iterable[PreparedSource] = (),
    vanished: Iterable[str] = (),
) -> IndexReport:
    """Index ``paths`` into ``index_dir`` and commit once.

    ``on_progress(done, total)`` counts bytes of input, so one large JSONL file
    moves a progress bar as its chunks are written, not only when it ends.

    Unchanged sources (same content hash) are skipped, changed ones replaced,
    and sources that vanished from under the given folders removed. With
    ``rebuild`` the index is built afresh in a sibling folder and swapped in
    only when complete, so a failed rebuild leaves the old index intact.

    ``prepared`` sources (fetched web resources) are indexed next to the
    files; ``vanished`` names sources to remove (resources gone from the web).
    """
    paths = list(paths)
    sources = list(iter_sources(paths))
    web = (list(prepared), list(vanished))
    roots = [Path(p).expanduser().absolute() for p in paths]
    target = Path(index_dir)
    build_dir = target.with_name(target.name + ".rebuild") if rebuild else target
    if rebuild and build_dir.exists():
        shutil.rmtree(build_dir)
    build_dir.mkdir(parents=True, exist_ok=True)
    ix = open_existing(build_dir) if index_exists(build_dir) else create_index(build_dir)
    try:
        return _update(
            ix, sources, roots, build_dir, target, rebuild, workers, on_progress, on_error, web
        )
    finally:
        ix.close()


def _update(
    ix, sources, roots, build_dir, target, rebuild, workers, on_progress, on_error, web
) -> IndexReport:
    report = IndexReport(sources=len(sources) + len(web[0]))
    known = _known(ix)
    workers = workers if workers is not None else min(os.cpu_count() or 1, 4)
    if len(sources) < 2 and not any(s.format == "jsonl" for s in sources):
        workers = 1  # a process pool costs more than it saves on one small file
    try:
        # compound=False: Whoosh copies a compound segment's postings into memory when
        # it opens it (hundreds of MB at 100k documents); separate files are read in place
        writer = ix.writer(timeout=WRITER_TIMEOUT, limitmb=256, compound=False)
    except LockError as e:
        raise IndexLockedError(
            f"the index at {build_dir} is locked by another writer; try again when it is done"
        ) from e

    def fail(msg: str) -> None:
        report.failed += 1
        report.errors.append(msg)
        if on_error:
            on_error(msg)

    seen_ids: set[str] = set()

    def write(
        src_name: str, h: str, recs: list[Record], replace: bool, count_removed: bool = True
    ) -> None:
        old = known.ids.get(src_name, set())
        if replace and old:
            writer.delete_by_term("source", src_name)
        for rec in recs:
            if rec.id in seen_ids:
                continue  # the same id twice in one run: first one wins
            seen_ids.add(rec.id)
            if rec.id in old:
                report.updated += 1
            elif rec.id in known.all_ids:
                writer.delete_by_term("id", rec.id)  # moved here from another source
                report.updated += 1
            else:
                report.added += 1
            writer.add_document(**record_fields(rec, h))
        if count_removed:
            report.removed += len(old - {r.id for r in recs})

    try:
        sizes = {src.name: _size(src) for src in sources}
        total = sum(sizes.values()) or 1
        progress = [0.0]

        def advance(nbytes: float) -> None:
            progress[0] = min(total, progress[0] + nbytes)
            if on_progress:
                on_progress(int(progress[0]), total)

        seen_sources: set[str] = set()
        file_jobs = [s for s in sources if s.format != "jsonl"]
        for src, h, recs, errors in _parallel_map(
            _job_file, ((s, known.hashes.get(s.name)) for s in file_jobs), workers
        ):
            seen_sources.add(src.name)
            for msg in errors:
                fail(msg)
            # a file that failed as a whole (recs None) keeps what the index had for it
            if recs is not None and h == known.hashes.get(src.name):
                report.unchanged += len(known.ids.get(src.name, ()))
            elif recs is not None:
                write(src.name, h, recs, replace=True)
            advance(sizes.get(src.name, 0))
        for src in (s for s in sources if s.format == "jsonl"):
            seen_sources.add(src.name)
            _index_jsonl(src, known, workers, write, fail, report, advance)
            advance(0)
        _index_prepared(web, known, seen_sources, writer, write, fail, report)
        for name in list(known.hashes):
            if name not in seen_sources and _under(name, roots) and not Path(name).exists():
                writer.delete_by_term("source", name)
                report.removed += len(known.ids.get(name, ()))
        if report.changed:
            writer.commit()
        else:
            writer.cancel()
    except BaseException:
        writer.cancel()
        raise
    with ix.reader() as r:
        report.documents = r.doc_count()
    if rebuild:
        _swap(build_dir, target)
    return report


def _size(src: Source) -> int:
    try:
        return src.path.stat().st_size
    except OSError:
        return 0


def _index_jsonl(src, known, workers, write, fail, report, advance) -> None:
    try:
        data = read_source(src)
    except IngestError as e:
        fail(str(e))
        return
    h = content_hash(data)
    if h == known.hashes.get(src.name):
        report.unchanged += len(known.ids.get(src.name, ()))
        advance(_size(src))
        return
    try:
        text = decode(data, src.name)
    except IngestError as e:
        fail(str(e))
        return
    rows: list[Row] = []
    for row in iter_jsonl(src.name, text):
        if isinstance(row, IngestError):
            fail(str(row))
        else:
            rows.append(row)
    chunks = [rows[i : i + JSONL_CHUNK] for i in range(0, len(rows), JSONL_CHUNK)]
    # chunks are written as they arrive, so the writer works while workers parse the next
    new_ids: set[str] = set()
    per_chunk = _size(src) / max(1, len(chunks))
    for chunk_recs, errors in _parallel_map(
        _job_jsonl_chunk, ((src.name, c) for c in chunks), workers
    ):
        advance(per_chunk)
        for e in errors:
            fail(e)
        if chunk_recs:
            # the source's old documents go once, before its first usable record
            write(src.name, h, chunk_recs, replace=not new_ids, count_removed=False)
            new_ids.update(r.id for r in chunk_recs)
    if not new_ids:
        return  # nothing usable: keep what the index had for this source
    report.removed += len(known.ids.get(src.name, set()) - new_ids)


def _index_prepared(web, known, seen_sources, writer, write, fail, report) -> None:
    prepared, vanished = web
    for p in prepared:
        seen_sources.add(p.name)
        if p.hash == known.hashes.get(p.name):
            report.unchanged += len(known.ids.get(p.name, ()))
            continue
        try:
            recs, errors = p.build()
        except IngestError as e:
            fail(str(e))
            continue
        except Exception as e:  # a parser bug must not end the run: report and go on
            fail(f"{p.name}: could not be parsed ({type(e).__name__}: {e})")
            continue
        for msg in errors:
            fail(msg)
        write(p.name, p.hash, recs, replace=True)
    for name in vanished:
        if name in known.ids and name not in seen_sources:
            writer.delete_by_term("source", name)
            report.removed += len(known.ids[name])


def _swap(build_dir: Path, target: Path) -> None:
    """Put a completed rebuild in place of the old index."""
    old = target.with_name(target.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    build_dir.rename(target)
    with contextlib.suppress(OSError):
        shutil.rmtree(old)
