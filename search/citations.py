"""Citations of hits and documents as RIS, BibTeX and CSL-JSON, with where they came from.

A result list handed to a colleague, or pasted into a reference manager, should
say what each item is (title, publisher, date, address, when it was looked at,
the page of a PDF hit) and how the list was found: the query and filters, the
index commit they ran against and the time of the export, so that the search
can be run again and the list checked. That second part is a
:class:`Provenance`, written as RIS ``N1`` notes, a BibTeX ``@comment`` and
CSL-JSON ``note`` fields, the places reference managers keep a note.

The three writers are small enough that a library would add more than it
saves: each format is a list of tagged fields, and the care needed is in
escaping (one line per RIS field, LaTeX's special characters and balanced
braces in BibTeX), done here once. The tests read every file back with a
real parser of each format.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, TextIO
from urllib.parse import urlsplit

from migsearch.indexer.vocabulary.countries import country_label
from migsearch.search.request import SearchRequest, describe_criteria

__all__ = [
    "CITATION_FORMATS",
    "MEDIA_TYPES",
    "Provenance",
    "Reference",
    "write_citations",
]

#: formats of :func:`write_citations`
CITATION_FORMATS = ("ris", "bibtex", "csljson")
#: what each format is called on the web
MEDIA_TYPES = {
    "ris": "application/x-research-info-systems",
    "bibtex": "application/x-bibtex",
    "csljson": "application/vnd.citationstyles.csl+json",
}
#: document type -> (RIS TY, BibTeX entry type, CSL type); anything else is a web page
_KINDS = {
    "report": ("RPRT", "techreport", "report"),
    "news": ("NEWS", "misc", "article-newspaper"),
}
_WEB_PAGE = ("ELEC", "misc", "webpage")


@dataclass(frozen=True)
class Provenance:
    """How a list of citations was found: search, index commit, time of export."""

    #: the request's criteria (query, sort, filters), as SearchRequest.criteria() gives them
    criteria: dict[str, Any]
    #: the index commit the search read
    generation: int | None
    exported: datetime = field(default_factory=lambda: datetime.now(UTC))
    #: matches of the search, when the list is (part of) a result set
    total: int | None = None

    @classmethod
    def of(
        cls, request: SearchRequest, generation: int | None, total: int | None = None
    ) -> Provenance:
        return cls(request.criteria(), generation, total=total)

    def line(self) -> str:
        """One line for a person: what was searched, in which commit, when."""
        parts = [describe_criteria(self.criteria)]
        if self.total is not None:
            parts.append(f"{self.total} {'match' if self.total == 1 else 'matches'}")
        if self.generation is not None:
            parts.append(f"index generation {self.generation}")
        parts.append("exported " + self.exported.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
        return "Found with migsearch: " + "; ".join(parts) + "."


@dataclass(frozen=True)
class Reference:
    """What a citation says of one document, read from a Hit or a Document."""

    id: str
    title: str
    date: str | None
    url: str | None
    kind: tuple[str, str, str]
    publisher: str | None
    site: str | None
    page: str | None
    keywords: tuple[str, ...]

    @classmethod
    def of(cls, item: Any) -> Reference:
        """From a :class:`Hit` or :class:`Document`; a publisher and a PDF page are used
        when the index records them, and a web address only when it is http(s)."""
        # imported here: the theme tables load the analyzer (Whoosh, a stemmer), which the
        # CLI need not pay for just to declare the citation formats it offers
        from migsearch.indexer.vocabulary.themes import theme_label

        url = item.url if _is_web(getattr(item, "url", None)) else None
        publisher = getattr(item, "publisher", None) or None
        page = getattr(item, "page", None)
        keywords = [theme_label(t) for t in item.themes]
        keywords += [country_label(c) for c in item.countries]
        return cls(
            id=item.id,
            title=_one_line(item.title) or "Untitled document",
            date=item.date or None,
            url=url,
            kind=_KINDS.get((item.type or "").lower(), _WEB_PAGE),
            publisher=_one_line(publisher) if publisher else None,
            site=_site(url),
            page=str(page) if page not in (None, "") else None,
            keywords=tuple(dict.fromkeys(k for k in keywords if k)),
        )


def write_citations(
    items: Iterable[Any],
    fmt: str,
    out: TextIO,
    provenance: Provenance | None = None,
    accessed: date | None = None,
) -> int:
    """Write a citation of each Hit or Document in ``items`` to ``out``; returns how many.

    ``accessed`` (default: today, UTC) is the date the documents were looked up.
    """
    if fmt not in CITATION_FORMATS:
        raise ValueError(f"unknown citation format {fmt!r}")
    day = accessed or datetime.now(UTC).date()
    note = provenance.line() if provenance else None
    if fmt == "bibtex" and note:
        out.write("@comment{" + _bibtex_text(note) + "}\n\n")
    if fmt == "csljson":
        out.write("[")
    n = 0
    keys: set[str] = set()
    for item in items:
        ref = Reference.of(item)
        if fmt == "ris":
            out.write(_ris(ref, day, note))
        elif fmt == "bibtex":
            out.write(_bibtex(ref, day, _key(ref, keys)))
        else:
            out.write(
                ("," if n else "") + "\n" + json.dumps(_csl(ref, day, note), ensure_ascii=False)
            )
        n += 1
    if fmt == "csljson":
        out.write("\n]\n" if n else "]\n")
    return n


# ---------------------------------------------------------------- RIS


def _ris(ref: Reference, day: date, note: str | None) -> str:
    rows: list[tuple[str, str]] = [("TY", ref.kind[0]), ("ID", ref.id), ("TI", ref.title)]
    if ref.publisher:
        rows += [("AU", ref.publisher), ("PB", ref.publisher)]
    elif ref.site:
        rows.append(("PB", ref.site))
    if ref.date:
        y, m, d = _parts(ref.date)
        rows += [("PY", y), ("DA", f"{y}/{m}/{d}/")]
    if ref.url:
        rows += [("UR", ref.url), ("Y2", day.strftime("%Y/%m/%d"))]
    if ref.page:
        rows.append(("SP", ref.page))
    rows += [("KW", k) for k in ref.keywords]
    if note:
        rows.append(("N1", note))
    lines = [f"{tag}  - {_one_line(value)}" for tag, value in rows]
    return "\n".join([*lines, "ER  - ", "", ""])


# ---------------------------------------------------------------- BibTeX

_LATEX = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
_LATEX_RE = re.compile("|".join(map(re.escape, _LATEX)))


def _bibtex_text(value: str) -> str:
    """A field value for LaTeX: its special characters escaped, braces balanced."""
    escaped = _LATEX_RE.sub(lambda m: _LATEX[m.group()], _one_line(value))
    # BibTeX counts braces without regard to backslashes; escaped ones come in pairs
    # only if the text had them in pairs, so unbalanced ones become plain parentheses
    if escaped.count("{") != escaped.count("}") or _unbalanced(escaped):
        escaped = escaped.replace(r"\{", "(").replace(r"\}", ")")
    return escaped


def _unbalanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return True
    return depth != 0


def _key(ref: Reference, taken: set[str]) -> str:
    """A citation key: a word of the title, the year and the id's start, unique in the file."""
    word = next((w for w in re.findall(r"[A-Za-z]{4,}", ref.title)), "doc").lower()
    base = f"{word}{(ref.date or '')[:4]}_{re.sub(r'[^A-Za-z0-9]', '', ref.id)[:8] or 'x'}"
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}_{n}"
    taken.add(key)
    return key


def _bibtex(ref: Reference, day: date, key: str) -> str:
    entry = ref.kind[1]
    rows: list[tuple[str, str]] = [("title", "{" + _bibtex_text(ref.title) + "}")]
    if ref.publisher:
        rows.append(("author", "{" + _bibtex_text(ref.publisher) + "}"))
        rows.append(("institution" if entry == "techreport" else "publisher", ref.publisher))
    elif entry == "techreport":
        rows.append(("institution", ref.site or "Unknown"))
    elif ref.site:
        rows.append(("organization", ref.site))
    if ref.date:
        rows += [("year", ref.date[:4]), ("date", ref.date)]
    if ref.url:
        rows += [("url", ref.url), ("urldate", day.isoformat())]
    if ref.page:
        rows.append(("pages", ref.page))
    if ref.keywords:
        rows.append(("keywords", ", ".join(ref.keywords)))
    body = ",\n".join(
        f"  {name} = {{{value if name in ('title', 'author') else _bibtex_field(name, value)}}}"
        for name, value in rows
    )
    return f"@{entry}{{{key},\n{body}\n}}\n\n"


def _bibtex_field(name: str, value: str) -> str:
    # addresses are read verbatim by url/hyperref: only braces need to be safe there
    if name == "url":
        return value.replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")
    return _bibtex_text(value)


# ---------------------------------------------------------------- CSL-JSON


def _csl(ref: Reference, day: date, note: str | None) -> dict[str, Any]:
    item: dict[str, Any] = {"id": ref.id, "type": ref.kind[2], "title": ref.title}
    if ref.publisher:
        item["author"] = [{"literal": ref.publisher}]
        item["publisher"] = ref.publisher
    if ref.site and ref.kind[2] == "webpage":
        item["container-title"] = ref.site
    if ref.date:
        item["issued"] = {"date-parts": [[int(p) for p in ref.date.split("-")]]}
    if ref.url:
        item["URL"] = ref.url
        item["accessed"] = {"date-parts": [[day.year, day.month, day.day]]}
    if ref.page:
        item["page"] = ref.page
    if ref.keywords:
        item["keyword"] = ", ".join(ref.keywords)
    if note:
        item["note"] = note
    return item


# ---------------------------------------------------------------- shared


def _one_line(value: str | None) -> str:
    return " ".join((value or "").split())


def _is_web(url: str | None) -> bool:
    if not url:
        return False
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc) and " " not in url


def _site(url: str | None) -> str | None:
    """The host of a web address without ``www.`` (``ilo.org``)."""
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def _parts(value: str) -> tuple[str, str, str]:
    """(year, month, day) of a stored date; missing parts are empty."""
    bits = [*value.split("-"), "", ""]
    return bits[0], bits[1], bits[2]
