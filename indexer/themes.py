"""Themes: the migration taxonomy, and tagging a text with it.

STUB INTERFACE (to be replaced by the taxonomy work of issue 3). The public
functions and their return types below are the contract the rest of the code uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import UnknownThemeError

__all__ = ["Theme", "ThemeMatch", "all_themes", "find_themes", "resolve_theme", "theme_label"]


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    description: str = ""


@dataclass
class ThemeMatch:
    ids: list[str] = field(default_factory=list)
    evidence: dict[str, list[str]] = field(default_factory=dict)


_THEMES = [Theme("fishing", "Fishing"), Theme("trafficking", "Trafficking and forced labour")]


def all_themes() -> list[Theme]:
    return list(_THEMES)


def theme_label(theme_id: str) -> str:
    return next((t.label for t in _THEMES if t.id == theme_id), theme_id)


def find_themes(title: str, text: str) -> ThemeMatch:
    blob = f"{title} {text}".lower()
    out = ThemeMatch()
    for t in _THEMES:
        if t.id[:6] in blob:
            out.ids.append(t.id)
            out.evidence[t.id] = [t.id[:6]]
    return out


def resolve_theme(value: str) -> str:
    v = value.strip().lower()
    for t in _THEMES:
        if v in (t.id, t.label.lower()):
            return t.id
    raise UnknownThemeError(value, [])
