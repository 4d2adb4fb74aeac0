"""The contracts in docs/ are current with the code: every command, option, route, parameter,
error kind and JSON field the code has is written down (found from the code, not listed here)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import click
import pytest
from support import ROOT

from migsearch.cli import cli
from migsearch.search.results import FacetValue, Hit, SearchResult
from migsearch.search.serve.app import create_app
from migsearch.search.serve.http_errors import error_kinds
from migsearch.search.serve.schemas import model_of

DOCS = ROOT / "docs"


def _sections(text: str) -> dict[str, str]:
    """Level-2 sections of a Markdown file by heading."""
    parts = re.split(r"^## (.+)$", text, flags=re.M)
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts), 2)}


COMMANDS = cli.all_commands()


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_and_option_is_in_cli_md(name: str) -> None:
    sections = _sections((DOCS / "cli.md").read_text("utf-8"))
    section = sections.get(f"`migsearch {name}`")
    assert section is not None, f"docs/cli.md has no section `migsearch {name}`"
    command = COMMANDS[name]
    params = list(command.params)
    if isinstance(command, click.Group):  # `saved add|list|rm`: one section for the group
        for sub_name, sub in command.commands.items():
            assert f"`migsearch {name} {sub_name}" in section, f"{name} {sub_name}"
            params += sub.params
    for param in params:
        if isinstance(param, click.Option):
            for opt in param.opts:
                if opt not in ("-h", "--help"):
                    assert f"`{opt}" in section, f"{name} {opt}"
        else:
            assert f"`{param.human_readable_name}`" in section, f"{name} {param.name}"


def test_cli_md_documents_the_exit_statuses_and_the_global_options() -> None:
    text = (DOCS / "cli.md").read_text("utf-8")
    for opt in ("--version", "--help", "MIGSEARCH_INDEX", "python -m migsearch"):
        assert opt in text
    table = _sections(text)["Common ground"]
    for status in ("| 0 |", "| 1 |", "| 2 |"):
        assert status in table


def _routes(routes: list) -> Iterator[str]:
    for r in routes:
        if hasattr(r, "path_format"):
            yield r.path_format
        inner = getattr(r, "routes", None) or getattr(
            getattr(r, "original_router", None), "routes", None
        )
        if inner and not hasattr(r, "path_format"):
            yield from _routes(inner)


def test_every_route_parameter_and_error_kind_is_in_http_api_md(tmp_path) -> None:
    app = create_app(tmp_path / "no-index")
    text = (DOCS / "http-api.md").read_text("utf-8")
    routes = set(_routes(app.routes))
    assert {"/", "/api/search", "/api/documents/{doc_id}", "/docs"} <= routes
    for route in routes:
        assert f"`{route}`" in text, route
    spec = app.openapi()
    section = _sections(text)["`GET /api/search`"]
    for p in spec["paths"]["/api/search"]["get"]["parameters"]:
        assert f"| `{p['name']}` |" in section, p["name"]
    errors = _sections(text)["Errors"]
    for name, status, _ in error_kinds():
        assert re.search(rf"^\| [^|]*\b{status}\b[^|]* \|[^|]*`{name}`", errors, re.M), name


def test_every_json_field_and_facet_is_in_search_json_md(searcher) -> None:
    text = (DOCS / "search-json.md").read_text("utf-8")
    sections = _sections(text)
    for cls, heading in ((SearchResult, "The result"), (Hit, "A hit"), (FacetValue, "Facets")):
        for field in model_of(cls).model_json_schema()["properties"]:
            assert f"| `{field}` |" in sections[heading], f"{cls.__name__}.{field}"
    res = searcher.search("migrant", countries=["THA"])
    for facet in res.to_dict()["facets"]:
        assert f"`{facet}`" in sections["Facets"], facet
    for kind in {e["type"] for e in searcher.search("Burma OFW").expansions}:
        assert f"`{kind}`" in sections["Expansions"], kind


# The files of the command line, the serving layer and the contracts. Nothing in them may
# point at a document that does not ship with the repository.
#: every shipped file and every document: the project cites nothing outside itself
OWN = [
    "README.md",
    "*.py",
    "docs/*.md",
    "corpus/README.md",
    "indexer/**/*.py",
    "search/**/*.py",
    "search/serve/web/templates/*.html",
    "bench/*.py",
]


@pytest.mark.parametrize("pattern", OWN)
def test_nothing_cites_a_document_outside_the_repository(pattern: str) -> None:
    files = sorted(ROOT.glob(pattern))
    assert files, pattern
    for path in files:
        text = path.read_text("utf-8")
        assert not re.search(r"DESIGN(\.md)?\s*§|DESIGN\.md", text), path


def test_the_api_description_cites_nothing_outside(tmp_path) -> None:
    spec = create_app(tmp_path / "no-index").openapi()
    assert "DESIGN" not in str(spec)
    for name, command in COMMANDS.items():
        assert "DESIGN" not in (command.help or "")
        for p in command.params:
            assert "DESIGN" not in (getattr(p, "help", "") or ""), (name, p.name)
