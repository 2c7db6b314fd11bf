"""The finite-difference check (snippets/gradient_check.py) itself."""

import re

import numpy as np
import pytest

from gradient_check import (ADVISED, ROUNDING, STEP, TOLERANCE, TOO_LARGE, TOO_SMALL, check,
                            check_gradient, crossover, figure, numerical_gradient, passed, relative_error,
                            rounding_floor, step_sweep, verdict, worst_entry_error)
from mlp import forward
from support import SNIPPETS, assert_prints_recorded


def test_numerical_gradient_of_a_known_function():
    W = np.array([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]])
    # f(W) = Σ w³ + w_00 w_12 has gradient 3w² plus the cross terms.
    f = lambda W: np.sum(W**3) + W[0, 0] * W[1, 2]
    expected = 3 * W**2
    expected[0, 0] += W[1, 2]
    expected[1, 2] += W[0, 0]
    assert relative_error(expected, numerical_gradient(f, W)) <= 1e-9


def test_numerical_gradient_leaves_its_input_alone():
    W = np.array([[1.0, 2.0]])
    numerical_gradient(lambda V: float(np.sum(V**2)), W)
    assert W.tolist() == [[1.0, 2.0]]


def test_relative_error_flags_a_transposed_gradient():
    G = np.array([[0.1, -0.4], [0.3, 0.2]])
    assert relative_error(G, G) == 0.0
    assert relative_error(G.T, G) > 1e-2


def test_relative_error_refuses_different_shapes():
    with pytest.raises(ValueError, match=r"shape \(3, 2\) but the numerical one has shape \(2, 3\)"):
        relative_error(np.zeros((3, 2)), np.zeros((2, 3)))


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_a_gradient_holding_nan_or_infinity_is_refused_not_compared(bad):
    """An error computed with NaN is NaN, neither <= nor > a tolerance: a check would
    neither pass nor fail. Both errors and check_gradient refuse it, naming where it is."""
    G = np.array([[0.1, -0.4], [0.3, 0.2]])
    broken = G.copy()
    broken[1, 0] = bad
    for error in (relative_error, worst_entry_error):
        for args, name in (((broken, G), "analytic"), ((G, broken), "numeric")):
            with pytest.raises(ValueError, match=rf"^{name} of shape \(2, 2\) contains NaN or infinity "
                                                 r"at positions \[\[1, 0\]\]; a gradient check needs finite"):
                error(*args)
    f = lambda W: float(np.sum(W ** 2))
    with pytest.raises(ValueError, match=r"^analytic of shape \(2, 2\) contains NaN or infinity"):
        check_gradient(f, broken, G)
    with pytest.raises(ValueError, match=r"^analytic of shape \(2, 2\) contains NaN or infinity"):
        check(f, broken, G)


def test_a_function_that_is_not_finite_near_the_point_is_refused():
    """f = inf just above w = 0.5: central differences at 0.5 would give an infinite
    entry; the check names f's value instead of returning NaN or infinity."""
    f = lambda W: np.inf if W[0, 0] > 0.5 else float(np.sum(W ** 2))
    W = np.array([[0.5, 1.0]])
    with pytest.raises(ValueError, match=r"^f returned inf at W or at W ± h E .*expected f to return "
                                         r"a finite number there"):
        check_gradient(f, 2 * W, W)
    nan_at_the_point = lambda W: float("nan")
    with pytest.raises(ValueError, match=r"^f returned nan"):
        check_gradient(nan_at_the_point, 2 * W, W)


@pytest.mark.parametrize("h", [0, -1e-6, np.nan, np.inf, "1e-6", True])
def test_a_step_that_is_not_a_positive_number_is_refused(h):
    with pytest.raises(ValueError, match=r"^h must be a positive number"):
        check_gradient(lambda W: float(np.sum(W ** 2)), np.array([[2.0]]), np.array([[1.0]]), h)


def test_verdicts_follow_the_pages_thresholds():
    assert verdict(1e-8).startswith("correct")
    assert verdict(1e-7).startswith("correct")
    assert verdict(1e-5).startswith("suspicious")
    assert verdict(0.5).startswith("wrong")


def test_check_gradient_uses_the_given_step():
    f = lambda W: float(np.sum(W ** 4))
    W = np.array([[1.0, 2.0]])
    # central-difference truncation error for w^4 is h^2 * 4w, so a big step shows
    assert check_gradient(f, 4 * W ** 3, W, h=1e-6) <= 1e-7
    assert check_gradient(f, 4 * W ** 3, W, h=1e-1) > 1e-4


def test_worst_entry_catches_a_bad_small_entry_that_frobenius_hides():
    # J = w0 + 1e-3 w1 + (w0² + w1²)/2 has gradient (1, 1e-3) at W = 0.
    f = lambda W: float(W[0, 0] + 1e-3 * W[0, 1] + 0.5 * np.sum(W ** 2))
    W = np.zeros((1, 2))
    slipped = np.array([[1.0, 1e-3 + 5e-8]])  # the small entry off by 5e-5 of itself
    assert relative_error(slipped, numerical_gradient(f, W)) <= TOLERANCE  # hidden
    assert check_gradient(f, slipped, W) > TOLERANCE                       # caught
    assert check_gradient(f, np.array([[1.0, 1e-3]]), W) <= TOLERANCE


def test_an_entry_below_the_floor_is_compared_absolutely():
    # At J = 3 the floor is c ε 3 / h: the entry 1e-5 is below floor / TOLERANCE.
    f = lambda W: float(3.0 + W[0, 0] + 1e-5 * W[0, 1] + 0.5 * np.sum(W ** 2))
    W = np.zeros((1, 2))
    floor = rounding_floor(3.0, STEP)
    assert 1e-5 < floor / TOLERANCE < 1.0
    result = check(f, np.array([[1.0, 1e-5]]), W)
    assert result.worst_entry <= TOLERANCE and (result.absolute, result.entries) == (1, 2)
    assert result.floor == floor and result.worst_entry == check_gradient(f, np.array([[1.0, 1e-5]]), W)
    # within the floor, absolutely, passes; 10 floors off fails; the large entry is relative
    assert check_gradient(f, np.array([[1.0, 1e-5 + 0.5 * floor]]), W) <= TOLERANCE
    assert check_gradient(f, np.array([[1.0, 1e-5 + 10 * floor]]), W) > TOLERANCE
    assert check_gradient(f, np.array([[1.0 + 1e-6, 1e-5]]), W) > TOLERANCE


def test_a_gradient_below_the_floor_at_the_advised_step_is_compared_absolutely():
    f = lambda W: float(3.0 + 1e-3 * W[0, 0] + 0.5 * W[0, 0] ** 2)
    W = np.array([[0.0]])
    result = check(f, np.array([[1e-3]]), W)
    assert result.worst_entry <= TOLERANCE and result.absolute == result.entries == 1
    assert check_gradient(f, np.array([[1.1e-3]]), W) > TOLERANCE  # 10% off: far above the floor
    assert not passed(result)  # equal within rounding, but nothing was compared relatively


def test_the_two_checks_the_page_details_pass_comparing_entries_relatively():
    """The recorded detail of the two right gradients: each check passes, and
    compares some entries relatively, so each could fail."""
    from mlp import backprop, objective
    from example_m_d_t import W_h, W_out, X, Y

    right = backprop(X, Y, W_h, W_out)
    for J, gradient, W in ((lambda W: objective(X, W_h, W, Y), right.W_out, W_out),
                           (lambda W: objective(X, W, W_out, Y), right.W_h, W_h)):
        result = check(J, gradient, W)
        assert passed(result) and result.absolute < result.entries


def test_a_step_that_hides_the_whole_gradient_is_refused():
    from mlp import backprop, objective
    from example_m_d_t import W_h, W_out, X, Y

    right = backprop(X, Y, W_h, W_out).W_out
    J = lambda W: objective(X, W_h, W, Y)
    for h in TOO_SMALL:
        floor = rounding_floor(J(W_out), h)
        with pytest.raises(ValueError, match=rf"h = {h:.0e} leaves a rounding floor of {floor:.1e}"
                                             r".*largest is 4.3e-01; use h around 1e-06"):
            check_gradient(J, right, W_out, h)


def test_rounding_floor_bounds_the_measured_rounding_by_a_factor_two():
    """ROUNDING is c: the measured |a - b| h / (ε max(|J|, 1)) stays below c / 2."""
    from support import random_network
    from mlp import backprop, objective

    measured = []
    for seed in range(60):
        n, m, d, t = np.random.default_rng(seed + 10 ** 6).integers(1, 8, size=4)
        X, W_h, W_out, Y = random_network(n, m, d, t, seed)
        right = backprop(X, Y, W_h, W_out)
        for J, gradient, W in ((lambda W: objective(X, W_h, W, Y), right.W_out, W_out),
                               (lambda W: objective(X, W, W_out, Y), right.W_h, W_h)):
            error = np.max(np.abs(numerical_gradient(J, W) - gradient))
            measured.append(error / rounding_floor(J(W), STEP) * ROUNDING)
    assert 0.5 < max(measured) <= ROUNDING / 2


def test_the_step_sweep_shows_what_the_page_claims():
    """Too large: truncation (error ∝ h²) is suspicious; advised: correct;
    too small: rounding (error within the floor, ∝ 1/h) is suspicious, and refused."""
    from mlp import backprop, objective
    from example_m_d_t import W_h, W_out, X, Y

    right = backprop(X, Y, W_h, W_out).W_out
    J = lambda W: objective(X, W_h, W, Y)
    rows = {h: (frobenius, worst)
            for h, frobenius, worst in step_sweep(J, right, W_out, TOO_LARGE + ADVISED + TOO_SMALL)}
    for h in TOO_LARGE + TOO_SMALL:
        assert all(verdict(e).startswith("suspicious") for e in rows[h]), h
    for h in ADVISED:
        assert all(verdict(e).startswith("correct") for e in rows[h]), h
    large, larger = sorted(TOO_LARGE)
    truncation = rows[larger][0] / rows[large][0]            # ∝ h²: the step ratio squared
    assert truncation == pytest.approx((larger / large) ** 2, rel=0.05)
    for h in TOO_SMALL:
        extrapolated = rows[larger][0] * (h / larger) ** 2   # what truncation alone would give
        assert rows[h][0] > 1e6 * extrapolated
        error = np.abs(numerical_gradient(J, W_out, h) - right)
        assert np.max(error) <= rounding_floor(J(W_out), h)  # within the rounding floor
        with pytest.raises(ValueError, match="use h around 1e-06"):
            check_gradient(J, right, W_out, h)
    small, smaller = sorted(TOO_SMALL, reverse=True)
    assert rows[smaller][0] > 10 * rows[small][0]            # rounding grows as h shrinks
    best, safe = sorted(ADVISED, reverse=True)               # "about ten times better"
    assert 3 < rows[safe][1] / rows[best][1] < 30


def sweep_of_the_page():
    """The page's sweep of h for the right grad_W_out: {h: (Frobenius, worst entry)}, and
    its crossover."""
    from mlp import backprop, objective
    from example_m_d_t import W_h, W_out, X, Y

    right = backprop(X, Y, W_h, W_out).W_out
    rows = step_sweep(lambda W: objective(X, W_h, W, Y), right, W_out, TOO_LARGE + ADVISED + TOO_SMALL)
    return {h: (frobenius, worst) for h, frobenius, worst in rows}, crossover(rows)


def test_a_figure_has_a_tilde_exactly_where_rounding_outweighs_truncation():
    """The page: a figure set by rounding gets ~ and one digit. Truncation alone is the
    error at h = 1e-2 scaled by h²; rounding outweighs it where the measured error is
    more than twice that. At h = 1e-4 truncation still sets the error (rounding adds a
    few percent), so its figure has no ~."""
    rows, h_star = sweep_of_the_page()
    large = min(TOO_LARGE)
    truncation = lambda h: rows[large][1] * (h / large) ** 2
    for h, (frobenius, worst) in rows.items():
        rounding_wins = worst > 2 * truncation(h)
        assert figure(worst, h, h_star).startswith("~") == rounding_wins, h
        assert figure(frobenius, h, h_star).startswith("~") == rounding_wins, h
    best = max(ADVISED)
    assert 0.01 < rows[best][1] / truncation(best) - 1 < 0.1        # "a few percent"
    assert 0.01 < (h_star / best) ** 3 < 0.1                        # the same, from the crossover
    assert min(ADVISED) < h_star < best                             # between the advised steps


def test_the_crossover_is_where_the_error_stops_following_h_squared():
    """Three times above the crossover the error is truncation's within a fifth; three
    times below, rounding makes it more than three times truncation's."""
    from mlp import backprop, objective
    from example_m_d_t import W_h, W_out, X, Y

    right = backprop(X, Y, W_h, W_out).W_out
    J = lambda W: objective(X, W_h, W, Y)
    rows, h_star = sweep_of_the_page()
    large = min(TOO_LARGE)
    truncation = lambda h: rows[large][1] * (h / large) ** 2
    above, below = 3 * h_star, h_star / 3
    [(_, _, at_above), (_, _, at_below)] = step_sweep(J, right, W_out, (above, below))
    assert at_above == pytest.approx(truncation(above), rel=0.2)
    assert at_below > 3 * truncation(below)


def test_figures_set_by_rounding_are_printed_for_their_order_of_magnitude():
    """figure(): below the crossover ~ and one digit; from ten times it up two digits
    (rounding is below a thousandth of the error, the same on every machine); in between
    one digit, no ~. The recording shows the rows so, and names the crossover."""
    for h, printed in ((1e-2, "3.5e-05"), (5e-4, "3.5e-05"), (4e-4, "3.5e-05"), (3.9e-4, "3e-05"), (4e-5, "3e-05"),
                       (3e-5, "~3e-05"), (1e-6, "~3e-05")):
        assert figure(3.456e-5, h, 4e-5) == printed, h
    rows, h_star = sweep_of_the_page()
    recorded = (SNIPPETS / "gradient_check.out").read_text(encoding="utf-8")
    for h in TOO_LARGE + ADVISED + TOO_SMALL:
        number = r"\d\.\de-\d\d" if h >= 10 * h_star else r"\de-\d\d" if h >= h_star else r"~\de-\d\d"
        assert re.search(rf"^  {h:.0e} +{number} +{number}  ", recorded, re.M), h
    line = re.search(r"^rounding outweighs truncation below h = ~(\de-\d\d)$", recorded, re.M)
    assert line and float(line[1]) == pytest.approx(h_star, rel=0.5)


def test_the_best_step_is_of_the_order_of_the_cube_root_of_epsilon():
    """The page: ε^(1/3) is a few 1e-6, and the advised 1e-6 lies below it (the safe side)."""
    cube_root = np.finfo(np.float64).eps ** (1 / 3)
    assert 1e-6 < cube_root < 1e-5 and STEP <= cube_root


def test_worst_entry_error_refuses_different_shapes():
    with pytest.raises(ValueError, match=r"shape \(3, 2\) but the numerical one has shape \(2, 3\)"):
        worst_entry_error(np.zeros((3, 2)), np.zeros((2, 3)))


def test_exercise_central_difference_is_exact_for_quadratics():
    import sympy as sp

    p, q, r, w, h = sp.symbols("p q r w h")
    J = lambda v: p * v ** 2 + q * v + r
    exact = sp.diff(J(w), w)
    assert sp.simplify((J(w + h) - J(w - h)) / (2 * h) - exact) == 0
    assert sp.simplify((J(w + h) - J(w)) / h - exact - p * h) == 0


def test_exercise_forgotten_hidden_sigma_prime_fails_only_the_hidden_check():
    from support import random_network
    from mlp import backprop, grad_W_h, objective

    X, W_h, W_out, Y = random_network(3, 4, 5, 2, seed=12)
    right = backprop(X, Y, W_h, W_out)
    _, A_h, _, A_out = forward(X, W_h, W_out)
    forgotten = grad_W_h(X, (A_out - Y) @ W_out.T)
    assert check_gradient(lambda W: objective(X, W_h, W, Y), right.W_out, W_out) <= 1e-7
    assert check_gradient(lambda W: objective(X, W, W_out, Y), forgotten, W_h) > 1e-2


@pytest.mark.parametrize("args, recorded", [((), "gradient_check.out")])
def test_snippet_prints_exactly_its_recorded_output(args, recorded):
    assert_prints_recorded("gradient_check.py", args, recorded)
