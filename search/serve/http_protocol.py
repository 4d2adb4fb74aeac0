"""The HTTP/1.1 protocol the server speaks: uvicorn's h11, with Nagle's algorithm off.

uvicorn writes a response's head and its body in two writes. asyncio turns
Nagle's algorithm off (TCP_NODELAY) on an accepted connection only when the
listening socket was made with ``proto=IPPROTO_TCP``; the socket that
uvicorn binds for several worker processes is made with ``proto=0``, so
there the body waited for the client to acknowledge the head, and a client
acknowledges late on purpose (up to 40 ms on Linux). One client searching
one request after another got one answer every 40-60 ms from two processes
against every 12 ms from one (bench/serve.py, sample corpus: 19 req/s
against 86). This protocol sets TCP_NODELAY on every connection itself,
whoever made the listening socket.

It is h11 by name, not uvicorn's "auto" choice: where httptools is installed
"auto" takes it, and httptools has no bound on a request's line and headers
(``h11_max_incomplete_event_size`` is h11's).
"""

from __future__ import annotations

import asyncio
import contextlib
import socket

from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["NoDelayH11Protocol"]


class NoDelayH11Protocol(H11Protocol):
    """uvicorn's h11 protocol on a connection with TCP_NODELAY set."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            # a connection already gone: h11 finds out itself
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
