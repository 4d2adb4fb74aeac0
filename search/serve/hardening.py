"""Security headers on every response, CORS when asked for, and a last-resort 500.

Indexed pages are untrusted input, so every response carries a strict
Content-Security-Policy (no inline script or style, nothing from another
origin) and the usual anti-sniffing and anti-framing headers. The middleware
sits outside FastAPI's exception handlers, so even an error nothing else
caught is answered with these headers and a JSON body without a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from migsearch.search.serve.http_errors import error_response

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
    """ASGI middleware: the security headers, and a JSON 500 for anything unhandled."""

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
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in _OURS]
                message = {**message, "headers": headers + SECURITY_HEADERS}
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as exc:
            log.exception("unhandled error on %s", scope.get("path"))
            if started:
                raise
            await error_response(exc)(scope, receive, send_with_headers)


def harden(app: FastAPI, cors_origins: Sequence[str] = ()) -> None:
    """Add CORS for ``cors_origins`` (GET only; none by default), then the hardening."""
    if cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(cors_origins),
            allow_methods=["GET"],
            allow_headers=[],
            max_age=600,
        )
    app.add_middleware(Hardening)
