"""``pip install .`` installs one import name, ``migsearch``: built as a wheel and installed
into a clean virtualenv, nothing else lands in site-packages."""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
from support import ROOT

pytestmark = pytest.mark.slow

#: folders of the repository that are not part of the package
NOT_PACKAGED = {"tests", "bench", "docs", "corpus", ".ci"}


def _checkout_files() -> list[str]:
    """The files a fresh clone of this working tree would have (tracked or new, not ignored)."""
    out = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [f for f in out.splitlines() if (ROOT / f).is_file()]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs a git checkout to know which files a clone has")
    base = tmp_path_factory.mktemp("wheel")
    src = base / "src"
    for name in _checkout_files():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, src / name)
    dist = base / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(src)],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    (whl,) = dist.glob("migsearch-*.whl")
    return whl


def test_every_file_of_the_wheel_is_under_migsearch(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names}
    dist_info = {t for t in tops if t.endswith(".dist-info")}
    assert tops - dist_info == {"migsearch"}, sorted(tops)
    (info,) = dist_info
    assert zipfile.ZipFile(wheel).read(f"{info}/top_level.txt").split() == [b"migsearch"]


def test_the_wheel_holds_every_module_and_data_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    code_and_data = [
        f
        for f in _checkout_files()
        if f.split("/")[0] not in NOT_PACKAGED
        and not f.startswith(".")
        and f.endswith((".py", ".toml", ".html", ".css", ".js", ".svg", "py.typed"))
        and f != "pyproject.toml"
    ]
    assert "cli.py" in code_and_data and "search/serve/web/templates/search.html" in code_and_data
    missing = sorted(f for f in code_and_data if f"migsearch/{f}" not in names)
    assert missing == []
    assert not [n for n in names if n.startswith(("migsearch/tests/", "migsearch/bench/"))]


def test_installed_alone_only_migsearch_imports(wheel: Path, tmp_path: Path) -> None:
    env = tmp_path / "venv"
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )

    def imports(module: str) -> subprocess.CompletedProcess[str]:
        code = f"import {module}; print({module}.__file__)"
        return subprocess.run(
            [str(python), "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=120
        )

    for name in ("search", "indexer", "cli", "errors"):
        res = imports(name)
        assert res.returncode != 0 and "ModuleNotFoundError" in res.stderr, name
    res = imports("migsearch.errors")
    assert res.returncode == 0, res.stderr
    assert Path(res.stdout.strip()).is_relative_to(env)
