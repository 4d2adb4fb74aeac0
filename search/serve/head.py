"""``HEAD`` on every route that answers ``GET``: the same status and headers, no body.

FastAPI registers a route for the methods it is declared with, so a route
declared with ``@router.get`` answers ``HEAD`` with 405, which breaks link
checkers, feed readers probing a feed and caches revalidating a page. This
middleware runs a ``HEAD`` request as the ``GET`` it stands for and sends
that answer's status and headers (``Content-Length`` included) without the
body. The scope is copied, not changed, so the server below still knows the
request was ``HEAD``.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["HeadAsGet"]


class HeadAsGet:
    """ASGI middleware: answer ``HEAD`` as ``GET`` without the body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return
        finished = False

        async def headers_only(message: Message) -> None:
            nonlocal finished
            if message["type"] == "http.response.body":
                if finished:
                    return
                if message.get("more_body", False):
                    return  # the rest of a streamed body: nothing of it is sent
                finished = True
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)
