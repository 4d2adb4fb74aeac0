"""The ``migsearch`` command group: errors on one line, and commands kept in other modules.

Every refusal of the command line is one ``Error: …`` line on stderr, whether
the library refused (status 1) or click did (status 2: an unknown option, a
value out of its range). Click's own form of the second kind is three lines
(usage, a hint, the error); here it is the error line alone, since ``--help``
is one flag away and the usage line repeats what the user just typed.

Commands whose code lives outside ``cli.py`` are named here by module and
attribute and imported only when used or listed, so those modules may import
``cli.py``'s shared options without an import cycle, and ``migsearch search``
does not pay for importing them.
"""

from __future__ import annotations

import functools
import importlib
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from migsearch.errors import MigsearchError

__all__ = ["LAZY_COMMANDS", "MigsearchGroup", "QueryCommand", "friendly"]

F = TypeVar("F", bound=Callable[..., Any])

#: command name -> "module:attribute" of a command defined outside cli.py
LAZY_COMMANDS: dict[str, str] = {
    "extract": "migsearch.cli_inspect:extract",
    "stats": "migsearch.cli_inspect:stats",
    "saved": "migsearch.cli_saved:saved",
    "watch": "migsearch.cli_saved:watch",
    "themes": "migsearch.cli_taxonomy:themes",
}

# click >= 8.2 shows the group's help through this exception when run without arguments
_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())


def _one_line(exc: click.UsageError) -> click.ClickException:
    """A usage error as a one-line error with the usage error's status (2)."""
    line = click.ClickException(exc.format_message())
    line.exit_code = exc.exit_code
    return line


class MigsearchGroup(click.Group):
    """A click group whose usage errors are one line, with lazily imported commands."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        found = super().get_command(ctx, cmd_name)
        if found is not None or cmd_name not in LAZY_COMMANDS:
            return found
        module, _, attr = LAZY_COMMANDS[cmd_name].partition(":")
        command: click.Command = getattr(importlib.import_module(module), attr)
        return command

    def all_commands(self) -> dict[str, click.Command]:
        """Every command by name, the lazily imported ones included (for docs and tests)."""
        with click.Context(self) as ctx:
            named = {name: self.get_command(ctx, name) for name in self.list_commands(ctx)}
        return {name: cmd for name, cmd in named.items() if cmd is not None}

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except click.UsageError as e:
            if isinstance(e, _HELP):
                raise
            raise _one_line(e) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as e:
            if isinstance(e, _HELP):
                raise
            raise _one_line(e) from None


class QueryCommand(click.Command):
    """A command whose QUERY may start with a dash: ``-x`` or ``-"migrant workers"`` is a
    query (a negated word), not an option. A word starting with two dashes that names no
    option is still an error, so a mistyped ``--contry`` is not searched for; ``--``
    makes anything after it the query."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("context_settings", {})["ignore_unknown_options"] = True
        super().__init__(*args, **kwargs)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        known = {name for p in self.get_params(ctx) for name in (*p.opts, *p.secondary_opts)}
        for arg in args:
            if arg == "--":
                break
            name = arg.split("=", 1)[0]
            if name.startswith("--") and name not in known:
                raise click.NoSuchOption(name, ctx=ctx)
        return super().parse_args(ctx, args)


def friendly(fn: F) -> F:
    """Turn library errors (and a few predictable OS ones) into one-line CLI errors."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except MigsearchError as e:
            raise click.ClickException(str(e)) from None
        except BrokenPipeError:  # `migsearch search … | head`
            sys.stderr.close()
            sys.exit(0)
        except OSError as e:
            raise click.ClickException(f"{e.strerror or e}: {e.filename or ''}".strip()) from None

    return wrapper  # type: ignore[return-value]
