"""docs/records.md stays the contract of the code: its tables list exactly the
record's fields, the regions, the themes and the population groups the code has."""

from __future__ import annotations

import dataclasses
import re

from support import ROOT

from migsearch.indexer.ingest.records import Record
from migsearch.indexer.vocabulary.gazetteer import gazetteer
from migsearch.indexer.vocabulary.groups import all_groups
from migsearch.indexer.vocabulary.themes import all_themes

DOC = (ROOT / "docs" / "records.md").read_text("utf-8")


def _table(heading: str) -> dict[str, str]:
    """First column (a `code` cell) -> second column of the table under ``heading``."""
    section = re.split(r"^#", DOC.split(heading + "\n", 1)[1], maxsplit=1, flags=re.M)[0]
    table = re.split(r"\n\n(?=[^|])", section.strip(), maxsplit=1)[0]  # the first table only
    return dict(re.findall(r"^\| `([^`]+)` \| ([^|]+?) \|", table, re.M))


def test_every_record_field_is_documented_and_nothing_else() -> None:
    fields = [f.name for f in dataclasses.fields(Record)]
    assert list(_table("## Fields")) == fields


def test_the_region_table_is_the_gazetteer() -> None:
    g = gazetteer()
    assert _table("### Regions") == {rid: g.region_labels[rid] for rid in g.regions}


def test_the_theme_table_is_the_taxonomy() -> None:
    assert _table("### Themes") == {t.id: t.label for t in all_themes()}


def test_the_group_table_is_the_taxonomy() -> None:
    assert _table("### Population groups") == {g.id: g.label for g in all_groups()}


def test_the_doc_cites_nothing_outside_the_repository() -> None:
    assert "DESIGN" not in DOC and "§" not in DOC
