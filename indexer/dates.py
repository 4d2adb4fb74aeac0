"""Dates: from strings people write to ISO strings that keep their precision.

(First cut: the HTML/metadata side is grown in issue 3.)
"""

from __future__ import annotations

import re

from .errors import UsageError

__all__ = ["find_date", "normalize_date_arg", "parse_date"]

_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ]
    )
}
_MONTHS.update({k[:3]: v for k, v in list(_MONTHS.items())})
_MONTHS["sept"] = 9

_MON = r"(?P<mon>[A-Za-z]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
# "27 April 2015", "13-14 November 2014", "27–29 January 2015"
_DMY = re.compile(rf"\b{_DAY}(?:\s*[-–]\s*\d{{1,2}}(?:st|nd|rd|th)?)?\s+{_MON},?\s+{_YEAR}\b")
# "April 27, 2015"
_MDY = re.compile(rf"\b{_MON}\s+{_DAY}(?:\s*[-–]\s*\d{{1,2}})?,?\s+{_YEAR}\b")
_ISO = re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<mon>\d{2})(?:-(?P<day>\d{2}))?(?!\d)")


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    import datetime as _dt

    try:
        if day is not None and month is not None:
            return _dt.date(year, month, day).isoformat()
        if month is not None:
            _dt.date(year, month, 1)
            return f"{year:04d}-{month:02d}"
        return f"{year:04d}"
    except ValueError:
        return None


def _from_match(m: re.Match[str]) -> str | None:
    mon = m.group("mon")
    month = int(mon) if mon.isdigit() else _MONTHS.get(mon.lower())
    if month is None:
        return None
    day = m.groupdict().get("day")
    return _iso(int(m.group("year")), month, int(day) if day else None)


def find_date(text: str) -> str | None:
    """The first full date written in ``text`` (ISO), or None.

    A range takes its first day. Bare years are not taken here: in running text
    they are more often the year of a statistic than of publication.
    """
    best: tuple[int, str] | None = None
    for rx in (_DMY, _MDY, _ISO):
        for m in rx.finditer(text):
            iso = _from_match(m)
            if iso and (best is None or m.start() < best[0]):
                best = (m.start(), iso)
                break
    return best[1] if best else None


def parse_date(text: str) -> str | None:
    """A whole string that is a date (any common form) as ISO, or None."""
    s = text.strip()
    m = re.fullmatch(r"((?:19|20)\d{2})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ].*)?", s)
    if m:
        y, mo, d = m.groups()
        return _iso(int(y), int(mo) if mo else None, int(d) if d else None)
    return find_date(s)


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
