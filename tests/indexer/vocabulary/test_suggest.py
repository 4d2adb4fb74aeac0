"""Did-you-mean offers (indexer/vocabulary/suggest.py): ranked, cut to the close ones."""

from __future__ import annotations

import pytest

from migsearch.errors import UnknownCountryError, UnknownThemeError
from migsearch.indexer.vocabulary.countries import resolve_country
from migsearch.indexer.vocabulary.suggest import closest
from migsearch.indexer.vocabulary.themes import all_themes, resolve_theme


@pytest.mark.parametrize(
    ("typed", "offered"),
    [
        ("Thialand", ["Thailand"]),  # not Åland Islands, not Italy
        ("Thailnd", ["Thailand"]),
        ("Phillipines", ["Philippines"]),
        ("Burmma", ["Myanmar"]),
        ("germny", ["Germany"]),
        ("indonesa", ["Indonesia"]),
        ("Atlantis", []),  # nothing is close enough to offer
    ],
)
def test_country_offers_are_the_close_ones(typed: str, offered: list[str]) -> None:
    with pytest.raises(UnknownCountryError) as exc:
        resolve_country(typed)
    assert exc.value.suggestions == offered
    tail = f"; did you mean {', '.join(offered)}?" if offered else ""
    assert str(exc.value) == f"unknown country {typed!r}{tail}"


def test_theme_offers_and_the_list_of_themes_when_nothing_is_close() -> None:
    with pytest.raises(UnknownThemeError) as exc:
        resolve_theme("fishng")
    assert exc.value.suggestions == ["fishing"]
    with pytest.raises(UnknownThemeError) as exc:
        resolve_theme("domestic")  # every word of a theme's name
    assert exc.value.suggestions == ["domestic_work"]
    with pytest.raises(UnknownThemeError) as exc:
        resolve_theme("nonsense")
    ids = [t.id for t in all_themes()]
    assert exc.value.suggestions == [] and exc.value.known == ids
    assert str(exc.value) == "unknown theme 'nonsense'; known themes: " + ", ".join(ids)


def test_ties_are_all_offered_best_first() -> None:
    names = {"alpha": "A", "alphb": "B", "alpxyz": "C", "alpha beta": "A"}
    assert closest("alphc", names) == ["A", "B"]
    assert closest("zzzz", names) == []
    assert closest("", names, also=["alpha beta"]) == ["A"]
