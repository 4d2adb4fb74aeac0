"""Response schemas generated from the result dataclasses (``serve/schemas.py``) match the JSON."""

from __future__ import annotations

import dataclasses

import pytest

from migsearch.search.results import Document, FacetValue, Hit, SearchResult
from migsearch.search.serve.schemas import DocumentOut, SearchResultOut, model_of


def _schema_fields(cls: type) -> tuple[set[str], set[str]]:
    """(every property, the required ones) of the generated model of ``cls``."""
    schema = model_of(cls).model_json_schema()
    return set(schema["properties"]), set(schema.get("required", []))


def test_models_are_named_and_described_from_the_dataclasses() -> None:
    for cls in (SearchResult, Hit, FacetValue, Document):
        schema = model_of(cls).model_json_schema()
        assert schema["title"] == cls.__name__
        for name, prop in schema["properties"].items():
            doc = next(f.metadata["doc"] for f in dataclasses.fields(cls) if f.name == name)
            assert prop["description"] == doc
    assert model_of(SearchResult) is SearchResultOut and model_of(Document) is DocumentOut


@pytest.mark.parametrize("histogram", [False, True])
def test_search_json_has_exactly_the_schema_fields(searcher, histogram: bool) -> None:
    res = searcher.search("migrant workers", year_histogram=histogram)
    d = res.to_dict()
    props, required = _schema_fields(SearchResult)
    assert required <= set(d) <= props
    assert (set(d) == props) is histogram  # year_histogram is there only when asked for
    hit_props, hit_required = _schema_fields(Hit)
    assert res.hits
    for hit in d["hits"]:
        assert set(hit) == hit_props == hit_required
    facet_props, facet_required = _schema_fields(FacetValue)
    for values in d["facets"].values():
        for v in values:
            assert facet_required <= set(v) <= facet_props
    SearchResultOut.model_validate(d)  # the types hold too


def test_fields_left_out_of_the_json_are_left_out_of_the_schema() -> None:
    hidden = {f.name for f in dataclasses.fields(Hit) if not f.metadata.get("json", True)}
    assert hidden == {"url", "regions", "primary_country", "type", "language"}
    assert not hidden & _schema_fields(Hit)[0]


def test_document_json_has_exactly_the_schema_fields(searcher) -> None:
    doc = searcher.get(searcher.search("fishers", limit=1).hits[0].id).to_dict()
    props, required = _schema_fields(Document)
    assert set(doc) == props == required
    DocumentOut.model_validate(doc)
