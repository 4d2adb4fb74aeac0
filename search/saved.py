"""Saved searches, and what is new in each since it was last checked.

A saved search is a name for a search's criteria (its query, sort and every
filter: ``SearchRequest.criteria()``). Checking one (``migsearch watch``)
runs it and reports the documents that match now and did not match at the
last check. "Last" is counted in commits, not in time: each saved search
remembers the commit it was last checked against and the ids that matched
then, so a check after a new ``migsearch index`` reports exactly what that
commit brought (or re-tagged into the search), and a check with no commit in
between reports nothing, however much time has passed. Saving a search is its
first check: what matched then is never reported as new.

The searches of an index live in one JSON file beside the index folder
(``migsearch-index.saved.json`` for ``migsearch-index``), not inside it:
``index --rebuild`` builds a new folder and swaps it in, and the searches must
survive that, as the crawler's cache beside the index does. The file is
replaced atomically and read-modify-write runs under a lock (on the folder
that holds it), so a cron job and a person running ``watch`` at once do not
lose each other's changes.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from migsearch.errors import MigsearchError, SavedSearchNotFoundError, UsageError
from migsearch.indexer.store.storage import commit_stamp
from migsearch.search.engine import SearchIndex
from migsearch.search.request import SearchRequest
from migsearch.search.results import Hit

__all__ = [
    "MAX_NAME_CHARS",
    "SavedSearch",
    "SavedSearches",
    "WatchReport",
    "check_name",
    "saved_path",
]

#: characters in a saved search's name (it is also a path segment of its feed)
MAX_NAME_CHARS = 64
_NAME = re.compile(rf"[A-Za-z0-9][A-Za-z0-9._-]{{0,{MAX_NAME_CHARS - 1}}}")
#: version of the file's layout
_FORMAT = 1


def saved_path(index_dir: str | os.PathLike[str]) -> Path:
    """The file holding the saved searches of the index at ``index_dir``: beside it."""
    p = Path(index_dir).expanduser().absolute()
    return p.with_name(p.name + ".saved.json")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def check_name(name: str) -> str:
    """``name`` if it can name a saved search, else a UsageError saying what can."""
    if not _NAME.fullmatch(name or ""):
        raise UsageError(
            f"a saved search's name is up to {MAX_NAME_CHARS} letters, digits, '.', '_' or '-', "
            f"starting with a letter or digit; not {name[:80]!r}"
        )
    return name


@dataclass
class SavedSearch:
    """A named search, with the commit and the matches of its last check."""

    name: str
    #: SearchRequest.criteria(): query, sort and the filters that are set
    criteria: dict[str, Any]
    created: str
    #: when it was last checked (ISO 8601, UTC), the commit it read then, and what matched
    checked: str
    generation: int | None
    stamp: list[int] | None
    matches: list[str] = field(default_factory=list)

    def request(self) -> SearchRequest:
        """The search this names, as a request (every field not saved at its default)."""
        try:
            return SearchRequest(**self.criteria)
        except TypeError as e:  # written by another version with a field this one lacks
            raise MigsearchError(f"saved search {self.name!r} cannot be read: {e}") from e

    def to_dict(self) -> dict[str, Any]:
        """Its JSON for people and clients: the ids are summed up as a count."""
        return {
            "name": self.name,
            "criteria": dict(self.criteria),
            "created": self.created,
            "checked": self.checked,
            "generation": self.generation,
            "matches": len(self.matches),
        }

    def _stored(self) -> dict[str, Any]:
        return {
            "criteria": self.criteria,
            "created": self.created,
            "checked": self.checked,
            "generation": self.generation,
            "stamp": self.stamp,
            "matches": self.matches,
        }

    @classmethod
    def _from_stored(cls, name: str, d: dict[str, Any]) -> SavedSearch:
        return cls(
            name=name,
            criteria=dict(d.get("criteria") or {}),
            created=str(d.get("created") or ""),
            checked=str(d.get("checked") or ""),
            generation=d.get("generation"),
            stamp=list(d["stamp"]) if d.get("stamp") else None,
            matches=[str(i) for i in d.get("matches") or []],
        )


@dataclass
class WatchReport:
    """One saved search checked: what matches now that did not at its last check."""

    name: str
    #: the new matches, newest first (undated last), equal dates by title
    new: list[Hit]
    #: every match now
    total: int
    #: the commit of the previous check and of this one
    since_generation: int | None
    generation: int | None
    #: whether a commit landed since the previous check (if not, nothing was searched)
    changed: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "new": [{**h.to_dict(), "url": h.url} for h in self.new],
            "total": self.total,
            "since_generation": self.since_generation,
            "generation": self.generation,
            "changed": self.changed,
        }


class SavedSearches:
    """The saved searches of one index (read and written in ``saved_path(index_dir)``)."""

    def __init__(self, index_dir: str | os.PathLike[str]) -> None:
        self.index_dir = Path(index_dir)
        self.path = saved_path(index_dir)

    # ------------------------------------------------------------ reading
    def all(self) -> list[SavedSearch]:
        """Every saved search, by name."""
        return sorted(self._load().values(), key=lambda s: s.name)

    def get(self, name: str) -> SavedSearch:
        found = self._load().get(name)
        if found is None:
            raise SavedSearchNotFoundError(f"no saved search named {name[:80]!r}")
        return found

    # ------------------------------------------------------------ changing
    def add(
        self, name: str, request: SearchRequest, ix: SearchIndex, *, replace: bool = False
    ) -> SavedSearch:
        """Save ``request`` as ``name``; what it matches now is its first check.

        The search runs once first, so a query or filter that cannot be read is
        refused here (with the engine's own message), not at the first ``watch``.
        """
        check_name(name)
        with self._locked() as searches:
            if name in searches and not replace:
                raise UsageError(f"a saved search named {name!r} exists; remove it first")
            stamp = commit_stamp(ix.path)
            ids = [h.id for h in _every_match(ix, request)]
            saved = SavedSearch(
                name=name,
                criteria=request.criteria(),
                created=_now(),
                checked=_now(),
                generation=ix.generation(),
                stamp=list(stamp) if stamp else None,
                matches=ids,
            )
            searches[name] = saved
        return saved

    def remove(self, name: str) -> None:
        with self._locked() as searches:
            if name not in searches:
                raise SavedSearchNotFoundError(f"no saved search named {name[:80]!r}")
            del searches[name]

    def watch(self, ix: SearchIndex, names: Sequence[str] = ()) -> list[WatchReport]:
        """Check the searches called ``names`` (default: all) against the index's latest
        commit: report and remember what matches now that did not at the last check."""
        with self._locked() as searches:
            for name in names:
                if name not in searches:
                    raise SavedSearchNotFoundError(f"no saved search named {name[:80]!r}")
            reports = []
            for name in sorted(names or searches):
                reports.append(self._check(searches[name], ix))
        return reports

    def _check(self, saved: SavedSearch, ix: SearchIndex) -> WatchReport:
        stamp = commit_stamp(ix.path)
        now = list(stamp) if stamp else None
        before = saved.generation
        if now is not None and now == saved.stamp:
            return WatchReport(saved.name, [], len(saved.matches), before, before, False)
        known = set(saved.matches)
        ids: list[str] = []
        new: list[Hit] = []
        for hit in _every_match(ix, saved.request()):
            ids.append(hit.id)
            if hit.id not in known:
                new.append(hit)
        # a search breaks ties by id, which is made from where a file is: a report that
        # people read lists equal dates by title, the same wherever the files are
        new.sort(key=lambda h: h.title.casefold())
        new.sort(key=lambda h: h.date or "", reverse=True)  # stable: titles stay in order
        saved.matches, saved.stamp = ids, now
        saved.generation, saved.checked = ix.generation(), _now()
        return WatchReport(saved.name, new, len(ids), before, saved.generation, True)

    # ------------------------------------------------------------ the file
    def _load(self) -> dict[str, SavedSearch]:
        try:
            text = self.path.read_text("utf-8")
        except FileNotFoundError:
            return {}
        except OSError as e:
            raise MigsearchError(f"cannot read {self.path}: {e.strerror or e}") from e
        try:
            data = json.loads(text)
            searches = data["searches"]
            return {str(n): SavedSearch._from_stored(str(n), d) for n, d in searches.items()}
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            raise MigsearchError(f"{self.path} is not a saved-searches file of migsearch") from e

    def _save(self, searches: dict[str, SavedSearch]) -> None:
        data = {
            "format": _FORMAT,
            "index": str(self.index_dir.expanduser().absolute()),
            "searches": {n: searches[n]._stored() for n in sorted(searches)},
        }
        fd, tmp = tempfile.mkstemp(prefix=self.path.name, suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, ensure_ascii=False, indent=1)
                f.write("\n")
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    @contextlib.contextmanager
    def _locked(self) -> Iterator[dict[str, SavedSearch]]:
        """The searches, written back when the block ends without an error, under a lock."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # the folder holding the file is the lock: the file itself is replaced, not
        # rewritten, and a lock file beside it would be one more file to explain
        held = os.open(self.path.parent, os.O_RDONLY)
        try:
            fcntl.flock(held, fcntl.LOCK_EX)
            searches = self._load()
            yield searches
            self._save(searches)
        finally:
            os.close(held)  # closing releases the lock


def _every_match(ix: SearchIndex, request: SearchRequest) -> Iterable[Hit]:
    """Every hit of ``request``, newest first, without snippets or facets."""
    return ix.iter_hits(request.with_(sort="newest", page=1))
