"""Options that several commands share and that are not a search request's fields.

Kept apart so that ``cli.py`` stays a list of commands.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

__all__ = ["shards_option", "timeout_option"]

F = TypeVar("F", bound=Callable[..., Any])


def timeout_option(help: str) -> Callable[[F], F]:
    """``--timeout SECONDS``: how long one search may run (0: no limit).

    The default is the library's (migsearch.search.deadline imports nothing heavy).
    """
    from migsearch.search.deadline import DEFAULT_TIMEOUT

    return click.option(
        "--timeout",
        default=DEFAULT_TIMEOUT,
        show_default=True,
        type=click.FloatRange(min=0),
        metavar="SECONDS",
        help=help,
    )


def shards_option(fn: F) -> F:
    """``--shards N``: how many shards a new index is split into (fixed from then on)."""
    return click.option(
        "--shards",
        type=click.IntRange(1, 64),
        metavar="N",
        help="Split a new index into N shards, built and searched in parallel "
        "(default: 1; an existing index keeps its own).",
    )(fn)


#: ``--shards-in``'s choices, and what each gives open_index's ``processes``
SHARDS_IN = {"auto": None, "threads": False, "processes": True}


def shards_in_option(default: str) -> Callable[[F], F]:
    """``--shards-in``: where the shards of a sharded index are searched (the command
    gets ``processes``, as open_index takes it).

    ``search`` uses threads by default: it runs one search, and starting a process per
    shard costs more than it saves there (a million documents in two shards: 6.2 s
    from launch to answer against 5.5 s, ``bench/scale.py --shards-in``); ``serve``
    decides by the set's size (auto), since a server keeps its processes and gains
    (p50 119 ms against 186 at a million)."""
    return click.option(
        "--shards-in",
        "processes",
        type=click.Choice(list(SHARDS_IN)),
        default=default,
        callback=lambda _ctx, _param, value: SHARDS_IN[value],
        show_default=True,
        help="Search a sharded index's shards in threads of this process, or in a "
        "process each (they work at once, but take a second to start: worth it for "
        "many searches); auto: processes for a set of 400 MB or more.",
    )
