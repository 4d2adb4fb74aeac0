"""The search page's URL state (``serve/page_state.py``): never fails, and asks one SearchRequest."""

from __future__ import annotations

from urllib.parse import parse_qsl

from starlette.datastructures import QueryParams

from migsearch.errors import UnknownCountryError
from migsearch.search.request import MAX_PAGE, MAX_REPEAT, MAX_VALUE_CHARS
from migsearch.search.serve.page_state import HTML_LIMIT, PARAMS, PageState, back_url


def _state(query: str) -> PageState:
    return PageState.from_params(QueryParams(query))


def test_odd_values_are_dropped_or_clamped() -> None:
    s = _state(
        "q=+fishers+&page=abc&limit=9999&sort=random&year=20x5&year=2015&year=2015"
        "&country=THA&country=THA&country=" + "x" * 300
    )
    assert s.q == "fishers" and s.page == 1 and s.limit == HTML_LIMIT and s.sort == ""
    assert s.years == ["2015"]
    assert s.countries == ["THA", "x" * MAX_VALUE_CHARS]
    assert _state(f"page={MAX_PAGE * 10}").page == MAX_PAGE
    many = "&".join(f"theme=t{i}" for i in range(MAX_REPEAT * 2))
    assert len(_state(many).themes) == MAX_REPEAT


def test_the_request_asks_for_the_ticked_years_and_from_to_as_given() -> None:
    state, r, errors = _state("q=fishers&year=2016&year=2014&from=2015-06&limit=20").to_request()
    assert (r.query, r.years, r.date_from, r.date_to) == (
        "fishers",
        ("2016", "2014"),
        "2015-06",
        None,
    )
    assert r.limit == 20 and errors == []
    assert state.year_checked("2014") and not state.year_checked("2015")
    _, r, _ = _state("").to_request()
    assert r.query is None and r.browsing


def test_filter_values_become_canonical_in_the_state_and_the_request() -> None:
    state, r, errors = _state(
        "country=Burma&country=asean&country=Thailnd&theme=Fishing"
    ).to_request()
    assert state.countries == list(r.countries) == ["MMR", "ASEAN"]
    assert state.themes == list(r.themes) == ["fishing"]
    assert [type(e) for e in errors] == [UnknownCountryError]


def test_the_url_is_the_whole_state() -> None:
    s = _state(
        "q=fishers&country=THA&theme=fishing&type=news&year=2015&from=2014&sort=newest&limit=20&page=3"
    )
    again = PageState.from_params(QueryParams(s.query_string()))
    assert again == s
    assert [k for k, _ in parse_qsl(s.query_string())] == [
        p for p in PARAMS if p in dict(parse_qsl(s.query_string()))
    ]
    # a change starts again at page 1; defaults stay out of the URL
    assert "page=" not in s.url(countries=[])
    assert _state("").url() == "/"


def test_back_links_keep_only_page_parameters() -> None:
    assert back_url("q=x&country=THA&next=https://evil.example") == "/?q=x&country=THA"
    assert back_url("//evil.example/?q=x") == "/"
    assert back_url(None) == "/"


def test_corridors_groups_and_mentions_round_trip() -> None:
    state, r, errors = _state(
        "corridor=Myanmar-Thailand&corridor=nowhere&group=Domestic+workers&mentions=1&country=THA"
    ).to_request()
    assert state.corridors == list(r.corridors) == ["MMR-THA"]
    assert state.groups == list(r.groups) == ["domestic_workers"]
    assert state.mentions is True and r.mentions is True
    assert len(errors) == 1
    again = PageState.from_params(QueryParams(state.query_string()))
    assert again == state
    assert "mentions=1" in state.query_string()
    assert "mentions" not in state.url(mentions=False)
    assert _state("mentions=no").mentions is False
