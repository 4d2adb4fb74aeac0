"""``migsearch saved`` and ``migsearch watch``: keep a search under a name, and be told
what is new in it.

The commands are thin: saving, listing, removing and checking are
:class:`~migsearch.search.saved.SavedSearches`' work. They are loaded by the
command group only when used (``cli_group.LAZY_COMMANDS``), so this module can
share ``cli.py``'s search options without an import cycle.
"""

from __future__ import annotations

import json
import shlex
from datetime import UTC, datetime
from typing import Any

import click

from migsearch.cli import cli, friendly, index_option, json_option, request_options
from migsearch.cli_output import plain, plural
from migsearch.search.request import PRESENTATION, SearchRequest

__all__ = ["command_line", "saved", "watch"]


def _echo_json(obj: Any) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False))


def _store(index_dir: str) -> Any:
    from migsearch.search.saved import SavedSearches

    return SavedSearches(index_dir)


def _open(index_dir: str) -> Any:
    from migsearch.search.engine import open_index

    return open_index(index_dir)


def command_line(criteria: dict[str, Any]) -> str:
    """Saved criteria as the ``migsearch search`` arguments that ask the same search."""
    search = cli.commands["search"]
    option = {p.name: p.opts[0] for p in search.params if isinstance(p, click.Option)}
    words: list[str] = []
    if criteria.get("query"):
        words.append(shlex.quote(criteria["query"]))
    for name, value in criteria.items():
        if name == "query":
            continue
        flag = option.get(name, "--" + name.replace("_", "-"))
        for v in value if isinstance(value, list) else [value]:
            words += [flag, shlex.quote(str(v))]
    return " ".join(words) or "(everything)"


@click.group()
def saved() -> None:
    """Keep searches under a name, for `migsearch watch` and the server's feeds.

    \b
    Examples:
      migsearch saved add fishing-thailand "migrant fishers" --country THA
      migsearch saved list
      migsearch saved rm fishing-thailand
    """


@saved.command("add")
@click.argument("name")
@request_options
@index_option
@click.option("--replace", is_flag=True, help="Overwrite a saved search of this name.")
@friendly
def saved_add(name: str, request: SearchRequest, index_dir: str, replace: bool) -> None:
    """Save a search (QUERY and the filters of `migsearch search`) as NAME.

    What matches now is the first check: `watch` reports only what comes after.

    \b
    Examples:
      migsearch saved add fishing-thailand "migrant fishers" --country THA
      migsearch saved add asean-trafficking trafficking --country ASEAN --year 2015 --year 2016
    """
    with _open(index_dir) as ix:
        s = _store(index_dir).add(name, request, ix, replace=replace)
    click.echo(
        f"Saved {s.name!r}: {command_line(s.criteria)} "
        f"({plural(len(s.matches), 'match', 'matches')} now, generation {s.generation})."
    )


# a saved search is what to find, not how to show it: no --limit, --page and the like
saved_add.params = [p for p in saved_add.params if p.name not in PRESENTATION]


@saved.command("list")
@index_option
@json_option("Print the saved searches as a JSON array.")
@friendly
def saved_list(index_dir: str, as_json: bool) -> None:
    """List the saved searches: name, search, matches at the last check.

    \b
    Example:
      migsearch saved list --json
    """
    searches = _store(index_dir).all()
    if as_json:
        _echo_json([s.to_dict() for s in searches])
        return
    if not searches:
        click.echo("No saved searches. Save one with: migsearch saved add NAME [QUERY] [filters]")
        return
    for s in searches:
        click.echo(click.style(s.name, bold=True) + f"  {command_line(s.criteria)}")
        click.echo(
            f"    {plural(len(s.matches), 'match', 'matches')} at generation {s.generation}, "
            f"checked {s.checked}"
        )


@saved.command("rm")
@click.argument("name")
@index_option
@friendly
def saved_rm(name: str, index_dir: str) -> None:
    """Remove the saved search NAME.

    \b
    Example:
      migsearch saved rm fishing-thailand
    """
    _store(index_dir).remove(name)
    click.echo(f"Removed {name!r}.")


@click.command()
@click.argument("names", nargs=-1, metavar="[NAME]...")
@index_option
@json_option("Print what is new as one JSON object.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing when nothing is new (cron).")
@friendly
def watch(names: tuple[str, ...], index_dir: str, as_json: bool, quiet: bool) -> None:
    """Print what matches each saved search (or only NAME) that did not at its last check.

    Checks are counted in commits: after a `migsearch index` that brought new
    matches they are printed once; with no commit in between nothing is new.

    \b
    Examples:
      migsearch watch
      migsearch watch fishing-thailand --json
      migsearch watch --quiet        # from cron: mail only when something is new
    """
    with _open(index_dir) as ix:
        reports = _store(index_dir).watch(ix, names)
    if as_json:
        _echo_json(
            {
                "checked": datetime.now(UTC).isoformat(timespec="seconds"),
                "searches": [r.to_dict() for r in reports],
            }
        )
        return
    if not reports and not quiet:
        click.echo("No saved searches. Save one with: migsearch saved add NAME [QUERY] [filters]")
    for r in reports:
        if not r.new:
            if not quiet:
                why = "no commit since the last check" if not r.changed else "nothing new"
                click.echo(f"{r.name}: {why} ({plural(r.total, 'match', 'matches')}).")
            continue
        click.echo(
            click.style(f"{r.name}: {plural(len(r.new), 'new match', 'new matches')}", bold=True)
            + f" since generation {r.since_generation} ({r.total} in all)"
        )
        for h in r.new:
            click.echo(f"  {h.date or 'undated':<10}  {plain(h.title) or 'Untitled document'}")
            click.echo(click.style(f"              id {h.id}  {h.url or h.source}", dim=True))
