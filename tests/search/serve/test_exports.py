"""Exports and citations over HTTP (``serve/exports.py``), each file read by a real parser."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta
from urllib.parse import quote

import bibtexparser
import pytest
import rispy


def _export(http, fmt: str, **params):
    r = http.get("/api/export", params={**params, "format": fmt})
    assert r.status_code == 200, r.text
    return r


def _all_ids(http, **params) -> list[str]:
    ids, page = [], 1
    while True:
        body = http.get("/api/search", params={**params, "limit": 100, "page": page}).json()
        ids += [h["id"] for h in body["hits"]]
        if page * 100 >= body["total"]:
            return ids
        page += 1


def test_csv_and_jsonl_hold_every_hit_in_search_order(http):
    params = {"q": "migrant", "country": "ASEAN"}
    ids = _all_ids(http, **params)
    assert len(ids) > 10  # more than the search page's one page
    r = _export(http, "csv", **params)
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    assert r.headers["content-disposition"] == 'attachment; filename="migsearch-migrant.csv"'
    assert r.headers["x-total-count"] == str(len(ids))
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [row["id"] for row in rows] == ids
    lines = _export(http, "jsonl", **params).text.splitlines()
    assert [json.loads(line)["id"] for line in lines] == ids


def test_ris_and_bibtex_exports_parse_and_say_how_they_were_found(http):
    params = {"q": "migrant", "country": "THA", "year": ["2014", "2015"]}
    ids = _all_ids(http, **params)
    gen = http.get("/api/health").json()["generation"]
    ris = _export(http, "ris", **params)
    assert ris.headers["content-type"] == "application/x-research-info-systems; charset=utf-8"
    entries = rispy.loads(ris.text)
    assert [e["id"] for e in entries] == ids
    note = entries[0]["notes"][0]
    how = (
        f"Found with migsearch: query 'migrant'; countries THA; years 2014, 2015; "
        f"{len(ids)} matches; index generation {gen}; exported "
    )
    assert note.startswith(how)
    bib = _export(http, "bibtex", **params)
    library = bibtexparser.parse_string(bib.text)
    assert library.failed_blocks == [] and len(library.entries) == len(ids)
    csl = json.loads(_export(http, "csljson", **params).text)
    assert [i["id"] for i in csl] == ids
    # each export is stamped when it is made, to the second: three exports may straddle one
    stamps = []
    for n in (note, library.comments[0].comment, csl[0]["note"]):
        assert n.startswith(how), n
        stamps.append(
            datetime.fromisoformat(n.removeprefix(how).rstrip(".").replace("Z", "+00:00"))
        )
    assert stamps == sorted(stamps) and stamps[-1] - stamps[0] < timedelta(minutes=1)


def test_one_document_is_cited_by_id(http):
    hit = http.get("/api/search", params={"q": "xylophonecanary"}).json()["hits"][0]
    path = "/api/citations/" + quote(hit["id"], safe="")
    for fmt in ("ris", "bibtex", "csljson"):
        r = http.get(path, params={"format": fmt})
        assert r.status_code == 200, r.text
        assert r.headers["content-disposition"].startswith('attachment; filename="migsearch-')
    ris = rispy.loads(http.get(path).text)  # RIS is the default
    assert len(ris) == 1 and ris[0]["title"] == " ".join(hit["title"].split())
    assert ris[0]["notes"][0].startswith(f"Found with migsearch: every document; id {hit['id']};")


@pytest.mark.parametrize(
    ("url", "status", "kind"),
    [
        ("/api/export?format=pdf", 400, "ValidationError"),
        ("/api/export?country=Atlantis", 400, "UnknownCountryError"),
        ("/api/export?year=15", 400, "ValidationError"),
        ("/api/citations/no-such-id", 404, "DocumentNotFoundError"),
        ("/api/citations/x?format=csv", 400, "ValidationError"),
    ],
)
def test_export_errors_are_json(http, url, status, kind):
    r = http.get(url)
    assert r.status_code == status and r.json()["type"] == kind
