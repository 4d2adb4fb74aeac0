"""Security headers and CORS on every response, and the last-resort 500 (``serve/hardening.py``)."""

from __future__ import annotations

import threading
import time

import httpx
import uvicorn
from fastapi import FastAPI
from server_fixtures import CORS_ORIGIN, free_port

from migsearch.search.serve.hardening import CSP, harden
from migsearch.search.serve.http_errors import INTERNAL_ERROR
from migsearch.search.serve.templates import page_error


def test_security_headers_everywhere(http):
    for path in ("/", "/api/search?q=x", "/api/documents/nope", "/static/style.css", "/nope"):
        r = http.get(path)
        assert r.headers["content-security-policy"] == CSP, path
        assert r.headers["x-content-type-options"] == "nosniff", path
    assert "'unsafe-inline'" not in CSP and "default-src 'self'" in CSP


def test_cors_only_for_configured_origin(http):
    r = http.get("/api/search", params={"q": "fishers"}, headers={"Origin": CORS_ORIGIN})
    assert r.headers["access-control-allow-origin"] == CORS_ORIGIN
    r = http.get("/api/search", headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in r.headers
    pre = http.options(
        "/api/search",
        headers={"Origin": CORS_ORIGIN, "Access-Control-Request-Method": "GET"},
    )
    assert pre.status_code == 200
    assert pre.headers["access-control-allow-origin"] == CORS_ORIGIN
    # errors carry the header too, so a browser client can read the message
    r = http.get("/api/search", params={"q": '"'}, headers={"Origin": CORS_ORIGIN})
    assert r.status_code == 400
    assert r.headers["access-control-allow-origin"] == CORS_ORIGIN


def test_an_unhandled_fault_is_a_page_on_the_page_and_json_on_the_api() -> None:
    """The last-resort 500, on a real server: a reader of the page gets the page's
    error page, a client of the API gets JSON, neither gets a traceback."""
    app = FastAPI()

    @app.get("/boom")
    @app.get("/api/boom")
    def boom() -> None:
        raise RuntimeError("secret detail of a fault")

    harden(app, page_error=page_error)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_level="critical")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            assert time.monotonic() < deadline, "the test server did not start"
            time.sleep(0.05)
        url = f"http://127.0.0.1:{server.config.port}"
        page = httpx.get(url + "/boom", timeout=30)
        assert page.status_code == 500
        assert page.headers["content-type"].startswith("text/html")
        assert "<html" in page.text.lower() and "server log" in page.text
        assert "secret detail" not in page.text and "Traceback" not in page.text
        assert page.headers["content-security-policy"] == CSP
        api = httpx.get(url + "/api/boom", timeout=30)
        assert api.status_code == 500 and api.json() == {
            "error": "internal error",
            "type": INTERNAL_ERROR,
        }
        assert api.headers["content-security-policy"] == CSP
    finally:
        server.should_exit = True
        thread.join(timeout=30)
