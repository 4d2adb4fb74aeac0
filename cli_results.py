"""What ``search``, ``similar`` and ``batch`` print for a person, apart from their declarations.

A result's human form (the count line with its all-words count, how the query
was read as notes on stderr, hits, facets) and a batch run's failures (each
on stderr with its query id, the JSONL line's ``error``, the exit status) are
written here, so ``cli.py`` stays a list of commands. Like the rest of the CLI
it only prints what the library returns.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from typing import Any

import click

from migsearch.cli_index import plural
from migsearch.errors import MigsearchError

__all__ = ["SNIPPET_CHARS", "BatchFailures", "plain", "print_result"]

#: characters of a snippet shown per hit
SNIPPET_CHARS = 300


def plain(highlights: str) -> str:
    """A highlight snippet as plain text: the <b> tags dropped, the escapes undone."""
    return html.unescape(re.sub(r"</?b>", "", highlights))


def _all_words(res: Any) -> str:
    """`` (3 with all words)`` for an OR query of 2+ words, else nothing."""
    if res.total_all_words is None:
        return ""
    return f" ({res.total_all_words} with all words)"


def print_result(res: Any, show_facets: bool = True, shown_query: str | None = None) -> None:
    shown = shown_query if shown_query is not None else repr(res.query)
    for n in res.notices:
        click.echo(click.style(f"note: {n['message']}", dim=True), err=True)
    if res.total == 0:
        click.echo(f"No documents match {shown}." if res.query else "The index is empty.")
        if res.suggestion:
            click.echo(f"Did you mean: {res.suggestion}")
        return
    first = (res.page - 1) * res.limit + 1
    last = first + len(res.hits) - 1
    what = f"for {shown}" if res.query else "(browsing, newest first)"
    counted = f"{plural(res.total, 'document')} {what}{_all_words(res)}"
    click.echo(f"{counted}; showing {first}–{last}, page {res.page} of {res.pages}")
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


class BatchFailures:
    """The queries of a ``batch`` run that could not be run: reported as they happen.

    ``strict``: the first one stops the run (a one-line error, status 1).
    """

    def __init__(self, strict: bool = False) -> None:
        self.strict = strict
        #: query id → message, read by the run writer for the JSONL ``error``
        self.errors: dict[str, str] = {}
        self.seen = 0

    def count(self, pairs: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str]]:
        """``pairs`` as they are, counted."""
        for pair in pairs:
            self.seen += 1
            yield pair

    def report(self, qid: str, error: MigsearchError) -> None:
        """One query failed: say so on stderr (or stop, when strict) and go on."""
        if self.strict:
            raise click.ClickException(f"query {qid}: {error}")
        click.echo(f"query {qid}: {error}", err=True)
        self.errors[qid] = str(error)

    def check(self) -> None:
        """Exit status 1, with a summary line, if any query failed."""
        if self.errors:
            n = len(self.errors)
            raise click.ClickException(f"{n} of {self.seen} queries failed (listed above)")
