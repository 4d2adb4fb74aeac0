"""One exception hierarchy for migsearch.

Every error that the library lets out is a :class:`MigsearchError` whose
message is one line for a human, so a front end can show any of them without
a traceback. Whoosh's and NLTK's own exceptions are caught at the boundary
where they happen and re-raised as one of these, with the original kept as
``__cause__``.

The classes say *what* went wrong, never how a front end reports it: the CLI
turns them into an exit status, and the HTTP layer maps each class to a status
code in one table of its own (``migsearch.search.serve.http_errors``).
"""

from __future__ import annotations

__all__ = [
    "DocumentNotFoundError",
    "IndexLockedError",
    "IndexMissingError",
    "IndexVersionError",
    "IndexWriteError",
    "IngestError",
    "MigsearchError",
    "QueryError",
    "SavedSearchNotFoundError",
    "SearchTimeoutError",
    "ShardUnavailableError",
    "UnknownCountryError",
    "UnknownGroupError",
    "UnknownThemeError",
    "UnknownTypeError",
    "UnknownValueError",
    "UsageError",
]


class MigsearchError(Exception):
    """Base class: the message is a single line meant for a human.

    Raised as itself only for faults of migsearch's own making, such as a
    malformed data file shipped with it; the subclasses are the caller's
    problems (a bad option, a missing index).
    """

    def __str__(self) -> str:  # keep messages on one line whatever they quote
        return " ".join(super().__str__().split())


class UsageError(MigsearchError):
    """An option or argument that makes no sense (a bad date, a bad sort key)."""


class IngestError(MigsearchError):
    """A source that cannot be read or turned into records (binary, empty, too big)."""

    def __init__(self, source: str, reason: str, *, kind: str = "failed") -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason
        #: how a run summary groups it: "failed", or "empty", "too large", "encrypted"…
        self.kind = kind


class IndexMissingError(MigsearchError):
    """No index at the given folder; the message says how to build one."""


class IndexVersionError(MigsearchError):
    """An index written by another version of migsearch; the message says how to rebuild."""


class IndexLockedError(MigsearchError):
    """Another writer holds the index lock."""


class IndexWriteError(MigsearchError):
    """A writing run that could not finish (a full disk, no permission, a stop signal).

    Nothing of that run was committed and its partial files are gone; the
    message names the path that could not be written.
    """


class ShardUnavailableError(MigsearchError):
    """A shard of a sharded index could not answer (its cluster's workers are gone or
    unreachable); nothing of that search was returned."""


class QueryError(MigsearchError):
    """A query that cannot be parsed; ``position`` is the 0-based character offset.

    The message counts as a reader does, from 1 ("'AND' at position 9" is ``position``
    8): people read the message, programs read the field.
    """

    def __init__(self, message: str, position: int | None = None) -> None:
        super().__init__(message)
        self.position = position


class SearchTimeoutError(MigsearchError):
    """A search that ran past its time limit and was stopped; ``seconds`` is the limit."""

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"the search ran past its time limit of {seconds:g} s and was stopped; "
            "try fewer words or a narrower query"
        )
        self.seconds = seconds

    def __reduce__(self) -> tuple[type[SearchTimeoutError], tuple[float]]:
        # rebuilt from its limit when it crosses processes (a cluster worker's step)
        return type(self), (self.seconds,)


class UnknownValueError(MigsearchError):
    """A filter value that names nothing known; ``suggestions`` are close known values.

    ``known``, when given, lists every value there is, for a message that says what
    the value can be when nothing is close ("known themes: …").
    """

    #: what the value should have named, for the message ("country", "theme")
    kind = "value"
    #: the message's end when ``known`` is given and empty
    none_known = "there are none"

    def __init__(
        self, value: str, suggestions: list[str] | None = None, *, known: list[str] | None = None
    ) -> None:
        self.value = value
        self.suggestions = list(suggestions or [])
        self.known = list(known or [])
        msg = f"unknown {self.kind} {value!r}"
        if self.suggestions:
            msg += "; did you mean " + ", ".join(self.suggestions) + "?"
        elif self.known:
            msg += f"; known {self.kind}s: " + ", ".join(self.known)
        elif known is not None:
            msg += "; " + self.none_known
        super().__init__(msg)


class UnknownCountryError(UnknownValueError):
    """A country filter value that is no country, alias or region."""

    kind = "country"


class UnknownThemeError(UnknownValueError):
    """A theme filter value that is not in the taxonomy."""

    kind = "theme"


class UnknownGroupError(UnknownValueError):
    """A population group filter value that is not in the taxonomy."""

    kind = "population group"


class UnknownTypeError(UnknownValueError):
    """A type filter value that no document of the index has."""

    kind = "type"
    none_known = "no document of the index has a type"


class DocumentNotFoundError(MigsearchError):
    """No document with that id in the index."""


class SavedSearchNotFoundError(MigsearchError):
    """No saved search with that name."""
