"""One exception hierarchy for migsearch.

Every error that the library lets out is a :class:`MigsearchError`, so the CLI
and the HTTP layer can turn any of them into a one-line message (and a status
code) without ever showing a traceback. Whoosh's and NLTK's own exceptions are
caught at the boundary where they happen and re-raised as one of these, with
the original kept as ``__cause__``.
"""

from __future__ import annotations

__all__ = [
    "DocumentNotFoundError",
    "IndexLockedError",
    "IndexMissingError",
    "IndexVersionError",
    "IngestError",
    "MigsearchError",
    "QueryError",
    "UnknownCountryError",
    "UnknownThemeError",
    "UsageError",
]


class MigsearchError(Exception):
    """Base class: the message is a single line meant for a human."""

    #: HTTP status the API answers with when this error reaches it.
    status: int = 400

    def __str__(self) -> str:  # keep messages on one line whatever they quote
        return " ".join(super().__str__().split())


class UsageError(MigsearchError):
    """An option or argument that makes no sense (a bad date, a bad sort key)."""


class IngestError(MigsearchError):
    """A source that cannot be read or turned into records (binary, empty, too big)."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class IndexMissingError(MigsearchError):
    """No index at the given folder; the message says how to build one."""

    status = 503


class IndexVersionError(MigsearchError):
    """An index written by another version of migsearch; the message says how to rebuild."""

    status = 503


class IndexLockedError(MigsearchError):
    """Another writer holds the index lock."""

    status = 503


class QueryError(MigsearchError):
    """A query that cannot be parsed; ``position`` is the 0-based character offset."""

    def __init__(self, message: str, position: int | None = None) -> None:
        super().__init__(message)
        self.position = position


class UnknownCountryError(MigsearchError):
    """A country filter value that is no country, alias or region."""

    def __init__(self, value: str, suggestions: list[str] | None = None) -> None:
        self.value = value
        self.suggestions = list(suggestions or [])
        msg = f"unknown country {value!r}"
        if self.suggestions:
            msg += "; did you mean " + ", ".join(self.suggestions) + "?"
        super().__init__(msg)


class UnknownThemeError(MigsearchError):
    """A theme filter value that is not in the taxonomy."""

    def __init__(self, value: str, suggestions: list[str] | None = None) -> None:
        self.value = value
        self.suggestions = list(suggestions or [])
        msg = f"unknown theme {value!r}"
        if self.suggestions:
            msg += "; did you mean " + ", ".join(self.suggestions) + "?"
        super().__init__(msg)


class DocumentNotFoundError(MigsearchError):
    """No document with that id in the index."""

    status = 404
