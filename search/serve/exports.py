"""Files of a search for other programs: ``/api/export`` and ``/api/citations/{id}``.

``/api/export`` writes every hit of a search (up to :data:`MAX_EXPORT_HITS`)
as CSV or JSONL (``migsearch.search.export``) or as RIS, BibTeX or CSL-JSON
citations (``migsearch.search.citations``), the same files as ``migsearch
search --format … --all``; the search page's export buttons link here.
``/api/citations/{id}`` cites one document (``migsearch show ID --format``).
Citations carry the search, the index generation and the time of the export.

An export is built whole before it is sent: the cap bounds it (about 10 MB of
CSV), and a complete answer can carry its length, or a one-line error if the
search cannot run, instead of a file cut off half way.
"""

from __future__ import annotations

import io
import itertools
import re
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from fastapi import Path as PathParam
from fastapi.responses import Response

from migsearch.search.citations import CITATION_FORMATS, MEDIA_TYPES, Provenance, write_citations
from migsearch.search.export import HIT_FORMATS, write_hits
from migsearch.search.request import SearchRequest
from migsearch.search.serve.api import search_criteria
from migsearch.search.serve.holder import IndexHolder, holder_of
from migsearch.search.serve.parameters import known_parameters
from migsearch.search.serve.schemas import error_responses

__all__ = ["EXPORT_FORMATS", "MAX_EXPORT_HITS", "media_type", "router"]

router = APIRouter(prefix="/api", dependencies=[Depends(known_parameters)])
Holder = Annotated[IndexHolder, Depends(holder_of)]

#: hits in one export at most (the CLI's `--all` has no cap)
MAX_EXPORT_HITS = 10_000
EXPORT_FORMATS = HIT_FORMATS + CITATION_FORMATS
ExportFormat = Literal[EXPORT_FORMATS]  # type: ignore[valid-type]
CitationFormat = Literal[CITATION_FORMATS]  # type: ignore[valid-type]
_MEDIA = {"csv": "text/csv", "jsonl": "application/x-ndjson", **MEDIA_TYPES}
_SUFFIX = {"csv": "csv", "jsonl": "jsonl", "ris": "ris", "bibtex": "bib", "csljson": "json"}


def media_type(fmt: str) -> str:
    """The Content-Type of an export format, with its charset."""
    return _MEDIA[fmt] + "; charset=utf-8"


def _responses() -> dict[int | str, dict[str, object]]:
    ok = {200: {"description": "The file.", "content": {_MEDIA[f]: {} for f in EXPORT_FORMATS}}}
    return {**ok, **error_responses(400, 500, 503)}


def _attachment(body: str, fmt: str, name: str, **headers: str) -> Response:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40] or "export"
    disposition = f'attachment; filename="migsearch-{slug}.{_SUFFIX[fmt]}"'
    return Response(
        body,
        media_type=media_type(fmt),
        headers={"Content-Disposition": disposition, **headers},
    )


@router.get(
    "/export",
    response_class=Response,
    responses=_responses(),
    summary="Export a search as CSV, JSONL or citations",
    tags=["export"],
)
def api_export(
    request: Annotated[SearchRequest, Depends(search_criteria)],
    holder: Holder,
    format: Annotated[
        ExportFormat, Query(description="`csv`, `jsonl`, or citations: `ris`, `bibtex`, `csljson`.")
    ] = "csv",
) -> Response:
    """Every hit of the search (at most 10,000), in the order of `/api/search`, as a
    file to download: the files of `migsearch search --format … --all`. Citations
    start with how the list was found: query, filters, index generation, time.
    `X-Total-Count` says how many documents matched."""
    ix = holder.get()
    total = ix.search(request.with_(limit=1, facets=False, highlight=False)).total
    hits = itertools.islice(ix.iter_hits(request), MAX_EXPORT_HITS)
    out = io.StringIO()
    if format in CITATION_FORMATS:
        write_citations(hits, format, out, Provenance.of(request, ix.generation(), total))
    else:
        write_hits(hits, format, out)
    name = request.query or "everything"
    return _attachment(out.getvalue(), format, name, **{"X-Total-Count": str(total)})


@router.get(
    "/citations/{doc_id:path}",
    response_class=Response,
    responses={
        200: {
            "description": "The citation.",
            "content": {MEDIA_TYPES[f]: {} for f in CITATION_FORMATS},
        },
        **error_responses(400, 404, 500, 503),
    },
    summary="Cite one document",
    tags=["export"],
)
def api_citation(
    doc_id: Annotated[str, PathParam(description="Document id")],
    holder: Holder,
    format: Annotated[CitationFormat, Query(description="`ris`, `bibtex` or `csljson`.")] = "ris",
) -> Response:
    """One document as a RIS, BibTeX or CSL-JSON citation (`migsearch show ID --format`)."""
    doc = holder.document(doc_id)
    out = io.StringIO()
    write_citations([doc], format, out, Provenance({"id": doc.id}, holder.get().generation()))
    return _attachment(out.getvalue(), format, doc.title or doc.id)
