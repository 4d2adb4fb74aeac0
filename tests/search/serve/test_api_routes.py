"""The JSON API (``serve/api.py``) over a real ``migsearch serve`` process: search, documents,
health, their errors, and schemathesis over the OpenAPI document."""

from __future__ import annotations

import json
import re
import subprocess
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from server_fixtures import Server, cli

from migsearch.search.query.parse import MAX_QUERY_CHARS
from migsearch.search.request import MAX_LIMIT, MAX_PAGE, MAX_REPEAT

HIT_KEYS = {"id", "title", "date", "countries", "themes", "summary", "source", "score"}
HIT_KEYS |= {"highlights"}
RESULT_KEYS = {"query", "total", "page", "limit", "hits", "facets", "suggestion"}


def _stats_documents(index_dir: Path) -> int:
    out = subprocess.run(
        [*cli(), "stats", "--index", str(index_dir), "--json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out)["documents"]


# ----------------------------------------------------------------------------- health


def test_health_reports_index_documents_and_commit(http, web_index):
    r = http.get("/api/health")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok"
    assert Path(body["index"]).resolve() == web_index.resolve()
    assert body["documents"] == _stats_documents(web_index)
    assert re.match(r"\d{4}-\d\d-\d\dT", body["last_commit"])


# ----------------------------------------------------------------------------- search


def test_search_returns_the_search_json(http):
    r = http.get("/api/search", params={"q": "migrant workers", "limit": 5})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) >= RESULT_KEYS
    assert body["query"] == "migrant workers"
    assert body["limit"] == 5 and body["page"] == 1
    assert 0 < len(body["hits"]) <= 5 < body["total"]
    for hit in body["hits"]:
        assert set(hit) == HIT_KEYS
    scores = [h["score"] for h in body["hits"]]
    assert scores == sorted(scores, reverse=True)
    assert {"countries", "themes", "years"} <= set(body["facets"])
    for f in body["facets"]["countries"]:
        assert set(f) == {"value", "label", "count"} and f["count"] > 0
    counts = [f["count"] for f in body["facets"]["themes"]]
    assert counts == sorted(counts, reverse=True)


def test_country_filter_is_repeatable_and_ored(http):
    def total(**params) -> int:
        r = http.get("/api/search", params=params)
        assert r.status_code == 200, r.text
        return r.json()["total"]

    tha, phl = total(country="THA"), total(country="Philippines")
    both = total(country=["THA", "Philippines"])
    assert tha > 0 and phl > 0
    assert max(tha, phl) <= both <= tha + phl
    # a region is a shortcut for its members
    assert total(country="ASEAN") >= both


def test_theme_dates_sort_and_pages(http):
    fishing = http.get("/api/search", params={"theme": "fishing"}).json()
    assert fishing["total"] > 0
    assert all("fishing" in h["themes"] for h in fishing["hits"])

    dated = http.get("/api/search", params={"from": "2015", "to": "2016-12", "limit": 50}).json()
    assert dated["total"] > 0
    assert all("2015" <= h["date"] <= "2016-12-31" for h in dated["hits"])

    # browsing has no relevance order: asking for it must not fail
    assert http.get("/api/search", params={"sort": "relevance"}).status_code == 200
    newest = http.get("/api/search", params={"sort": "newest", "limit": 50}).json()
    dates = [h["date"] for h in newest["hits"] if h["date"]]
    assert dates == sorted(dates, reverse=True)

    p1 = http.get("/api/search", params={"q": "migrant", "limit": 3}).json()
    p2 = http.get("/api/search", params={"q": "migrant", "limit": 3, "page": 2}).json()
    assert p2["page"] == 2 and p1["total"] == p2["total"]
    assert not {h["id"] for h in p1["hits"]} & {h["id"] for h in p2["hits"]}


def test_type_and_source_filters(http):
    """The CLI's --type/--source as repeatable parameters, with their facets."""
    everything = http.get("/api/search").json()
    types = {f["value"]: f["count"] for f in everything["facets"]["types"]}
    assert types.get("news") == 1  # the hostile page declares og:type news
    news = http.get("/api/search", params={"type": "news"}).json()
    assert news["total"] == 1 and "xylophonecanary" in news["hits"][0]["title"]
    sources = {f["value"]: f["count"] for f in everything["facets"]["sources"]}
    jsonl = next(v for v in sources if v.endswith("hostile.jsonl"))
    one = http.get("/api/search", params={"source": jsonl}).json()
    assert one["total"] == sources[jsonl] == 2
    both = http.get("/api/search", params=[("source", v) for v in sources]).json()
    assert both["total"] == everything["total"]
    long = http.get("/api/search", params={"source": "x" * 5000})
    assert long.status_code == 400


def test_facets_are_multi_select(http):
    """Each facet ignores its own filter: other countries keep their counts."""
    everything = http.get("/api/search", params={"q": "migrant"}).json()
    picked = http.get("/api/search", params={"q": "migrant", "country": "THA"}).json()
    assert picked["total"] <= everything["total"]
    assert picked["facets"]["countries"] == everything["facets"]["countries"]


@pytest.mark.parametrize(
    ("params", "status", "kind"),
    [
        ({"q": '"unclosed'}, 400, "QueryError"),
        ({"q": "migrant AND"}, 400, "QueryError"),
        ({"country": "Thailnd"}, 400, "UnknownCountryError"),
        ({"theme": "no-such-theme"}, 400, "UnknownThemeError"),
        ({"from": "2015-13"}, 400, "UsageError"),
        ({"from": "2016", "to": "2015"}, 400, "UsageError"),
        ({"sort": "random"}, 400, "ValidationError"),
        ({"page": "two"}, 400, "ValidationError"),
        ({"page": 0}, 400, "ValidationError"),
        ({"page": MAX_PAGE + 1}, 400, "ValidationError"),
        ({"limit": MAX_LIMIT + 1}, 400, "ValidationError"),
        ({"limit": -1}, 400, "ValidationError"),
        ({"country": ["THA"] * (MAX_REPEAT + 1)}, 400, "ValidationError"),
        ({"country": "T" * 500}, 400, "ValidationError"),
    ],
)
def test_bad_requests_are_json_400(http, params, status, kind):
    r = http.get("/api/search", params=params)
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert body["type"] == kind
    assert body["error"] and "\n" not in body["error"]
    assert "Traceback" not in r.text


def test_a_query_over_the_hard_limit_is_a_json_400(live_server):
    """Sent with urllib: httpx will not build a URL component this long."""
    url = f"{live_server.url}/api/search?q={'x' * (MAX_QUERY_CHARS + 1)}"
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(url, timeout=30)
    assert e.value.code == 400
    assert json.loads(e.value.read())["type"] == "ValidationError"


def test_query_error_has_position_and_country_error_has_suggestions(http):
    body = http.get("/api/search", params={"q": 'fishers "at sea'}).json()
    assert body["position"] == 8
    body = http.get("/api/search", params={"country": "Thailnd"}).json()
    assert body["value"] == "Thailnd"
    assert "Thailand" in body["suggestions"]


def test_search_parameters_are_the_cli_search_options(http):
    """Both front ends declare SearchRequest's fields: `--facet-limit` on the CLI is
    `facet_limit` here, QUERY is `q`."""
    from dataclasses import fields

    from migsearch.cli import cli
    from migsearch.search.request import SearchRequest

    request_fields = {f.name for f in fields(SearchRequest)}
    options = {
        p.opts[0].lstrip("-").replace("-", "_")
        for p in cli.commands["search"].params
        if p.name in request_fields and p.name != "query"
    }
    spec = http.get("/openapi.json").json()
    params = {p["name"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert params == options | {"q"}


def test_facet_limit_and_year_histogram(http):
    full = http.get("/api/search", params={"q": "migrant"}).json()
    assert "year_histogram" not in full
    some = http.get(
        "/api/search", params={"q": "migrant", "facet_limit": 2, "year_histogram": "true"}
    ).json()
    assert some["facets"]["themes"] == full["facets"]["themes"][:2]
    years = [int(v["value"]) for v in some["year_histogram"]]
    assert years == list(range(years[0], years[-1] + 1))
    counts = {v["value"]: v["count"] for v in full["facets"]["years"]}
    assert all(v["count"] == counts.get(v["value"], 0) for v in some["year_histogram"])


# ----------------------------------------------------------------------------- documents


def test_document_by_id(http):
    hit = http.get("/api/search", params={"q": "fishers", "limit": 1}).json()["hits"][0]
    r = http.get(f"/api/documents/{hit['id']}")
    assert r.status_code == 200
    doc = r.json()
    assert doc["id"] == hit["id"] and doc["title"] == hit["title"]
    assert len(doc["body"]) >= len(hit["summary"]) > 0
    assert {"url", "regions", "primary_country", "type"} <= set(doc)


def test_document_ids_with_slashes_and_queries_work(http):
    r = http.get("/api/documents/" + quote("weird/id with space?&x=1", safe=""))
    assert r.status_code == 200
    assert r.json()["title"].startswith("Remittances")


@pytest.mark.parametrize(
    "path",
    [
        "/api/documents/no-such-id",
        "/api/documents/..%2F..%2F..%2Fetc%2Fpasswd",
        "/api/documents/%2Fetc%2Fpasswd",
        "/api/documents/" + "a" * 600,
    ],
)
def test_unknown_documents_are_404_and_never_files(http, path):
    r = http.get(path)
    assert r.status_code == 404
    assert r.json()["type"] == "DocumentNotFoundError"
    assert "root:" not in r.text


def test_unknown_routes_and_methods_are_json_errors(http):
    r = http.get("/api/nothing-here")
    assert r.status_code == 404 and r.json()["error"]
    r = http.post("/api/search", json={})
    assert r.status_code == 405 and r.json()["error"]


# ----------------------------------------------------------------------------- property-based


def test_api_schema_never_5xx(live_server: Server):
    """Requests generated from /openapi.json: no 5xx; statuses, types and bodies as documented.

    Drives schemathesis through its Python API (its pytest plugin does not work
    with pytest 9); every operation gets its own bounded Hypothesis run.
    """
    schema = schemathesis.openapi.from_url(live_server.url + "/openapi.json")
    checks = [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_schema_conformance,
    ]
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 4

    for operation in operations:

        @settings(
            max_examples=80,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        @given(case=operation.as_strategy())
        def run(case):
            case.call_and_validate(checks=checks)

        run()


def test_similar_text_finds_the_document_a_passage_came_from(http):
    hit = http.get("/api/search", params={"q": '"migrant fishers"'}).json()["hits"][0]
    body = http.get(f"/api/documents/{quote(hit['id'], safe='')}").json()["body"]
    r = http.post("/api/similar", json={"text": body[:800] + " Source: ILO (2015", "limit": 3})
    assert r.status_code == 200, r.text
    res = r.json()
    assert res["hits"][0]["id"] == hit["id"] and len(res["hits"]) <= 3
    bad = http.post("/api/similar", json={"text": "the of and"})
    assert bad.status_code == 400 and bad.json()["type"] == "QueryError"
    assert http.post("/api/similar", json={"text": "x", "limit": 0}).status_code == 400


def test_a_pasted_paragraph_is_searched_with_a_notice_not_refused(http):
    q = ("Note: recruitment fees (see ILO 2015 are still charged to migrant workers "
         "in Nepal and Malaysia, and the report: " * 20)  # fmt: skip
    assert len(q) > 1000
    r = http.get("/api/search", params={"q": q})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["total"] > 0 and body["notices"]
    assert all(set(n) >= {"type", "message"} for n in body["notices"])
