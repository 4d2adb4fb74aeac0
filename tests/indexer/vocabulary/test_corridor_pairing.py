"""Which origins of a clause go with which of its destinations (corridors.py, ``_pairs``)."""

from __future__ import annotations

import pytest

from migsearch.indexer.vocabulary.corridors import find_corridors


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # named in turns: each people with the place it is named with
        (
            "Syrian refugees in Lebanon and Afghan refugees in Iran face the winter.",
            ["SYR-LBN", "AFG-IRN"],
        ),
        (
            "Turkey hosts 3.6 million Syrians and Pakistan hosts 1.4 million Afghans.",
            ["SYR-TUR", "AFG-PAK"],
        ),
        (
            "Migrants from Nepal in Qatar, from Bangladesh in Saudi Arabia.",
            ["NPL-QAT", "BGD-SAU"],
        ),
        # one group of each, or groups not in turns: every origin with every destination
        (
            "Refugees from Syria and Iraq arrived in Turkey and Lebanon.",
            ["SYR-TUR", "SYR-LBN", "IRQ-TUR", "IRQ-LBN"],
        ),
        (
            "Myanmar workers in Thailand and Cambodian workers face abuse.",
            ["MMR-THA", "KHM-THA"],
        ),
    ],
)
def test_origins_named_in_turns_pair_with_their_own_destination(text: str, want: list[str]) -> None:
    assert find_corridors(text).values == want
