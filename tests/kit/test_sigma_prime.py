"""The σ' page: the squared error's δ, its gradient, and the exercises."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from support import assert_prints_recorded, random_network
from gradient_check import check_gradient
from mlp import forward, grad_W_out, output_delta_squared_error, squared_error
from sigma_prime import deltas_against_z, gradients_of_both_losses

a, y, z = sp.symbols("a y z", real=True)
sigma = 1 / (1 + sp.exp(-z))
sizes = st.integers(min_value=1, max_value=7)


def test_squared_error_dJ_da_is_a_minus_y():
    assert sp.simplify(sp.diff(sp.Rational(1, 2) * (a - y) ** 2, a) - (a - y)) == 0


def test_squared_error_delta_keeps_sigma_prime():
    through_z = sp.diff(sp.Rational(1, 2) * (sigma - y) ** 2, z)
    assert sp.simplify(through_z - (sigma - y) * sigma * (1 - sigma)) == 0
    # ...and it is not a - y: σ' did not cancel.
    assert sp.simplify(through_z - (sigma - y)) != 0


@settings(max_examples=40)
@given(n=sizes, m=sizes, d=sizes, t=sizes, seed=st.integers(0, 2**32 - 1))
def test_squared_error_gradient_matches_finite_differences(n, m, d, t, seed):
    X, W_h, W_out, Y = random_network(n, m, d, t, seed)
    _, A_h, _, A_out = forward(X, W_h, W_out)
    analytic = grad_W_out(A_h, output_delta_squared_error(A_out, Y))
    J = lambda W: squared_error(forward(X, W_h, W).A_out, Y)
    assert check_gradient(J, analytic, W_out) <= 1e-7


def test_the_two_losses_give_different_gradients_on_the_worked_example():
    import example_2_2_2 as example
    ce, se = gradients_of_both_losses(example.x, example.W_h, example.W_out, example.y)
    assert not np.allclose(ce, se)


def test_saturated_wrong_output_learns_under_cross_entropy_only():
    _, delta_ce, delta_se = deltas_against_z(np.array([-12.0]), 1.0)
    assert delta_ce[0] < -0.99 and abs(delta_se[0]) < 1e-5


def test_exercise_saturated_wrong_output_with_target_zero():
    assert sp.limit(sigma - 0, z, sp.oo) == 1
    assert sp.limit((sigma - 0) * sigma * (1 - sigma), z, sp.oo) == 0


def test_exercise_largest_squared_error_delta():
    f = a * (1 - a) ** 2
    assert sp.factor(sp.diff(f, a)) in {(a - 1) * (3 * a - 1), (1 - a) * (1 - 3 * a)}
    critical = sp.solve(sp.diff(f, a), a)
    best = max(critical, key=lambda point: f.subs(a, point))
    assert best == sp.Rational(1, 3) and f.subs(a, best) == sp.Rational(4, 27)
    assert sp.simplify(sigma.subs(z, sp.log(sp.Rational(1, 2))) - sp.Rational(1, 3)) == 0


@pytest.mark.parametrize("args, recorded", [((), "sigma_prime.out")])
def test_snippet_prints_exactly_its_recorded_output(args, recorded):
    assert_prints_recorded("sigma_prime.py", args, recorded)
