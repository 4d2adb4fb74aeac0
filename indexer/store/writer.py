"""Building and updating an index: incremental, one writer, parallel parsing.

Parsing and tagging run in worker processes (:mod:`.pool`; they are pure
functions of a file's bytes), and each worker writes the documents it parsed
into a Whoosh segment of its own (:mod:`.segments`), so writing spreads over
the cores as parsing does. The run's one Whoosh writer stays in this process:
it deletes what the run replaces, writes web resources made here, and commits
the workers' segments with its own in one table of contents. (Whoosh's own
multi-process writer crashed intermittently and was slower on two cores.)
Each run commits once, so a run either lands whole or not at all, and it runs inside a :class:`~.session.WriteSession`: under the
index's one writer lock from start to finish, with a rebuild written beside
the current index and published atomically, and nothing left behind by a run
that fails, is stopped (SIGTERM, Ctrl-C) or is killed.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import whoosh.index
from whoosh.index import LockError
from whoosh.writing import MERGE_SMALL

from migsearch.errors import IndexLockedError, IngestError, UsageError
from migsearch.indexer.ingest.jsonl import jsonl_lines
from migsearch.indexer.ingest.records import Record
from migsearch.indexer.ingest.sources import (
    NOT_FAILURES,
    Skipped,
    Source,
    content_hash,
    decode,
    read_source,
    scan,
    skipped_summary,
)
from migsearch.indexer.store import jobs, segments, storage
from migsearch.indexer.store.jobs import Batch, job_file, job_jsonl_chunk, load_vocabulary
from migsearch.indexer.store.lock import WriteLock
from migsearch.indexer.store.pool import WorkerPool
from migsearch.indexer.store.postingarrays import keep_arrays
from migsearch.indexer.store.session import WriteSession, log_notice
from migsearch.indexer.store.sidefiles import carrying

__all__ = ["STAGES", "IndexReport", "PreparedSource", "build_index"]

#: JSONL sources are cut into chunks of this many lines, so one big file still
#: spreads over all workers.
JSONL_CHUNK = 400
WRITER_TIMEOUT = 5.0
#: what a run is doing, in order, as told to ``on_stage``
STAGES = ("parsing", "committing", "publishing")


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
    #: values dropped from records that were indexed (a bad url, an unreadable date)
    warnings: list[str] = field(default_factory=list)
    #: files under the given paths that gave no record: ``{"path", "reason", "kind"}``
    skipped: list[dict[str, str]] = field(default_factory=list)
    #: sources indexed in part, one line each ("no text layer: scanned PDF; …")
    notes: list[str] = field(default_factory=list)

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


def _size(src: Source) -> int:
    try:
        return src.path.stat().st_size
    except OSError:
        return 0


def _documents(index_dir: Path) -> int:
    """Documents in the current index at ``index_dir`` (0 when there is none)."""
    if not storage.index_exists(index_dir):
        return 0
    ix = storage.open_existing(index_dir)
    try:
        return int(ix.doc_count())
    finally:
        ix.close()


def build_index(
    paths: Iterable[str | os.PathLike[str]],
    index_dir: str | os.PathLike[str],
    *,
    rebuild: bool = False,
    workers: int | None = None,
    wait: float = 0.0,
    on_progress: Callable[[int, int], None] | None = None,
    on_error: Callable[[str], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
    on_notice: Callable[[str], None] | None = None,
    on_stage: Callable[[str], None] | None = None,
    prepared: Iterable[PreparedSource] = (),
    vanished: Iterable[str] = (),
    lock: WriteLock | None = None,
    shard: tuple[int, int] | None = None,
    ready: Callable[[IndexReport], bool] | None = None,
    elsewhere: dict[str, str] | None = None,
) -> IndexReport:
    """Index ``paths`` into ``index_dir`` and commit once.

    Unchanged sources (same content hash) are skipped, changed ones replaced,
    and sources that vanished from under the given folders removed. With
    ``rebuild`` the index is built afresh beside the current one and swapped
    in only when complete, so a failed rebuild leaves the old index intact;
    a rebuild that could index nothing at all is not swapped in either.

    Another writer of the same index is waited for up to ``wait`` seconds,
    then IndexLockedError. ``on_progress(done, total)`` counts bytes of input,
    so one large JSONL file moves a progress bar as its chunks are written.
    ``on_error`` hears of each file or record skipped, ``on_warning`` of each
    value dropped from a record that was kept, ``on_notice`` of each repair
    made after an earlier run that did not finish (default: the log), and
    ``on_stage`` of each of :data:`STAGES` as it begins.

    ``prepared`` sources (fetched web resources) are indexed next to the
    files; ``vanished`` names sources to remove (resources gone from the web).
    A caller that took the writer lock before (a crawl, with
    :func:`~.session.hold_lock`) passes it as ``lock`` and releases it itself.

    For the shards of :mod:`.shards`: ``shard=(k, n)`` writes only shard ``k``'s
    records; ``ready(report)``, asked before the commit, may say no (nothing is
    committed); ``elsewhere``: the hashes of sources other shards hold.
    """
    paths = list(paths)
    found = list(scan(paths))
    sources = [s for s in found if isinstance(s, Source)]
    skipped = [s for s in found if isinstance(s, Skipped)]
    prepared, vanished = list(prepared), list(vanished)
    if paths and not sources and not prepared and not vanished:
        where = ", ".join(str(p) for p in paths)
        raise UsageError(f"nothing to index in {where}: {skipped_summary(skipped) or 'no files'}")
    roots = [Path(p).expanduser().absolute() for p in paths]
    with WriteSession(
        index_dir, rebuild=rebuild, wait=wait, on_notice=on_notice or log_notice, lock=lock
    ) as session:
        run = _Run(session, sources, workers, on_progress, on_error, on_warning, on_stage)
        run.ready = ready
        for name, h in (elsewhere or {}).items():  # unchanged sources this shard has none of
            run.known.hashes.setdefault(name, h)
        with jobs.writing_shard(shard):
            report = run.update(roots, prepared, vanished)
    # files that failed as a whole were added as they were met; the walk's come first
    report.skipped[:0] = [s.to_dict() for s in skipped]
    return report


class _Run:
    """The state of one run: the report, what the index held, the Whoosh writer."""

    def __init__(
        self,
        session: WriteSession,
        sources: list[Source],
        workers: int | None,
        on_progress: Callable[[int, int], None] | None,
        on_error: Callable[[str], None] | None,
        on_warning: Callable[[str], None] | None,
        on_stage: Callable[[str], None] | None,
    ) -> None:
        self.session = session
        self.sources = sources
        self.report = IndexReport(sources=len(sources))
        self.known = _known(session.ix)
        n = workers if workers is not None else min(os.cpu_count() or 1, 4)
        if len(sources) < 2 and not any(s.format == "jsonl" for s in sources):
            n = 1  # a process pool costs more than it saves on one small file
        self.workers = n
        self.on_progress = on_progress
        self.on_error = on_error
        self.on_warning = on_warning
        self.on_stage = on_stage or (lambda _stage: None)
        self.seen_ids: set[str] = set()
        self.total = sum(_size(s) for s in sources) or 1
        self.done = 0.0
        self.writer: Any = None
        #: documents of the workers' segments to drop (an id met again), by segment id
        self.drops: dict[str, set[int]] = {}
        #: asked before the commit whether to commit at all (see build_index)
        self.ready: Callable[[IndexReport], bool] | None = None

    # ------------------------------------------------------------ reporting
    def fail(self, msg: str) -> None:
        self.report.failed += 1
        self.report.errors.append(msg)
        if self.on_error:
            self.on_error(msg)

    def warn(self, msg: str) -> None:
        self.report.warnings.append(msg)
        if self.on_warning:
            self.on_warning(msg)

    def advance(self, nbytes: float) -> None:
        self.done = min(self.total, self.done + nbytes)
        if self.on_progress:
            self.on_progress(int(self.done), self.total)

    # ------------------------------------------------------------ the run
    def update(
        self, roots: list[Path], prepared: list[PreparedSource], vanished: list[str]
    ) -> IndexReport:
        session = self.session
        self.report.sources += len(prepared)
        try:
            # compound=False: Whoosh copies a compound segment's postings into memory when
            # it opens it (hundreds of MB at 100k documents); separate files are read in place
            self.writer = session.ix.writer(timeout=WRITER_TIMEOUT, limitmb=256, compound=False)
            keep_arrays(self.writer)  # a segment this writer merges keeps its posting arrays
        except LockError as e:
            raise IndexLockedError(
                f"the index at {session.path} is locked by another writer; try again when "
                "it is done"
            ) from e
        # a worker must not hold a copy of either lock's descriptor (see .pool)
        fds = [session.lock.fd] if session.lock else []
        whoosh_lock = getattr(self.writer, "writelock", None)
        if whoosh_lock is not None and getattr(whoosh_lock, "fd", None) is not None:
            fds.append(whoosh_lock.fd)
        try:
            self.on_stage("parsing")
            prepare = load_vocabulary if self._will_parse() else None
            segments.configure(session.ix)  # before the workers fork: they write there
            with WorkerPool(self.workers, fds, prepare=prepare) as pool:
                seen = self._files(pool)
                for src in (s for s in self.sources if s.format == "jsonl"):
                    seen.add(src.name)
                    self._jsonl(pool, src)
                written = [s for s in pool.each(segments.finish) if s is not None]
            self._prepared(prepared, seen)
            own = segments.finish()  # this process's segment of web resources, if any
            written += [own] if own is not None else []
            self._remove_vanished(seen, roots, set(vanished))
            self._commit(written)
        except BaseException:
            if not self.writer.is_closed:
                # a full disk may fail the cancel too: the session removes what is left
                with contextlib.suppress(Exception):
                    self.writer.cancel()
            raise
        finally:
            segments.configure(None)  # forget the index: nothing writes there any more
        return self.report

    def _will_parse(self) -> bool:
        """Is a source new, or changed since the last commit (by its time stamp)?
        Then the vocabulary is worth loading before the workers start; an unchanged
        run only hashes its files and needs none of it."""
        since = self.session.ix.last_modified() if self.known.hashes else 0.0
        for src in self.sources:
            try:
                changed = src.path.stat().st_mtime >= since
            except OSError:
                changed = False
            if changed or src.name not in self.known.hashes:
                return True
        return False

    def _commit(self, written: list[Any]) -> None:
        session, report = self.session, self.report
        for seg in written:
            for docnum in self.drops.get(seg.segment_id(), ()):
                seg.delete_document(docnum)

        def merge(writer: Any, existing: list[Any]) -> list[Any]:
            # small segments merge with side files, new ones join as they are, dead ones go
            with carrying(writer):
                kept = MERGE_SMALL(writer, [s for s in existing if s.doc_count()])
            return [*kept, *written]

        if self.ready is not None and not self.ready(report):
            self.writer.cancel()
            return
        with session.signals.critical():
            self.on_stage("committing")
            if report.changed or session.building:
                self.writer.commit(mergetype=merge)
            else:
                self.writer.cancel()
            with session.ix.reader() as r:
                report.documents = r.doc_count()
            if not session.building:
                return
            if report.documents == 0 and report.failed and self.ready is None:
                # nothing at all could be indexed: the index stays as it was
                report.documents = _documents(session.path)
                return
            self.on_stage("publishing")
            session.publish()

    def _account(
        self,
        src_name: str,
        ids: list[str],
        warnings: list[list[str]],
        replace: bool,
        count_removed: bool = True,
    ) -> list[int]:
        """Count a source's records (in order) as added or updated and delete what they
        replace; returns the positions of those to drop (an id already met this run)."""
        old = self.known.ids.get(src_name, set())
        if replace and old:
            self.writer.delete_by_term("source", src_name)
        drop = []
        for i, (rid, msgs) in enumerate(zip(ids, warnings, strict=True)):
            for msg in msgs:
                self.warn(msg)
            if rid in self.seen_ids:
                self.warn(f"{src_name}: id {rid!r} was given twice in this run; the first kept")
                drop.append(i)
                continue
            self.seen_ids.add(rid)
            if rid in old:
                self.report.updated += 1
            elif rid in self.known.all_ids:
                self.writer.delete_by_term("id", rid)  # moved here from another source
                self.report.updated += 1
            else:
                self.report.added += 1
        if count_removed:
            self.report.removed += len(old - set(ids))
        return drop

    def _written(
        self, src_name: str, batch: Batch, replace: bool, count_removed: bool = True
    ) -> None:
        """Account for records a worker wrote into its segment."""
        drop = self._account(src_name, batch.ids, batch.warnings, replace, count_removed)
        if drop:
            self.drops.setdefault(batch.segment, set()).update(batch.first + i for i in drop)

    def _write(self, src_name: str, h: str, recs: list[Record]) -> None:
        """Write records made in this process (web resources) into a segment of its own,
        as a worker does, so that it gets side files (a document the run's own writer
        added would leave its segment, and any it merged into, without them)."""
        self._written(src_name, jobs.write_batch(recs, h), replace=True)

    def _files(self, pool: WorkerPool) -> set[str]:
        known, report = self.known, self.report
        seen: set[str] = set()
        jobs = ((s, known.hashes.get(s.name)) for s in self.sources if s.format != "jsonl")
        for src, h, batch, errors, skip, notes in pool.map(job_file, jobs):
            seen.add(src.name)
            report.notes.extend(notes)
            if skip is not None:
                report.skipped.append(skip.to_dict())
            for msg in errors if skip is None or skip.kind not in NOT_FAILURES else ():
                self.fail(msg)
            # a file that failed as a whole (batch None) keeps what the index had for it
            if batch is not None and h == known.hashes.get(src.name):
                report.unchanged += len(known.ids.get(src.name, ()))
            elif batch is not None and h is not None:
                self._written(src.name, batch, replace=True)
            self.advance(_size(src))
        return seen

    def _jsonl(self, pool: WorkerPool, src: Source) -> None:
        known, report = self.known, self.report
        try:
            data = read_source(src)
        except IngestError as e:
            report.skipped.append(Skipped(src.name, e.reason, e.kind).to_dict())
            if e.kind not in NOT_FAILURES:
                self.fail(str(e))
            return
        h = content_hash(data)
        if h == known.hashes.get(src.name):
            report.unchanged += len(known.ids.get(src.name, ()))
            self.advance(_size(src))
            return
        try:
            text = decode(data, src.name)
        except IngestError as e:
            report.skipped.append(Skipped(src.name, e.reason, e.kind).to_dict())
            self.fail(str(e))
            return
        del data
        lines = list(jsonl_lines(text))
        del text
        chunks = [lines[i : i + JSONL_CHUNK] for i in range(0, len(lines), JSONL_CHUNK)]
        # chunks are written as they arrive, so the writer works while workers parse the next
        new_ids: set[str] = set()
        elsewhere = 0  # usable records that belong to other shards
        per_chunk = _size(src) / max(1, len(chunks))
        jobs = ((src.name, h, c) for c in chunks)
        for batch, errors in pool.map(job_jsonl_chunk, jobs):
            self.advance(per_chunk)
            for e in errors:
                self.fail(e)
            elsewhere += batch.elsewhere
            if batch.ids:
                # the source's old documents go once, before its first usable record
                self._written(src.name, batch, replace=not new_ids, count_removed=False)
                new_ids.update(batch.ids)
        self.advance(0)
        if not new_ids and elsewhere:
            # every usable record went to other shards: this one keeps none of the source
            old = known.ids.get(src.name, set())
            if old:
                self.writer.delete_by_term("source", src.name)
            report.removed += len(old)
            return
        if not new_ids:
            # nothing usable: keep what the index had for this source
            report.skipped.append(Skipped(src.name, "no usable record", "failed").to_dict())
            return
        report.removed += len(known.ids.get(src.name, set()) - new_ids)

    def _prepared(self, prepared: list[PreparedSource], seen: set[str]) -> None:
        known, report = self.known, self.report
        for p in prepared:
            seen.add(p.name)
            if p.hash == known.hashes.get(p.name):
                report.unchanged += len(known.ids.get(p.name, ()))
                continue
            try:
                recs, errors = p.build()
            except IngestError as e:
                self.fail(str(e))
                continue
            except Exception as e:  # a parser bug must not end the run: report and go on
                self.fail(f"{p.name}: could not be parsed ({type(e).__name__}: {e})")
                continue
            for msg in errors:
                self.fail(msg)
            self._write(p.name, p.hash, recs)

    def _remove_vanished(self, seen: set[str], roots: list[Path], gone: set[str]) -> None:
        """Sources gone from under the given folders, and web resources ``gone``."""
        for name in list(self.known.hashes):
            on_disk = _under(name, roots) and not Path(name).exists()
            if name not in seen and (on_disk or name in gone):
                self.writer.delete_by_term("source", name)
                self.report.removed += len(self.known.ids.get(name, ()))
