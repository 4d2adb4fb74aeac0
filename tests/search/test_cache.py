"""The bounded cache (search/cache.py)."""

from __future__ import annotations

import threading

from migsearch.search.cache import BoundedCache


def test_entries_not_used_lately_go_first() -> None:
    c: BoundedCache[str] = BoundedCache(3)
    for k in "abc":
        c.put(k, k.upper())
    assert c.get("a") == "A"  # used: a second chance
    c.put("d", "D")
    assert {k for k in "abcd" if k in c} == {"a", "c", "d"}
    c.put("e", "E")  # "a" has had its chance; "c" is the oldest unused
    assert {k for k in "abcde" if k in c} == {"a", "d", "e"}
    assert c.get("zz", "default") == "default"
    c.clear()
    assert len(c) == 0 and c.size == 0


def test_bounded_by_size_and_values_too_big_are_not_kept() -> None:
    c: BoundedCache[list[int]] = BoundedCache(10, sizeof=len)
    c.put("six", [0] * 6)
    c.put("four", [0] * 4)
    assert c.size == 10
    c.put("three", [0] * 3)
    assert "six" not in c and c.size == 7
    assert c.put("huge", [0] * 11) == [0] * 11
    assert "huge" not in c and c.size == 7
    c.put("four", [0])  # replacing an entry updates the size
    assert c.size == 4


def test_get_or_compute_computes_once() -> None:
    c: BoundedCache[int] = BoundedCache(5)
    calls = []
    for _ in range(3):
        assert c.get_or_compute("k", lambda: calls.append(1) or 42) == 42
    assert calls == [1]


def test_threads_keep_the_size_consistent() -> None:
    c: BoundedCache[bytes] = BoundedCache(1000, sizeof=len)

    def work(t: int) -> None:
        for i in range(2000):
            c.put((t, i % 97), b"x" * (i % 13 + 1))
            c.get((t, (i * 7) % 97))

    threads = [threading.Thread(target=work, args=(t,)) for t in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert c.size <= 1000
    assert c.size == sum(len(c.get(k)) for k in list(c._data))
