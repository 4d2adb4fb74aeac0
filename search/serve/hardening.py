"""Security headers on every response, CORS when asked for, and a last-resort 500.

Indexed pages are untrusted input, so every response carries a strict
Content-Security-Policy (no inline script or style, nothing from another
origin) and the usual anti-sniffing and anti-framing headers. The middleware
sits outside FastAPI's exception handlers, so even an error nothing else
caught is answered with these headers and without a traceback: a JSON body on
the API's addresses, the page's own error page everywhere else (a reader of
the page must not be shown a JSON blob).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from migsearch.search.serve.http_errors import PageError, error_response, is_api_path

__all__ = ["CSP", "SECURITY_HEADERS", "Hardening", "harden"]

log = logging.getLogger("migsearch.api")

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
_OURS = {name for name, _ in SECURITY_HEADERS}


class Hardening:
    """ASGI middleware: the security headers, and a 500 for anything unhandled.

    ``page_error`` renders that 500 for addresses outside the API; without it
    every address gets JSON.
    """

    def __init__(self, app: ASGIApp, page_error: PageError | None = None) -> None:
        self.app = app
        self.page_error = page_error

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in _OURS]
                message = {**message, "headers": headers + SECURITY_HEADERS}
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as exc:
            log.exception("unhandled error on %s", scope.get("path"))
            if started:
                raise
            if self.page_error is None or is_api_path(scope.get("path", "")):
                response = error_response(exc)
            else:
                response = self.page_error(
                    500,
                    "Something went wrong",
                    "An unexpected fault; the details are in the server log.",
                )
            await response(scope, receive, send_with_headers)


def harden(
    app: FastAPI, cors_origins: Sequence[str] = (), page_error: PageError | None = None
) -> None:
    """Add CORS for ``cors_origins`` (GET only; none by default), then the hardening.

    ``page_error`` renders the last-resort 500 of the page's addresses.
    """
    if cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(cors_origins),
            allow_methods=["GET"],
            allow_headers=[],
            max_age=600,
        )
    app.add_middleware(Hardening, page_error=page_error)
