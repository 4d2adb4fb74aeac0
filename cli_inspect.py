"""``migsearch extract`` and ``migsearch stats``: look at what ingestion makes of files, and
at what an index holds, without searching.

Loaded by the command group only when used (``cli_group.LAZY_COMMANDS``), like
``cli_saved``, so they share ``cli.py``'s options without an import cycle and
keep ``cli.py`` a short list of the commands people run most.
"""

from __future__ import annotations

import json
from typing import Any

import click

from migsearch.cli import friendly, index_option, json_option
from migsearch.cli_output import plural
from migsearch.errors import IngestError

__all__ = ["extract", "stats"]


def _echo_json(obj: Any) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False))


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--evidence",
    is_flag=True,
    help="Add why each tag is there: the words that triggered it, each country's role.",
)
@friendly
def extract(paths: tuple[str, ...], evidence: bool) -> None:
    """Print the records `index` would store, one JSON object a line (no index touched).

    \b
    Examples:
      migsearch extract corpus/000_c4eb84cda103fd2c.txt
      migsearch extract page.html --evidence | jq .evidence
    """
    from migsearch.indexer.ingest.pipeline import extract_paths

    failed = total = 0
    for item in extract_paths(paths):
        if isinstance(item, IngestError):
            failed += 1
            click.echo(f"skipped: {item}", err=True)
            continue
        total += 1
        for msg in item.warnings:
            click.echo(f"warning: {msg}", err=True)
        _echo_json(item.to_dict(evidence=evidence))
    if failed and not total:
        raise click.ClickException("no records could be extracted")


@click.command()
@index_option
@json_option("Print JSON.")
@friendly
def stats(index_dir: str, as_json: bool) -> None:
    """Counts of documents, sources, countries, themes and years in the index.

    \b
    Example:
      migsearch stats --json
    """
    from migsearch.search.engine import open_index

    with open_index(index_dir) as ix:
        st = ix.stats()
    if as_json:
        _echo_json(st)
        return
    click.echo(f"Index:      {st['index']}")
    click.echo(f"Documents:  {st['documents']} from {plural(st['sources'], 'source')}")
    click.echo(f"Countries:  {st['countries']}")
    click.echo(f"Undated:    {st['undated']}")
    if st["last_commit"]:
        click.echo(f"Committed:  {st['last_commit']}")
    for label, counts in (("Themes", st["themes"]), ("Years", st["years"])):
        if counts:
            click.echo(f"{label + ':':<12}" + ", ".join(f"{k} ({v})" for k, v in counts.items()))
