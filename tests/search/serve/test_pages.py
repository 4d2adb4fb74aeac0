"""The no-JavaScript search page and document page (``serve/pages.py``) over a live server."""

from __future__ import annotations

import re
from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from migsearch.search.request import MAX_PAGE


def test_search_page_renders_hits_facets_and_state_without_js(http):
    r = http.get("/", params=[("q", "migrant"), ("country", "THA"), ("sort", "newest")])
    assert r.status_code == 200
    page = r.text
    assert '<meta name="viewport"' in page
    api = http.get("/api/search", params={"q": "migrant", "country": "THA", "sort": "newest"})
    expected = api.json()
    assert f'data-total="{expected["total"]}"' in page
    for hit in expected["hits"]:
        assert str(escape(hit["title"])) in page
    # the ticked country is ticked in the form, with its count
    assert re.search(r'name="country" value="THA" checked', page)
    assert 'id="f-region-ASEAN"' in page
    assert '<option value="newest" selected>' in page
    # every control has a label
    for control in re.findall(r'<(?:input|select)[^>]*\bid="([^"]+)"', page):
        assert f'for="{control}"' in page, control
    # no third-party requests: every src/href is local or a hit's source link
    assert not re.search(r"""\bsrc=["']?(https?:)?//""", page)


def test_search_page_years_are_a_span_narrowed_by_from_to(http):
    def page_total(params) -> int:
        r = http.get("/", params=params)
        assert r.status_code == 200
        return int(re.search(r'data-total="(\d+)"', r.text).group(1))

    def api_total(params) -> int:
        return http.get("/api/search", params=params).json()["total"]

    assert page_total([("year", "2014"), ("year", "2016")]) == api_total(
        {"from": "2014", "to": "2016"}
    )
    assert page_total([("year", "2014"), ("year", "2016"), ("from", "2015-06")]) == api_total(
        {"from": "2015-06", "to": "2016"}
    )
    r = http.get("/", params=[("year", "2014"), ("year", "2016")])
    # 2015 lies inside the span, so it shows ticked too
    assert re.search(r'name="year" value="2015" checked', r.text)


def test_search_page_type_box(http):
    r = http.get("/", params={"type": "news"})
    assert r.status_code == 200
    assert 'data-total="1"' in r.text
    assert re.search(r'name="type" value="news" checked', r.text)
    assert "Type: News" in r.text


def test_search_page_shows_query_expansions(http):
    """A country name in the query ("Burma") also matches documents tagged MMR; the page says so."""
    r = http.get("/", params={"q": "Burma"})
    assert r.status_code == 200
    assert re.search(r"Also matching: .*<q>Burma</q> &rarr; Myanmar", r.text)


def test_search_page_errors_are_pages_not_tracebacks(http):
    r = http.get("/", params={"q": 'fishers "at sea'})
    assert r.status_code == 400
    assert "could not be read" in r.text and "<mark>" in r.text
    r = http.get("/", params={"country": "Thailnd", "page": "abc", "limit": "9999"})
    assert r.status_code == 400
    assert "did you mean" in r.text
    assert 'data-total="' in r.text  # the rest of the search still runs
    r = http.get("/", params={"page": str(MAX_PAGE * 10)})
    assert r.status_code == 200 and "no results on page" in r.text
    r = http.get("/documents/no-such-id")
    assert r.status_code == 404 and "text/html" in r.headers["content-type"]


def test_hostile_page_is_escaped_in_results_and_document_page(http):
    r = http.get("/", params={"q": "xylophonecanary"})
    assert r.status_code == 200
    page = r.text
    assert 'data-total="2"' in page
    # the only scripts are our own file; the payloads are text
    assert re.findall(r"<script\b[^>]*>", page) == ['<script src="/static/app.js" defer>']
    assert "<img" not in page and "<svg" not in page
    assert "&lt;script&gt;" in page and "&lt;img src=x onerror=" in page
    assert "javascript:" not in page.replace("&#39;", "'").split("xylophonecanary")[0]
    assert not re.search(r"""href=["']?javascript:""", page, re.I)
    for hit in http.get("/api/search", params={"q": "xylophonecanary"}).json()["hits"]:
        doc = http.get("/documents/" + quote(hit["id"], safe=""))
        assert doc.status_code == 200
        assert re.findall(r"<script\b[^>]*>", doc.text) == ['<script src="/static/app.js" defer>']
        assert "<img" not in doc.text
        assert not re.search(r"""href=["']?javascript:""", doc.text, re.I)
        assert "{{" not in hit["title"] or "{{ 7*7 }}" in doc.text  # no template injection


def test_back_link_cannot_redirect_elsewhere(http):
    r = http.get("/documents/hostile-jsonl-1", params={"back": "//evil.example/?q=x"})
    assert 'href="/"' in r.text or 'href="/?' in r.text
    assert "evil.example" not in r.text


_text = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from('"():*-'),
    max_size=40,
)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    q=_text,
    countries=st.lists(_text | st.sampled_from(["ASEAN", "tha", "Burma", "GCC"]), max_size=3),
    themes=st.lists(_text | st.sampled_from(["fishing", "Fishing"]), max_size=2),
    years=st.lists(st.text("0123456789", min_size=4, max_size=4), max_size=3),
    page=st.text(max_size=6),
    sort=st.sampled_from(["", "relevance", "newest", "oldest", "x"]),
)
def test_search_page_never_5xx(http, q, countries, themes, years, page, sort):
    """The page reads its state from any URL without failing: 200, or 400 with a message."""
    params = [("q", q), ("page", page), ("sort", sort)]
    params += [("country", c) for c in countries] + [("theme", t) for t in themes]
    params += [("year", y) for y in years]
    r = http.get("/", params=params)
    assert r.status_code in (200, 400), r.text[-2000:]
    assert "text/html" in r.headers["content-type"]


def test_search_page_says_how_it_read_a_pasted_sentence_and_counts_all_words(http):
    """Prose with a colon and a stray bracket is searched as plain words; the page says so,
    and gives the all-words count of the API beside the total."""
    q = "Note: migrant fishers (2015 in the ASEAN region work long hours at sea"
    r = http.get("/", params={"q": q})
    assert r.status_code == 200
    api = http.get("/api/search", params={"q": q}).json()
    assert api["notices"] and api["notices"][0]["type"] == "plain-words"
    assert re.search(r'<p class="read-as" role="status">Read as plain words: ', r.text)
    r = http.get("/", params={"q": "migrant fishers"})
    both = http.get("/api/search", params={"q": "migrant fishers"}).json()["total_all_words"]
    assert re.search(rf'id="all-words" data-total="{both}">{both}</span> with all words', r.text)
