"""Dates: from strings people write to ISO strings that keep their precision.

A date is kept at the precision it was written with: "2015" stays ``2015``,
"April 2015" becomes ``2015-04``, "27 April 2015" ``2015-04-27``. Numeric forms
are read only when unambiguous: ``2015/04/27`` (year first) always, ``27/04/2015``
or ``04/27/2015`` only when one of the first two numbers cannot be a month;
``04/05/2015`` is left alone because Europe and the US read it differently.
Month names are data (``data/dates.toml``); Thai, Lao and Khmer dates may count
years in the Buddhist era ("15 มีนาคม พ.ศ. 2566" is 2023-03-15), Burmese ones
put the year first ("၂၀၂၃ ခုနှစ် မတ်လ ၁၅ ရက်"), Vietnamese ones write
"ngày 12 tháng 4 năm 2023". Digits of any script (๑๕, ໑໕, ១៥, ၁၅) are read
as ASCII ones before any pattern sees the text.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections.abc import Callable
from functools import cache

from migsearch.errors import UsageError
from migsearch.indexer.vocabulary.loader import load_data

__all__ = [
    "ascii_digits",
    "find_date",
    "find_date_span",
    "month_number",
    "normalize_date_arg",
    "parse_date",
    "plausible",
]


@cache
def _months() -> dict[str, int]:
    return {k.lower(): int(v) for k, v in load_data("dates.toml")["months"].items()}


_MON = r"(?P<mon>[^\W\d_]{3,10})\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|er|º)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d{2})"
_DASH = r"\s*(?:-|–|—|to|au|al|a)\s*"
# "27 April 2015", "16th September 2014", "13-14 November 2014", "27–29 January 2015",
# "1er mars 2015", "5 de mayo de 2015"
_DMY = re.compile(
    rf"\b{_DAY}(?:{_DASH}[0-3]?\d(?:st|nd|rd|th)?)?\s+(?:de\s+)?{_MON},?\s+(?:de\s+)?{_YEAR}\b",
    re.I,
)
# "13 November – 2 December 2014": the first day and its own month
_DMDMY = re.compile(
    rf"\b{_DAY}\s+{_MON}{_DASH}[0-3]?\d(?:st|nd|rd|th)?\s+[^\W\d_]{{3,10}}\.?,?\s+{_YEAR}\b",
    re.I,
)
# "April 27, 2015", "Sept. 16, 2014", "April 27-29, 2015"
_MDY = re.compile(rf"\b{_MON}\s+{_DAY}(?:{_DASH}[0-3]?\d(?:st|nd|rd|th)?)?,?\s+{_YEAR}\b", re.I)
# "2015-04-27", "2015-04", "2015-04-27T10:00:00Z"
_ISO = re.compile(
    r"(?<![\d/.-])(?P<year>(?:19|20)\d{2})-(?P<mon>[01]\d)(?:-(?P<day>[0-3]\d))?(?![\d])"
)
# "2015/04/27", "2015.04.27"
_YMD = re.compile(
    r"(?<![\d/.])(?P<year>(?:19|20)\d{2})([/.])(?P<mon>[01]?\d)\2(?P<day>[0-3]?\d)(?![\d/.])"
)
# "27/04/2015", "04/27/2015", "27.04.2015": read only when unambiguous
_NUM = re.compile(
    r"(?<![\d/.])(?P<a>[0-3]?\d)([/.])(?P<b>[01]?\d|[0-3]\d)\2(?P<year>(?:19|20)\d{2})(?![\d/.])"
)
# Thai, Lao, Khmer and Burmese letters and signs, their digits left out
_SEA_LETTERS = "\u0e01-\u0e4e\u0e81-\u0ecd\u1000-\u103f\u1780-\u17d3"


def _alternatives(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _mainland() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The day-month-year and the Burmese year-month-day patterns, built from the
    words and era markers of ``dates.toml``.

    "15 มีนาคม พ.ศ. 2566", "15 มี.ค. 2566", "ວັນທີ 5 ເດືອນ ກັນຍາ ພ.ສ. 2566",
    "ថ្ងៃទី10 ខែមិថុនា ឆ្នាំ2023", "15 မတ်လ 2023"; "2023 ခုနှစ် မတ်လ 15 ရက်".
    The month is matched lazily so that a year word written without a space
    ("ខែមីនាឆ្នាំ") is not taken as part of it.
    """
    data = load_data("dates.toml")
    words = {k: _alternatives(v) for k, v in data["words"].items()}
    era = rf"(?P<era>[{_SEA_LETTERS}]{{1,2}}\.\s?[{_SEA_LETTERS}]{{1,2}}\.?)"
    mon = (
        rf"(?:(?:{words['before_month']})\s*)?(?P<mon>[{_SEA_LETTERS}.]{{2,12}}?)"
        rf"(?:{words['after_month']})?"
    )
    dmy = re.compile(
        rf"(?<!\d)(?P<day>[0-3]?\d)\s*(?:(?:{words['after_day']})\s*)?{mon}\s*,?\s*"
        rf"(?:(?:{words['before_year']})\s*)?(?:{era}\s*)?(?P<year>\d{{4}})(?!\d)"
    )
    ymd = re.compile(
        rf"(?<!\d)(?P<year>\d{{4}})\s*(?:{words['after_year']})\s*[\u104a,]?\s*{mon}\s*"
        rf"(?P<day>[0-3]?\d)\s*(?:{words['after_day']})"
    )
    return dmy, ymd


# Vietnamese: "ngày 12 tháng 4 năm 2023"
_VI = re.compile(
    r"\bngày\s+(?P<day>[0-3]?\d)\s+tháng\s+(?P<mon>[01]?\d)\s*,?\s+năm\s+"
    r"(?P<year>(?:19|20)\d{2})\b",
    re.I,
)
#: Buddhist era minus common era, for a year past 2400 written with no era marker
#: (the markers and their offsets are the ``eras`` of dates.toml)
BUDDHIST_ERA = 543
# "April 2015" (month precision), only when asked for
_MY = re.compile(rf"\b{_MON},?\s+{_YEAR}\b", re.I)


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    try:
        if day is not None and month is not None:
            return _dt.date(year, month, day).isoformat()
        if month is not None:
            _dt.date(year, month, 1)
            return f"{year:04d}-{month:02d}"
        return f"{year:04d}"
    except ValueError:
        return None


def month_number(name: str) -> int | None:
    """1-12 for a month's name or abbreviation in English, French, Spanish, Portuguese,
    Indonesian, Malay, Filipino, Thai, Lao, Khmer or Burmese ("Sept", "août",
    "Ogos", "มีนาคม", "ມີນາ", "មីនា", "မတ်"), or for its number written out (in
    any script's digits); else None."""
    if name.isdecimal():
        return int(name)
    return _months().get(name.lower())


def _from_named(m: re.Match[str]) -> str | None:
    month = month_number(m.group("mon"))
    if month is None:
        return None
    day = m.groupdict().get("day")
    return _iso(int(m.group("year")), month, int(day) if day else None)


@cache
def _eras() -> dict[str, int]:
    return {k.replace(" ", ""): int(v) for k, v in load_data("dates.toml")["eras"].items()}


def _from_mainland(m: re.Match[str]) -> str | None:
    """A Thai, Lao, Khmer or Burmese date; a year with a Buddhist-era marker, or
    past 2400 with none, is brought back to the common era."""
    month = month_number(m.group("mon"))
    if month is None:
        return None
    year = int(m.group("year"))
    era = m.groupdict().get("era")
    if era:
        ahead = _eras().get(re.sub(r"\s", "", era).rstrip(".") + ".")
        if ahead is None:
            return None
        year -= ahead
    elif year > 2400:
        year -= BUDDHIST_ERA
    if not 1800 <= year <= 2100:
        return None
    return _iso(year, month, int(m.group("day")))


def _from_num(m: re.Match[str]) -> str | None:
    a, b, y = int(m.group("a")), int(m.group("b")), int(m.group("year"))
    if a > 12 and b <= 12:
        return _iso(y, b, a)
    if b > 12 and a <= 12:
        return _iso(y, a, b)
    if a == b:
        return _iso(y, a, a)
    return None


@cache
def _full() -> tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str | None]], ...]:
    dmy, ymd = _mainland()
    return (
        (_DMDMY, _from_named),
        (_DMY, _from_named),
        (_MDY, _from_named),
        (_ISO, _from_named),
        (_YMD, _from_named),
        (_NUM, _from_num),
        (dmy, _from_mainland),
        (ymd, _from_mainland),
        (_VI, _from_named),
    )


_NON_ASCII_DIGIT = re.compile(r"(?![0-9])\d")


def ascii_digits(text: str) -> str:
    """``text`` with every decimal digit of another script (Thai ๕, Lao ໕,
    Khmer ៥, Burmese ၅, Arabic-Indic ٥…) written as its ASCII digit.

    One character becomes one, so positions found in the result hold in
    ``text``. Only decimal digits change: "²" or "½" are no date's digits.
    """
    if text.isascii():
        return text
    return _NON_ASCII_DIGIT.sub(lambda m: str(unicodedata.decimal(m[0])), text)


def find_date(text: str, *, partial: bool = False) -> str | None:
    """The first date written in ``text`` (ISO), or None.

    A range takes its first day. With ``partial`` a month and year ("April
    2015") counts when no full date is written; bare years never do here: in
    running text they are more often the year of a statistic than of publication.
    """
    found = find_date_span(text, partial=partial)
    return found[0] if found else None


def find_date_span(text: str, *, partial: bool = False) -> tuple[str, int, int] | None:
    """Like :func:`find_date`, with where the date is written: (iso, start, end)."""
    text = ascii_digits(text)
    best: tuple[str, int, int] | None = None
    for rx, conv in _full():
        for m in rx.finditer(text):
            if best is not None and m.start() >= best[1]:
                break
            iso = conv(m)
            if iso and (rx is not _ISO or iso.count("-") == 2 or partial):
                best = (iso, m.start(), m.end())
                break
    if best is None and partial:
        for m in _MY.finditer(text):
            iso = _from_named(m)
            if iso:
                return iso, m.start(), m.end()
    return best


def parse_date(text: str) -> str | None:
    """A whole string that is a date (any common form) as ISO, or None."""
    s = ascii_digits(text).strip()
    m = re.fullmatch(r"((?:1[89]|20)\d{2})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ].*)?", s)
    if m:
        y, mo, d = m.groups()
        return _iso(int(y), int(mo) if mo else None, int(d) if d else None)
    m = re.fullmatch(r"((?:19|20)\d{2})(\d{2})(\d{2})(?:T.*)?", s)
    if m:
        return _iso(int(m[1]), int(m[2]), int(m[3]))
    return find_date(s, partial=len(s) < 40)


def plausible(iso: str, today: _dt.date | None = None) -> bool:
    """Could this be a publication date? Not today (pages print the day's date in
    their headers), not in the future, not before 1900."""
    today = today or _dt.datetime.now(_dt.UTC).date()
    y = int(iso[:4])
    if y < 1900 or y > today.year:
        return False
    if len(iso) == 10:
        d = _dt.date.fromisoformat(iso)
        return d < today
    if len(iso) == 7:
        return iso <= today.isoformat()[:7]
    return True


def normalize_date_arg(value: str, *, end: bool = False) -> str:
    """Check a --from/--to value (YYYY, YYYY-MM or YYYY-MM-DD) and make it comparable.

    Stored dates keep their precision, so bounds compare as strings; an upper
    bound is padded so that "--to 2015" includes everything dated in 2015.
    """
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value.strip())
    if not m or _iso(int(m[1]), int(m[2]) if m[2] else None, int(m[3]) if m[3] else None) is None:
        raise UsageError(f"bad date {value!r}: use YYYY, YYYY-MM or YYYY-MM-DD")
    v = value.strip()
    if end:
        return v + "\uffff"
    return v
