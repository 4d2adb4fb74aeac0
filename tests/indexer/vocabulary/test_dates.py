"""Dates as people write them: forms, precision, the traps, and --from/--to values."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from migsearch.errors import UsageError
from migsearch.indexer.vocabulary.dates import (
    ascii_digits,
    find_date,
    find_date_span,
    month_number,
    normalize_date_arg,
    parse_date,
    plausible,
)

RELIEFWEB = Path(__file__).resolve().parents[4] / "shared" / "data" / "reliefweb-api-sample"


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Published on 27 April 2015 in Bangkok", "2015-04-27"),
        ("02 March 2015", "2015-03-02"),
        ("April 27, 2015", "2015-04-27"),
        ("Sept. 16, 2014", "2014-09-16"),
        ("13-14 November 2014", "2014-11-13"),
        ("27–29 January 2015", "2015-01-27"),
        ("13 November – 2 December 2014", "2014-11-13"),
        ("16th September 2014", "2014-09-16"),
        ("Monday, 27 April 2015", "2015-04-27"),
        ("2015-04-27", "2015-04-27"),
        ("2015/04/27", "2015-04-27"),
        ("27/04/2015", "2015-04-27"),
        ("04/27/2015", "2015-04-27"),
        ("27.04.2015", "2015-04-27"),
        ("1er mars 2015", "2015-03-01"),
        ("5 de mayo de 2015", "2015-05-05"),
    ],
)
def test_find_date_forms(text: str, iso: str) -> None:
    assert find_date(text) == iso


@pytest.mark.parametrize(
    "text",
    [
        "04/05/2015",  # 4 May or April 5: not guessed
        "© 2019 Migration Library",  # a bare year is not a date in running text
        "In 2015 the law changed",
        "31 February 2015",  # no such day
        "Room 12 May Street 2015",  # "12 May Street" is not followed by a year
    ],
)
def test_find_date_refuses(text: str) -> None:
    assert find_date(text) is None


def test_first_date_wins() -> None:
    assert find_date("Updated 3 May 2016; first published 27 April 2015") == "2016-05-03"


def test_month_precision_only_when_asked() -> None:
    assert find_date("Country brief, December 2025") is None
    assert find_date("Country brief, December 2025", partial=True) == "2025-12"
    assert find_date("Brief 27 April 2015, April 2016", partial=True) == "2015-04-27"


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2015", "2015"),
        ("2015-04", "2015-04"),
        ("2015-04-27T09:30:00+07:00", "2015-04-27"),
        ("20150427", "2015-04-27"),
        ("April 2015", "2015-04"),
        ("27 April 2015", "2015-04-27"),
        ("not a date", None),
        ("2015-13-01", None),
    ],
)
def test_parse_date_keeps_precision(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


def test_plausible() -> None:
    today = dt.date(2026, 11, 23)
    assert plausible("2015-04-27", today)
    assert not plausible("2026-11-23", today)  # today's date is a page header, not a stamp
    assert not plausible("2027-01-01", today)
    assert not plausible("1850", today)
    assert plausible("2026-10", today) and not plausible("2026-12", today)


def test_normalize_date_arg() -> None:
    assert normalize_date_arg("2015") == "2015"
    assert normalize_date_arg("2015-04", end=True) > "2015-04-30"
    assert normalize_date_arg("2015-04", end=True) < "2015-05"
    for bad in ("2015-13", "15-04-2015", "April", "2015-02-30"):
        with pytest.raises(UsageError):
            normalize_date_arg(bad)


@pytest.mark.parametrize(
    ("name", "number"),
    [
        ("April", 4),
        ("sept", 9),
        ("Sep", 9),
        ("août", 8),
        ("aout", 8),
        ("diciembre", 12),
        ("12", 12),
    ],
)
def test_month_number(name: str, number: int) -> None:
    assert month_number(name) == number


def test_month_number_of_a_word_that_is_no_month() -> None:
    assert month_number("Monday") is None


@pytest.mark.skipif(
    not RELIEFWEB.is_dir(), reason=f"shared ReliefWeb sample not found at {RELIEFWEB}"
)
def test_reliefweb_metadata_dates_parse() -> None:
    reports = []
    for f in sorted(RELIEFWEB.glob("*_reports.json")):
        reports.extend(json.loads(f.read_text(encoding="utf-8"))["reports"])
    assert len(reports) == 50
    ok = sum(parse_date(r["date"]["original"]) == r["date"]["original"][:10] for r in reports)
    assert ok == 50


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Jakarta, 20 Februari 2023", "2023-02-20"),
        ("Kuala Lumpur, 3 Julai 2023", "2023-07-03"),
        ("Diterbitkan 1 Ogos 2022", "2022-08-01"),
        ("Maynila, 5 Hunyo 2022", "2022-06-05"),
        ("ประกาศ ณ วันที่ 15 มีนาคม พ.ศ. 2566", "2023-03-15"),
        ("วันที่ 1 ม.ค. 2567", "2024-01-01"),  # a year past 2400 is of the Buddhist era
        ("15 มีนาคม ค.ศ. 2023", "2023-03-15"),
        ("Hà Nội, ngày 12 tháng 4 năm 2023", "2023-04-12"),
    ],
)
def test_dates_in_the_languages_of_asean(text: str, iso: str) -> None:
    assert find_date(text) == iso


def test_thai_words_that_are_no_month_give_no_date() -> None:
    assert find_date("มี 15 แรงงาน 2566 คน") is None


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        # Thai in its own digits, Buddhist era written or not
        ("วันที่ ๑๕ มีนาคม พ.ศ. ๒๕๖๖", "2023-03-15"),
        ("วันที่ ๑ ม.ค. ๒๕๖๗", "2024-01-01"),
        # Lao: day, month (after ເດືອນ or not), year (after ປີ, ພ.ສ. or ຄ.ສ.)
        ("ວັນທີ 5 ເດືອນ ກັນຍາ 2023", "2023-09-05"),
        ("ວັນທີ ໕ ເດືອນ ກັນຍາ ໒໐໒໓", "2023-09-05"),
        ("ວັນທີ 5 ກັນຍາ ພ.ສ. 2566", "2023-09-05"),
        ("ວັນທີ ໕ ກັນຍາ ພ.ສ. ໒໕໖໖", "2023-09-05"),
        ("ວັນທີ ໑໒ ທັນວາ ປີ ໒໐໒໒", "2022-12-12"),
        ("ວັນທີ 1 ມັງກອນ ຄ.ສ. 2024", "2024-01-01"),
        ("ວັນທີ 20 ພຶດສະພາ 2567", "2024-05-20"),  # a year past 2400 is Buddhist-era
        # Khmer: ថ្ងៃទី day, ខែ month, ឆ្នាំ year, ព.ស. Buddhist era
        ("ថ្ងៃទី10 ខែមិថុនា ឆ្នាំ2023", "2023-06-10"),
        ("ថ្ងៃទី១០ ខែមិថុនា ឆ្នាំ២០២៣", "2023-06-10"),
        ("ថ្ងៃទី១០ ខែមិថុនាឆ្នាំ២០២៣", "2023-06-10"),  # no space before the year word
        ("ថ្ងៃទី 10 ខែ មិថុនា ព.ស. 2566", "2023-06-10"),
        ("ថ្ងៃទី១០ ខែមិថុនា ព.ស.២៥៦៦", "2023-06-10"),
        ("ថ្ងៃទី២៨ ខែកុម្ភៈ ឆ្នាំ២០២៤", "2024-02-28"),
        ("៣ វិច្ឆិកា ២០២២", "2022-11-03"),
        # Burmese: day month year, and the usual year ခုနှစ် month လ day ရက်
        ("15 မတ်လ 2023", "2023-03-15"),
        ("၁၅ မတ်လ ၂၀၂၃", "2023-03-15"),
        ("၂၁ ရက် ဇူလိုင်လ ၂၀၂၃", "2023-07-21"),
        ("2023 ခုနှစ် ဩဂုတ်လ 21 ရက်", "2023-08-21"),
        ("၂၀၂၃ ခုနှစ်၊ သြဂုတ်လ ၂၁ ရက်နေ့", "2023-08-21"),
        ("၂၀၂၂ ခုနှစ် ဒီဇင်ဘာလ ၁ ရက်", "2022-12-01"),
    ],
)
def test_dates_in_lao_khmer_burmese_and_native_digits(text: str, iso: str) -> None:
    assert find_date(text) == iso


def test_every_month_of_lao_khmer_and_burmese() -> None:
    names = {
        "lo": "ມັງກອນ ກຸມພາ ມີນາ ເມສາ ພຶດສະພາ ມິຖຸນາ ກໍລະກົດ ສິງຫາ ກັນຍາ ຕຸລາ ພະຈິກ ທັນວາ",
        "km": "មករា កុម្ភៈ មីនា មេសា ឧសភា មិថុនា កក្កដា សីហា កញ្ញា តុលា វិច្ឆិកា ធ្នូ",
        "my": "ဇန်နဝါရီ ဖေဖော်ဝါရီ မတ် ဧပြီ မေ ဇွန် ဇူလိုင် ဩဂုတ် စက်တင်ဘာ အောက်တိုဘာ နိုဝင်ဘာ ဒီဇင်ဘာ",
    }
    for lang, months in names.items():
        for number, name in enumerate(months.split(), start=1):
            assert month_number(name) == number, (lang, name)
            assert find_date(f"2 {name} 2021") == f"2021-{number:02d}-02", (lang, name)


def test_era_markers_and_words_that_are_no_month() -> None:
    assert find_date("ວັນທີ 5 ກັນຍາ ກ.ຂ. 2566") is None  # no era known by that marker
    assert find_date("ມີ 15 ແຮງງານ 2566 ຄົນ") is None  # "15 workers 2566 people"
    assert find_date("ពលករ ១៥ នាក់ ២០២៣") is None
    assert find_date("ဝန်ထမ်း ၁၅ ဦး ၂၀၂၃") is None


def test_native_digits_become_ascii_in_place() -> None:
    assert ascii_digits("๒๕๖๖ ໒໐໒໓ ២០២៣ ၂၀၂၃ ٢٠١٥") == "2566 2023 2023 2023 2015"
    assert ascii_digits("5 km² ½") == "5 km² ½"  # not decimal digits
    text = "ពលករ ថ្ងៃទី១០ ខែមិថុនា ឆ្នាំ២០២៣ ។"
    iso, start, end = find_date_span(text) or ("", 0, 0)
    assert iso == "2023-06-10"
    assert text[start:end] == "១០ ខែមិថុនា ឆ្នាំ២០២៣"  # positions hold in the native text
    assert parse_date("၂၀၂၃-၀၃-၁၅") == "2023-03-15"
    assert month_number("๓") == 3 and month_number("²") is None
