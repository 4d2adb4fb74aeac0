"""The one exception→status table (``serve/http_errors.py``): complete, and nothing leaks."""

from __future__ import annotations

import importlib
import json
import pkgutil
import shutil

import httpx
import pytest
from pydantic import BaseModel, ValidationError
from server_fixtures import Server
from whoosh.qparser import QueryParserError

import migsearch
from migsearch.errors import (
    DocumentNotFoundError,
    IndexMissingError,
    MigsearchError,
    QueryError,
    UnknownThemeError,
)
from migsearch.search.serve.http_errors import (
    INTERNAL_ERROR,
    STATUS,
    error_body,
    error_kinds,
    status_for,
)


def _hierarchy() -> set[type[MigsearchError]]:
    """MigsearchError and every subclass defined anywhere in the package."""
    for info in pkgutil.walk_packages(migsearch.__path__, "migsearch."):
        if not info.name.endswith("__main__"):
            importlib.import_module(info.name)
    found: set[type[MigsearchError]] = set()
    todo: list[type[MigsearchError]] = [MigsearchError]
    while todo:
        cls = todo.pop()
        if cls not in found and cls.__module__.startswith("migsearch."):
            found.add(cls)
            todo += cls.__subclasses__()
    return found


def test_every_error_class_has_its_own_status() -> None:
    classes = _hierarchy()
    assert len(classes) > 5
    missing = sorted(c.__name__ for c in classes if c not in STATUS)
    assert missing == [], "choose a status for these in STATUS"
    for cls, (status, meaning) in STATUS.items():
        assert 400 <= status < 600 and meaning, cls


def test_status_follows_the_class_and_its_ancestors() -> None:
    assert status_for(QueryError("x", 3)) == 400
    assert status_for(DocumentNotFoundError("x")) == 404
    assert status_for(IndexMissingError("x")) == 503
    # a fault of migsearch's own (a broken data file) is the server's, not the client's
    assert status_for(MigsearchError("themes.toml: broken")) == 500

    class NewKind(QueryError):
        pass

    assert status_for(NewKind("x")) == 400


def test_bodies_carry_the_details_a_client_can_use() -> None:
    assert error_body(QueryError("unclosed quote at position 3", 2)) == {
        "error": "unclosed quote at position 3",
        "type": "QueryError",
        "position": 2,
    }
    body = error_body(UnknownThemeError("fishin", ["fishing"]))
    assert body["value"] == "fishin" and body["suggestions"] == ["fishing"]
    assert body["type"] == "UnknownThemeError"


class _Model(BaseModel):
    n: int


def _pydantic_error() -> ValidationError:
    try:
        _Model(n="not a number")  # type: ignore[arg-type]
    except ValidationError as e:
        return e
    raise AssertionError("pydantic accepted a bad value")


@pytest.mark.parametrize(
    "exc",
    [QueryParserError("whoosh internals"), _pydantic_error(), KeyError("secret"), OSError(5, "x")],
    ids=["whoosh", "pydantic", "KeyError", "OSError"],
)
def test_foreign_exceptions_are_a_bare_500(exc: Exception) -> None:
    """Not ours: no class name, no message, nothing from the library that raised it."""
    assert status_for(exc) == 500
    assert error_body(exc) == {"error": "internal error", "type": INTERNAL_ERROR}


def test_every_kind_is_listed_once_with_its_status() -> None:
    kinds = error_kinds()
    names = [name for name, _, _ in kinds]
    assert len(names) == len(set(names))
    assert {c.__name__ for c in _hierarchy()} <= set(names)
    assert all(400 <= status < 600 for _, status, _ in kinds)


BAD_REQUESTS = [
    ("/api/search", {"q": '"unclosed'}),
    ("/api/search", {"country": "Thailnd"}),
    ("/api/search", {"theme": "no-such-theme"}),
    ("/api/search", {"from": "2015-13"}),
    ("/api/search", {"from": "2016", "to": "2015"}),
    ("/api/search", {"sort": "random", "page": "two", "limit": "-1"}),
    ("/api/search", {"year_histogram": "maybe"}),
    ("/api/search", {"country": "T" * 500}),
    ("/api/documents/no-such-id", {}),
    ("/api/documents/" + "a" * 600, {}),
    ("/api/nothing-here", {}),
]


@pytest.mark.parametrize(("path", "params"), BAD_REQUESTS)
def test_error_bodies_name_only_documented_kinds(http, path: str, params: dict) -> None:
    r = http.get(path, params=params)
    assert 400 <= r.status_code < 500, r.text
    body = r.json()
    statuses = {name: status for name, status, _ in error_kinds()}
    assert body["type"] in statuses
    assert r.status_code == statuses[body["type"]] or body["type"] == "HTTPError"
    assert "pydantic" not in r.text.lower() and "whoosh" not in r.text.lower()
    assert "\n" not in body["error"]


def test_a_damaged_index_leaks_no_foreign_error(web_index, tmp_path) -> None:
    """Whoosh's complaint about a garbled table of contents reaches no client as itself:
    the answer is a server-side status whose body is one of the documented kinds."""
    ix = tmp_path / "index"
    shutil.copytree(web_index, ix)
    for toc in ix.rglob("*.toc"):
        toc.write_bytes(b"\x80\x04garbage, not a pickle")
    server = Server(ix, log=tmp_path / "server.log")
    kinds = {name: status for name, status, _ in error_kinds()}
    try:
        server.wait_ready()
        for path in ("/api/health", "/api/search?q=migrant", "/api/documents/x"):
            r = httpx.get(server.url + path, timeout=30)
            body = r.json()
            assert r.status_code >= 500 and kinds[body["type"]] == r.status_code, r.text
            assert "whoosh" not in r.text.lower() and "architecture" not in r.text
            assert "\n" not in body["error"] and "Traceback" not in json.dumps(body)
        page = httpx.get(server.url + "/", timeout=30)
        assert page.status_code >= 500 and "Traceback" not in page.text
    finally:
        server.stop()
