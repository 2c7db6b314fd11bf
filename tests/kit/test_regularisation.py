"""The regularisation page: the whole stated objective, the parts, the mean, the exercises."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from support import assert_prints_recorded, random_network
from gradient_check import check_gradient, relative_error
from mlp import backprop, l2_gradient, l2_penalty, objective, sigmoid
from regularisation import J_regularised, gradients_regularised

sizes = st.integers(min_value=1, max_value=7)


@settings(max_examples=40)
@given(n=sizes, m=sizes, d=sizes, t=sizes, seed=st.integers(0, 2**32 - 1),
       lam=st.sampled_from([0.0, 0.01, 0.5, 3.0]))
def test_gradient_of_the_whole_stated_objective(n, m, d, t, seed, lam):
    X, W_h, W_out, Y = random_network(n, m, d, t, seed)
    grad_W_h, grad_W_out = gradients_regularised(X, W_h, W_out, Y, lam)
    assert check_gradient(lambda W: J_regularised(X, W, W_out, Y, lam), grad_W_h, W_h) <= 1e-7
    assert check_gradient(lambda W: J_regularised(X, W_h, W, Y, lam), grad_W_out, W_out) <= 1e-7


def test_penalty_derivative_symbolically():
    lam = sp.Symbol("lambda", positive=True)
    W = sp.Matrix(2, 3, lambda i, j: sp.Symbol(f"w_{i}{j}"))
    penalty = lam / 2 * sum(w ** 2 for w in W)
    assert all(sp.diff(penalty, W[i, j]) == lam * W[i, j] for i in range(2) for j in range(3))


def test_penalty_is_what_the_page_states():
    W1, W2 = np.array([[1.0, -2.0]]), np.array([[3.0], [0.5]])
    assert l2_penalty(0.2, W1, W2) == 0.1 * (1 + 4 + 9 + 0.25)


def test_mean_divides_every_gradient_by_n():
    X, W_h, W_out, Y = random_network(5, 3, 4, 2, seed=2)
    plain = backprop(X, Y, W_h, W_out)
    n = X.shape[0]
    assert check_gradient(lambda W: objective(X, W, W_out, Y) / n, plain.W_h / n, W_h) <= 1e-7
    assert check_gradient(lambda W: objective(X, W_h, W, Y) / n, plain.W_out / n, W_out) <= 1e-7


def test_exercise_weight_decay_form_of_the_step():
    X, W_h, W_out, Y = random_network(3, 4, 5, 2, seed=3)
    eta, lam = 0.3, 0.05
    _, grad_W_out = gradients_regularised(X, W_h, W_out, Y, lam)
    plain = backprop(X, Y, W_h, W_out).W_out
    assert np.allclose(W_out - eta * grad_W_out, (1 - eta * lam) * W_out - eta * plain)


def test_exercise_factor_two_slip_has_relative_error_one_half():
    rng = np.random.default_rng(0)
    for _ in range(5):
        W, lam = rng.normal(size=(3, 4)), rng.uniform(0.01, 5)
        true_gradient = 2 * lam * W  # of λ‖W‖²
        assert abs(relative_error(l2_gradient(lam, W), true_gradient) - 0.5) < 1e-12


def test_raschkas_update_is_the_gradient_of_another_cost():
    """NeuralNetMLP prints J + λ‖W‖² but steps along grad + λW: the page says the check calls it wrong."""
    from regularisation import J_book, lam as page_lam
    from example_m_d_t import W_h, W_out, X, Y

    _, grad_W_out = gradients_regularised(X, W_h, W_out, Y, page_lam)
    J_of_W_out = lambda W: J_book(X, W_h, W, Y, page_lam)
    assert check_gradient(J_of_W_out, grad_W_out, W_out) > 1e-2
    # The gradient of the printed cost has 2λW: that one passes.
    book_gradient = backprop(X, Y, W_h, W_out).W_out + 2 * page_lam * W_out
    assert check_gradient(J_of_W_out, book_gradient, W_out) <= 1e-7


@settings(max_examples=60, deadline=None)
@given(w=st.floats(-5, 5), b=st.floats(-50, 50), x=st.floats(-5, 5))
def test_a_units_slope_along_an_input_is_at_most_a_quarter_of_its_weight_whatever_its_bias(w, b, x):
    """The page: however large the bias, d σ(w x + b)/dx = σ'(z) w is at most |w| / 4."""
    a = sigmoid(np.array(w * x + b))
    slope = a * (1 - a) * w
    assert abs(slope) <= abs(w) / 4 + 1e-15
    assert abs(sigmoid(np.array(0.0)) * (1 - sigmoid(np.array(0.0))) * w) == pytest.approx(abs(w) / 4)  # at z = 0


@pytest.mark.parametrize("args, recorded", [((), "regularisation.out")])
def test_snippet_prints_exactly_its_recorded_output(args, recorded):
    assert_prints_recorded("regularisation.py", args, recorded)
