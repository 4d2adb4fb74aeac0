"""Finding and reading sources: walk paths, tell formats apart, decode bytes.

Every problem with a single file becomes an :class:`IngestError` with a
one-line reason, so one bad file never stops a run.
"""

from __future__ import annotations

import codecs
import gzip
import hashlib
import io
import os
import re
import unicodedata
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from migsearch.errors import IngestError, UsageError

__all__ = [
    "ATTACHED",
    "COMPRESSED",
    "FORMATS",
    "MAX_BYTES",
    "NOT_FAILURES",
    "Skipped",
    "Source",
    "decode",
    "detect_format",
    "garbled",
    "iter_sources",
    "read_source",
    "scan",
    "skipped_summary",
]

#: Suffix → format, read after any ``.gz`` is taken off the name. ``.json`` is a
#: record list or one of ReliefWeb's API shapes.
FORMATS: dict[str, str] = {
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
    ".jsonl": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".pdf": "pdf",
    ".docx": "docx",
}
#: Any supported file may come gzipped (``page.html.gz``, ``corpus.jsonl.gz``).
COMPRESSED = ".gz"

#: Content larger than this (after decompression) is refused rather than read into
#: memory: a 50 MB page is still read, a 1 GB log file that ends in .txt is not.
MAX_BYTES = 128 * 1024 * 1024
#: Formats whose files are legitimately bigger: record exports, long reports.
FORMAT_MAX_BYTES: dict[str, int] = {"jsonl": 1024 * 1024 * 1024, "pdf": 512 * 1024 * 1024}
_CHUNK = 1024 * 1024
#: the kind of a file read as part of another (a full-text file with its export)
ATTACHED = "attached"
#: kinds of IngestError that skip a file without it having failed
NOT_FAILURES = frozenset(["empty", ATTACHED])


@dataclass(frozen=True)
class Source:
    path: Path  # absolute
    format: str
    root: Path  # the path given on the command line that led here

    @property
    def name(self) -> str:
        return str(self.path)

    @property
    def compressed(self) -> bool:
        return self.path.name.lower().endswith(COMPRESSED)


@dataclass(frozen=True)
class Skipped:
    """A file under the given paths that gives no record, and why, in one line.

    ``kind`` is how a run's summary groups it: ``unsupported`` (a suffix no
    reader knows), ``hidden`` (a dot-file or dot-folder), ``empty``, or the
    :attr:`~migsearch.errors.IngestError.kind` of the error that stopped it.
    """

    path: str
    reason: str
    kind: str

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


def detect_format(path: Path) -> str | None:
    name = path.name.lower().removesuffix(COMPRESSED)
    for suffix in sorted(FORMATS, key=len, reverse=True):
        if name.endswith(suffix):
            return FORMATS[suffix]
    return None


def _suffix(path: Path) -> str:
    """The suffix a user would name the file by (``.xlsx``, ``.tar.gz``), or ``(none)``."""
    suffixes = [s.lower() for s in path.suffixes[-2:] if 1 < len(s) <= 6 and " " not in s]
    if len(suffixes) == 2 and suffixes[-1] != COMPRESSED:
        suffixes = suffixes[-1:]
    return "".join(suffixes) or "(none)"


def _unsupported(path: Path) -> Skipped:
    return Skipped(str(path), f"unsupported file type {_suffix(path)}", "unsupported")


def _count_files(folder: Path, cap: int = 10_000) -> str:
    n = 0
    for _, _, files in os.walk(folder):
        n += len(files)
        if n >= cap:
            return f"{cap}+"
    return str(n)


def scan(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Source | Skipped]:
    """Every file under ``paths`` in a stable order: a :class:`Source` to read, or a
    :class:`Skipped` saying why not (nothing is passed over in silence).

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
                raise UsageError(
                    f"{p}: unsupported file type {_suffix(root)} (expected one of {known}, "
                    f"optionally {COMPRESSED})"
                )
            yield Source(root, fmt, root)
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            here = Path(dirpath)
            for d in sorted(d for d in dirnames if d.startswith(".")):
                n = _count_files(here / d)
                yield Skipped(str(here / d), f"hidden folder ({n} files not read)", "hidden")
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for fn in sorted(filenames):
                fp = here / fn
                if fn.startswith("."):
                    yield Skipped(str(fp), "hidden file", "hidden")
                    continue
                fmt = detect_format(fp)
                if fmt is None:
                    yield _unsupported(fp)
                    continue
                try:
                    empty = fp.stat().st_size == 0
                except OSError:
                    empty = False  # read_source reports why it cannot be read
                if empty:
                    yield Skipped(str(fp), "empty file", "empty")
                else:
                    yield Source(fp, fmt, root)


def skipped_summary(skipped: Iterable[Skipped]) -> str:
    """Skipped files counted by kind, unsupported ones by suffix:
    ``"3 skipped: 2 .xlsx (unsupported), 1 empty"``; "" when there are none."""
    counts: dict[str, int] = {}
    for s in skipped:
        key = f"{_suffix(Path(s.path))} (unsupported)" if s.kind == "unsupported" else s.kind
        counts[key] = counts.get(key, 0) + 1
    if not counts:
        return ""
    parts = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return f"{sum(counts.values())} skipped: " + ", ".join(f"{n} {k}" for k, n in parts)


def iter_sources(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Source]:
    """The readable sources under ``paths`` (:func:`scan` without the skipped files)."""
    for item in scan(paths):
        if isinstance(item, Source):
            yield item


def _limit(fmt: str) -> int:
    return FORMAT_MAX_BYTES.get(fmt, MAX_BYTES)


def _too_large(name: str, size: int | str, limit: int) -> IngestError:
    what = f"{size / 1e6:.0f} MB is" if isinstance(size, int) else size
    return IngestError(name, f"{what} over the {limit / 1e6:.0f} MB limit", kind="too large")


def _gunzip(src: Source, limit: int) -> bytes:
    """The decompressed content, read in chunks and refused as soon as it passes
    ``limit``: a small bomb (1.5 MB of gzip that unpacks to 3 GB) costs ``limit``
    at most, never the memory of what it would unpack to."""
    out = io.BytesIO()
    try:
        with gzip.open(src.path, "rb") as f:
            while chunk := f.read(_CHUNK):
                out.write(chunk)
                if out.tell() > limit:
                    raise _too_large(src.name, "its content decompressed is", limit)
    except (OSError, EOFError, zlib.error) as e:
        raise IngestError(src.name, f"not a valid gzip file ({e})") from e
    return out.getvalue()


def read_source(src: Source) -> bytes:
    """Raw bytes of a source (decompressed), after the checks every format shares."""
    limit = _limit(src.format)
    try:
        size = src.path.stat().st_size
    except OSError as e:
        raise IngestError(src.name, f"cannot read: {e.strerror or e}") from e
    if size == 0:
        raise IngestError(src.name, "empty file", kind="empty")
    if size > limit:
        raise _too_large(src.name, size, limit)
    try:
        data = _gunzip(src, limit) if src.compressed else src.path.read_bytes()
    except OSError as e:
        raise IngestError(src.name, f"cannot read: {e.strerror or e}") from e
    if not data.strip():
        raise IngestError(src.name, "empty file (only white space)", kind="empty")
    return data


def content_hash(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    # control bytes other than tab/newline/CR/formfeed/escape are rare in text
    ctrl = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return ctrl > len(head) * 0.05


#: single-byte code pages a detector confuses with each other on Western text;
#: Windows-1252 is the browser's own fallback for them
_WESTERN = frozenset([
    "cp1250", "cp1252", "latin_1", "iso8859_1", "iso8859_2", "iso8859_15", "windows_1250",
    "windows_1252", "mac_roman", "mac_latin2", "cp850",
])  # fmt: skip
#: characters that never occur in real text: C0/C1 controls (but tab, newlines,
#: form feed, escape), surrogates, private use, unassigned, and U+FFFD for
#: bytes that decoded to nothing
_NOT_TEXT = frozenset(["Cc", "Cs", "Co", "Cn"])
_TEXT_CONTROLS = frozenset("\t\n\r\f\v\x1b\x85")


def garbled(text: str) -> str | None:
    """Why ``text`` cannot be real text, or None when it may be.

    Decoding never fails on its own (bad bytes become U+FFFD, any byte is a
    Windows-1252 character), so a file of random bytes, or ASCII behind a
    UTF-16 byte-order mark, would otherwise be indexed as nonsense such as
    ``'\\x00慧扲条\\ufffd'``. Real text has hardly any characters that are no
    characters: more than 2 % of them (and at least two) is not text.
    """
    sample = text[:20_000]
    bad = sum(
        1
        for ch in sample
        if ch == "\ufffd" or (unicodedata.category(ch) in _NOT_TEXT and ch not in _TEXT_CONTROLS)
    )
    if bad >= 2 and bad > 0.02 * len(sample):
        return f"not text ({bad / max(len(sample), 1):.0%} of it is no character)"
    return None


def _utf16_of_ascii(payload: bytes) -> bool:
    """Bytes behind a UTF-16 byte-order mark that are really 8-bit text: both bytes
    of most code units printable ASCII (real UTF-16 text has a zero byte in
    most units of Latin text, and high bytes outside that range in CJK)."""
    units = len(payload) // 2
    if units == 0:
        return False
    head = payload[: 2 * min(units, 4096)]
    printable = sum(
        1 for i in range(0, len(head) - 1, 2) if 32 <= head[i] < 127 and 32 <= head[i + 1] < 127
    )
    return printable > 0.7 * (len(head) // 2)


def _checked(text: str, name: str) -> str:
    why = garbled(text)
    if why:
        raise IngestError(name, why)
    return text


def decode(data: bytes, name: str, *, html: bool = False) -> str:
    """Bytes to text: BOM, then UTF-8, then a declared charset, then a guess.

    Pages in Latin-1 or Windows-1252 without a charset are common on older
    resource libraries; Windows-1252 is the browser's own fallback for them,
    so it is preferred when a detector's guess is another Western code page
    (a Cyrillic or Greek guess is kept). Whatever the route, text that cannot
    be text is refused (:func:`garbled`).
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            if enc == "utf-16" and _utf16_of_ascii(data[len(bom) :]):
                raise IngestError(name, "not text (a UTF-16 byte-order mark before 8-bit text)")
            return _checked(data.decode(enc, errors="replace"), name)
    if _looks_binary(data):
        raise IngestError(name, "binary file, not text")
    try:
        return _checked(data.decode("utf-8"), name)
    except UnicodeDecodeError:
        pass
    if html:
        m = _META_CHARSET.search(data[:4096])
        if m:
            enc = m.group(1).decode("ascii", "replace")
            try:
                return _checked(data.decode(enc, errors="replace"), name)
            except LookupError:
                pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000]).best()
    except Exception:  # detector failures are not the user's problem
        best = None
    if best is None:
        raise IngestError(name, "not text in any encoding migsearch knows")
    guess = best.encoding.lower().replace("-", "_")
    enc = "cp1252" if guess in _WESTERN else guess
    try:
        return _checked(data.decode(enc, errors="replace"), name)
    except LookupError:
        return _checked(data.decode("cp1252", errors="replace"), name)
