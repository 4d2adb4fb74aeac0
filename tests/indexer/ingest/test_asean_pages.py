"""The pages in the languages of ASEAN through ingestion: language, countries, date.

The expected values were written by reading each page (tests/fixtures/asean):
the countries it names, in its own language, and the date it prints.
"""

from __future__ import annotations

from pathlib import Path

from support import ROOT

from migsearch.indexer.ingest.pipeline import extract_paths
from migsearch.indexer.ingest.records import Record

PAGES = ROOT / "tests" / "fixtures" / "asean"

EXPECTED = {
    "th.html": ("th", {"THA", "MMR", "KHM"}, "2023-03-15"),  # 15 มีนาคม พ.ศ. 2566
    "my.html": ("my", {"THA", "MMR"}, "2023-08-21"),  # ၂၀၂၃ ခုနှစ် ဩဂုတ်လ ၂၁ ရက်
    "km.html": ("km", {"THA", "KHM"}, "2023-06-10"),  # ថ្ងៃទី១០ ខែមិថុនា ឆ្នាំ២០២៣
    "lo.html": ("lo", {"LAO", "THA"}, "2023-09-05"),  # ວັນທີ ໕ ເດືອນ ກັນຍາ ພ.ສ. ໒໕໖໖
    "vi.html": ("vi", {"VNM", "JPN"}, "2023-04-12"),  # no Laos from "lao động"
    "id.html": ("id", {"IDN", "MYS"}, "2023-02-20"),
    "ms.html": ("ms", {"MYS", "BGD", "NPL"}, "2023-07-03"),
    "tl.html": ("tl", {"PHL", "SAU"}, "2022-06-05"),
}


def _records() -> dict[str, Record]:
    out = {}
    for rec in extract_paths([PAGES]):
        assert isinstance(rec, Record), rec
        out[Path(rec.source).name] = rec
    return out


def test_every_page_has_its_language_and_date() -> None:
    recs = _records()
    assert set(recs) == set(EXPECTED)
    for name, (lang, _, date) in EXPECTED.items():
        assert (recs[name].language, recs[name].date) == (lang, date), name


def test_country_tags_precision_and_recall() -> None:
    recs = _records()
    tp = fp = fn = 0
    for name, (_, want, _) in EXPECTED.items():
        # the names are recognised: each country is tagged, about or mentioned
        got = set(recs[name].countries) | set(recs[name].mentioned_countries)
        tp += len(got & want)
        fp += len(got - want)
        fn += len(want - got)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert precision >= 0.95 and recall >= 0.95, (precision, recall)
    assert "LAO" not in recs["vi.html"].countries + recs["vi.html"].mentioned_countries
