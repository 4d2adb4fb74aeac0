"""Plain-text pages: one document, or a listing of many resources.

Resource libraries' listing pages, saved as text, come in two shapes: numbered
items (``1. Title`` then an optional date line and a summary) and unnumbered
ones (a short title line, then a summary paragraph). Both are recognised from
the layout alone; lines that are site furniture (breadcrumbs, "Document
Actions", the page's own blurb) are dropped first, from a data file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from migsearch.indexer.vocabulary.dates import find_date, month_number, parse_date
from migsearch.indexer.vocabulary.loader import load_data

__all__ = ["TextItem", "is_furniture", "split_text"]


@dataclass
class TextItem:
    title: str
    summary: str
    date: str | None = None
    #: the item's position on the page (1-based), part of its stable id
    position: int = 1


@lru_cache(maxsize=1)
def _furniture() -> dict[str, list[str]]:
    data = load_data("furniture.toml")
    return {k: [s.lower() for s in v] for k, v in data.items()}


def is_furniture(line: str) -> bool:
    s = " ".join(line.split()).lower()
    f = _furniture()
    return (
        s in f["lines"]
        or any(s.startswith(p) for p in f["prefixes"])
        or any(c in s for c in f["contains"])
    )


_NUMBERED = re.compile(r"^\s*(\d{1,3})[.)]\s+(\S.*)$")
_MONTH = r"[A-Z][^\W\d_]{2,9}"
# "September 2014", and "from September to November 2014" (a range takes its start)
_MONTH_YEAR = re.compile(rf"\b({_MONTH})(?:\s+(?:to|until|-|–)\s+{_MONTH})?\s+((?:19|20)\d{{2}})\b")
_EVENT_WORDS = re.compile(r"\b(held|took place|takes place|convened|organi[sz]ed)\b", re.I)


def _lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.splitlines()]


def _date_line(line: str) -> str | None:
    """The date when a whole line is a date ("27 April 2015"), else None."""
    s = line.strip()
    if len(s) > 40:
        return None
    iso = parse_date(s)
    if iso and len(re.sub(r"[\d\s,./–-]", "", s)) <= 12:  # a month name at most
        return iso
    return None


def _event_date(summary: str) -> str | None:
    """An event's date from the first sentence of its blurb ("was held on 8-12 September 2014").

    Only when the sentence speaks of an event happening: blurbs of reports
    mention dates of what they study ("between September 2018 and June 2020"),
    which are not the report's date.
    """
    first = re.split(r"(?<=[.!?])\s+(?=[A-Z])", summary, maxsplit=1)[0]
    if not _EVENT_WORDS.search(first):
        return None
    full = find_date(first)
    if full:
        return full
    for m in _MONTH_YEAR.finditer(first):
        month = month_number(m.group(1))
        if month:
            return parse_date(f"{m.group(2)}-{month:02d}")
    return None


def _numbered(lines: list[str]) -> list[TextItem]:
    starts = [(i, _NUMBERED.match(ln)) for i, ln in enumerate(lines)]
    starts = [(i, m) for i, m in starts if m]
    # keep the longest run numbered 1, 2, 3, … (a stray "3. " inside a blurb is not an item)
    run: list[tuple[int, re.Match[str]]] = []
    for i, m in starts:
        if int(m.group(1)) == len(run) + 1:
            run.append((i, m))
    if len(run) < 2:
        return []
    items = []
    for k, (i, m) in enumerate(run):
        end = run[k + 1][0] if k + 1 < len(run) else len(lines)
        title = m.group(2).strip()
        rest = [ln for ln in lines[i + 1 : end] if ln and not is_furniture(ln)]
        date = None
        if rest and (d := _date_line(rest[0])):
            date, rest = d, rest[1:]
        summary = " ".join(rest)
        date = date or find_date(title) or _event_date(summary)
        items.append(TextItem(title=title, summary=summary, date=date, position=k + 1))
    return items


def _is_paragraph(line: str) -> bool:
    """Running text ends like a sentence; titles, however long, do not."""
    return len(line) >= 300 or (len(line) >= 30 and line.rstrip()[-1:] in '.!?"”')


def _is_title(line: str, following: str) -> bool:
    return (
        3 <= len(line) <= 250
        and line.rstrip()[-1:] not in ".!?;,"
        and _is_paragraph(following)
        and len(following) > len(line)
    )


def _title_summary_pairs(lines: list[str]) -> list[TextItem]:
    content = [ln for ln in lines if ln and not is_furniture(ln)]
    items: list[TextItem] = []
    i = 0
    while i < len(content) - 1:
        title, nxt = content[i], content[i + 1]
        if _is_title(title, nxt):
            j = i + 1
            parts = [nxt]
            # a blurb may run over several paragraphs until the next title line
            while (
                j + 1 < len(content)
                and _is_paragraph(content[j + 1])
                and not (j + 2 < len(content) and _is_title(content[j + 1], content[j + 2]))
            ):
                j += 1
                parts.append(content[j])
            summary = " ".join(parts)
            date = find_date(title) or _event_date(summary)
            items.append(TextItem(title, summary, date, position=len(items) + 1))
            i = j + 1
        else:
            i += 1
    return items


def split_text(text: str) -> list[TextItem]:
    """The resources on a text page: many for a listing page, one otherwise."""
    lines = _lines(text)
    items = _numbered(lines)
    if items:
        return items
    pairs = _title_summary_pairs(lines)
    if len(pairs) >= 3:
        return pairs
    content = [ln for ln in lines if ln and not is_furniture(ln)]
    if not content:
        return []
    # a first line longer than a title is the text's first paragraph (a pasted passage):
    # the page gives no title, and the record shows its first words as one, flagged as
    # made (Record.title_made), so that they are not read as a title too
    titled = len(content[0]) <= 250
    title = content[0] if titled else ""
    body_lines = content[1:] if len(content) > 1 and titled else content
    body = "\n".join(body_lines)
    head = "\n".join(content[1:4])
    date = next((d for ln in content[1:4] if (d := _date_line(ln))), None) or find_date(head)
    return [TextItem(title=title, summary=body, date=date, position=1)]
