"""migsearch command line: parses arguments, calls the library, prints.

All work lives in the library (``migsearch.indexer``, ``migsearch.search``);
a search's options are :class:`~migsearch.search.request.SearchRequest`'s
fields with its bounds and descriptions. Every library error reaches the user
as one line on stderr and exit status 1, a usage error as click's message and
status 2, never a traceback. The contract is written out in docs/cli.md.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import Any, TypeVar

import click

from migsearch.cli_group import MigsearchGroup, QueryCommand, friendly
from migsearch.cli_index import (
    crawl_options,
    index_json,
    index_lines,
    nothing_indexed,
    run_index,
    source_lines,
    wait_option,
)
from migsearch.cli_options import shards_in_option, shards_option, timeout_option
from migsearch.cli_results import BatchFailures, print_result, print_years
from migsearch.search.citations import CITATION_FORMATS, Provenance, write_citations
from migsearch.search.export import HIT_FORMATS, RUN_FORMATS, write_hits, write_run
from migsearch.search.request import (
    DEFAULT_LIMIT,
    FACET_LIMIT,
    MAX_FACET_LIMIT,
    MAX_LIMIT,
    MAX_PAGE,
    SORTS,
    SearchRequest,
    describe,
)

__all__ = ["cli", "main"]

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_INDEX = os.environ.get("MIGSEARCH_INDEX", "migsearch-index")


# ------------------------------------------------------------------ shared options
index_option = click.option(
    "--index",
    "index_dir",
    default=DEFAULT_INDEX,
    show_default=True,
    type=click.Path(file_okay=False),
    help="Index folder (or set MIGSEARCH_INDEX).",
)


def json_option(help: str) -> Callable[[F], F]:
    return click.option("--json", "as_json", is_flag=True, help=help)


def int_option(name: str, default: int, most: int, help: str) -> Any:
    """A whole-number option from 1 to ``most``."""
    return click.option(
        name, default=default, show_default=True, type=click.IntRange(1, most), help=help
    )


#: where a user finds the themes (an unknown one is answered with the whole list)
LISTED_BY_STATS = " `migsearch stats` lists the index's."


def request_options(fn: F) -> F:
    """QUERY and the search options, handed to ``fn`` as one SearchRequest (``request``)."""
    options = [
        click.argument("query", required=False, default=""),
        click.option("--country", "countries", multiple=True, help=describe("countries")),
        click.option("--mentions", is_flag=True, help=describe("mentions")),
        click.option("--corridor", "corridors", multiple=True, help=describe("corridors")),
        click.option("--group", "groups", multiple=True, help=describe("groups")),
        click.option("--theme", "themes", multiple=True, help=describe("themes") + LISTED_BY_STATS),
        click.option("--type", "types", multiple=True, help=describe("types")),
        click.option("--publisher", "publishers", multiple=True, help=describe("publishers")),
        click.option("--source", "sources", multiple=True, help=describe("sources")),
        click.option("--language", "languages", multiple=True, help=describe("languages")),
        click.option("--year", "years", multiple=True, metavar="YYYY", help=describe("years")),
        click.option("--from", "date_from", metavar="DATE", help=describe("date_from")),
        click.option("--to", "date_to", metavar="DATE", help=describe("date_to")),
        click.option("--sort", type=click.Choice(SORTS), help=describe("sort")),
        int_option("--limit", DEFAULT_LIMIT, MAX_LIMIT, describe("limit")),
        int_option("--page", 1, MAX_PAGE, describe("page")),
        int_option("--facet-limit", FACET_LIMIT, MAX_FACET_LIMIT, describe("facet_limit")),
        click.option(
            "--year-histogram",
            is_flag=True,
            help=describe("year_histogram") + " (a bar chart without --json)",
        ),
    ]
    names = [f.name for f in fields(SearchRequest)]

    @functools.wraps(fn)
    def wrapper(**kwargs: Any) -> Any:
        given = {name: kwargs.pop(name) for name in names if name in kwargs}
        return fn(request=SearchRequest(**given), **kwargs)

    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper  # type: ignore[return-value]


def _echo_json(obj: Any) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False))


def _open(index_dir: str, timeout: float | None = None, processes: bool | None = None) -> Any:
    from migsearch.search.deadline import DEFAULT_TIMEOUT
    from migsearch.search.engine import open_index

    limit = DEFAULT_TIMEOUT if timeout is None else timeout or None
    return open_index(index_dir, timeout=limit, processes=processes)


@click.group(cls=MigsearchGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="migsearch")
def cli() -> None:
    """migsearch: search labour-migration reports, news and policy papers.

    \b
    Quick start:
      migsearch index corpus/
      migsearch search "migrant fishers" --country ASEAN
    """


# ------------------------------------------------------------------ index
@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@index_option
@click.option("--rebuild", is_flag=True, help="Start over: build a fresh index and swap it in.")
@json_option("Print the counts as JSON.")
@click.option("--workers", type=click.IntRange(1, 64), help="Parser processes (default: cores).")
@shards_option
@wait_option
@crawl_options
@friendly
def index(
    paths: tuple[str, ...],
    index_dir: str,
    rebuild: bool,
    as_json: bool,
    workers: int | None,
    shards: int | None,
    wait: float,
    **crawl: Any,
) -> None:
    """Index files, folders and web pages (.html .txt .pdf .docx .csv .jsonl .json, .gz, URLs).

    Re-running is incremental: unchanged files are skipped, changed ones
    replaced, files gone from the given folders removed. Bad files are reported
    and skipped; the rest is still committed. A URL is crawled (a listing's
    resources with their detail pages and attachments, a sitemap, a feed) and
    cached beside the index, so a re-run is a sync (see `migsearch sources`).

    \b
    Examples:
      migsearch index corpus/
      migsearch index reports/ news.jsonl --index ~/mig-index
      migsearch index corpus/ --rebuild --json
      migsearch index https://library.example.org/resources
    """
    new_folder = not Path(index_dir).exists()
    opts = {"rebuild": rebuild, "workers": workers, "wait": wait, "shards": shards}
    report, fetched = run_index(paths, index_dir, quiet=as_json, crawl=crawl, **opts)
    for note in report.notes if not as_json else ():
        click.echo(f"note: {note}", err=True)
    # some records or files failing is normal; nothing at all indexed is an error, said once
    why = nothing_indexed(report)
    if as_json:
        _echo_json(index_json(report, fetched))
    elif not why:
        for line in index_lines(report, fetched, index_dir):
            click.echo(line)
    if why:
        if new_folder and not report.documents:
            # the folder this run created holds an empty index: not left behind
            shutil.rmtree(index_dir, ignore_errors=True)
        raise click.ClickException(f"nothing could be indexed{why}")


@cli.command()
@index_option
@json_option("Print one JSON object with every fetched URL.")
@friendly
def sources(index_dir: str, as_json: bool) -> None:
    """List the URLs `index URL` fetched for this index: when, and with what result.

    \b
    Example:
      migsearch sources --json | jq '.sources[] | select(.result == "failed")'
    """
    from migsearch.indexer.fetch.cache import cache_dir_for
    from migsearch.indexer.fetch.sync import fetch_log

    rows, cache = fetch_log(index_dir), str(cache_dir_for(index_dir))
    if as_json:
        _echo_json({"cache": cache, "sources": rows})
    else:
        for line in source_lines(rows, cache):
            click.echo(line)


# ------------------------------------------------------------------ search
@cli.command(cls=QueryCommand)  # a query may start with "-"
@request_options
@index_option
@json_option("Print the search JSON (docs/search-json.md).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(HIT_FORMATS + CITATION_FORMATS),
    help="Export hits as CSV or JSONL, or cite them as RIS, BibTeX or CSL-JSON.",
)
@click.option("--all", "all_hits", is_flag=True, help="With --format: every hit, not one page.")
@timeout_option("Stop a search that runs longer (0: no limit).")
@shards_in_option("threads")
@friendly
def search(
    request: SearchRequest,
    index_dir: str,
    as_json: bool,
    fmt: str | None,
    all_hits: bool,
    timeout: float,
    processes: bool | None,
) -> None:
    """Search the index. No QUERY (or *) browses everything, newest first.

    QUERY supports "phrases", AND / OR / NOT, parentheses, fields
    (title:, country:, theme:, year:, region:), year ranges (year:2014..2016),
    and prefixes of 3+ letters (migra*). Thesaurus synonyms (OFW, undocumented,
    domestic helper…) and country names also find their equivalents.
    Text that is not well-formed syntax (a pasted sentence, "Note: …", a stray
    bracket) is searched as plain words, with a note on stderr; a short query
    with a syntax mistake is an error that says where.

    --country matches the documents about a country or region (ASEAN, GCC…);
    add --mentions for those naming it in passing too.

    \b
    Examples:
      migsearch search "migrant fishers"
      migsearch search statistics --country ASEAN
      migsearch search --corridor MMR-THA --corridor '*-GCC'
      migsearch search --group "domestic workers" --country NPL --mentions
      migsearch search trafficking --country ASEAN --from 2014 --to 2015
      migsearch search "domestic work" --country NP --theme women_gender --json
      migsearch search covid --format csv --all > covid.csv
      migsearch search trafficking --country THA --format ris --all > trafficking.ris
      migsearch search migrant --year-histogram
      migsearch search "migra* AND year:2014..2016" --json --year-histogram
      migsearch search "fish* OR OFW" --json --facet-limit 5
      migsearch search -- "-x or anything that starts with a dash"
    """
    if as_json and fmt:
        raise click.UsageError("use either --json or --format, not both")
    if all_hits and not fmt:
        raise click.UsageError("--all goes with --format")
    if fmt and request.year_histogram:  # an export holds hits only: say so, do not drop it
        raise click.UsageError("--year-histogram goes with --json or the listing, not --format")
    if fmt and request.facet_limit != FACET_LIMIT:
        raise click.UsageError("--facet-limit goes with --json or the listing, not --format")
    with _open(index_dir, timeout, processes) as ix:
        if fmt:
            page = ix.search(request.with_(facets=False, highlight=not all_hits))
            hits = ix.iter_hits(request) if all_hits else page.hits
            if fmt in CITATION_FORMATS:
                cited = Provenance.of(request, ix.generation(), page.total)
                write_citations(hits, fmt, sys.stdout, cited)
            else:
                write_hits(hits, fmt, sys.stdout)
            return
        res = ix.search(request)
    if as_json:
        _echo_json(res.to_dict())
    else:
        print_result(res)
        if res.year_histogram is not None:
            print_years(res.year_histogram)


# ------------------------------------------------------------------ batch
@cli.command()
@click.argument("queries", type=click.Path(exists=True, dir_okay=False))
@index_option
@int_option("--top", 100, 10_000, "Documents per query.")
@click.option(
    "--format",
    "fmt",
    default="trec",
    show_default=True,
    type=click.Choice(RUN_FORMATS),
    help="TREC run lines, or one JSON object per query.",
)
@click.option(
    "--run-name", default="migsearch", show_default=True, help="Last column of a TREC run."
)
@click.option("--strict", is_flag=True, help="Stop at the first query that cannot be run.")
@friendly
def batch(queries: str, index_dir: str, top: int, fmt: str, run_name: str, strict: bool) -> None:
    """Run many queries (JSONL `_id`/`text` or TSV `id<TAB>query`) and print a run.

    Same ranking as `search`. TREC lines are `qid Q0 docid rank score run`.
    Every query gets a JSONL line (with an `error` when it could not be run); a
    query that cannot be run is reported on stderr with its id and the run goes
    on (--strict: stops there); the exit status is 1 if any failed.

    \b
    Example:
      migsearch batch queries.jsonl --index scifact-index --top 100 > run.trec
    """
    from migsearch.search.batch import read_queries

    failures = BatchFailures(strict)
    with _open(index_dir) as ix:
        pairs = failures.count(read_queries(Path(queries)))
        run = ix.batch(pairs, top=top, on_error=failures.report)
        write_run(run, fmt, sys.stdout, run_name, errors=failures.errors)
    failures.check()


# ------------------------------------------------------------------ similar
@cli.command()
@click.argument("doc_id", metavar="[ID]", required=False)
@click.option(
    "--text",
    metavar="TEXT",
    help="Documents like this text instead (a pasted passage; - reads it from stdin).",
)
@index_option
@int_option("--limit", DEFAULT_LIMIT, MAX_LIMIT, "Documents to list.")
@json_option("Print the search JSON (without facets).")
@friendly
def similar(
    doc_id: str | None, text: str | None, index_dir: str, limit: int, as_json: bool
) -> None:
    """Documents most like the one with this ID, or like a text (more like this).

    A text is read as plain words, whatever it holds, and searched by its most
    distinctive words.

    \b
    Examples (ids depend on where the files were indexed from):
      id=$(migsearch search "migrant fishers" --limit 1 --json | jq -r '.hits[0].id')
      migsearch similar "$id"
      migsearch similar "$id" --limit 5 --json
      migsearch similar --text "Recruitment fees charged to migrant workers in Nepal"
      pdftotext report.pdf - | migsearch similar --text -
    """
    if (doc_id is None) == (text is None):
        raise click.UsageError("give either an ID or --text")
    if text == "-":
        text = sys.stdin.read()
    with _open(index_dir) as ix:
        res = (
            ix.similar(doc_id, limit=limit)
            if doc_id is not None
            else ix.similar_text(text or "", limit=limit)
        )
    if as_json:
        _echo_json(res.to_dict())
    elif not res.hits:
        click.echo(f"No documents are like {doc_id or 'this text'}.")
    else:
        print_result(res, show_facets=False, shown_query=doc_id or "this text")


# ------------------------------------------------------------------ show / stats
@cli.command()
@click.argument("doc_id", metavar="ID")
@index_option
@json_option("Print the whole record as JSON.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(CITATION_FORMATS),
    help="Cite the document as RIS, BibTeX or CSL-JSON.",
)
@friendly
def show(doc_id: str, index_dir: str, as_json: bool, fmt: str | None) -> None:
    """Show one stored document by id (ids are printed by `search`).

    \b
    Examples (ids depend on where the files were indexed from):
      id=$(migsearch search "migrant fishers" --limit 1 --json | jq -r '.hits[0].id')
      migsearch show "$id"
      migsearch show "$id" --format bibtex >> library.bib
    """
    if as_json and fmt:
        raise click.UsageError("use either --json or --format, not both")
    with _open(index_dir) as ix:
        doc = ix.get(doc_id)
        generation = ix.generation()
    if fmt:
        cited = Provenance({"id": doc.id}, generation)
        write_citations([doc], fmt, sys.stdout, cited)
        return
    if as_json:
        _echo_json(doc.to_dict())
        return
    click.echo(click.style(doc.title, bold=True))
    mainly = f" (mainly {doc.primary_country})" if doc.primary_country else ""
    for label, value in (
        ("Date", doc.date or "undated"),
        ("Countries", ", ".join(doc.countries) + mainly),
        ("Mentions", ", ".join(doc.mentioned_countries)),
        ("Regions", ", ".join(doc.regions)),
        ("Corridors", ", ".join(doc.corridors)),
        ("Groups", ", ".join(doc.groups)),
        ("Themes", ", ".join(doc.themes)),
        ("Type", doc.type or ""),
        ("URL", doc.url or ""),
        ("Source", doc.source),
        ("Id", doc.id),
    ):
        if value:
            click.echo(f"{label + ':':<11}{value}")
    click.echo()
    click.echo(doc.body)


# ------------------------------------------------------------------ serve
@cli.command()
@index_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on.",
)
@click.option(
    "--cors-origin",
    "cors_origins",
    multiple=True,
    help="Origin allowed to call the API from a browser (repeatable; * for any).",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    help="Server processes on the same port (default: WEB_CONCURRENCY, else 1).",
)
@timeout_option("Stop a search that runs longer, with status 504 (0: no limit).")
@shards_in_option("auto")
@friendly
def serve(index_dir: str, cors_origins: tuple[str, ...], timeout: float, **options: Any) -> None:
    """Serve the search page at / and the JSON API at /api (reference at /docs).

    \b
    Examples:
      migsearch serve
      migsearch serve --index ~/mig-index --port 8080 --cors-origin https://example.org
      migsearch serve --workers 2 --timeout 3
    """
    from migsearch.search.serve.app import serve as run_server

    # options: host, port, workers, processes
    run_server(index_dir, cors_origins=list(cors_origins), timeout=timeout or None, **options)


def main() -> None:
    cli(prog_name="migsearch")


if __name__ == "__main__":
    main()
