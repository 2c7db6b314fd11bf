"""The biases page: ∂J/∂b as column sums of δ, the column-of-ones view, and the exercises."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from biases import grad_W_out_with_ones_column
from support import assert_prints_recorded, random_network
from gradient_check import check_gradient
from mlp import backprop, cross_entropy, forward, grad_b, output_delta

sizes = st.integers(min_value=1, max_value=7)


def J_with_biases(X, Y, W_h, W_out, b_h, b_out):
    return cross_entropy(forward(X, W_h, W_out, b_h, b_out).Z_out, Y)


@settings(max_examples=50)
@given(n=sizes, m=sizes, d=sizes, t=sizes, seed=st.integers(0, 2**32 - 1))
def test_every_gradient_with_biases_matches_finite_differences(n, m, d, t, seed):
    X, W_h, W_out, Y = random_network(n, m, d, t, seed)
    rng = np.random.default_rng(seed)
    b_h, b_out = rng.uniform(-1, 1, size=(1, d)), rng.uniform(-1, 1, size=(1, t))
    params = dict(W_h=W_h, W_out=W_out, b_h=b_h, b_out=b_out)
    gradients = backprop(X, Y, **params)
    for name, value in params.items():
        J = lambda P: J_with_biases(X, Y, **(params | {name: P}))
        assert getattr(gradients, name).shape == value.shape
        assert check_gradient(J, getattr(gradients, name), value) <= 1e-7, name


def test_ones_column_gives_the_bias_and_weight_gradients():
    X, W_h, W_out, Y = random_network(4, 3, 5, 2, seed=4)
    b_out = np.array([[0.2, -0.5]])
    _, A_h, _, A_out = forward(X, W_h, W_out, b_out=b_out)
    delta_out = output_delta(A_out, Y)
    weights, bias = grad_W_out_with_ones_column(A_h, delta_out)
    assert np.allclose(bias, grad_b(delta_out)) and np.allclose(weights, A_h.T @ delta_out)


def test_bias_derivative_symbolically():
    n, t = 2, 3
    A = sp.Matrix(n, 2, lambda k, i: sp.Symbol(f"a_{k}{i}"))
    W = sp.Matrix(2, t, lambda i, j: sp.Symbol(f"w_{i}{j}"))
    b = sp.Matrix(1, t, lambda _, j: sp.Symbol(f"b_{j}"))
    Y = sp.Matrix(n, t, lambda k, j: sp.Symbol(f"y_{k}{j}"))
    Z = A * W + sp.ones(n, 1) * b
    sig = lambda value: 1 / (1 + sp.exp(-value))
    J = -sum(Y[k, j] * sp.log(sig(Z[k, j])) + (1 - Y[k, j]) * sp.log(1 - sig(Z[k, j]))
             for k in range(n) for j in range(t))
    delta = Z.applyfunc(sig) - Y
    for j in range(t):
        assert all(sp.diff(Z[k, j], b[j]) == 1 for k in range(n))
        assert sp.simplify(sp.diff(J, b[j]) - sum(delta[k, j] for k in range(n))) == 0


def test_bad_bias_shape_is_refused():
    with pytest.raises(ValueError, match=r"b_out has shape \(2,\)|b_out must be a 2-D array"):
        forward(np.ones((3, 2)), np.ones((2, 4)), np.ones((4, 2)), b_out=np.ones(2))
    with pytest.raises(ValueError, match=r"b_h has shape \(1, 3\); expected a \(1, 4\) row"):
        forward(np.ones((3, 2)), np.ones((2, 4)), np.ones((4, 2)), b_h=np.ones((1, 3)))


def test_exercise_one_example_bias_gradient_is_delta():
    X, W_h, W_out, Y = random_network(1, 3, 4, 2, seed=6)
    gradients = backprop(X, Y, W_h, W_out, np.zeros((1, 4)), np.zeros((1, 2)))
    _, _, _, A_out = forward(X, W_h, W_out)
    assert np.allclose(gradients.b_out, output_delta(A_out, Y))


def test_exercise_mean_loss_bias_gradient_is_column_mean():
    X, W_h, W_out, Y = random_network(5, 3, 4, 2, seed=7)
    b_out = np.array([[0.1, -0.2]])
    _, _, _, A_out = forward(X, W_h, W_out, b_out=b_out)
    column_mean = output_delta(A_out, Y).mean(axis=0, keepdims=True)
    J_mean = lambda b: cross_entropy(forward(X, W_h, W_out, b_out=b).Z_out, Y) / X.shape[0]
    assert check_gradient(J_mean, column_mean, b_out) <= 1e-7


@pytest.mark.parametrize("args, recorded", [((), "biases.out")])
def test_snippet_prints_exactly_its_recorded_output(args, recorded):
    assert_prints_recorded("biases.py", args, recorded)


def test_ones_column_names_the_callers_shapes():
    """A mismatch is reported with the shapes the reader passed, not the widened (n, d + 1) one."""
    with pytest.raises(ValueError, match=r"cannot multiply A_h.T \(2, 3\) by delta_out \(4, 2\)"):
        grad_W_out_with_ones_column(np.ones((3, 2)), np.ones((4, 2)))
