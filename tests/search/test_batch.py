"""Query files for ``batch`` (``search/batch.py``): both formats, and every bad line
named by its number instead of a traceback or a query passed over."""

from __future__ import annotations

from pathlib import Path

import pytest

from migsearch.errors import UsageError
from migsearch.search.batch import read_queries


def test_jsonl_and_tsv_lines_with_a_bom_a_header_and_blank_lines(tmp_path: Path) -> None:
    p = tmp_path / "q.txt"
    p.write_bytes(
        "\ufeffqid\tquery\r\n"
        'q1\t migrant fishers \r\n\n{"_id": 7, "text": "recruitment fees"}\n'
        '{"id": "q3", "query": "Lao \u0111\u1ed9ng"}\n'.encode()
    )
    assert list(read_queries(p)) == [
        ("q1", "migrant fishers"),
        ("7", "recruitment fees"),
        ("q3", "Lao \u0111\u1ed9ng"),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"q1\tok\njust words\n", "q.txt:2: expected JSONL or `id<TAB>query`"),
        (b'q1\tok\n{"_id": "q2", \n', "q.txt:2: invalid JSON"),
        (b'{"_id": "q1"}\n', "q.txt:1: a query needs `_id`/`id` and `text`/`query`"),
        (b"q1\tok\nq2\tmigrant\xe9s\n", "q.txt:2: not UTF-8 text (byte 0xe9 at column 11)"),
        (b"\xff\xfeq\x001\x00", "q.txt:1: not UTF-8 text (byte 0xff at column 1)"),
    ],
)
def test_a_bad_line_is_named_by_its_number(tmp_path: Path, content: bytes, message: str) -> None:
    p = tmp_path / "q.txt"
    p.write_bytes(content)
    read = []
    with pytest.raises(UsageError) as e:
        read.extend(read_queries(p))
    assert str(e.value).startswith(f"{tmp_path}/{message}")
    # the lines before the bad one were read (batch has run them when it stops)
    assert read == ([("q1", "ok")] if content.startswith(b"q1\tok") else [])


def test_a_folder_is_not_a_query_file(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="cannot read"):
        list(read_queries(tmp_path))
