"""The Whoosh schema: which record fields are searched, stored, faceted and sorted.

``content`` (title + summary + body, not stored) is the main ranked field: one
field with BM25 ranks better on real collections than several small ones.
``title`` is indexed again on its own so the query layer can weight it up.
Facet fields are comma-separated keywords with a column (``sortable``) so facet
counts can be read from per-segment arrays instead of Whoosh's ``groupedby``.
"""

from __future__ import annotations

import re
from typing import Any

from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.formats import Existence

from migsearch.indexer.ingest.records import Record, summary_in_body
from migsearch.indexer.vocabulary.analysis import STOP_WORDS, text_analyzer

__all__ = ["make_schema", "record_fields", "spelling_words"]


def make_schema() -> Schema:
    """The schema of every index; :mod:`.storage` compares an opened index's fields with it."""
    ana = text_analyzer()
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),
        title=TEXT(analyzer=ana, stored=True, phrase=True),
        summary=STORED(),
        body=STORED(),
        content=TEXT(analyzer=ana, phrase=True),
        date=ID(stored=True, sortable=True),
        year=ID(stored=True, sortable=True),
        countries=KEYWORD(stored=True, commas=True, scorable=False, sortable=True),
        primary_country=ID(stored=True),
        regions=KEYWORD(stored=True, commas=True, scorable=False, sortable=True),
        themes=KEYWORD(stored=True, commas=True, scorable=False, sortable=True),
        # countries and regions a record only mentions in passing (a search adds them
        # on request), corridors ("MMR-THA") and population groups
        mentioned_countries=_tags(),
        mentioned_regions=_tags(),
        corridors=_tags(),
        groups=_tags(),
        type=ID(stored=True, sortable=True),
        language=ID(stored=True, sortable=True),
        # who published it, comma-separated (names hold no comma: records.publisher_value)
        publishers=KEYWORD(stored=True, commas=True, scorable=False, sortable=True),
        # body offsets where each page starts (records.page_at): a hit can say its page
        pages=STORED(),
        url=STORED(),
        source=ID(stored=True, sortable=True),
        source_hash=ID(stored=True, sortable=True),
        # unstemmed words of `content`, the vocabulary of "Did you mean" (search/spelling.py):
        # given with every record, but written to a file beside each segment (store/spellwords.py);
        # only segments of indexes written before those files hold the field's postings
        spell=_spelling_field(),
    )


def _tags() -> KEYWORD:
    """A facet field: comma-separated values, stored, with a column to count them."""
    return KEYWORD(stored=True, commas=True, scorable=False, sortable=True)


def _spelling_field() -> KEYWORD:
    # only which words exist and in how many documents matter: no frequencies. Scorable
    # all the same: Whoosh looks for a non-scorable field's (absent) lengths column with a
    # stat() per posting when it writes a segment, a third of this field's commit time.
    f = KEYWORD(scorable=True)
    f.format = Existence()
    return f


_SPELL_WORD = re.compile(r"[^\W\d_]{3,}")
#: the same words in an ASCII text (most are), where a plain range is tested twice as
#: fast as a Unicode category
_ASCII_SPELL_WORD = re.compile(r"[A-Za-z]{3,}")
#: characters of a document read for its spelling words: the vocabulary users type shows
#: up early, and a long report's tail would add postings (commit time) for little
SPELL_CHARS = 20_000


def spelling_words(text: str) -> str:
    """The distinct words of ``text`` as written (lowercased, 3+ letters, no stop words).

    They feed the ``spell`` field, the vocabulary of "Did you mean": suggestions
    must be words a user would type, not stems. Deduplicated here, with one
    regex, because analysing the whole text a second time through Whoosh
    cost a third more indexing time.
    """
    head = text[:SPELL_CHARS].lower()
    words = (_ASCII_SPELL_WORD if head.isascii() else _SPELL_WORD).findall(head)
    return " ".join(sorted(set(words) - STOP_WORDS))


def record_fields(rec: Record, source_hash: str) -> dict[str, Any]:
    """A record as the keyword arguments of ``writer.add_document``.

    A title made from the body (a record without one) is stored to be shown but
    neither indexed as the title nor read again into ``content``
    (``Record.title_made``; :class:`~migsearch.indexer.ingest.records.Record` says why).
    """
    made = rec.title_made
    content = "" if made else rec.title
    if not summary_in_body(rec.summary, rec.body):
        content += "\n" + rec.summary
    content += "\n" + rec.body
    date = rec.date or ""
    shown = {"_stored_title": rec.title} if made else {}
    return {
        "id": rec.id,
        "title": "" if made else rec.title,
        **shown,
        "summary": rec.summary,
        "body": rec.body,
        "content": content,
        "date": date,
        "year": date[:4],
        "countries": ",".join(rec.countries),
        "primary_country": rec.primary_country or "",
        "regions": ",".join(rec.regions),
        "themes": ",".join(rec.themes),
        "mentioned_countries": ",".join(rec.mentioned_countries),
        "mentioned_regions": ",".join(rec.mentioned_regions),
        "corridors": ",".join(rec.corridors),
        "groups": ",".join(rec.groups),
        "type": rec.type or "",
        "language": rec.language or "",
        "publishers": ",".join(rec.publishers),
        "pages": rec.pages,
        "url": rec.url,
        "source": rec.source,
        "source_hash": source_hash,
        "spell": spelling_words(content),
    }
