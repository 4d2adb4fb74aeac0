"""Field values a source states itself (a JSON object's keys), checked and normalised.

A JSON export can hold anything where a string is expected: a number, a
list, an object nested a thousand deep, a lone surrogate escape that no
UTF-8 can write. Whatever reaches the index is shown later by every search
page, API answer and ``show``, so each value is checked here, once, before a
record is made of it:

* a value that only costs itself (a ``url`` that is a number, a ``date``
  that is no date, a country list holding an object) is dropped with a
  warning naming the file, the line and the field; the record is kept;
* a value without which the record is meaningless (an ``id`` that is a list)
  makes that record an error; the file's other records are kept.

Text is made valid and printable: lone surrogates become U+FFFD, control
characters other than tab and line breaks are removed. Nothing here ever
turns a list or an object into text, so no ``"['a', 'b']"`` can become an id.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any
from urllib.parse import urlsplit

from migsearch.errors import IngestError
from migsearch.indexer.vocabulary.dates import parse_date

__all__ = [
    "MAX_ID_CHARS",
    "MAX_RECORD_CHARS",
    "MAX_URL_CHARS",
    "URL_SCHEMES",
    "Warnings",
    "clean_text",
    "date_value",
    "describe",
    "id_value",
    "names_value",
    "text_value",
    "url_value",
]

#: characters of an id: the server answers 404 at once for a longer one
MAX_ID_CHARS = 512
#: characters of one record (a JSONL line, or a JSON record's text): a record
#: larger than this is an error for that record, not a memory problem for the run
MAX_RECORD_CHARS = 10_000_000
MAX_URL_CHARS = 4096
#: what a record's ``url`` may be: the address of a resource on the web
URL_SCHEMES = ("http", "https", "ftp")

_SURROGATE = re.compile("[\ud800-\udfff]")
#: C0 and C1 controls except tab, line feed and carriage return, and DEL
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_ID_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f]")


class Warnings:
    """The warnings of one record, each ``where: message``."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.messages: list[str] = []

    def add(self, message: str) -> None:
        self.messages.append(f"{self.where}: {message}")


def describe(value: Any) -> str:
    """A value as a message shows it: its kind, and a short excerpt of a scalar."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value) if math.isfinite(value) else "a number that is not finite"
    if isinstance(value, str):
        s = clean_text(value)
        return repr(s if len(s) <= 60 else s[:57] + "...")
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "null" if value is None else type(value).__name__


def clean_text(text: str) -> str:
    """``text`` made valid and printable: lone surrogates (a JSON ``"\\ud800"``
    escape, no character at all) become U+FFFD, as undecodable bytes do;
    control characters other than tab and line breaks are removed."""
    if text.isascii() and text.isprintable():
        return text
    return _CONTROL.sub("", _SURROGATE.sub("\ufffd", text))


def text_value(value: Any, field: str, warnings: Warnings, *, one_line: bool = False) -> str:
    """A text field: a string, or a number written out; "" when absent.

    Anything else (true, a list, an object) is dropped with a warning.
    ``one_line`` folds runs of white space (titles, types).
    """
    if value is None:
        return ""
    if isinstance(value, str):
        text = clean_text(value)
    elif isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        text = str(value)
    else:
        warnings.add(f"{field} must be text, not {describe(value)}; ignored")
        return ""
    return " ".join(text.split()) if one_line else text.strip()


def id_value(value: Any, where: str) -> str | None:
    """A record's own id as a string; None when it gives none (an id is made then).

    An id must be a string or a whole number: ``["a", "b"]`` would otherwise
    become the id ``"['a', 'b']"``. One that cannot be shown or asked for (a
    control character, longer than :data:`MAX_ID_CHARS`) is refused too. Raises
    IngestError: without its id a record would be a different document.
    """
    if value is None:
        return None
    if isinstance(value, str):
        rid = _SURROGATE.sub("\ufffd", value).strip()
    elif isinstance(value, int) and not isinstance(value, bool):
        rid = str(value)
    else:
        raise IngestError(where, f"id must be a string or a whole number, not {describe(value)}")
    if not rid:
        return None
    if _ID_FORBIDDEN.search(rid):
        raise IngestError(where, "id holds a control character (a line break, a tab…)")
    if len(rid) > MAX_ID_CHARS:
        raise IngestError(where, f"id is {len(rid)} characters long, over {MAX_ID_CHARS}")
    return rid


def url_value(value: Any, warnings: Warnings) -> str | None:
    """A web address (``http``, ``https`` or ``ftp``, with a host), else None and a warning."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        warnings.add(f"url must be a web address, not {describe(value)}; dropped")
        return None
    url = clean_text(value).strip()
    if not url:
        return None
    try:
        parts = urlsplit(url)
        ok = parts.scheme.lower() in URL_SCHEMES and bool(parts.netloc)
    except ValueError:
        ok = False
    if not ok or len(url) > MAX_URL_CHARS or any(c.isspace() for c in url):
        warnings.add(f"url {describe(url)} is not a web address (http, https or ftp); dropped")
        return None
    return url


def date_value(value: Any, warnings: Warnings, *, field: str = "date") -> str | None:
    """A date as ISO 8601 at its precision, else None and a warning (the record stays, undated).

    A year may be given as a number. A date after today is refused: an
    export's placeholder ("9999-12-31") is no publication date.
    """
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        warnings.add(f"{field} must be a date, not {describe(value)}; the record is undated")
        return None
    iso = parse_date(clean_text(value)) if len(value) < 200 else None
    if iso is None:
        warnings.add(f"{field} {describe(value)} is not a date; the record is undated")
        return None
    if iso > dt.datetime.now(dt.UTC).date().isoformat()[: len(iso)]:
        warnings.add(f"{field} {iso} is in the future; the record is undated")
        return None
    return iso


def names_value(value: Any, field: str, warnings: Warnings) -> list[str] | str:
    """Countries or themes a source states: a list of strings, or one string the
    tagger cuts at its separators. Items of another kind are dropped with a warning."""
    if value is None:
        return []
    if isinstance(value, str):
        return clean_text(value)
    if not isinstance(value, list):
        warnings.add(f"{field} must be a list of names or a string, not {describe(value)}; ignored")
        return []
    names = [clean_text(v) for v in value if isinstance(v, str)]
    bad = [describe(v) for v in value if not isinstance(v, str)]
    if bad:
        warnings.add(f"{field} must hold names only; ignored {', '.join(bad[:3])}")
    return names
