"""Word files (``.docx``) to records, through python-docx.

The body is the document's paragraphs and tables in their order (a table row
is one line, its cells separated by " | "), headings and list items included;
headers, footers and comments are not the document's text. The core
properties give a title, an author and a creation date, each checked as a
PDF's metadata is (:mod:`.documents`): "Document1" is no title. A Word file has
no fixed pages, so its record has none.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from migsearch.errors import IngestError
from migsearch.indexer.ingest.documents import DocumentParts, document_record, metadata_date
from migsearch.indexer.ingest.records import Record

__all__ = ["docx_records", "read_docx"]

_OLE = b"\xd0\xcf\x11\xe0"  # a compound file: an encrypted .docx, or an old .doc renamed


def _blocks(doc: Any) -> list[str]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    out: list[str] = []
    for child in doc.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = " ".join(Paragraph(child, doc).text.split())
            if text:
                out.append(text)
        elif tag == "tbl":
            rows = []
            for row in Table(child, doc).rows:
                cells = list(dict.fromkeys(" ".join(c.text.split()) for c in row.cells))
                line = " | ".join(c for c in cells if c)
                if line:
                    rows.append(line)
            if rows:
                out.append("\n".join(rows))
    return out


def read_docx(data: bytes, source: str) -> DocumentParts:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if data.startswith(_OLE):
        raise IngestError(
            source, "encrypted or old-format Word file (save it as .docx)", kind="encrypted"
        )
    try:
        doc = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as e:
        raise IngestError(source, f"not a readable .docx file ({type(e).__name__})") from e
    props = doc.core_properties
    return DocumentParts(
        pages=["\n\n".join(_blocks(doc))],
        meta_title=props.title or "",
        meta_author=props.author or "",
        meta_date=metadata_date(props.created),
    )


def docx_records(source: str, data: bytes) -> list[Record]:
    parts = read_docx(data, source)
    if not parts.pages[0].strip() and not parts.meta_title.strip():
        raise IngestError(source, "no text in the Word file", kind="empty")
    return [document_record(source, parts, paged=False)]
