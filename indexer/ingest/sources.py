"""Finding and reading sources: walk paths, tell formats apart, decode bytes.

Every problem with a single file becomes an :class:`IngestError` with a
one-line reason, so one bad file never stops a run.
"""

from __future__ import annotations

import codecs
import gzip
import hashlib
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from migsearch.errors import IngestError, UsageError

__all__ = [
    "FORMATS",
    "MAX_BYTES",
    "Source",
    "decode",
    "detect_format",
    "iter_sources",
    "read_source",
]

#: Suffix → format. ``.json`` is ReliefWeb's API shape (a ``reports`` list).
FORMATS: dict[str, str] = {
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
    ".jsonl": "jsonl",
    ".jsonl.gz": "jsonl",
    ".json": "json",
}

#: Files larger than this are refused rather than read into memory (a 50 MB page
#: is still read; a 1 GB log file that happens to end in .txt is not).
MAX_BYTES = 128 * 1024 * 1024
#: Compressed JSONL may be larger than raw files: it streams.
MAX_GZ_BYTES = 2 * 1024 * 1024 * 1024


@dataclass(frozen=True)
class Source:
    path: Path  # absolute
    format: str
    root: Path  # the path given on the command line that led here

    @property
    def name(self) -> str:
        return str(self.path)


def detect_format(path: Path) -> str | None:
    name = path.name.lower()
    for suffix in sorted(FORMATS, key=len, reverse=True):
        if name.endswith(suffix):
            return FORMATS[suffix]
    return None


def iter_sources(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Source]:
    """Files under ``paths`` in a stable order; unknown suffixes in folders are ignored.

    A path that does not exist, or a file given by name whose format is unknown,
    is a usage error: the user asked for it explicitly.
    """
    for p in paths:
        root = Path(p).expanduser().absolute()
        if not root.exists():
            raise UsageError(f"no such file or folder: {p}")
        if root.is_file():
            fmt = detect_format(root)
            if fmt is None:
                known = ", ".join(sorted(FORMATS))
                raise UsageError(f"{p}: unsupported file type (expected one of {known})")
            yield Source(root, fmt, root)
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for fn in sorted(filenames):
                if fn.startswith("."):
                    continue
                fp = Path(dirpath, fn)
                fmt = detect_format(fp)
                if fmt is not None:
                    yield Source(fp, fmt, root)


def read_source(src: Source) -> bytes:
    """Raw bytes of a source, after the checks every format shares."""
    try:
        size = src.path.stat().st_size
    except OSError as e:
        raise IngestError(src.name, f"cannot read: {e.strerror or e}") from e
    limit = MAX_GZ_BYTES if src.path.name.lower().endswith(".gz") else MAX_BYTES
    if size == 0:
        raise IngestError(src.name, "empty file")
    if size > limit:
        raise IngestError(src.name, f"{size / 1e6:.0f} MB is over the {limit / 1e6:.0f} MB limit")
    try:
        data = src.path.read_bytes()
    except OSError as e:
        raise IngestError(src.name, f"cannot read: {e.strerror or e}") from e
    if src.path.name.lower().endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as e:
            raise IngestError(src.name, f"not a valid gzip file ({e})") from e
    if not data.strip():
        raise IngestError(src.name, "empty file (only white space)")
    return data


def content_hash(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    # control bytes other than tab/newline/CR/formfeed/escape are rare in text
    ctrl = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return ctrl > len(head) * 0.05


#: Unicode categories no written text is made of: controls, surrogates, private use and
#: unassigned code points (plus U+FFFD, what an undecodable byte became).
_NOT_TEXT = frozenset({"Cc", "Cs", "Co", "Cn"})
_TEXT_CONTROLS = frozenset("\t\n\f\r\x1b")


def _looks_like_text(text: str) -> bool:
    """Is ``text`` what a byte-order mark promised? Random bytes after a BOM decode to
    characters all the same (UTF-16 turns any byte pair into one), but a quarter of
    them are controls, private-use or unassigned code points; text has next to none."""
    head = text[:8192]
    bad = sum(
        1
        for c in head
        if c == "\ufffd" or (c not in _TEXT_CONTROLS and unicodedata.category(c) in _NOT_TEXT)
    )
    return bad <= len(head) * 0.05


def _ascii_bytes(payload: bytes) -> bool:
    """Are the bytes after a UTF-16 byte-order mark really 8-bit text? Read two bytes at
    a time, ASCII becomes CJK-looking characters that pass any character check; but
    real UTF-16 has zero bytes (Latin scripts) or bytes over 0x7F and punctuation like
    U+3001 (Asian scripts) in most runs of text, while ASCII is all printable bytes."""
    head = payload[:16384]
    printable = sum(1 for b in head if 32 <= b < 127 or b in (9, 10, 13))
    return len(head) >= 16 and printable > len(head) * 0.95


def decode(data: bytes, name: str, *, html: bool = False) -> str:
    """Bytes to text: BOM, then UTF-8, then a declared charset, then a guess.

    Pages in Latin-1 or Windows-1252 without a charset are common on older
    resource libraries; Windows-1252 is the browser's own fallback for them,
    so it is preferred when a detector's guess is another single-byte code page.
    """
    for bom, enc, label in _BOMS:
        if data.startswith(bom):
            text = data.decode(enc, errors="replace")
            if not _looks_like_text(text):
                raise IngestError(
                    name, f"binary file, not text (despite a {label} byte-order mark)"
                )
            if label == "UTF-16" and _ascii_bytes(data[len(bom) :]):
                raise IngestError(name, "8-bit bytes behind a UTF-16 byte-order mark, not text")
            return text
    if _looks_binary(data):
        raise IngestError(name, "binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if html:
        m = _META_CHARSET.search(data[:4096])
        if m:
            enc = m.group(1).decode("ascii", "replace")
            try:
                return data.decode(enc, errors="replace")
            except LookupError:
                pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000]).best()
    except Exception:  # detector failures are not the user's problem
        best = None
    guess = best.encoding if best is not None else None
    single_byte = guess is None or guess.startswith(("cp125", "latin", "iso8859", "windows"))
    enc = "cp1252" if single_byte else guess
    try:
        return data.decode(enc, errors="replace")
    except LookupError:
        return data.decode("cp1252", errors="replace")
