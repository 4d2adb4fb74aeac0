"""Small pieces of what the commands print for a person: counted nouns, plain snippets.

``--json`` and the export formats are for programs and are written elsewhere
(the results' ``to_dict()``, ``migsearch.search.export``); result pages are
``cli_results``. These two helpers are shared by every command module.
"""

from __future__ import annotations

import html
import re

__all__ = ["plain", "plural"]


def plural(count: int, noun: str, many: str | None = None) -> str:
    """``1 source``, ``2 sources``; ``many`` for a noun whose plural is not noun + s."""
    return f"{count} " + (noun if count == 1 else many or noun + "s")


def plain(highlights: str) -> str:
    """A highlight snippet as plain text: the <b> tags dropped, the escapes undone."""
    return html.unescape(re.sub(r"</?b>", "", highlights))
