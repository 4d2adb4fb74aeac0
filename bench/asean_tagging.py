"""Themes and population groups read from passages in the ASEAN languages.

The passages (``bench/labels/asean_passages.jsonl``) are short news and
notice paragraphs in Thai, Vietnamese, Indonesian, Malay, Tagalog, Lao, Khmer
and Burmese, labelled by reading; ``bench/labels/asean_passages.md`` gives the
rules. Each figure is precision and recall over (passage, id) pairs, per
language and micro-averaged, on the tuning half and the held-out half
(:mod:`halves`, keyed by passage id). Only the ids of :data:`THEME_SCOPE` and
:data:`GROUP_SCOPE` are scored: the labels cover those, so a tag outside them
is neither right nor wrong here.

``bench/tagging.py --only asean`` prints the figures; the unit suite floors them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from facet_quality import Pairs
from halves import HALVES, half

from migsearch.indexer.vocabulary.groups import find_groups
from migsearch.indexer.vocabulary.taxonomy import Match
from migsearch.indexer.vocabulary.themes import find_themes

__all__ = ["GROUP_SCOPE", "LANGUAGES", "PASSAGES", "THEME_SCOPE", "asean_pairs", "passages"]

PASSAGES = Path(__file__).resolve().parent / "labels" / "asean_passages.jsonl"
LANGUAGES = ("th", "vi", "id", "ms", "tl", "lo", "km", "my")

#: The themes the labels cover: those that matter most for labour migration in ASEAN.
THEME_SCOPE = frozenset(
    {
        "fair_recruitment",
        "trafficking_forced_labour",
        "domestic_work",
        "fishing",
        "women_gender",
        "wages",
        "bilateral_agreements",
        "irregular_migration",
        "return_reintegration",
        "refugees_displacement",
        "remittances",
        "child_labour",
        "labour_inspection",
        "labour_migration_governance",
    }
)
#: The population groups the labels cover.
GROUP_SCOPE = frozenset(
    {
        "domestic_workers",
        "fishers_seafarers",
        "women_migrant_workers",
        "children_youth",
        "refugees_asylum_seekers",
        "returnees",
        "trafficking_victims",
        "undocumented",
    }
)


def passages() -> list[dict]:
    """Every labelled passage, in file order (id, lang, themes, groups, text)."""
    with PASSAGES.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def asean_pairs(kind: str) -> dict[str, dict[str, Pairs]]:
    """half -> language (and "micro") -> pairs, for ``kind`` "themes" or "groups"."""
    find: Callable[[str, str], Match] = find_themes if kind == "themes" else find_groups
    scope = THEME_SCOPE if kind == "themes" else GROUP_SCOPE
    out = {h: {lang: Pairs() for lang in (*LANGUAGES, "micro")} for h in HALVES}
    for p in passages():
        got = [i for i in find("", p["text"]).ids if i in scope]
        want = [i for i in p[kind] if i in scope]
        h = half(p["id"])
        out[h][p["lang"]].add(p["id"], got, want)
        out[h]["micro"].add(p["id"], got, want)
    return out
