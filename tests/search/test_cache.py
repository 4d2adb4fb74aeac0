"""The bounded cache (search/cache.py)."""

from __future__ import annotations

import threading

from migsearch.search.cache import BoundedCache


def _kept(c: BoundedCache, keys: str) -> set[str]:
    return {k for k in keys if c.get(k) is not None}


def test_entries_not_used_lately_go_first() -> None:
    c: BoundedCache[str] = BoundedCache(3)
    for k in "abc":
        c.put(k, k.upper())
    assert c.get("a") == "A"  # used: a second chance
    c.put("d", "D")
    assert c.get("b") is None
    c.put("e", "E")  # "a" has had its chance; "c" is the oldest unused
    assert c.get("c") is None
    assert c.get("zz", "default") == "default"
    c.clear()
    assert _kept(c, "abcde") == set()


def test_peeking_does_not_count_as_a_use() -> None:
    c: BoundedCache[str] = BoundedCache(2)
    c.put("a", "A")
    c.put("b", "B")
    peek = c.peek()
    assert peek("a", None) == "A" and peek("zz", None) is None
    c.put("c", "C")  # "a" was only peeked at: first in, first out
    assert c.get("a") is None and c.get("b") == "B"


def test_bounded_by_size_and_values_too_big_are_not_kept() -> None:
    c: BoundedCache[str] = BoundedCache(10, sizeof=len)
    c.put("six", "x" * 6)
    c.put("four", "x" * 4)
    c.put("three", "x" * 3)  # 13 > 10: the oldest goes
    assert c.get("six") is None and c.get("four") and c.get("three")
    assert c.put("huge", "x" * 11) == "x" * 11
    assert c.get("huge") is None and c.get("four") and c.get("three")
    c.put("four", "x")  # replacing an entry replaces its size: 1 + 3 + 6 fits
    c.put("six", "x" * 6)
    assert c.get("four") and c.get("three") and c.get("six")


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
    kept = [c.get((t, i)) for t in range(4) for i in range(97)]
    assert 0 < sum(len(v) for v in kept if v is not None) <= 1000
