"""``migsearch serve``: the app that joins the JSON API, the pages and the hardening.

One process serves the search page (``pages``), the JSON API (``api``) and
its reference (``docs_page``) over one shared index (``holder``), searching
it from parallel threads, each search under a time limit. Errors become
statuses in one table (``http_errors``), and every response leaves through
the security headers (``hardening``). Under uvicorn, ``serve`` runs one
process or several on the same port; processes share nothing but the index
on disk.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import socket
import sys
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from migsearch.errors import UsageError
from migsearch.search.deadline import DEFAULT_TIMEOUT
from migsearch.search.serve import api, docs_page, exports, feeds, pages, saved_api
from migsearch.search.serve.hardening import harden
from migsearch.search.serve.head import HeadAsGet
from migsearch.search.serve.holder import IndexHolder
from migsearch.search.serve.http_errors import install_error_handlers
from migsearch.search.serve.http_protocol import NoDelayH11Protocol
from migsearch.search.serve.schemas import install_openapi
from migsearch.search.serve.templates import STATIC, page_error

__all__ = ["app_from_env", "create_app", "listening_socket", "serve"]

log = logging.getLogger("migsearch.api")

DESCRIPTION = (
    "Full-text search over labour-migration documents, with country, theme, type, "
    "source, year and date filters and facet counts over all matches; documents like "
    "another; exports as CSV, JSONL and citations (RIS, BibTeX, CSL-JSON); saved "
    "searches and Atom feeds of any search. Errors are JSON objects with a one-line "
    "`error` message and a `type`."
)


#: how long a thread runs before another may take the interpreter lock
SWITCH_SECONDS = 0.001


def _version() -> str:
    try:
        return version("migsearch")
    except PackageNotFoundError:  # running from a checkout that was never installed
        return "0"


def create_app(
    index_dir: str | Path,
    cors_origins: Sequence[str] = (),
    timeout: float | None = DEFAULT_TIMEOUT,
    processes: bool | None = None,
) -> FastAPI:
    """The ASGI app serving the API and the search page over the index at ``index_dir``.

    ``timeout``: seconds one search may run before it is stopped (504); None: no limit.
    ``processes``: where a sharded index's shards are searched (None: by its size).
    """
    holder = IndexHolder(Path(index_dir), timeout=timeout, processes=processes)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Searches run in worker threads and the event loop waits its turn at the
        # interpreter lock behind them; a shorter turn (5 ms by default) lets
        # health probes and cheap requests through a long search sooner.
        sys.setswitchinterval(SWITCH_SECONDS)
        await run_in_threadpool(holder.warm_up)  # uvicorn listens only after this
        holder.start_following()
        yield
        holder.close()

    app = FastAPI(
        lifespan=lifespan,
        title="migsearch",
        version=_version(),
        summary="Full-text search over labour-migration documents.",
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
    )
    app.state.index = holder
    for router in (
        api.router,
        exports.router,
        saved_api.router,
        feeds.router,
        pages.router,
        docs_page.router,
    ):
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    install_error_handlers(app, page_error)
    install_openapi(app)
    app.add_middleware(HeadAsGet)
    harden(app, cors_origins, page_error=page_error)
    return app


#: bytes of a request's line and headers (a URL holds a query of up to 100,000 characters)
MAX_REQUEST_LINE = 1 << 20

_ENV_INDEX = "MIGSEARCH_SERVE_INDEX"
_ENV_CORS = "MIGSEARCH_SERVE_CORS"
_ENV_TIMEOUT = "MIGSEARCH_SERVE_TIMEOUT"
_ENV_PROCESSES = "MIGSEARCH_SERVE_PROCESSES"


def app_from_env() -> FastAPI:
    """App factory for uvicorn's worker processes, which import the app by name."""
    timeout = json.loads(os.environ.get(_ENV_TIMEOUT, json.dumps(DEFAULT_TIMEOUT)))
    return create_app(
        os.environ[_ENV_INDEX],
        json.loads(os.environ.get(_ENV_CORS, "[]")),
        timeout=timeout,
        processes=json.loads(os.environ.get(_ENV_PROCESSES, "null")),
    )


def listening_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to ``host:port``; a UsageError when the address cannot be had."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as e:
        raise UsageError(f"cannot listen on {host}:{port}: {e.strerror or e}") from e
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as e:
        sock.close()
        why = "the port is in use" if e.errno == errno.EADDRINUSE else (e.strerror or str(e))
        raise UsageError(f"cannot listen on {host}:{port}: {why}") from e
    return sock


def serve(
    index_dir: str | Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    cors_origins: Sequence[str] = (),
    workers: int | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    processes: bool | None = None,
) -> None:
    """Run the app under uvicorn until interrupted (``migsearch serve``).

    A search is CPU-bound Python, so one process uses one core whatever the
    number of clients. ``workers`` (default: ``WEB_CONCURRENCY`` from the
    environment, as uvicorn reads it, else 1) runs that many processes on
    the same port, each with its own opened index; they learn the index
    path, CORS origins and time limit from the environment because uvicorn
    starts them from an import string. ``timeout``: seconds one search may run.
    ``processes``: where a sharded index's shards are searched (None: by its size).
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
        # h11 with TCP_NODELAY on every connection, also in worker processes
        "http": NoDelayH11Protocol,
        # a pasted passage travels in the search page's URL: let a long one in
        "h11_max_incomplete_event_size": MAX_REQUEST_LINE,
    }
    # bound here first, so a port in use is one error line, not uvicorn's log and exit 3
    sock = listening_socket(host, port)
    log.info("serving %s with %d worker(s)", Path(index_dir).absolute(), workers)
    if workers == 1:
        options.pop("workers")
        config = uvicorn.Config(
            create_app(index_dir, cors_origins, timeout=timeout, processes=processes), **options
        )
        uvicorn.Server(config).run(sockets=[sock])
        return
    sock.close()  # uvicorn's worker manager binds the address itself
    os.environ[_ENV_INDEX] = str(Path(index_dir).absolute())
    os.environ[_ENV_CORS] = json.dumps(list(cors_origins))
    os.environ[_ENV_TIMEOUT] = json.dumps(timeout)
    os.environ[_ENV_PROCESSES] = json.dumps(processes)
    uvicorn.run("migsearch.search.serve.app:app_from_env", factory=True, **options)
