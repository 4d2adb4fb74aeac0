"""The pages' Jinja environment: autoescaping templates, and the filters they use.

Indexed pages are untrusted input. Every template autoescapes its output; the
only markup let through is the engine's highlight string (every character but
its own ``<b>`` tags escaped, and checked again here), and links are made
only from absolute http(s) URLs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date as _date
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from migsearch.indexer.vocabulary.countries import country_label, region_label
from migsearch.indexer.vocabulary.languages import language_label
from migsearch.indexer.vocabulary.themes import theme_label
from migsearch.search.facets import type_label

__all__ = [
    "STATIC",
    "code_spans",
    "format_date",
    "highlight_markup",
    "http_url",
    "label",
    "page_error",
    "render",
]

WEB = Path(__file__).resolve().parent / "web"
STATIC = WEB / "static"


def http_url(value: str | None) -> str | None:
    """``value`` if it is an absolute http(s) URL safe to put in an href, else None."""
    if not value:
        return None
    v = value.strip()
    if any(ord(c) <= 32 or ord(c) == 127 for c in v):
        return None
    try:
        parts = urlsplit(v)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return v


_NOT_BOLD_TAG = re.compile(r"<(?!/?b>)")


def highlight_markup(value: str) -> Markup:
    """The engine's highlight string as markup: the one place text from the index is trusted.

    The engine escapes everything but its own ``<b>``/``</b>`` tags. Any other
    ``<`` that still got through (a different formatter, a future change) is
    escaped here, so only bold tags can ever reach the page.
    """
    return Markup(_NOT_BOLD_TAG.sub("&lt;", value))


def code_spans(text: str) -> Markup:
    """OpenAPI descriptions are Markdown; render their `code` spans (escaped first)."""
    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", str(escape(text))))


def format_date(value: str | None) -> str:
    """A stored date in words, at the precision it has (YYYY, YYYY-MM or YYYY-MM-DD)."""
    if not value:
        return ""
    parts = value.split("-")
    try:
        if len(parts) == 3:
            d = _date(int(parts[0]), int(parts[1]), int(parts[2]))
            return f"{d.day} {d:%B %Y}"
        if len(parts) == 2:
            return f"{_date(int(parts[0]), int(parts[1]), 1):%B %Y}"
    except ValueError:
        pass
    return value


def label(fn: Callable[[str], str], value: str) -> str:
    """``fn(value)``, or the value itself when ``fn`` has no name for it."""
    try:
        return fn(value) or value
    except Exception:  # a label is decoration; an odd value shows as itself
        return value


def _host(url: str) -> str:
    try:
        return urlsplit(url).hostname or url
    except ValueError:
        return url


_ENV = Environment(
    loader=FileSystemLoader(str(WEB / "templates")),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENV.filters.update(
    fmt_date=format_date,
    country=lambda v: label(country_label, v),
    region=lambda v: label(region_label, v),
    theme=lambda v: label(theme_label, v),
    language=lambda v: label(language_label, v),
    type_label=lambda v: label(type_label, v),
    http_url=http_url,
    host=_host,
    number=lambda n: f"{n:,}",
    highlights=highlight_markup,
    code_spans=code_spans,
)
_ENV.globals.update(doc_url=lambda i: "/documents/" + quote(i, safe=""))


def render(name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    """Template ``name`` rendered with ``ctx`` as an HTML response."""
    return HTMLResponse(_ENV.get_template(name).render(**ctx), status_code=status)


def page_error(status: int, title: str, message: str) -> HTMLResponse:
    """An error as a page: a title and one line, with a way back to the search."""
    return render("error.html", status, title=title, message=message)
