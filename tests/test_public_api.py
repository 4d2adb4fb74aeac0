"""The public surface: what is exported, one exception hierarchy, dependency hygiene."""

from __future__ import annotations

import ast
import importlib
import importlib.metadata as md
import inspect
import json
import subprocess
import sys
from pathlib import Path

import pytest
from support import ROOT

import migsearch.errors as errors


def _modules() -> list[str]:
    """Every module of the installed package, found by walking it (not a copy of a list)."""
    import pkgutil

    import migsearch

    names = ["migsearch"]
    for info in pkgutil.walk_packages(migsearch.__path__, "migsearch."):
        names.append(info.name)
    return sorted(names)


MODULES = _modules()


@pytest.mark.parametrize("name", MODULES)
def test_every_module_declares_what_it_exports(name: str) -> None:
    mod = importlib.import_module(name)
    assert isinstance(mod.__all__, list)
    # a package may export nothing itself (its modules are the surface), nor may a
    # program (__main__); any other module must
    assert mod.__all__ or hasattr(mod, "__path__") or name.endswith(".__main__"), name
    for symbol in mod.__all__:
        assert hasattr(mod, symbol), f"{name}.{symbol} is in __all__ but missing"


@pytest.mark.parametrize("name", MODULES)
def test_exports_are_their_home_modules_exports(name: str) -> None:
    """A name exported from a module other than its own is public where it is defined too."""
    mod = importlib.import_module(name)
    for symbol in mod.__all__:
        obj = getattr(mod, symbol)
        if not isinstance(obj, type) and not inspect.isfunction(obj):
            continue  # an instance (`cli`, a command group) is defined where it is made
        home = getattr(obj, "__module__", None)
        if home and home != name and home.startswith("migsearch."):
            assert symbol in importlib.import_module(home).__all__, f"{name}.{symbol} ({home})"


def test_the_package_exports_what_its_modules_define() -> None:
    """``migsearch.__all__`` resolves, lazily, to the modules' own public names."""
    import migsearch

    assert migsearch.__all__ and set(migsearch.__all__) <= set(dir(migsearch))
    for symbol in migsearch.__all__:
        obj = getattr(migsearch, symbol)
        home = importlib.import_module(obj.__module__)
        assert symbol in home.__all__, f"migsearch.{symbol} is not public in {obj.__module__}"
    with pytest.raises(AttributeError):
        migsearch.no_such_name  # noqa: B018


HEAVY = ("fastapi", "uvicorn", "starlette", "pydantic", "nltk", "whoosh", "numpy")


@pytest.mark.parametrize(
    ("module", "heavy"),
    [
        ("migsearch", HEAVY),
        ("migsearch.errors", HEAVY),
        # the CLI declares its options from the search request; serving and parsing load later
        ("migsearch.cli", HEAVY),
    ],
)
def test_importing_is_light(module: str, heavy: tuple[str, ...]) -> None:
    """Nothing heavy loads before it is used (``migsearch --help``, ``import migsearch``)."""
    code = f"import json, sys, {module}; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    loaded = {m.split(".")[0] for m in json.loads(out)}
    assert loaded.isdisjoint(heavy), sorted(loaded & set(heavy))


def test_every_error_is_a_migsearch_error_free_of_presentation() -> None:
    for name in errors.__all__:
        cls = getattr(errors, name)
        assert issubclass(cls, errors.MigsearchError)
        # what a front end makes of an error is its own business (serve/http_errors.py)
        assert not hasattr(cls, "status"), name


def test_error_messages_are_one_line() -> None:
    e = errors.IngestError("a.html", "broken\nacross lines")
    assert "\n" not in str(e)


def test_whoosh_comes_from_exactly_one_distribution() -> None:
    providers = [
        d.metadata["Name"]
        for d in md.distributions()
        if "whoosh" in ((d.read_text("top_level.txt") or "").split())
        or any(str(f).startswith("whoosh/") for f in (d.files or []))
    ]
    assert [p.lower() for p in providers] == ["whoosh-reloaded"], providers


def test_no_code_needs_downloaded_nltk_data() -> None:
    """No nltk.download(), no sent_tokenize/word_tokenize defaults, no nltk.corpus: offline only."""
    needs_data = {"download", "sent_tokenize", "word_tokenize", "pos_tag"}
    offenders = []
    for py in [*ROOT.glob("indexer/**/*.py"), *ROOT.glob("search/**/*.py"), ROOT / "cli.py"]:
        tree = ast.parse(Path(py).read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("nltk.corpus"):
                offenders.append(f"{py.name}: imports {node.module}")
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("nltk"):
                offenders += [f"{py.name}: {a.name}" for a in node.names if a.name in needs_data]
            if isinstance(node, ast.Attribute) and node.attr in needs_data:
                base = node.value
                if isinstance(base, ast.Name) and base.id == "nltk":
                    offenders.append(f"{py.name}: nltk.{node.attr}")
    assert offenders == []
