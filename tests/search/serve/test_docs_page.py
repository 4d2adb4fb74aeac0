"""``/openapi.json``, ``/docs`` and ``/docs/try`` (``serve/docs_page.py``, ``serve/schemas.py``)."""

from __future__ import annotations

import json
import re


def test_openapi_describes_every_endpoint_and_docs_need_no_cdn(http):
    spec = http.get("/openapi.json").json()
    assert {"/api/search", "/api/documents/{doc_id}", "/api/health"} <= set(spec["paths"])
    params = {p["name"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert {"q", "country", "from", "to", "sort", "page", "limit"} <= params
    # parameter errors are 400 here, so the schema must not promise FastAPI's 422
    assert "422" not in json.dumps(spec["paths"])
    docs = http.get("/docs")
    assert docs.status_code == 200
    assert "/api/search" in docs.text
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", docs.text)
    assert http.get("/redoc").status_code == 404


def test_docs_try_form_builds_the_api_url(http):
    r = http.get(
        "/docs/try",
        params=[("_path", "/api/search"), ("q", "fishers"), ("sort", ""), ("page", "")],
    )
    assert r.status_code == 303
    assert r.headers["location"] == "/api/search?q=fishers"
    r = http.get("/docs/try", params={"_path": "/api/documents/{doc_id}", "doc_id": "a/b"})
    assert r.headers["location"] == "/api/documents/a%2Fb"
    assert http.get("/docs/try", params={"_path": "https://evil.example/"}).status_code == 404
