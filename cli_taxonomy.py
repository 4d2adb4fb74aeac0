"""``migsearch themes``: the taxonomy listed for a person, or as the JSON of ``GET /api/taxonomy``.

Loaded by the command group only when used (``cli_group.LAZY_COMMANDS``), like
``cli_inspect``: it shares ``cli.py``'s options without an import cycle.
"""

from __future__ import annotations

import json
from typing import Any

import click

from migsearch.cli import friendly, index_option, json_option
from migsearch.errors import IndexMissingError

__all__ = ["print_taxonomy", "read_taxonomy", "themes"]


def read_taxonomy(index_dir: str) -> dict[str, Any]:
    """The taxonomy counted on the index, or uncounted (said on stderr) when there is none."""
    # imported here: `migsearch --help` must not load Whoosh
    from migsearch.search.engine import open_index
    from migsearch.search.taxonomy import describe_taxonomy

    try:
        with open_index(index_dir) as ix:
            return describe_taxonomy(ix)
    except IndexMissingError as e:
        click.echo(f"{e} (counts left out)", err=True)
        return describe_taxonomy(None)


def print_taxonomy(taxonomy: dict[str, Any]) -> None:
    """Themes and groups: id, label and count (when counted), one a line."""
    for section, title in (("themes", "Themes"), ("groups", "Population groups")):
        click.echo(click.style(title, bold=True))
        for e in taxonomy[section]:
            n = "" if e["count"] is None else f"{e['count']:>6}  "
            click.echo(f"  {n}{e['value']:<30} {e['label']}")
        click.echo()
    click.echo(
        f"{len(taxonomy['countries'])} countries and {len(taxonomy['regions'])} regions: "
        "migsearch themes --json"
    )


@click.command("themes")
@index_option
@json_option("Print it all as JSON.")
@friendly
def themes(index_dir: str, as_json: bool) -> None:
    """List the themes and population groups, with how many documents carry each.

    Counts come from the index when there is one; --json adds countries and
    regions (the JSON of GET /api/taxonomy).

    \b
    Examples:
      migsearch themes
      migsearch themes --json | jq '.regions[] | select(.count > 0)'
    """
    taxonomy = read_taxonomy(index_dir)
    if as_json:
        click.echo(json.dumps(taxonomy, ensure_ascii=False))
    else:
        print_taxonomy(taxonomy)
