"""Tagging: what a record is about, read from its own text.

Every format ends here. The language is identified from the title and body.
Places (the countries a record is about and those it
only mentions, regions named or derived, the primary country), corridors,
population groups and themes are found in the title and the first part of
the body; tags a source states itself (a JSONL ``countries`` column, a
ReliefWeb export's country) come first and are kept even when the text never
names them. A record without a summary gets its first sentences, so every hit
has a snippet to show even when the query words are not in the text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from migsearch.errors import MigsearchError
from migsearch.indexer.ingest.records import Record, publisher_value, summary_in_body
from migsearch.indexer.ingest.sentences import first_sentences
from migsearch.indexer.vocabulary.corridors import find_corridors
from migsearch.indexer.vocabulary.countries import resolve_place
from migsearch.indexer.vocabulary.groups import find_groups
from migsearch.indexer.vocabulary.languages import SAMPLE_CHARS, detect_language
from migsearch.indexer.vocabulary.places import read_places
from migsearch.indexer.vocabulary.themes import find_themes, resolve_theme

__all__ = [
    "TAG_SCAN_CHARS",
    "given_countries",
    "given_publishers",
    "given_themes",
    "tag",
    "tag_only",
]

#: Only so much of a body is scanned for places, corridors, groups and themes: tags
#: come from what a document is about, which its first pages say; a 50 MB page would
#: otherwise cost seconds for no better tags.
TAG_SCAN_CHARS = 200_000

#: which records this process tags (by id); None: all. A shard's build process parses
#: every record but keeps only its share, and tagging is most of parsing's cost.
_wanted: Callable[[str], bool] | None = None


def tag_only(wanted: Callable[[str], bool] | None) -> None:
    """Tag only the records whose id ``wanted`` accepts from now on (None: every one);
    the others are returned as parsed, for a caller that drops them unwritten."""
    global _wanted
    _wanted = wanted


def tag(rec: Record, *, countries: Iterable[str] = (), themes: Iterable[str] = ()) -> Record:
    """Fill places, corridors, groups, themes and summary (in place; returns ``rec``).

    ``countries`` (alpha-3 codes and region ids) and ``themes`` are what the
    source gives itself, already resolved (see :func:`given_countries`,
    :func:`given_themes`).
    """
    if _wanted is not None and not _wanted(rec.id):
        return rec
    text = rec.body[:TAG_SCAN_CHARS]
    if not summary_in_body(rec.summary, text):
        text = f"{rec.summary}\n{text}"
    # a title made from the body is its first words, not a title: read as one, the
    # offices of a dateline ("GENEVA/BANGKOK/MANILA, 3 May –") would be "in the title"
    title = "" if rec.title_made else rec.title
    places = read_places(title, text, given=[c for c in countries if c])
    rec.countries = places.countries
    rec.mentioned_countries = places.mentioned
    rec.primary_country = places.primary
    rec.regions = places.regions
    rec.mentioned_regions = places.mentioned_regions
    # the title is the first clause of the corridor reading ("Filipino nurses in the UK")
    shift = len(title) + 2
    corridors = find_corridors(
        f"{title}\n\n{text}",
        homes=places.countries,
        mentions=[
            *places.in_title,
            *(m.shifted(shift) for m in places.in_text),
        ],
    )
    rec.corridors = corridors.values
    groups = find_groups(title, text)
    rec.groups = groups.ids
    tm = find_themes(title, text)
    rec.themes = list(dict.fromkeys([*themes, *tm.ids]))
    rec.evidence = {
        "countries": {c: places.evidence.get(c, []) for c in places.countries + places.mentioned},
        "roles": places.roles,
        "regions": {r: places.evidence[r] for r in places.regions if r in places.evidence},
        "corridors": corridors.evidence,
        "groups": groups.evidence,
        "themes": tm.evidence,
    }
    # the language is read from a sample: copy no more of a long body than it reads
    rec.language = rec.language or detect_language(f"{title}\n{text[:SAMPLE_CHARS]}")
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
    """Alpha-3 codes, and region ids, of the places a source names itself ("Qatar", "np",
    "GCC"): a region stays a region, it does not stand for each of its members."""
    return _resolved(values, ",;", resolve_place)


def given_themes(values: Any) -> list[str]:
    """Theme ids of the themes a source names itself ("Fair recruitment", "fishing")."""
    return _resolved(values, ",", lambda v: [resolve_theme(v)])


def given_publishers(values: Any) -> list[str]:
    """Publishers a source names itself: a list, or a string separated by ``;`` or
    ``|`` (a name may hold a comma: "Ministry of Labour, Invalids and Social Affairs")."""
    return list(dict.fromkeys(v for v in map(publisher_value, _values(values, ";|")) if v))
