"""Document files (PDF, Word) to records: what their metadata says, checked against
what their first page shows.

A report's own metadata is often junk: "Microsoft Word - final_v3.docx",
"untitled", the template's "Title", a user name as author, the day the file
was exported as its date. So each field is taken from the metadata only when it
looks like what it claims to be, and from the first page otherwise: the title
is the first substantial line, the publisher the holder of a copyright line
("© International Labour Organization 2020"), the date one printed on the
cover ("March 2019"). Countries, themes and summary are tagged as for any record.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import PurePath

from migsearch.indexer.ingest.records import Record, make_id, publisher_value
from migsearch.indexer.ingest.sentences import first_sentences
from migsearch.indexer.ingest.tagging import tag
from migsearch.indexer.vocabulary.dates import find_date, parse_date, plausible
from migsearch.indexer.vocabulary.loader import load_data

__all__ = [
    "DocumentParts",
    "copyright_holders",
    "document_record",
    "is_junk_author",
    "is_junk_title",
    "is_organisation",
    "metadata_date",
    "title_from_text",
]

_FILE_NAME = re.compile(r"\.(?:docx?|pdf|indd|rtf|odt|pptx?|xlsx?|qxp|txt|html?)\b", re.I)
_JUNK_TITLE = re.compile(
    r"^(?:microsoft\s+(?:word|powerpoint|excel)\b|untitled\b|document\s*\d*$|title$|"
    r"slide\s*\d*$|presentation\d*$|powerpoint presentation$|no title$|template\b|"
    r"draft\s*\d*$|layout\s*\d*$|\W*$|[\w-]*\d{4,}[\w-]*$)",
    re.I,
)
_JUNK_AUTHOR = re.compile(
    r"^(?:admin(?:istrator)?|user\d*|owner|author|unknown|hp|dell|lenovo|windows user|"
    r"microsoft office user|pc|staff|guest|default|test|[a-z]+\d+|[a-z]{1,3})$",
    re.I,
)
_COPYRIGHT = re.compile(
    r"(?:copyright\s*)?(?:©|\(c\)|copyright)\s*(?:copyright\s*)?(?:\d{4}\s*,?\s*)?"
    r"(?P<name>[A-Z][^\n©]{2,120}?)\s*(?:[,.(]?\s*\d{4}\)?|\n|$|\.\s)",
    re.I,
)
_PAGE_NUMBER = re.compile(r"^(?:page\s*)?[\divxlc]{1,6}(?:\s*(?:/|of)\s*\d+)?$", re.I)
#: characters of the first pages read for a title, a date and a copyright line
FRONT_CHARS = 6000


def is_junk_title(title: str, file_name: str = "") -> bool:
    """A metadata title that names a file, a template, an address or nothing, not
    the document."""
    t = " ".join(title.split())
    if len(t) < 4 or _JUNK_TITLE.match(t) or _FILE_NAME.search(t):
        return True
    if "://" in t or t.lower().startswith(("about:", "www.")):
        return True  # the address a browser printed it from
    stem = PurePath(file_name).name.split(".")[0].lower() if file_name else ""
    if stem and t.lower() in (stem, stem.replace("_", " "), stem.replace("-", " ")):
        return True
    letters = sum(ch.isalpha() for ch in t)
    return letters < 0.5 * len(t)


def is_junk_author(author: str) -> bool:
    """An author field holding a log-in name or a machine's, not a name at all."""
    a = " ".join(author.split())
    return len(a) < 2 or bool(_JUNK_AUTHOR.match(a)) or "@" in a


@cache
def _organisation_words() -> frozenset[str]:
    return frozenset(load_data("boilerplate.toml")["organisation_words"])


def is_organisation(name: str) -> bool:
    """Does an author field name an organisation ("International Labour Organization",
    "IOM") rather than a person ("Maria Gallotti") or a log-in ("jsmith")? Only an
    organisation is a publisher; a record has no field for people."""
    if is_junk_author(name):
        return False
    words = re.findall(r"[^\W\d_]+", name)
    if any(w.isupper() and 2 <= len(w) <= 10 for w in words):
        return True
    return any(w.lower() in _organisation_words() for w in words)


_CONNECTOR = re.compile(r"(?:[:,\-–—&]|\b(?:of|and|in|for|the|on|to|at|from|with|a|an))$", re.I)


def title_from_text(text: str) -> str:
    """The first substantial line of a document's first page, with the next line of
    the same block when the title plainly runs on ("Labour migration in the
    Mekong:" / "recruitment costs and wages"). Page numbers, dates and lines of
    less than two words are passed."""
    lines: list[tuple[str, bool]] = []  # (line, the next line is in the same block)
    for block in re.split(r"\n\s*\n", text[:FRONT_CHARS]):
        rows = [" ".join(ln.split()) for ln in block.splitlines() if ln.strip()]
        lines.extend((ln, i + 1 < len(rows)) for i, ln in enumerate(rows))
    for i, (ln, joined) in enumerate(lines[:25]):
        words = re.findall(r"[^\W\d_]{2,}", ln)
        if len(words) < 2 or _PAGE_NUMBER.match(ln) or parse_date(ln) or "©" in ln:
            continue
        if len(ln) > 250:
            return first_sentences(ln, 120)
        nxt = lines[i + 1][0] if joined else ""
        if (
            nxt
            and len(ln) + len(nxt) <= 200
            and (_CONNECTOR.search(ln) or nxt[:1].islower())
            and not parse_date(nxt)
        ):
            return f"{ln} {nxt}"
        return ln
    return ""


def copyright_holders(text: str) -> list[str]:
    """Who a copyright line in ``text`` names ("© International Labour Organization 2020")."""
    out: list[str] = []
    for m in _COPYRIGHT.finditer(text):
        name = m.group("name").strip(" .,;:")
        name = re.sub(r"^(?:by|the)\s+", "", name, flags=re.I).strip()
        name = re.split(r"\s+(?:all rights reserved|first published)\b", name, flags=re.I)[0]
        if 3 <= len(name) <= 100 and len(name.split()) <= 12 and not is_junk_author(name):
            out.append(name.strip(" .,;:"))
    return list(dict.fromkeys(out))


def metadata_date(raw: object) -> str | None:
    """A metadata date (a PDF's ``D:20200315…``, a datetime, an ISO string) as an ISO day."""
    if raw is None:
        return None
    if hasattr(raw, "isoformat"):
        text = raw.isoformat()
    else:
        text = str(raw).strip()
        m = re.match(r"^D:(\d{4})(\d{2})?(\d{2})?", text)
        if m:
            text = "-".join(g for g in m.groups() if g)
    iso = parse_date(text[:10]) if text else None
    return iso if iso and plausible(iso) else None


@dataclass
class DocumentParts:
    """What a reader found in a document file, before any choice is made."""

    pages: list[str]
    meta_title: str = ""
    meta_author: str = ""
    meta_date: str | None = None
    #: organisations the file declares (a Word file's company, a PDF's publisher)
    meta_publishers: list[str] = field(default_factory=list)
    type: str | None = "report"


def _join_pages(pages: Sequence[str]) -> tuple[str, list[int]]:
    """The body (pages separated by a blank line) and where each page starts."""
    body: list[str] = []
    starts: list[int] = []
    at = 0
    for i, text in enumerate(pages):
        if i:
            body.append("\n\n")
            at += 2
        starts.append(at)
        body.append(text)
        at += len(text)
    return "".join(body), starts


#: characters of the first page read as its cover (title, organisation, date)
COVER_CHARS = 800


def _cover_date(text: str) -> str | None:
    """A date printed on the cover ("March 2019" counts): a full date further down
    the first page is more often an event's than the document's."""
    iso = find_date(text[:COVER_CHARS], partial=True)
    return iso if iso and plausible(iso) else None


def _unique(names: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in (publisher_value(n) for n in names) if v))


def document_record(source: str, parts: DocumentParts, *, paged: bool = True) -> Record:
    """One tagged record for a whole document file; ``paged`` keeps page offsets."""
    body, starts = _join_pages(parts.pages)
    front = body[:FRONT_CHARS]
    title = parts.meta_title.strip()
    if is_junk_title(title, source):
        title = title_from_text(front) or _file_title(source)
    publishers = list(parts.meta_publishers)
    if parts.meta_author and is_organisation(parts.meta_author):
        publishers.append(parts.meta_author)
    publishers.extend(copyright_holders(body[: 3 * FRONT_CHARS]))
    rec = Record(
        id=make_id(source),
        title=" ".join(title.split()),
        body=body,
        source=source,
        date=_cover_date(front) or parts.meta_date,
        type=parts.type,
        publishers=_unique(publishers),
        pages=starts if paged and len(starts) > 1 else ([0] if paged and starts else []),
    )
    return tag(rec)


def _file_title(source: str) -> str:
    """A title made from a file's name, the last resort ("annual_report-2020.pdf")."""
    stem = PurePath(source).name.split(".")[0]
    return " ".join(re.split(r"[_\-\s]+", stem)).strip() or stem
