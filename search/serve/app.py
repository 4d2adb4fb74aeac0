"""``migsearch serve``: the JSON API of DESIGN §5 and the server-rendered search page.

Both faces share one :class:`SearchIndex` for the life of the process, so the
engine's per-reader caches (filter sets, facet arrays) are reused across
requests; the engine itself notices a new commit and reopens, so an ``index``
run while the server is up shows without a restart. The server also starts
when no index exists yet: it answers 503 until one appears.

Indexed pages are untrusted input. Templates autoescape everything; the only
markup let through is the engine's highlight string, which has every character
but its own ``<b>`` tags escaped. Links are made only from http(s) URLs, every
response carries a Content-Security-Policy without inline script, and document
ids are only ever looked up in the index, never on disk.

Interactive API docs are our own page (``/docs``), rendered on the server from
the OpenAPI document with a plain GET form per endpoint: Swagger UI would mean
either a CDN (a third-party request, and offline here) or ~1.5 MB of vendored
JavaScript that needs inline script and style, for an API of three GET
endpoints.
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date as _date
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

from fastapi import FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape
from pydantic import BaseModel, Field, StringConstraints
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from migsearch.errors import (
    DocumentNotFoundError,
    IndexMissingError,
    MigsearchError,
    QueryError,
    UnknownCountryError,
    UnknownThemeError,
)
from migsearch.indexer.store.storage import commit_stamp
from migsearch.indexer.vocabulary.countries import country_label, region_label, resolve_country
from migsearch.indexer.vocabulary.themes import resolve_theme, theme_label
from migsearch.search.engine import SearchIndex, open_index
from migsearch.search.query.parse import MAX_QUERY_CHARS
from migsearch.search.request import MAX_LIMIT, MAX_PAGE, SORTS
from migsearch.search.results import Document, FacetValue, SearchResult

__all__ = [
    "CSP",
    "HTML_LIMIT",
    "MAX_ID_CHARS",
    "MAX_REPEAT",
    "MAX_VALUE_CHARS",
    "PageState",
    "app_from_env",
    "create_app",
    "highlight_markup",
    "http_url",
    "serve",
]

log = logging.getLogger("migsearch.api")

WEB = Path(__file__).resolve().parent / "web"
#: values one repeatable parameter may carry (country, theme, year)
MAX_REPEAT = 50
#: characters in one filter value (country, theme, date)
MAX_VALUE_CHARS = 100
#: characters in a source filter value (an exact path or URL)
MAX_SOURCE_CHARS = 2000
#: characters in a document id; longer ones cannot exist, so they are a 404 at once
MAX_ID_CHARS = 512
#: hits per page on the search page, and the page sizes it offers
HTML_LIMIT = 10
HTML_LIMITS = (10, 20, 50)
#: facet values shown before the rest fold into "More …"
FACET_SHOWN = 8

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]

Sort = Literal["relevance", "newest", "oldest"]
FilterValue = Annotated[str, StringConstraints(max_length=MAX_VALUE_CHARS)]
SourceValue = Annotated[str, StringConstraints(max_length=MAX_SOURCE_CHARS)]


# --------------------------------------------------------------------------- models
# Response models document the JSON in OpenAPI; handlers return JSONResponse
# directly (the engine's to_dict() is the contract), so they are not re-validated.


class ErrorOut(BaseModel):
    error: str = Field(description="One line for a human.")
    type: str = Field(description="Error class, e.g. QueryError, UnknownCountryError.")
    position: int | None = Field(None, description="0-based offset of a query error.")
    value: str | None = Field(None, description="The filter value that was not understood.")
    suggestions: list[str] | None = Field(None, description="Close known values.")
    details: list[dict[str, Any]] | None = Field(None, description="Per-parameter problems.")


class HitOut(BaseModel):
    id: str
    title: str
    date: str | None
    countries: list[str]
    themes: list[str]
    summary: str
    source: str
    score: float | None
    highlights: str = Field(description="HTML: matches in <b>, everything else escaped.")


class FacetOut(BaseModel):
    value: str
    label: str | None = None
    count: int


class SearchOut(BaseModel):
    query: str
    total: int
    page: int
    limit: int
    hits: list[HitOut]
    facets: dict[str, list[FacetOut]]
    suggestion: str | None
    expansions: list[dict[str, Any]] = []


class HealthOut(BaseModel):
    status: str
    index: str
    documents: int
    generation: int | None = None
    last_commit: str | None = None


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "Bad query, parameter or filter value"},
    503: {"model": ErrorOut, "description": "No index has been built yet"},
}


# --------------------------------------------------------------------------- index holder


class _IndexHolder:
    """The one SearchIndex of the process, opened on first use.

    Until an index exists every call raises IndexMissingError (503) and the
    next call tries again, so building the index while the server runs is
    enough to bring it up.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._ix: SearchIndex | None = None
        self._lock = threading.Lock()
        self._health: tuple[tuple[int, float], dict[str, Any]] | None = None

    def get(self) -> SearchIndex:
        ix = self._ix
        if ix is not None:
            return ix
        with self._lock:
            if self._ix is None:
                self._ix = open_index(self.path)
            return self._ix

    def health(self) -> dict[str, Any]:
        """Index statistics for /api/health, recomputed only when the index changed.

        ``stats()`` walks every document (years, sources), a few hundred
        milliseconds on a large index: too much for a probe polled every few
        seconds. The live document count and the commit files' times are cheap
        and change with every commit, so they key the cache.
        """
        ix = self.get()
        key = (ix.doc_count(), commit_stamp(self.path))
        with self._lock:
            if self._health is not None and self._health[0] == key:
                return self._health[1]
        st = ix.stats()
        with self._lock:
            self._health = (key, st)
        return st

    def close(self) -> None:
        with self._lock:
            if self._ix is not None:
                self._ix.close()
                self._ix = None


# --------------------------------------------------------------------------- errors


def _error_body(exc: Exception) -> dict[str, Any]:
    body: dict[str, Any] = {"error": str(exc), "type": type(exc).__name__}
    if isinstance(exc, QueryError) and exc.position is not None:
        body["position"] = exc.position
    if isinstance(exc, UnknownCountryError | UnknownThemeError):
        body["value"] = exc.value
        body["suggestions"] = exc.suggestions
    return body


def _status(exc: MigsearchError) -> int:
    status = getattr(exc, "status", 400)
    return status if isinstance(status, int) and 400 <= status < 600 else 400


def _validation_details(exc: RequestValidationError) -> list[dict[str, Any]]:
    # pydantic's error dicts may hold the raw input and exception objects: keep
    # only the location and message, which are all a client needs
    out = []
    for e in exc.errors():
        loc = [str(p) for p in e.get("loc", ()) if p not in ("query", "path")]
        out.append({"parameter": ".".join(loc), "message": str(e.get("msg", ""))})
    return out


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(("/api/", "/openapi"))


# --------------------------------------------------------------------------- middleware


class _Hardening:
    """Security headers on every response, and a last-resort JSON 500.

    Sits outside the exception handlers, so even a response for an error that
    nothing else caught is sent with the headers and without a traceback.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.lower() not in {h for h, _ in SECURITY_HEADERS}
                ]
                message = {**message, "headers": headers + SECURITY_HEADERS}
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            log.exception("unhandled error on %s", scope.get("path"))
            if started:
                raise
            resp = JSONResponse({"error": "internal error", "type": "InternalError"}, 500)
            await resp(scope, receive, send_with_headers)


# --------------------------------------------------------------------------- page helpers


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


def _host(url: str) -> str:
    try:
        return urlsplit(url).hostname or url
    except ValueError:
        return url


def _fmt_date(value: str | None) -> str:
    """Stored dates keep their precision (YYYY, YYYY-MM or YYYY-MM-DD)."""
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


def _label(fn: Callable[[str], str], value: str) -> str:
    try:
        return fn(value) or value
    except Exception:  # a label is decoration; an odd value shows as itself
        return value


def _int(value: str | None, default: int, lo: int, hi: int) -> int:
    try:
        n = int(value) if value is not None else default
    except ValueError:
        return default
    return min(max(n, lo), hi)


@dataclass
class FacetChoice:
    """One checkbox of a criteria box."""

    value: str
    label: str
    count: int
    checked: bool


@dataclass
class PageState:
    """Everything a search page shows, read from (and written back to) the URL."""

    q: str = ""
    countries: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    years: list[str] = field(default_factory=list)
    date_from: str = ""
    date_to: str = ""
    sort: str = ""
    page: int = 1
    limit: int = HTML_LIMIT

    @classmethod
    def from_params(cls, params: Any) -> PageState:
        """Bounded parse that never fails: odd values are dropped or clamped."""

        def many(name: str) -> list[str]:
            out: list[str] = []
            for v in params.getlist(name)[:MAX_REPEAT]:
                v = v.strip()[:MAX_VALUE_CHARS]
                if v and v not in out:
                    out.append(v)
            return out

        def one(name: str, cap: int = MAX_VALUE_CHARS) -> str:
            return (params.get(name) or "").strip()[:cap]

        limit = _int(params.get("limit"), HTML_LIMIT, 1, MAX_LIMIT)
        return cls(
            q=(params.get("q") or "").strip()[: MAX_QUERY_CHARS + 1],
            countries=many("country"),
            themes=many("theme"),
            types=many("type"),
            years=[y for y in many("year") if len(y) == 4 and y.isdigit()],
            date_from=one("from"),
            date_to=one("to"),
            sort=one("sort") if one("sort") in SORTS else "",
            page=_int(params.get("page"), 1, 1, MAX_PAGE),
            limit=limit if limit in HTML_LIMITS else HTML_LIMIT,
        )

    def pairs(self, **change: Any) -> list[tuple[str, str]]:
        s = {**self.__dict__, **change}
        out: list[tuple[str, str]] = []
        if s["q"]:
            out.append(("q", s["q"]))
        out += [("country", c) for c in s["countries"]]
        out += [("theme", t) for t in s["themes"]]
        out += [("type", t) for t in s["types"]]
        out += [("year", y) for y in s["years"]]
        for key, name in (("date_from", "from"), ("date_to", "to"), ("sort", "sort")):
            if s[key]:
                out.append((name, s[key]))
        if s["limit"] != HTML_LIMIT:
            out.append(("limit", str(s["limit"])))
        if s["page"] != 1:
            out.append(("page", str(s["page"])))
        return out

    def url(self, **change: Any) -> str:
        """The search page URL for this state with ``change`` applied (page resets to 1)."""
        change.setdefault("page", 1)
        qs = urlencode(self.pairs(**change))
        return "/?" + qs if qs else "/"

    def query_string(self) -> str:
        return urlencode(self.pairs())

    def date_range(self) -> tuple[str | None, str | None]:
        """Ticked years are a span (the engine filters by range); from/to narrow it."""
        lo = self.date_from or None
        hi = self.date_to or None
        if self.years:
            ylo, yhi = min(self.years), max(self.years)
            lo = max(lo, ylo) if lo else ylo
            hi = min(hi, yhi) if hi else yhi
        return lo, hi

    def year_checked(self, year: str) -> bool:
        return bool(self.years) and min(self.years) <= year <= max(self.years)


def _back_url(back: str | None) -> str:
    """A search-page URL rebuilt from known keys only (never an open redirect)."""
    if not back:
        return "/"
    keys = {"q", "country", "theme", "type", "year", "from", "to", "sort", "page", "limit"}
    pairs = [(k, v) for k, v in parse_qsl(back[:4000]) if k in keys][: 4 * MAX_REPEAT]
    return "/?" + urlencode(pairs) if pairs else "/"


def _choices(
    facet: Sequence[FacetValue],
    selected: Iterable[str],
    label: Callable[[str], str],
    is_checked: Callable[[str], bool],
) -> list[FacetChoice]:
    """Facet values as checkboxes; a ticked value with no hits still shows, to untick it."""
    out = [
        FacetChoice(f.value, f.label or _label(label, f.value), f.count, is_checked(f.value))
        for f in facet
    ]
    present = {c.value for c in out}
    for v in selected:
        if v not in present:
            out.append(FacetChoice(v, _label(label, v), 0, True))
    # ticked first (so they never fold away), then by count as the engine sorted them
    return sorted(out, key=lambda c: not c.checked)


def _pages(current: int, last: int) -> list[int | None]:
    """Page numbers to link, None for a gap: 1 … 4 5 [6] 7 8 … 20."""
    want = {1, last, *range(current - 2, current + 3)}
    out: list[int | None] = []
    prev = 0
    for p in sorted(n for n in want if 1 <= n <= last):
        if p - prev > 1:
            out.append(None)
        out.append(p)
        prev = p
    return out


# --------------------------------------------------------------------------- app


def create_app(index_dir: str | Path, cors_origins: Sequence[str] = ()) -> FastAPI:
    """The ASGI app serving the API and the search page over the index at ``index_dir``."""
    holder = _IndexHolder(Path(index_dir))

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        holder.close()

    app = FastAPI(
        lifespan=lifespan,
        title="migsearch",
        version="0.1.0",
        summary="Full-text search over labour-migration documents.",
        description=(
            "Search with country, theme and date filters and facet counts "
            "(DESIGN §4/§5). Errors are JSON objects with an `error` message."
        ),
        docs_url=None,
        redoc_url=None,
    )
    app.state.index = holder

    templates = Environment(
        loader=FileSystemLoader(str(WEB / "templates")),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    templates.filters.update(
        fmt_date=_fmt_date,
        country=lambda v: _label(country_label, v),
        theme=lambda v: _label(theme_label, v),
        http_url=http_url,
        host=_host,
        number=lambda n: f"{n:,}",
        highlights=highlight_markup,
        code_spans=_code_spans,
    )
    templates.globals.update(doc_url=lambda i: "/documents/" + quote(i, safe=""))

    def render(name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
        return HTMLResponse(templates.get_template(name).render(**ctx), status_code=status)

    def html_error(status: int, title: str, message: str) -> HTMLResponse:
        return render("error.html", status, title=title, message=message)

    # ------------------------------------------------------------ error handlers
    @app.exception_handler(MigsearchError)
    async def on_migsearch_error(request: Request, exc: MigsearchError) -> Response:
        if _is_api(request):
            return JSONResponse(_error_body(exc), _status(exc))
        return html_error(_status(exc), "Something is not right", str(exc))

    @app.exception_handler(RequestValidationError)
    async def on_validation_error(request: Request, exc: RequestValidationError) -> Response:
        details = _validation_details(exc)
        msg = "; ".join(f"{d['parameter']}: {d['message']}" for d in details)
        if _is_api(request):
            body = {"error": f"bad parameter {msg}", "type": "ValidationError", "details": details}
            return JSONResponse(body, 400)
        return html_error(400, "Bad request", msg)

    @app.exception_handler(StarletteHTTPException)
    async def on_http_error(request: Request, exc: StarletteHTTPException) -> Response:
        text = exc.detail if isinstance(exc.detail, str) else "error"
        if _is_api(request) or exc.status_code == 405:
            resp: Response = JSONResponse(
                {"error": text.lower(), "type": "HTTPError"}, exc.status_code
            )
        else:
            resp = html_error(exc.status_code, text, "There is no page at this address.")
        for k, v in (exc.headers or {}).items():
            resp.headers[k] = v
        return resp

    # ------------------------------------------------------------ API
    @app.get(
        "/api/search",
        response_model=SearchOut,
        responses=ERRORS,
        summary="Search documents",
        tags=["search"],
    )
    def api_search(
        q: Annotated[
            str | None,
            Query(
                max_length=MAX_QUERY_CHARS,
                description="Query; empty or `*` browses everything, newest first.",
            ),
        ] = None,
        country: Annotated[
            list[FilterValue] | None,
            Query(
                max_length=MAX_REPEAT,
                description="Country (alpha-2/3, name, alias) or region such as ASEAN; "
                "repeat to OR values.",
            ),
        ] = None,
        theme: Annotated[
            list[FilterValue] | None,
            Query(max_length=MAX_REPEAT, description="Theme id or label; repeat to OR values."),
        ] = None,
        type: Annotated[
            list[FilterValue] | None,
            Query(
                max_length=MAX_REPEAT,
                description="Document type (news, report, …); repeat to OR values.",
            ),
        ] = None,
        source: Annotated[
            list[SourceValue] | None,
            Query(
                max_length=MAX_REPEAT,
                description="Exact source path or URL; repeat to OR values.",
            ),
        ] = None,
        date_from: Annotated[
            str | None,
            Query(alias="from", max_length=MAX_VALUE_CHARS, description="YYYY[-MM[-DD]]"),
        ] = None,
        date_to: Annotated[
            str | None,
            Query(alias="to", max_length=MAX_VALUE_CHARS, description="YYYY[-MM[-DD]]"),
        ] = None,
        sort: Annotated[
            Sort | None, Query(description="Default: relevance, or newest when browsing.")
        ] = None,
        page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 10,
    ) -> Response:
        """Ranked hits of one page, with facet counts over all matches (DESIGN §4)."""
        res = holder.get().search(
            q,
            countries=country or (),
            themes=theme or (),
            types=type or (),
            sources=source or (),
            date_from=date_from,
            date_to=date_to,
            sort=sort,
            limit=limit,
            page=page,
        )
        return JSONResponse(res.to_dict())

    @app.get(
        "/api/documents/{doc_id:path}",
        response_model=Document,  # the dataclass is the schema: one definition
        responses={**ERRORS, 404: {"model": ErrorOut, "description": "No such document"}},
        summary="One document, whole",
        tags=["documents"],
    )
    def api_document(doc_id: Annotated[str, PathParam(description="Document id")]) -> Response:
        """The stored record with its full body (what `migsearch show` prints)."""
        if len(doc_id) > MAX_ID_CHARS:
            raise DocumentNotFoundError("no document with an id that long")
        return JSONResponse(holder.get().get(doc_id).to_dict())

    @app.get(
        "/api/health",
        response_model=HealthOut,
        responses={503: ERRORS[503]},
        summary="Index status",
        tags=["status"],
    )
    def api_health() -> Response:
        """Index path, document count and last commit; 503 until an index exists."""
        try:
            st = holder.health()
        except IndexMissingError as exc:
            body = {**_error_body(exc), "status": "no index", "index": str(holder.path)}
            return JSONResponse(body, exc.status)
        return JSONResponse(
            {
                "status": "ok",
                "index": st.get("index", str(holder.path)),
                "documents": st.get("documents", 0),
                "generation": st.get("generation"),
                "last_commit": st.get("last_commit"),
            }
        )

    # ------------------------------------------------------------ pages
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request) -> Response:
        state = PageState.from_params(request.query_params)
        errors: list[str] = []
        status = 200
        # canonical filter values: a region stays a region, a country becomes its code
        countries: list[str] = []
        regions: set[str] = set()
        for v in state.countries:
            try:
                codes = resolve_country(v)
            except UnknownCountryError as exc:
                errors.append(str(exc))
                status = 400
                continue
            canon = v.upper() if len(codes) != 1 else codes[0]
            if len(codes) != 1:
                regions.add(canon)
            if canon not in countries:
                countries.append(canon)
        themes: list[str] = []
        for v in state.themes:
            try:
                t = resolve_theme(v)
            except UnknownThemeError as exc:
                errors.append(str(exc))
                status = 400
                continue
            if t not in themes:
                themes.append(t)
        state.countries, state.themes = countries, themes
        lo, hi = state.date_range()
        result: SearchResult | None = None
        query_error: QueryError | None = None
        try:
            result = holder.get().search(
                state.q or None,
                countries=countries,
                themes=themes,
                types=state.types,
                date_from=lo,
                date_to=hi,
                sort=state.sort or None,
                limit=state.limit,
                page=state.page,
            )
        except IndexMissingError:
            ctx = _page_ctx(state, regions, None, [], None, no_index=True)
            return render("search.html", 503, **ctx)
        except QueryError as exc:
            query_error, status = exc, 400
        except MigsearchError as exc:
            errors.append(str(exc))
            status = _status(exc)
        ctx = _page_ctx(state, regions, result, errors, query_error)
        return render("search.html", status, **ctx)

    @app.get("/documents/{doc_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, doc_id: str) -> Response:
        if len(doc_id) > MAX_ID_CHARS:
            raise DocumentNotFoundError("no document with an id that long")
        try:
            doc = holder.get().get(doc_id)
        except DocumentNotFoundError:
            return html_error(404, "Document not found", "No document has this id in the index.")
        paragraphs = [p.strip() for p in doc.body.split("\n\n") if p.strip()]
        return render(
            "document.html",
            doc=doc,
            paragraphs=paragraphs,
            back=_back_url(request.query_params.get("back")),
        )

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs_page() -> Response:
        spec = app.openapi()
        ops = []
        for path, methods in spec.get("paths", {}).items():
            for method, op in methods.items():
                params = [
                    {
                        "name": p["name"],
                        "where": p["in"],
                        "required": p.get("required", False),
                        "type": _schema_type(p.get("schema", {})),
                        "description": p.get("description")
                        or p.get("schema", {}).get("description", ""),
                        "repeat": _schema_type(p.get("schema", {})).startswith("array"),
                    }
                    for p in op.get("parameters", [])
                ]
                ops.append(
                    {
                        "method": method.upper(),
                        "path": path,
                        "summary": op.get("summary", ""),
                        "description": op.get("description", ""),
                        "params": params,
                        "statuses": sorted(op.get("responses", {})),
                    }
                )
        return render("docs.html", spec=spec, ops=ops)

    @app.get("/docs/try", include_in_schema=False)
    def docs_try(request: Request) -> Response:
        # a GET form cannot leave out empty fields or fill a path segment: this
        # drops the empty ones and builds the API URL (only for known API paths)
        params = [(k, v) for k, v in request.query_params.multi_items() if v.strip()]
        target = next((v for k, v in params if k == "_path"), "")
        if target not in app.openapi().get("paths", {}):
            return html_error(404, "Unknown endpoint", "The docs form named no known endpoint.")
        rest = [(k, v) for k, v in params if k != "_path"]
        for name, value in list(rest):
            if "{" + name + "}" in target:
                target = target.replace("{" + name + "}", quote(value[:MAX_ID_CHARS], safe=""))
                rest.remove((name, value))
        if "{" in target:
            return html_error(400, "Missing value", "Fill in the path parameter.")
        return RedirectResponse(target + ("?" + urlencode(rest) if rest else ""), 303)

    app.mount("/static", StaticFiles(directory=str(WEB / "static")), name="static")

    def openapi() -> dict[str, Any]:
        # parameter type errors answer 400 (see on_validation_error), not FastAPI's 422
        if app.openapi_schema is None:
            from fastapi.openapi.utils import get_openapi

            spec = get_openapi(
                title=app.title,
                version=app.version,
                summary=app.summary,
                description=app.description,
                routes=app.routes,
            )
            for methods in spec.get("paths", {}).values():
                for op in methods.values():
                    op.get("responses", {}).pop("422", None)
            schemas = spec.get("components", {}).get("schemas", {})
            for name in ("HTTPValidationError", "ValidationError"):
                schemas.pop(name, None)
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

    if cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(cors_origins),
            allow_methods=["GET"],
            allow_headers=[],
            max_age=600,
        )
    app.add_middleware(_Hardening)
    return app


_NOT_BOLD_TAG = re.compile(r"<(?!/?b>)")


def highlight_markup(value: str) -> Markup:
    """The engine's highlight string as markup: the one place text from the index is trusted.

    The engine escapes everything but its own ``<b>``/``</b>`` tags. Any other
    ``<`` that still got through (a different formatter, a future change) is
    escaped here, so only bold tags can ever reach the page.
    """
    return Markup(_NOT_BOLD_TAG.sub("&lt;", value))


def _type_label(value: str) -> str:
    """Type ids are lower-case words (news, report): shown capitalised, underscores as spaces."""
    return value.replace("_", " ").capitalize()


def _code_spans(text: str) -> Markup:
    """OpenAPI descriptions are Markdown; render their `code` spans (escaped first)."""
    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", str(escape(text))))


def _schema_type(schema: dict[str, Any]) -> str:
    if "anyOf" in schema:
        kinds = [_schema_type(s) for s in schema["anyOf"] if s.get("type") != "null"]
        return " | ".join(kinds) or "any"
    if schema.get("type") == "array":
        return f"array of {_schema_type(schema.get('items', {}))}"
    if "enum" in schema:
        return " | ".join(map(str, schema["enum"]))
    return str(schema.get("type", "any"))


def _page_ctx(
    state: PageState,
    regions: set[str],
    result: SearchResult | None,
    errors: list[str],
    query_error: QueryError | None,
    *,
    no_index: bool = False,
) -> dict[str, Any]:
    facets = result.facets if result else {}
    countries_sel = [c for c in state.countries if c not in regions]
    regions_sel = [c for c in state.countries if c in regions]
    boxes = {
        "regions": _choices(
            facets.get("regions", []),
            regions_sel,
            region_label,
            lambda v: v in state.countries,
        ),
        "countries": _choices(
            facets.get("countries", []),
            countries_sel,
            country_label,
            lambda v: v in state.countries,
        ),
        "themes": _choices(
            facets.get("themes", []), state.themes, theme_label, lambda v: v in state.themes
        ),
        "types": _choices(
            facets.get("types", []), state.types, _type_label, lambda v: v in state.types
        ),
        "years": sorted(
            _choices(facets.get("years", []), state.years, str, state.year_checked),
            key=lambda c: c.value,
            reverse=True,
        ),
    }
    last = min(result.pages, MAX_PAGE) if result else 1
    first_hit = (state.page - 1) * state.limit + 1 if result and result.hits else 0
    chips = (
        [(f"Country: {_label(country_label, c)}", "country", c) for c in countries_sel]
        + [(f"Region: {_label(region_label, r)}", "country", r) for r in regions_sel]
        + [(f"Theme: {_label(theme_label, t)}", "theme", t) for t in state.themes]
        + [(f"Type: {_type_label(t)}", "type", t) for t in state.types]
    )
    chip_links = []
    for text, kind, value in chips:
        if kind == "country":
            url = state.url(countries=[c for c in state.countries if c != value])
        elif kind == "theme":
            url = state.url(themes=[t for t in state.themes if t != value])
        else:
            url = state.url(types=[t for t in state.types if t != value])
        chip_links.append({"text": text, "url": url})
    if state.years or state.date_from or state.date_to:
        lo, hi = state.date_range()
        span = lo if lo and lo == hi else f"{lo or '…'} – {hi or '…'}"
        chip_links.append(
            {"text": f"Date: {span}", "url": state.url(years=[], date_from="", date_to="")}
        )
    expansions: dict[str, list[str]] = {}
    for e in result.expansions if result else ():
        frm, to = str(e.get("from", "")), str(e.get("to", ""))
        if e.get("type") == "country":
            to = ", ".join(_label(country_label, c) for c in to.split())
        if frm and to and to.lower() != frm.lower() and to not in expansions.get(frm, []):
            expansions.setdefault(frm, []).append(to)
    qe_pos = query_error.position if query_error is not None else None
    return {
        "state": state,
        "result": result,
        "errors": errors,
        "query_error": str(query_error) if query_error is not None else None,
        "query_error_at": (
            (state.q[:qe_pos], state.q[qe_pos : qe_pos + 1] or " ", state.q[qe_pos + 1 :])
            if qe_pos is not None and 0 <= qe_pos <= len(state.q)
            else None
        ),
        "no_index": no_index,
        "expansions": [(frm, ", ".join(tos)) for frm, tos in expansions.items()],
        "boxes": boxes,
        "facet_shown": FACET_SHOWN,
        "chips": chip_links,
        "last_page": last,
        "page_links": _pages(state.page, last) if result and result.total else [],
        "first_hit": first_hit,
        "last_hit": first_hit + len(result.hits) - 1 if result and result.hits else 0,
        "sorts": [("", "Best match"), ("newest", "Newest first"), ("oldest", "Oldest first")],
        "limits": HTML_LIMITS,
    }


_ENV_INDEX = "MIGSEARCH_SERVE_INDEX"
_ENV_CORS = "MIGSEARCH_SERVE_CORS"


def app_from_env() -> FastAPI:
    """App factory for uvicorn's worker processes, which import the app by name."""
    return create_app(os.environ[_ENV_INDEX], json.loads(os.environ.get(_ENV_CORS, "[]")))


def serve(
    index_dir: str | Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    cors_origins: Sequence[str] = (),
    workers: int | None = None,
) -> None:
    """Run the app under uvicorn until interrupted (``migsearch serve``).

    A search is CPU-bound Python, so one process uses one core whatever the
    number of clients. ``workers`` (default: ``WEB_CONCURRENCY`` from the
    environment, as uvicorn reads it, else 1) runs that many processes on
    the same port, each with its own opened index; they learn the index
    path and CORS origins from the environment because uvicorn starts them
    from an import string.
    """
    import uvicorn

    if workers is None:
        try:
            workers = int(os.environ.get("WEB_CONCURRENCY") or 1)
        except ValueError:
            workers = 1
    workers = max(1, workers)
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "server_header": False,
        "log_level": "info",
        "workers": workers,
    }
    log.info("serving %s with %d worker(s)", Path(index_dir).absolute(), workers)
    if workers == 1:
        uvicorn.run(create_app(index_dir, cors_origins=cors_origins), **options)
        return
    os.environ[_ENV_INDEX] = str(Path(index_dir).absolute())
    os.environ[_ENV_CORS] = json.dumps(list(cors_origins))
    uvicorn.run("migsearch.search.serve.app:app_from_env", factory=True, **options)
