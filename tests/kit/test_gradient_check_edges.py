"""The finite-difference check at its edges: the stated step, floors and verdict thresholds.

Added for the mutants `make mutate` found alive: each test pins a number the
pages state (h = 1e-6, the 1e-12 floor, the 1e-2 edge of "wrong") so that changing it makes a test fail.
"""

import numpy as np
import pytest

from gradient_check import TOLERANCE, check_gradient, numerical_gradient, relative_error, verdict


def kink(W):
    """|w|: its central difference at w = 5e-7 is 0.5 with h = 1e-6, and 0.25 with h = 2e-6."""
    return float(np.sum(np.abs(W)))


def test_numerical_gradient_steps_by_the_stated_h_of_1e_6():
    W = np.array([[5e-7]])
    assert numerical_gradient(kink, W)[0, 0] == pytest.approx(0.5, rel=1e-9)
    assert numerical_gradient(kink, W, h=2e-6)[0, 0] == pytest.approx(0.25, rel=1e-9)


def test_check_gradient_steps_by_the_stated_h_of_1e_6():
    W = np.array([[5e-7]])
    assert check_gradient(kink, np.array([[0.5]]), W) <= TOLERANCE
    assert check_gradient(kink, np.array([[0.5]]), W, h=2e-6) > 0.1


def test_relative_error_floors_the_scale_at_1e_12():
    # Both gradients far below the floor: the error is measured against 1e-12.
    assert relative_error(np.zeros((1, 1)), np.array([[1e-13]])) == pytest.approx(0.1, rel=1e-12)


@pytest.mark.parametrize("error, word", [
    (0.0099, "suspicious"), (1e-2, "wrong"), (0.015, "wrong")])
def test_verdict_calls_1e_2_and_above_wrong(error, word):
    assert verdict(error).startswith(word)


def test_worst_entry_error_floors_each_scale_at_1e_12():
    from gradient_check import worst_entry_error

    assert worst_entry_error(np.zeros((1, 2)), np.array([[1e-13, 0.0]])) == pytest.approx(0.1, rel=1e-12)


def test_rounding_floor_never_scales_below_a_J_of_1():
    from gradient_check import ROUNDING, rounding_floor

    eps, h = np.finfo(np.float64).eps, 1e-6
    for J in (0.0, 0.5, -1.0):   # |J| <= 1: the floor of a J worth 1
        assert rounding_floor(J, h) == pytest.approx(ROUNDING * eps / h, rel=1e-12)
    assert rounding_floor(3.0, h) == pytest.approx(3 * ROUNDING * eps / h, rel=1e-12)


def test_an_entry_of_exactly_floor_over_tolerance_is_compared_relatively():
    # floor / TOLERANCE is "the smallest entry compared relatively": at it, not below.
    from gradient_check import check, rounding_floor

    f = lambda W: 0.0 * float(np.sum(W))
    W = np.zeros((1, 2))
    resolvable = rounding_floor(f(W), 1e-6) / TOLERANCE
    assert check(f, np.array([[resolvable, 0.0]]), W).absolute == 1   # only the 0 entry


def test_a_small_step_is_refused_only_below_floor_over_tolerance():
    # h a power of two and f linear through 0: the central difference is exactly the slope,
    # here exactly floor / TOLERANCE, the smallest gradient a step below 1e-6 may check.
    from gradient_check import check, rounding_floor

    h = 2.0 ** -20                     # 9.5e-7, below the advised 1e-6
    slope = rounding_floor(0.0, h) / TOLERANCE
    f = lambda W: slope * float(W[0, 0])
    W = np.zeros((1, 1))
    assert numerical_gradient(f, W, h)[0, 0] == slope
    assert check(f, np.array([[slope]]), W, h).worst_entry == 0.0   # checked, not refused


def test_passed_needs_the_worst_entry_within_tolerance_and_an_entry_compared_relatively():
    from gradient_check import Check, passed

    at_the_edge = Check(frobenius=0.0, worst_entry=TOLERANCE, absolute=1, entries=2, floor=1e-9)
    assert passed(at_the_edge)                                      # 1e-7 itself passes
    assert not passed(at_the_edge._replace(worst_entry=1.01 * TOLERANCE))
    assert not passed(at_the_edge._replace(absolute=2))             # every entry absolutely
    assert passed(at_the_edge._replace(absolute=0))
