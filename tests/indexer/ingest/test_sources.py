"""Reading sources: formats, encodings, and the files that must be refused politely."""

from __future__ import annotations

import codecs
import gzip
import random
import subprocess
import sys
from pathlib import Path

import pytest

from migsearch.errors import IngestError, UsageError
from migsearch.indexer.ingest import sources
from migsearch.indexer.ingest.sources import (
    Skipped,
    Source,
    decode,
    detect_format,
    iter_sources,
    read_source,
    scan,
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
        ("a.pdf", "pdf"),
        ("Brief.DOCX", "docx"),
        ("export.csv", "csv"),
        ("page.html.gz", "html"),
        ("notes.txt.gz", "text"),
        ("report.pdf.gz", "pdf"),
        ("a.gz", None),
        ("sheet.xlsx", None),
    ],
)
def test_detect_format(name: str, fmt: str | None) -> None:
    assert detect_format(Path(name)) == fmt


def test_walk_is_recursive_sorted_and_names_what_it_skips(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    rels = ["b/2.html", "a.txt", "b/1.txt", "notes.xlsx", ".hidden.txt", ".git/x.txt", "e.html"]
    for rel in rels:
        (tmp_path / rel).write_text("" if rel == "e.html" else "x")
    items = list(scan([tmp_path]))
    found = [s.path.relative_to(tmp_path).as_posix() for s in items if isinstance(s, Source)]
    assert found == ["a.txt", "b/1.txt", "b/2.html"]
    assert found == [s.path.relative_to(tmp_path).as_posix() for s in iter_sources([tmp_path])]
    skipped = {
        Path(s.path).relative_to(tmp_path).as_posix(): (s.kind, s.reason)
        for s in items
        if isinstance(s, Skipped)
    }
    assert skipped == {
        ".git": ("hidden", "hidden folder (1 files not read)"),
        ".hidden.txt": ("hidden", "hidden file"),
        "notes.xlsx": ("unsupported", "unsupported file type .xlsx"),
        "e.html": ("empty", "empty file"),
    }


def test_missing_path_and_unsupported_file_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file"):
        list(iter_sources([tmp_path / "nope"]))
    xlsx = tmp_path / "x.xlsx"
    xlsx.write_bytes(b"PK")
    with pytest.raises(UsageError, match=r"unsupported file type \.xlsx"):
        list(iter_sources([xlsx]))


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


def test_any_supported_file_may_be_gzipped(tmp_path: Path) -> None:
    page = tmp_path / "page.html.gz"
    page.write_bytes(gzip.compress(b"<html><body><p>Fishers at sea</p></body></html>"))
    (src,) = iter_sources([page])
    assert (src.format, src.compressed) == ("html", True)
    assert read_source(src).startswith(b"<html>")


def test_gzip_bomb_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    """1 MB of gzip that unpacks to 1 GB: refused in one line once the limit is passed,
    and reading it never holds more than about the limit."""
    bomb = tmp_path / "bomb.html.gz"
    block = b"\0" * (16 * 1024 * 1024)
    with gzip.open(bomb, "wb", compresslevel=9) as f:
        for _ in range(64):
            f.write(block)
    del block
    assert bomb.stat().st_size < 2 * 1024 * 1024
    limit = sources.MAX_BYTES
    code = (
        "import resource, sys\n"
        "from migsearch.errors import IngestError\n"
        "from migsearch.indexer.ingest.sources import iter_sources, read_source\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "(src,) = iter_sources([sys.argv[1]])\n"
        "try:\n"
        "    read_source(src)\n"
        "except IngestError as e:\n"
        "    print(e)\n"
        "print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(bomb)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out[0] == f"{bomb}: its content decompressed is over the {limit / 1e6:.0f} MB limit"
    assert int(out[1]) < 2.5 * limit  # the content so far, and one copy of it at most


def test_gzip_bomb_costs_its_file_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sources.FORMAT_MAX_BYTES, "jsonl", 1_000_000)
    bomb = tmp_path / "bomb.jsonl.gz"
    bomb.write_bytes(gzip.compress(b" " * 5_000_000))
    with pytest.raises(IngestError, match="over the 1 MB limit") as e:
        read_source(_src(bomb))
    assert e.value.kind == "too large"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(bytes(b | 0x80 for b in random.Random(7).randbytes(4000)), id="high"),
        pytest.param(
            bytes(b for b in random.Random(8).randbytes(4000) if b not in (0, 9, 10, 13)),
            id="random",
        ),
        pytest.param(codecs.BOM_UTF16_LE + b"garbage\n", id="bom-garbage"),
        pytest.param(codecs.BOM_UTF16_LE + b"migrant workers in Qatar\n" * 20, id="bom-ascii"),
        pytest.param("ok \ufffd\ufffd\ufffd\ufffd text".encode(), id="replacement-chars"),
    ],
)
def test_bytes_that_are_no_text_are_refused(data: bytes) -> None:
    with pytest.raises(IngestError, match="not text"):
        decode(data, "x.txt")


def test_real_text_in_other_scripts_is_kept() -> None:
    for text, enc in [
        ("Кыргызстан: трудовые мигранты в России и Казахстане, 2019 год.", "cp1251"),
        ("Η μετανάστευση εργατών στην Ελλάδα και την Ευρώπη σήμερα.", "cp1253"),
        ("移民工人的权利与公平招聘。" * 5, "utf-16"),
        ("ILO: one stray \ufffd in a long enough text is still text." * 3, "utf-8"),
    ]:
        assert decode(text.encode(enc), "x") == text
