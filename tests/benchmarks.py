"""The scripts of bench/ as modules, so that unit tests floor the very figures they report.

A quality figure is computed once, in bench/ (which prints it on a tuning and
a held-out part); a unit test imports that computation and checks a floor,
printing nothing.
"""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from types import ModuleType

from support import ROOT

__all__ = ["bench"]


@cache
def bench(name: str) -> ModuleType:
    """``bench/<name>.py``, imported once per session."""
    if str(ROOT / "bench") not in sys.path:
        sys.path.append(str(ROOT / "bench"))  # the scripts import their shared helpers by name
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module
