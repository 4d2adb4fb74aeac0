"""What the commands print for a person: result pages, year bars, counted nouns.

``--json`` and the export formats are for programs and are written elsewhere
(the results' ``to_dict()``, ``migsearch.search.export``); this is the plain
text a terminal shows, shared by every command that lists hits.
"""

from __future__ import annotations

import html
import re
from typing import Any

import click

__all__ = ["SNIPPET_CHARS", "YEAR_BAR", "plain", "plural", "print_result", "print_years"]

#: characters of a snippet shown per hit
SNIPPET_CHARS = 300
#: characters of the longest bar of `search --year-histogram`
YEAR_BAR = 40


def plural(count: int, noun: str, many: str | None = None) -> str:
    """``1 source``, ``2 sources``; ``many`` for a noun whose plural is not noun + s."""
    return f"{count} " + (noun if count == 1 else many or noun + "s")


def plain(highlights: str) -> str:
    """A highlight snippet as plain text: the <b> tags dropped, the escapes undone."""
    return html.unescape(re.sub(r"</?b>", "", highlights))


def print_result(res: Any, show_facets: bool = True) -> None:
    """A page of hits: the count, what the query was expanded to, each hit, the top facets.

    A page past the last one is an error, as on the search page.
    """
    if res.total == 0:
        click.echo(f"No documents match {res.query!r}." if res.query else "No documents match.")
        if res.suggestion:
            click.echo(f"Did you mean: {res.suggestion}")
        return
    if not res.hits:  # a page past the last one
        raise click.ClickException(
            f"there is no page {res.page}: {plural(res.total, 'document')} make "
            f"{plural(res.pages, 'page')} of {res.limit}"
        )
    first = (res.page - 1) * res.limit + 1
    last = first + len(res.hits) - 1
    what = f"for {res.query!r}" if res.query else "(browsing, newest first)"
    click.echo(
        f"{plural(res.total, 'document')} {what}; showing {first}–{last}, "
        f"page {res.page} of {res.pages}"
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


def print_years(years: Any) -> None:
    """The year histogram as a bar per year, for a terminal."""
    click.echo()
    if not years:
        click.echo("Years: no dated documents match.")
        return
    most = max(v.count for v in years) or 1
    click.echo("Hits per year:")
    for v in years:
        bar = "█" * round(YEAR_BAR * v.count / most) if v.count else ""
        click.echo(f"  {v.value}  {bar or '·'} {v.count}")
