"""Tagging: what a record is about, read from its own text.

Every format ends here. The language is identified from the title and body. Countries (with their regions and the primary one)
and themes are found in the title and the first part of the body; tags a
source states itself (a JSONL ``countries`` column, a ReliefWeb export's
country) come first and are kept even when the text never names them. A
record without a summary gets its first sentences, so every hit has a snippet
to show even when the query words are not in the text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from migsearch.errors import MigsearchError
from migsearch.indexer.ingest.records import Record
from migsearch.indexer.ingest.sentences import first_sentences
from migsearch.indexer.vocabulary.countries import regions_for, resolve_country
from migsearch.indexer.vocabulary.country_tagger import find_countries
from migsearch.indexer.vocabulary.languages import detect_language
from migsearch.indexer.vocabulary.themes import find_themes, resolve_theme

__all__ = ["TAG_SCAN_CHARS", "given_countries", "given_themes", "tag"]

#: Only so much of a body is scanned for countries and themes: tags come from
#: what a document is about, which its first pages say; a 50 MB page would
#: otherwise cost seconds for no better tags.
TAG_SCAN_CHARS = 200_000


def tag(rec: Record, *, countries: Iterable[str] = (), themes: Iterable[str] = ()) -> Record:
    """Fill countries, regions, primary country, themes and summary (in place; returns ``rec``).

    ``countries`` and ``themes`` are codes the source gives itself, already
    resolved (see :func:`given_countries`, :func:`given_themes`).
    """
    text = rec.body[:TAG_SCAN_CHARS]
    if rec.summary and rec.summary not in text:
        text = f"{rec.summary}\n{text}"
    cm = find_countries(text, title=rec.title)
    given = [c for c in countries if c]
    codes = list(dict.fromkeys([*given, *cm.codes]))
    rec.countries = codes
    rec.primary_country = given[0] if given else cm.primary
    rec.regions = regions_for(codes)
    tm = find_themes(rec.title, text)
    rec.themes = list(dict.fromkeys([*themes, *tm.ids]))
    rec.evidence = {"countries": cm.evidence, "themes": tm.evidence}
    rec.language = rec.language or detect_language(f"{rec.title}\n{text}")
    if not rec.summary:
        rec.summary = first_sentences(rec.body)
    return rec


def _values(values: Any, separators: str) -> list[str]:
    """A list as given, a string cut at any of ``separators``, any other value as one."""
    if values is None:
        return []
    if isinstance(values, list | tuple):
        return [str(v) for v in values]
    text = str(values)
    for sep in separators[1:]:
        text = text.replace(sep, separators[0])
    return text.split(separators[0])


def _resolved(values: Any, separators: str, resolve: Callable[[str], list[str]]) -> list[str]:
    """Every value resolved; one the vocabulary does not know is dropped, not fatal:
    the record is still tagged from its text, and one odd value must not cost it."""
    out: list[str] = []
    for v in _values(values, separators):
        try:
            out.extend(resolve(v))
        except MigsearchError:
            continue
    return out


def given_countries(values: Any) -> list[str]:
    """Alpha-3 codes of the countries a source names itself ("Qatar", "np", "GCC")."""
    return _resolved(values, ",;", resolve_country)


def given_themes(values: Any) -> list[str]:
    """Theme ids of the themes a source names itself ("Fair recruitment", "fishing")."""
    return _resolved(values, ",", lambda v: [resolve_theme(v)])
