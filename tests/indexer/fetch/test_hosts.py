"""Per-host rate limit and concurrency cap, measured on real threads."""

from __future__ import annotations

import itertools
import threading
import time

import pytest

from migsearch.indexer.fetch.hosts import HostGate


def _starts(gate: HostGate, host: str, n: int, hold: float = 0.0) -> tuple[list[float], int]:
    starts: list[float] = []
    open_now = [0, 0]
    lock = threading.Lock()

    def one() -> None:
        with gate.slot(host):
            with lock:
                starts.append(time.monotonic())
                open_now[0] += 1
                open_now[1] = max(open_now[1], open_now[0])
            time.sleep(hold)
            with lock:
                open_now[0] -= 1

    threads = [threading.Thread(target=one) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    return sorted(starts), open_now[1]


def test_requests_to_one_host_start_an_interval_apart() -> None:
    starts, _ = _starts(HostGate(0.1, 4), "a:80", 5)
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert min(gaps) >= 0.095
    assert starts[-1] - starts[0] < 1.0


def test_concurrency_cap_per_host_and_hosts_apart() -> None:
    gate = HostGate(0, 2)
    _, most = _starts(gate, "a:80", 6, hold=0.1)
    assert most == 2
    started = time.monotonic()
    t = threading.Thread(target=_starts, args=(gate, "a:80", 2, 0.3))
    t.start()
    time.sleep(0.05)
    with gate.slot("b:80"):  # another host is not held up by a's slots
        assert time.monotonic() - started < 0.28  # a holds its slots for 0.3 s
    t.join()


def test_crawl_delay_slows_down_and_a_pause_holds_the_host() -> None:
    gate = HostGate(0.01, 1)
    gate.slow_down("a:80", 0.2)
    gate.slow_down("a:80", 0.05)  # never faster than asked before
    assert gate.interval_of("a:80") == 0.2
    gate.pause("b:80", 0.3)
    started = time.monotonic()
    with gate.slot("b:80"):
        assert time.monotonic() - started >= 0.29


def test_nonsense_settings_are_refused() -> None:
    with pytest.raises(ValueError):
        HostGate(-1, 1)
    with pytest.raises(ValueError):
        HostGate(0, 0)
