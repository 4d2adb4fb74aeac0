"""The search page's state: read from its URL, turned into a SearchRequest, written back.

The page keeps its whole state in the query string, so a search can be
bookmarked and shared. Reading it never fails: a URL is typed, pasted and
truncated by people, so odd values are dropped or clamped (within the
request's own limits) instead of answered with an error. Ticked years are a
span, since the engine filters dates by range.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import parse_qsl, urlencode

from migsearch.errors import MigsearchError
from migsearch.search.query.parse import MAX_QUERY_CHARS
from migsearch.search.request import (
    MAX_LIMIT,
    MAX_PAGE,
    MAX_REPEAT,
    MAX_VALUE_CHARS,
    SORTS,
    SearchRequest,
)

__all__ = ["HTML_LIMIT", "HTML_LIMITS", "PARAMS", "PageState", "back_url"]

#: hits per page on the search page, and the page sizes it offers
HTML_LIMIT = 10
HTML_LIMITS = (10, 20, 50)
#: the page's URL parameters, in the order its links write them
PARAMS = (
    "q",
    "country",
    "theme",
    "type",
    "language",
    "year",
    "from",
    "to",
    "sort",
    "limit",
    "page",
)


def _int(value: str | None, default: int, lo: int, hi: int) -> int:
    try:
        n = int(value) if value is not None else default
    except ValueError:
        return default
    return min(max(n, lo), hi)


@dataclass
class PageState:
    """Everything a search page shows, as its URL says it."""

    q: str = ""
    countries: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    years: list[str] = field(default_factory=list)
    date_from: str = ""
    date_to: str = ""
    sort: str = ""
    page: int = 1
    limit: int = HTML_LIMIT

    @classmethod
    def from_params(cls, params: Any) -> PageState:
        """Bounded parse of a query string (a multi-dict) that never fails."""

        def many(name: str) -> list[str]:
            out: list[str] = []
            for v in params.getlist(name)[:MAX_REPEAT]:
                v = v.strip()[:MAX_VALUE_CHARS]
                if v and v not in out:
                    out.append(v)
            return out

        def one(name: str, cap: int = MAX_VALUE_CHARS) -> str:
            return (params.get(name) or "").strip()[:cap]

        limit = _int(params.get("limit"), HTML_LIMIT, 1, MAX_LIMIT)
        return cls(
            # one character over the limit, so the engine says the query is too long
            q=one("q", MAX_QUERY_CHARS + 1),
            countries=many("country"),
            themes=many("theme"),
            types=many("type"),
            languages=many("language"),
            years=[y for y in many("year") if len(y) == 4 and y.isdigit()],
            date_from=one("from"),
            date_to=one("to"),
            sort=one("sort") if one("sort") in SORTS else "",
            page=_int(params.get("page"), 1, 1, MAX_PAGE),
            limit=limit if limit in HTML_LIMITS else HTML_LIMIT,
        )

    def to_request(self) -> tuple[PageState, SearchRequest, list[MigsearchError]]:
        """The search this page asks for, with its country and theme values made canonical.

        Returns the state with the same canonical values (so boxes tick and
        links carry one form), the request, and the values that named nothing
        (left out of the search, each with its error).
        """
        lo, hi = self.date_range()
        asked = SearchRequest(
            query=self.q or None,
            countries=self.countries,
            themes=self.themes,
            types=self.types,
            languages=self.languages,
            date_from=lo,
            date_to=hi,
            sort=self.sort or None,
            limit=self.limit,
            page=self.page,
        )
        request, errors = asked.canonical()
        state = replace(
            self,
            countries=list(request.countries),
            themes=list(request.themes),
            languages=list(request.languages),
        )
        return state, request, errors

    def pairs(self, **change: Any) -> list[tuple[str, str]]:
        s = {**self.__dict__, **change}
        values = {
            "q": [s["q"]],
            "country": s["countries"],
            "theme": s["themes"],
            "type": s["types"],
            "language": s["languages"],
            "year": s["years"],
            "from": [s["date_from"]],
            "to": [s["date_to"]],
            "sort": [s["sort"]],
            "limit": [str(s["limit"])] if s["limit"] != HTML_LIMIT else [],
            "page": [str(s["page"])] if s["page"] != 1 else [],
        }
        return [(name, v) for name in PARAMS for v in values[name] if v]

    def url(self, **change: Any) -> str:
        """The search page URL for this state with ``change`` applied (page resets to 1)."""
        change.setdefault("page", 1)
        qs = urlencode(self.pairs(**change))
        return "/?" + qs if qs else "/"

    def query_string(self) -> str:
        return urlencode(self.pairs())

    def date_range(self) -> tuple[str | None, str | None]:
        """Ticked years are a span (the engine filters by range); from/to narrow it."""
        lo = self.date_from or None
        hi = self.date_to or None
        if self.years:
            ylo, yhi = min(self.years), max(self.years)
            lo = max(lo, ylo) if lo else ylo
            hi = min(hi, yhi) if hi else yhi
        return lo, hi

    def year_checked(self, year: str) -> bool:
        return bool(self.years) and min(self.years) <= year <= max(self.years)


def back_url(back: str | None) -> str:
    """A search-page URL rebuilt from the page's own keys only (never an open redirect)."""
    if not back:
        return "/"
    pairs = [(k, v) for k, v in parse_qsl(back[:4000]) if k in PARAMS][: 4 * MAX_REPEAT]
    return "/?" + urlencode(pairs) if pairs else "/"
