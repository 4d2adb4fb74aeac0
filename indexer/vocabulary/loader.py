"""The one way data files are read: ``load_data("themes.toml")``.

Gazetteers, the theme taxonomy, the thesaurus, month names and the
boilerplate word lists are data, kept in ``vocabulary/data/`` and shipped
with the package. Every module that needs one asks here, so the location
and the format are known in exactly one place, and each file is parsed once
per process.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["load_data"]


@cache
def load_data(name: str) -> dict[str, Any]:
    """The parsed TOML file ``name`` from the package's data folder (cached; do not mutate)."""
    with resources.files(__package__).joinpath("data", name).open("rb") as f:
        return tomllib.load(f)
