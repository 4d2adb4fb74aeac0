"""bench/ir_eval.py's paired randomization test: the p it prints beside each ratio."""

from __future__ import annotations

from benchmarks import bench


def test_identical_runs_are_no_difference() -> None:
    same = {f"q{i}": i / 10 for i in range(10)}
    assert bench("ir_eval").paired_p(same, dict(same)) == 1.0


def test_a_gain_on_every_query_is_unlikely_by_chance() -> None:
    a = {f"q{i}": 0.3 for i in range(30)}
    b = {q: v + 0.1 for q, v in a.items()}
    p = bench("ir_eval").paired_p(a, b, flips=5000)
    # 2 of 2**30 sign patterns are as extreme: p is the floor 1/(flips + 1)
    assert p == 1 / 5001


def test_gains_and_losses_that_cancel_are_no_evidence() -> None:
    a = {f"q{i}": 0.5 for i in range(20)}
    b = {q: 0.5 + (0.2 if i % 2 else -0.2) for i, q in enumerate(a)}
    p = bench("ir_eval").paired_p(a, b)
    assert p > 0.9


def test_one_query_of_many_moving_is_no_evidence() -> None:
    a = {f"q{i}": 0.4 for i in range(12)}
    b = dict(a, q0=0.9)
    # with one nonzero difference every flip is as far from 0 as the observed one
    assert bench("ir_eval").paired_p(a, b) == 1.0
    assert bench("ir_eval").paired_p(b, a) == 1.0


def test_a_small_consistent_gain_beats_a_large_lone_one() -> None:
    a = {f"q{i}": 0.4 for i in range(16)}
    many = {q: v + 0.05 for q, v in a.items()}
    lone = dict(a, q0=1.0)
    ir_eval = bench("ir_eval")
    assert ir_eval.paired_p(a, many) < 0.01 < ir_eval.paired_p(a, lone)
