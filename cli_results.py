"""How ``migsearch search`` and ``similar`` print a result on a terminal.

Kept apart from the commands so that ``cli.py`` stays the commands and their
options; the JSON and CSV outputs are the result objects' own.
"""

from __future__ import annotations

import html
import re
from typing import Any

import click

__all__ = ["SNIPPET_CHARS", "plain", "print_result"]

#: characters of a snippet shown per hit
SNIPPET_CHARS = 300


def plain(highlights: str) -> str:
    """A highlight snippet as plain text: the <b> tags dropped, the escapes undone."""
    return html.unescape(re.sub(r"</?b>", "", highlights))


def print_result(res: Any, show_facets: bool = True) -> None:
    """A search result as the terminal shows it: a count line, the hits, then the facets."""
    if res.total == 0:
        click.echo(f"No documents match {res.query!r}." if res.query else "The index is empty.")
        if res.suggestion:
            click.echo(f"Did you mean: {res.suggestion}")
        return
    first = (res.page - 1) * res.limit + 1
    last = first + len(res.hits) - 1
    what = f"for {res.query!r}" if res.query else "(browsing, newest first)"
    click.echo(
        f"{res.total} documents {what}; showing {first}–{last}, page {res.page} of {res.pages}"
    )
    if res.suggestion:
        click.echo(f"Did you mean: {res.suggestion}")
    grouped: dict[str, list[str]] = {}
    for e in res.expansions:
        grouped.setdefault(e["from"], []).append(e["to"])
    for frm, tos in grouped.items():
        click.echo(click.style(f"  (also searched {', '.join(tos)} for {frm!r})", dim=True))
    for i, h in enumerate(res.hits, start=first):
        click.echo()
        click.echo(click.style(f"{i}. {h.title}", bold=True))
        meta = [h.date or "undated"]
        if h.countries:
            meta.append(", ".join(h.countries))
        if h.themes:
            meta.append("; ".join(h.themes))
        click.echo("   " + " | ".join(meta))
        snippet = " ".join((plain(h.highlights) if h.highlights else h.summary).split())
        if snippet:
            cut = snippet[:SNIPPET_CHARS] + "…" if len(snippet) > SNIPPET_CHARS else snippet
            click.echo("   " + cut)
        click.echo(click.style(f"   id {h.id}  {h.url or h.source}", dim=True))
    if show_facets and res.facets:
        click.echo()
        for name in ("countries", "themes", "years", "types"):
            vals = res.facets.get(name) or []
            if vals:
                shown = ", ".join(f"{v.label or v.value} ({v.count})" for v in vals[:10])
                click.echo(f"{name.capitalize()}: {shown}")
