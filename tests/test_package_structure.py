"""The package's shape: no import cycles, no private names imported across modules, modules of one size.

Read from the source with ``ast`` (nothing is imported), so a cycle that only
bites in a particular import order is still caught.
"""

from __future__ import annotations

import ast
from pathlib import Path

from support import ROOT

PACKAGE_DIRS = ["indexer", "search"]
MAX_LINES = 500


def _modules() -> dict[str, Path]:
    out = {}
    files = sorted(ROOT.glob("*.py"))  # __init__, __main__, cli, cli_index, errors
    for d in PACKAGE_DIRS:
        files += sorted((ROOT / d).rglob("*.py"))
    for f in files:
        rel = f.relative_to(ROOT).with_suffix("")
        parts = [p for p in rel.parts if p != "__init__"]
        out[".".join(["migsearch", *parts])] = f
    return out


def _module_imports(name: str, path: Path) -> list[tuple[str, list[str]]]:
    """(imported module, names) of the module-level imports (not inside functions)."""
    tree = ast.parse(path.read_text("utf-8"))
    pkg = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = []
    for node in tree.body:
        if isinstance(node, ast.If):  # `if TYPE_CHECKING:` imports do not run
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = pkg.split(".")[: len(pkg.split(".")) - node.level + 1]
                mod = ".".join([*base, node.module] if node.module else base)
            else:
                mod = node.module or ""
            out.append((mod, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            out += [(a.name, []) for a in node.names]
    return out


def test_no_import_cycle() -> None:
    mods = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in mods.items():
        deps = set()
        for mod, names in _module_imports(name, path):
            for cand in [mod, *(f"{mod}.{n}" for n in names)]:
                if cand in mods and cand != name:
                    deps.add(cand)
        graph[name] = deps
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(n: str) -> None:
        state[n] = 1
        stack.append(n)
        for d in sorted(graph[n]):
            if state.get(d) == 1:
                cycles.append([*stack[stack.index(d) :], d])
            elif d not in state:
                visit(d)
        stack.pop()
        state[n] = 2

    for n in sorted(graph):
        if n not in state:
            visit(n)
    # a package importing its own submodules (lazily resolved names) is not a cycle of ideas
    real = [c for c in cycles if not all(a.startswith(c[0]) or c[0].startswith(a) for a in c)]
    assert real == []


def test_no_private_name_is_imported_from_another_module() -> None:
    offenders = []
    for name, path in _modules().items():
        for mod, names in _module_imports(name, path):
            if not mod.startswith("migsearch"):
                continue
            offenders += [
                f"{name}: {mod}.{n}" for n in names if n.startswith("_") and n != "__version__"
            ]
    assert offenders == []


def test_no_module_is_over_the_size_of_one_idea() -> None:
    big = {
        str(p.relative_to(ROOT)): n
        for p in _modules().values()
        if (n := len(p.read_text("utf-8").splitlines())) > MAX_LINES
    }
    assert big == {}
