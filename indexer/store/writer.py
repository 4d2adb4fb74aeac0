"""Building and updating an index: incremental, one writer, parallel parsing.

Parsing and tagging run in worker processes (:mod:`.pool`; they are pure
functions of a file's bytes); the single Whoosh writer stays in this process,
because Whoosh's own multi-process writer crashes intermittently and was
slower on two cores. Each run commits once, so a run either lands whole or
not at all, and it runs inside a :class:`~.session.WriteSession`: under the
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

from migsearch.errors import IndexLockedError, IngestError
from migsearch.indexer.ingest.jsonl import Line, jsonl_lines, lines_to_records
from migsearch.indexer.ingest.pipeline import records_from_bytes
from migsearch.indexer.ingest.records import Record
from migsearch.indexer.ingest.sources import Source, content_hash, decode, iter_sources, read_source
from migsearch.indexer.ingest.tagging import tag
from migsearch.indexer.store import storage
from migsearch.indexer.store.lock import WriteLock
from migsearch.indexer.store.pool import WorkerPool
from migsearch.indexer.store.schema import spelling_words
from migsearch.indexer.store.session import WriteSession, log_notice

__all__ = ["STAGES", "IndexReport", "PreparedSource", "build_index", "record_fields"]

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
        "language": rec.language or "",
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
    except RecursionError:
        return src, None, None, [f"{src.name}: could not be parsed (nested too deeply)"]
    except Exception as e:  # a parser bug must not end the run: report and go on
        return src, None, None, [f"{src.name}: could not be parsed ({type(e).__name__}: {e})"]


def _job_jsonl_chunk(name: str, lines: list[Line]) -> tuple[list[Record], list[str]]:
    """Records of a chunk of JSONL lines, and the errors to report. Runs in a worker.

    The lines travel as text and are parsed here: a deeply nested object
    cannot even be pickled to a worker, and parsing is work worth spreading.
    """
    recs, errors = lines_to_records(name, lines)
    return recs, [str(e) for e in errors]


def _load_vocabulary() -> None:
    """Load what tagging needs (the gazetteer, themes: over a second of CPU) in the
    parent, once, so forked workers share it instead of each loading it again."""
    tag(Record(id="", title="Migrant workers", body="Thailand.", source=""))


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
    """
    paths = list(paths)
    sources = list(iter_sources(paths))
    roots = [Path(p).expanduser().absolute() for p in paths]
    with WriteSession(
        index_dir, rebuild=rebuild, wait=wait, on_notice=on_notice or log_notice, lock=lock
    ) as session:
        run = _Run(session, sources, workers, on_progress, on_error, on_warning, on_stage)
        return run.update(roots, list(prepared), list(vanished))


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
            prepare = _load_vocabulary if self._will_parse() else None
            with WorkerPool(self.workers, fds, prepare=prepare) as pool:
                seen = self._files(pool)
                for src in (s for s in self.sources if s.format == "jsonl"):
                    seen.add(src.name)
                    self._jsonl(pool, src)
            self._prepared(prepared, seen)
            self._remove_vanished(seen, roots, set(vanished))
            self._commit()
        except BaseException:
            if not self.writer.is_closed:
                # a full disk may fail the cancel too: the session removes what is left
                with contextlib.suppress(Exception):
                    self.writer.cancel()
            raise
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

    def _commit(self) -> None:
        session, report = self.session, self.report
        with session.signals.critical():
            self.on_stage("committing")
            if report.changed or session.building:
                self.writer.commit()
            else:
                self.writer.cancel()
            with session.ix.reader() as r:
                report.documents = r.doc_count()
            if not session.building:
                return
            if report.documents == 0 and report.failed:
                # nothing at all could be indexed: the index stays as it was
                report.documents = _documents(session.path)
                return
            self.on_stage("publishing")
            session.publish()

    def _write(
        self, src_name: str, h: str, recs: list[Record], replace: bool, count_removed: bool = True
    ) -> None:
        old = self.known.ids.get(src_name, set())
        if replace and old:
            self.writer.delete_by_term("source", src_name)
        for rec in recs:
            for msg in rec.warnings:
                self.warn(msg)
            if rec.id in self.seen_ids:
                self.warn(f"{src_name}: id {rec.id!r} was given twice in this run; the first kept")
                continue
            self.seen_ids.add(rec.id)
            if rec.id in old:
                self.report.updated += 1
            elif rec.id in self.known.all_ids:
                self.writer.delete_by_term("id", rec.id)  # moved here from another source
                self.report.updated += 1
            else:
                self.report.added += 1
            self.writer.add_document(**record_fields(rec, h))
        if count_removed:
            self.report.removed += len(old - {r.id for r in recs})

    def _files(self, pool: WorkerPool) -> set[str]:
        known, report = self.known, self.report
        seen: set[str] = set()
        jobs = ((s, known.hashes.get(s.name)) for s in self.sources if s.format != "jsonl")
        for src, h, recs, errors in pool.map(_job_file, jobs):
            seen.add(src.name)
            for msg in errors:
                self.fail(msg)
            # a file that failed as a whole (recs None) keeps what the index had for it
            if recs is not None and h == known.hashes.get(src.name):
                report.unchanged += len(known.ids.get(src.name, ()))
            elif recs is not None and h is not None:
                self._write(src.name, h, recs, replace=True)
            self.advance(_size(src))
        return seen

    def _jsonl(self, pool: WorkerPool, src: Source) -> None:
        known, report = self.known, self.report
        try:
            data = read_source(src)
        except IngestError as e:
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
            self.fail(str(e))
            return
        del data
        lines = list(jsonl_lines(text))
        del text
        chunks = [lines[i : i + JSONL_CHUNK] for i in range(0, len(lines), JSONL_CHUNK)]
        # chunks are written as they arrive, so the writer works while workers parse the next
        new_ids: set[str] = set()
        per_chunk = _size(src) / max(1, len(chunks))
        for chunk_recs, errors in pool.map(_job_jsonl_chunk, ((src.name, c) for c in chunks)):
            self.advance(per_chunk)
            for e in errors:
                self.fail(e)
            if chunk_recs:
                # the source's old documents go once, before its first usable record
                self._write(src.name, h, chunk_recs, replace=not new_ids, count_removed=False)
                new_ids.update(r.id for r in chunk_recs)
        self.advance(0)
        if not new_ids:
            return  # nothing usable: keep what the index had for this source
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
            self._write(p.name, p.hash, recs, replace=True)

    def _remove_vanished(self, seen: set[str], roots: list[Path], gone: set[str]) -> None:
        """Sources gone from under the given folders, and web resources ``gone``."""
        for name in list(self.known.hashes):
            on_disk = _under(name, roots) and not Path(name).exists()
            if name not in seen and (on_disk or name in gone):
                self.writer.delete_by_term("source", name)
                self.report.removed += len(self.known.ids.get(name, ()))
