"""The gazetteer's tables: every ISO country and the extra territories, regions, settled keys."""

from __future__ import annotations

import pycountry

from migsearch.indexer.vocabulary.countries import country_label, resolve_country
from migsearch.indexer.vocabulary.gazetteer import gazetteer


def test_gazetteer_covers_iso_and_extra_territories() -> None:
    for c in pycountry.countries:
        assert country_label(c.alpha_3) != c.alpha_3
        assert resolve_country(c.alpha_2) == [c.alpha_3]
        assert resolve_country(c.name) == [c.alpha_3], c.name
    for code in ("XKX", "HKG", "MAC", "TWN", "PSE", "VAT"):
        assert country_label(code) != code


def test_gazetteer_has_no_unsettled_conflicts() -> None:
    assert gazetteer().conflicts == {}


def test_every_region_member_is_a_known_country() -> None:
    for rid, members in gazetteer().regions.items():
        for code in members:
            assert country_label(code) != code, (rid, code)
            assert resolve_country(code) == [code]
