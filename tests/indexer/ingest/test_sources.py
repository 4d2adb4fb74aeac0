"""Reading sources: formats, encodings, and the files that must be refused politely."""

from __future__ import annotations

import codecs
import random
from pathlib import Path

import pytest

from migsearch.errors import IngestError, UsageError
from migsearch.indexer.ingest import sources
from migsearch.indexer.ingest.sources import (
    Source,
    decode,
    detect_format,
    iter_sources,
    read_source,
)


def _src(p: Path) -> Source:
    fmt = detect_format(p)
    assert fmt is not None
    return Source(p.absolute(), fmt, p.parent.absolute())


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.html", "html"),
        ("a.HTM", "html"),
        ("a.txt", "text"),
        ("a.jsonl", "jsonl"),
        ("corpus.jsonl.gz", "jsonl"),
        ("rw.json", "json"),
        ("a.pdf", None),
        ("a.gz", None),
    ],
)
def test_detect_format(name: str, fmt: str | None) -> None:
    assert detect_format(Path(name)) == fmt


def test_walk_is_recursive_sorted_and_skips_unknown_and_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    for rel in ["b/2.html", "a.txt", "b/1.txt", "notes.pdf", ".hidden.txt", ".git/x.txt"]:
        (tmp_path / rel).write_text("x")
    found = [s.path.relative_to(tmp_path).as_posix() for s in iter_sources([tmp_path])]
    assert found == ["a.txt", "b/1.txt", "b/2.html"]


def test_missing_path_and_unsupported_file_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file"):
        list(iter_sources([tmp_path / "nope"]))
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF")
    with pytest.raises(UsageError, match="unsupported file type"):
        list(iter_sources([pdf]))


def test_empty_and_blank_files_are_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.txt"
    blank.write_bytes(b" \n\t\n")
    with pytest.raises(IngestError, match="empty file"):
        read_source(_src(empty))
    with pytest.raises(IngestError, match="empty file"):
        read_source(_src(blank))


def test_binary_file_renamed_html_is_refused(tmp_path: Path) -> None:
    png = tmp_path / "photo.html"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    with pytest.raises(IngestError, match="binary"):
        decode(read_source(_src(png)), str(png), html=True)


def test_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"word " * 3000)
    monkeypatch.setattr(sources, "MAX_BYTES", 10_000)
    with pytest.raises(IngestError, match="over the"):
        read_source(_src(big))


def test_corrupt_gzip_is_refused(tmp_path: Path) -> None:
    gz = tmp_path / "c.jsonl.gz"
    gz.write_bytes(b"\x1f\x8b\x08\x00garbage")
    with pytest.raises(IngestError, match="gzip"):
        read_source(_src(gz))


def test_utf8_and_bom_variants() -> None:
    text = "Viet Nam – Côte d’Ivoire"
    assert decode(text.encode("utf-8"), "x") == text
    assert decode(b"\xef\xbb\xbf" + text.encode("utf-8"), "x") == text
    assert decode(text.encode("utf-16"), "x") == text


MANY_SCRIPTS = (
    "Migrant workers – ແຮງງານເຄື່ອນຍ້າຍ, แรงงานข้ามชาติ, 移民工人, 이주 노동자, "
    "العمال المهاجرون, प्रवासी श्रमिक, мигранты 🧳\n\tTable\f"
)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_text_after_a_byte_order_mark_in_any_script_is_read(encoding: str) -> None:
    raw = MANY_SCRIPTS.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):  # these codecs write no mark: add it
        raw = (codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE) + raw
    assert decode(raw, "x") == MANY_SCRIPTS


@pytest.mark.parametrize("bom", [codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE])
@pytest.mark.parametrize("seed", range(5))
def test_garbage_after_a_byte_order_mark_is_not_text(bom: bytes, seed: int) -> None:
    """Random bytes behind a BOM once became a document titled '\\x00慧扲条�'."""
    garbage = bom + random.Random(seed).randbytes(400)
    with pytest.raises(IngestError, match="not text"):
        decode(garbage, "x")


@pytest.mark.parametrize("bom", [codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE])
def test_ascii_behind_a_utf16_byte_order_mark_is_not_text(bom: bytes) -> None:
    """Read two bytes at a time, ASCII passes for Chinese ('garbag' is '慧扲条')."""
    ascii_text = b"garbage that is plain ASCII, not UTF-16 at all.\n" * 4
    assert decode(b"\xef\xbb\xbf" + ascii_text, "x").startswith("garbage")  # fine as UTF-8
    with pytest.raises(IngestError, match="not text"):
        decode(bom + ascii_text, "x")


@pytest.mark.parametrize(
    "text",
    [
        "日本の外国人労働者は、介護や建設の分野で増えている。技能実習制度の見直しが進む。" * 3,
        "移民工人在东盟国家的权利保护，包括渔业和家政工作。" * 3,
        "이주 노동자의 권리 보호와 공정한 채용에 관한 보고서입니다." * 3,
    ],
)
def test_asian_text_in_utf16_is_read(text: str) -> None:
    assert decode(text.encode("utf-16"), "x") == text
    assert decode(codecs.BOM_UTF16_BE + text.encode("utf-16-be"), "x") == text


def test_windows_1252_without_charset() -> None:
    # curly quotes and an en dash are 0x91-0x97 in Windows-1252: invalid UTF-8
    raw = "<p>Migrants’ rights – “fair recruitment” in Côte d’Ivoire and Türkiye</p>".encode(
        "cp1252"
    )
    assert decode(raw, "x", html=True) == (
        "<p>Migrants’ rights – “fair recruitment” in Côte d’Ivoire and Türkiye</p>"
    )


def test_latin1_without_charset() -> None:
    raw = "Émigration et travailleurs étrangers à São Paulo".encode("latin-1")
    assert decode(raw, "x") == "Émigration et travailleurs étrangers à São Paulo"


def test_declared_charset_wins_over_guessing() -> None:
    html = '<meta charset="koi8-r"><p>Кыргызстан: трудовые мигранты</p>'
    assert "Кыргызстан" in decode(html.encode("koi8-r"), "x", html=True)
