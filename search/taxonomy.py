"""The vocabularies a search filters on, with how many documents of an index carry each.

``migsearch themes`` and ``GET /api/taxonomy`` list them: every country and
region (with its members), theme and population group, by id and label, so a
client can build its own criteria boxes and know which values exist. Counts
are those of a browse over the whole index: documents *about* a country or
region, and beside it the count that includes passing mentions.
"""

from __future__ import annotations

from typing import Any

from migsearch.indexer.vocabulary.countries import all_countries, all_regions, region_label
from migsearch.indexer.vocabulary.groups import all_groups
from migsearch.indexer.vocabulary.themes import all_themes
from migsearch.search.request import MAX_FACET_LIMIT, SearchRequest

__all__ = ["SECTIONS", "describe_taxonomy"]

#: The parts of a taxonomy, in the order they are listed.
SECTIONS = ("countries", "regions", "themes", "groups")


def _counts(ix: Any, mentions: bool) -> dict[str, dict[str, int]]:
    req = SearchRequest(limit=1, highlight=False, facet_limit=MAX_FACET_LIMIT, mentions=mentions)
    res = ix.search(req)
    return {k: {v.value: v.count for v in vals} for k, vals in res.facets.items()}


def describe_taxonomy(ix: Any | None = None) -> dict[str, Any]:
    """Countries, regions, themes and groups as ``{"value", "label", …, "count"}`` lists.

    ``ix`` is an opened :class:`~migsearch.search.engine.SearchIndex`; without one
    every ``count`` is None. Countries and regions also carry
    ``count_with_mentions``; regions their ``members``; themes and groups
    their ``description``.
    """
    about = _counts(ix, False) if ix is not None else None
    broad = _counts(ix, True) if ix is not None else None

    def count(facet: str, value: str, counts: dict[str, dict[str, int]] | None) -> int | None:
        return None if counts is None else counts.get(facet, {}).get(value, 0)

    def places(facet: str, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        for item in items:
            item["count"] = count(facet, item["value"], about)
            item["count_with_mentions"] = count(facet, item["value"], broad)
        return items

    def entries(facet: str, found: list[Any]) -> list[dict[str, Any]]:
        return [
            {
                "value": e.id,
                "label": e.label,
                "description": e.description,
                "count": count(facet, e.id, about),
            }
            for e in found
        ]

    return {
        "documents": None if ix is None else ix.doc_count(),
        "countries": places(
            "countries", [{"value": c, "label": lbl} for c, lbl in all_countries().items()]
        ),
        "regions": places(
            "regions",
            [
                {"value": r, "label": region_label(r), "members": members}
                for r, members in all_regions().items()
            ],
        ),
        "themes": entries("themes", all_themes()),
        "groups": entries("groups", all_groups()),
    }
