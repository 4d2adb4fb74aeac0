"""``/docs``: a readable API reference rendered from the OpenAPI document, with a try-it form.

Swagger UI would mean either a CDN (a third-party request from every
reader's browser, and nothing offline) or about 1.5 MB of vendored JavaScript
that needs inline script and style, which the Content-Security-Policy forbids,
for an API of three GET endpoints. So the page is rendered on the server from
``/openapi.json``, with a plain GET form per endpoint; ``/docs/try`` turns a
submitted form into the API URL.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from migsearch.search.serve.holder import MAX_ID_CHARS
from migsearch.search.serve.http_errors import error_kinds
from migsearch.search.serve.templates import page_error, render

__all__ = ["operations", "router"]

router = APIRouter(include_in_schema=False)


def _schema_type(schema: dict[str, Any]) -> str:
    if "anyOf" in schema:
        kinds = [_schema_type(s) for s in schema["anyOf"] if s.get("type") != "null"]
        return " | ".join(kinds) or "any"
    if schema.get("type") == "array":
        return f"array of {_schema_type(schema.get('items', {}))}"
    if "enum" in schema:
        return " | ".join(map(str, schema["enum"]))
    return str(schema.get("type", "any"))


def _parameter(p: dict[str, Any]) -> dict[str, Any]:
    schema = p.get("schema", {})
    kind = _schema_type(schema)
    return {
        "name": p["name"],
        "where": p["in"],
        "required": p.get("required", False),
        "type": kind,
        "description": p.get("description") or schema.get("description", ""),
        "repeat": kind.startswith("array"),
    }


def operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Each operation of an OpenAPI document, flattened for the page."""
    return [
        {
            "method": method.upper(),
            "path": path,
            "summary": op.get("summary", ""),
            "description": op.get("description", ""),
            "params": [_parameter(p) for p in op.get("parameters", [])],
            "statuses": sorted(op.get("responses", {})),
        }
        for path, methods in spec.get("paths", {}).items()
        for method, op in methods.items()
        if method != "head"  # every GET answers HEAD too; the page says so once
    ]


@router.get("/docs", response_class=HTMLResponse)
def docs_page(request: Request) -> Response:
    spec = request.app.openapi()
    return render("docs.html", spec=spec, ops=operations(spec), error_types=error_kinds())


@router.get("/docs/try")
def docs_try(request: Request) -> Response:
    # a GET form cannot leave out empty fields or fill a path segment: this
    # drops the empty ones and builds the API URL (only for known API paths)
    params = [(k, v) for k, v in request.query_params.multi_items() if v.strip()]
    target = next((v for k, v in params if k == "_path"), "")
    if target not in request.app.openapi().get("paths", {}):
        return page_error(404, "Unknown endpoint", "The docs form named no known endpoint.")
    rest = [(k, v) for k, v in params if k != "_path"]
    for name, value in list(rest):
        if "{" + name + "}" in target:
            target = target.replace("{" + name + "}", quote(value[:MAX_ID_CHARS], safe=""))
            rest.remove((name, value))
    if "{" in target:
        return page_error(400, "Missing value", "Fill in the path parameter.")
    return RedirectResponse(target + ("?" + urlencode(rest) if rest else ""), 303)
