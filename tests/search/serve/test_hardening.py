"""Security headers and CORS on every response (``serve/hardening.py``)."""

from __future__ import annotations

from server_fixtures import CORS_ORIGIN

from migsearch.search.serve.hardening import CSP


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
