"""The one place where an exception becomes an HTTP status and an error body.

The library's errors (``migsearch.errors``) say what went wrong and nothing
about HTTP; this table says what each one means to a client. A class not in
the table answers with its nearest listed ancestor's status, and the tests
require every class of the hierarchy to be listed, so a new error is a choice
made here, not an accident.

Anything that is not a MigsearchError (a bug, or Whoosh's or pydantic's own
exception escaping) is a 500 whose body names no class and quotes nothing:
the details go to the server log only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from migsearch.errors import (
    DocumentNotFoundError,
    IndexLockedError,
    IndexMissingError,
    IndexVersionError,
    IndexWriteError,
    IngestError,
    MigsearchError,
    QueryError,
    SavedSearchNotFoundError,
    SearchTimeoutError,
    ShardUnavailableError,
    UnknownCountryError,
    UnknownGroupError,
    UnknownThemeError,
    UnknownTypeError,
    UnknownValueError,
    UsageError,
)

__all__ = [
    "HTTP_ERROR",
    "INTERNAL_ERROR",
    "STATUS",
    "VALIDATION_ERROR",
    "PageError",
    "error_body",
    "error_kinds",
    "error_response",
    "install_error_handlers",
    "is_api",
    "is_api_path",
    "status_for",
]

#: HTTP status of each library error, with what it means to a client.
STATUS: dict[type[MigsearchError], tuple[int, str]] = {
    MigsearchError: (500, "A fault of the server, such as a broken data file"),
    UsageError: (400, "A parameter that makes no sense (a bad date, sort or limit)"),
    QueryError: (400, "A query that cannot be read; `position` says where"),
    UnknownValueError: (400, "A filter value that names nothing known"),
    UnknownCountryError: (400, "An unknown country or region; `suggestions` are close names"),
    UnknownGroupError: (400, "An unknown population group; `suggestions` are close names"),
    UnknownThemeError: (400, "An unknown theme; `suggestions` are close names"),
    UnknownTypeError: (400, "A type no document of the index has; the message lists those it has"),
    DocumentNotFoundError: (404, "No document has this id"),
    SavedSearchNotFoundError: (404, "No saved search has this name"),
    IndexMissingError: (503, "No index has been built yet (or it cannot be opened)"),
    IndexVersionError: (503, "The index was built by another version and must be rebuilt"),
    IndexLockedError: (503, "Another process is writing the index"),
    SearchTimeoutError: (504, "The search ran past its time limit and was stopped"),
    ShardUnavailableError: (503, "A shard of the index could not answer (its cluster's workers)"),
    IndexWriteError: (500, "The index could not be written (never raised while serving)"),
    IngestError: (500, "A source could not be read (never raised while serving)"),
}

#: ``type`` of the body for a parameter FastAPI rejected before any library code ran
VALIDATION_ERROR = "ValidationError"
#: ``type`` of the body for anything that is not a MigsearchError
INTERNAL_ERROR = "InternalError"


#: ``type`` of the body for an unknown address or method (404, 405)
HTTP_ERROR = "HTTPError"


def error_kinds() -> list[tuple[str, int, str]]:
    """Every ``type`` an error body can have, with its status and meaning, by status."""
    rows = [(cls.__name__, status, meaning) for cls, (status, meaning) in STATUS.items()]
    rows += [
        (VALIDATION_ERROR, 400, "A parameter of the wrong type, out of range or too long"),
        (HTTP_ERROR, 404, "No route at this address (405: a method other than GET)"),
        (INTERNAL_ERROR, 500, "An unexpected fault; the details are in the server log"),
    ]
    return sorted(rows, key=lambda r: (r[1], r[0]))


def status_for(exc: BaseException) -> int:
    """The HTTP status of ``exc``: its class's entry, else its nearest listed ancestor's."""
    for cls in type(exc).__mro__:
        if cls in STATUS:
            return STATUS[cls][0]
    return 500


def error_body(exc: BaseException) -> dict[str, Any]:
    """The JSON a client gets for ``exc``: ``error`` (one line) and ``type``, plus details."""
    if not isinstance(exc, MigsearchError):
        return {"error": "internal error", "type": INTERNAL_ERROR}
    body: dict[str, Any] = {"error": str(exc), "type": type(exc).__name__}
    if isinstance(exc, QueryError) and exc.position is not None:
        body["position"] = exc.position
    if isinstance(exc, UnknownValueError):
        body["value"] = exc.value
        body["suggestions"] = exc.suggestions
    return body


def error_response(exc: BaseException, **extra: Any) -> JSONResponse:
    """``exc`` as a JSON response with its status; ``extra`` keys join the body."""
    return JSONResponse({**error_body(exc), **extra}, status_for(exc))


def is_api_path(path: str) -> bool:
    """Whether ``path`` is a JSON address (errors are JSON there, pages elsewhere)."""
    return path.startswith(("/api/", "/openapi"))


def is_api(request: Request) -> bool:
    """Whether the client asked a JSON address (errors are JSON there, pages elsewhere)."""
    return is_api_path(request.url.path)


def _validation_details(exc: RequestValidationError) -> list[dict[str, str]]:
    # pydantic's error dicts may hold the raw input and exception objects: keep
    # only the location and message, which are all a client needs
    out = []
    for e in exc.errors():
        loc = [str(p) for p in e.get("loc", ()) if p not in ("query", "path")]
        out.append({"parameter": ".".join(loc), "message": str(e.get("msg", ""))})
    return out


PageError = Callable[[int, str, str], Response]


def install_error_handlers(app: FastAPI, page_error: PageError) -> None:
    """Answer errors as JSON on API addresses and as ``page_error(status, title, text)`` pages."""

    @app.exception_handler(MigsearchError)
    async def on_migsearch_error(request: Request, exc: MigsearchError) -> Response:
        if is_api(request):
            return error_response(exc)
        return page_error(status_for(exc), "Something is not right", str(exc))

    @app.exception_handler(RequestValidationError)
    async def on_validation_error(request: Request, exc: RequestValidationError) -> Response:
        details = _validation_details(exc)
        msg = "; ".join(f"{d['parameter']}: {d['message']}" for d in details)
        if is_api(request):
            body = {"error": f"bad parameter {msg}", "type": VALIDATION_ERROR, "details": details}
            return JSONResponse(body, 400)
        return page_error(400, "Bad request", msg)

    @app.exception_handler(StarletteHTTPException)
    async def on_http_error(request: Request, exc: StarletteHTTPException) -> Response:
        text = exc.detail if isinstance(exc.detail, str) else "error"
        if is_api(request) or exc.status_code == 405:
            resp: Response = JSONResponse(
                {"error": text.lower(), "type": HTTP_ERROR}, exc.status_code
            )
        else:
            resp = page_error(exc.status_code, text, "There is no page at this address.")
        for k, v in (exc.headers or {}).items():
            resp.headers[k] = v
        return resp
