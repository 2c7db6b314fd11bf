"""The site's network (snippets/mlp.py): gradients, stability, and clear errors."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from support import random_network
from gradient_check import check_gradient, numerical_gradient, relative_error
from mlp import cross_entropy, forward, grad_W_out, objective, output_delta, sigmoid

TOLERANCE = 1e-7


def analytic_grad_W_out(X, W_h, W_out, Y):
    _, A_h, _, A_out = forward(X, W_h, W_out)
    return grad_W_out(A_h, output_delta(A_out, Y))


sizes = st.integers(min_value=1, max_value=7)


@settings(max_examples=60)
@given(n=sizes, m=sizes, d=sizes, t=sizes, seed=st.integers(0, 2**32 - 1))
def test_grad_W_out_matches_finite_differences(n, m, d, t, seed):
    X, W_h, W_out, Y = random_network(n, m, d, t, seed)
    J = lambda W: objective(X, W_h, W, Y)
    assert check_gradient(J, analytic_grad_W_out(X, W_h, W_out, Y), W_out) <= TOLERANCE


def test_grad_W_out_matches_finite_differences_non_square():
    # n, m, d, t all different: a transposed product cannot hide here.
    X, W_h, W_out, Y = random_network(n=3, m=4, d=5, t=2, seed=7)
    numeric = numerical_gradient(lambda W: objective(X, W_h, W, Y), W_out)
    assert relative_error(analytic_grad_W_out(X, W_h, W_out, Y), numeric) <= TOLERANCE


def test_grad_W_out_has_the_shape_of_W_out():
    X, W_h, W_out, Y = random_network(n=3, m=4, d=5, t=2, seed=1)
    assert analytic_grad_W_out(X, W_h, W_out, Y).shape == W_out.shape == (5, 2)


def test_forward_shapes_follow_the_notation_table():
    X, W_h, W_out, _ = random_network(n=3, m=4, d=5, t=2, seed=2)
    Z_h, A_h, Z_out, A_out = forward(X, W_h, W_out)
    assert Z_h.shape == A_h.shape == (3, 5)
    assert Z_out.shape == A_out.shape == (3, 2)


def test_sigmoid_matches_its_definition_and_stays_finite():
    z = np.linspace(-30, 30, 61)
    assert np.allclose(sigmoid(z), 1 / (1 + np.exp(-z)), rtol=1e-15, atol=0)
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # no overflow warning, even far out
        extreme = sigmoid(np.array([-1000.0, 1000.0]))
    assert extreme.tolist() == [0.0, 1.0]


def test_cross_entropy_matches_its_definition():
    rng = np.random.default_rng(3)
    Z_out, Y = rng.normal(size=(4, 3)), rng.uniform(size=(4, 3))
    A_out = 1 / (1 + np.exp(-Z_out))
    by_definition = -np.sum(Y * np.log(A_out) + (1 - Y) * np.log(1 - A_out))
    assert cross_entropy(Z_out, Y) == pytest.approx(by_definition, rel=1e-12)


def test_extreme_logits_give_finite_loss_and_gradient():
    A_h = np.array([[0.3, 0.9]])
    W_out = np.array([[2000.0, -2000.0], [1000.0, -1000.0]])  # z_out = ±1500
    Y = np.array([[0.0, 1.0]])  # both outputs confidently wrong
    Z_out = A_h @ W_out
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        J = cross_entropy(Z_out, Y)
        grad = grad_W_out(A_h, output_delta(sigmoid(Z_out), Y))
    assert np.isfinite(J) and J == pytest.approx(2 * 1500.0)
    assert np.all(np.isfinite(grad))
    assert np.allclose(grad, A_h.T @ np.array([[1.0, -1.0]]))


@pytest.mark.parametrize("call, message", [
    (lambda: forward(np.ones(2), np.ones((2, 2)), np.ones((2, 2))), r"X must be a 2-D array.*\(2,\)"),
    (lambda: forward(np.ones((1, 3)), np.ones((2, 2)), np.ones((2, 2))),
     r"cannot multiply X \(1, 3\) by W_h \(2, 2\): expected W_h to have 3 rows"),
    (lambda: forward(np.ones((1, 2)), np.ones((2, 3)), np.ones((2, 2))),
     r"cannot multiply A_h \(1, 3\) by W_out \(2, 2\)"),
    (lambda: grad_W_out(np.ones(2), np.ones((1, 2))), r"A_h must be a 2-D array.*\(2,\)"),
    (lambda: grad_W_out(np.ones((3, 2)), np.ones((2, 2))),
     r"cannot multiply A_h.T \(2, 3\) by delta_out \(2, 2\): expected delta_out to have 3 rows"),
    (lambda: output_delta(np.ones((2, 2)), np.ones((2, 3))),
     r"A_out has shape \(2, 2\) but Y has shape \(2, 3\)"),
    (lambda: output_delta(np.full((1, 2), 0.5), np.array([[1.5, 0.0]])), r"targets Y must lie in \[0, 1\]; got \[1.5\]"),
    (lambda: cross_entropy(np.zeros((1, 2)), np.array([[0.0, -1.0]])), r"got \[-1.0\]"),
    (lambda: cross_entropy(np.array([[np.nan, 0.0]]), np.zeros((1, 2))), r"Z_out of shape \(1, 2\) contains NaN"),
])
def test_bad_input_raises_a_clear_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_a_message_lists_at_most_five_bad_positions():
    """Many NaNs: the message names the first five positions, not a wall of them."""
    X = np.full((3, 4), np.nan)
    with pytest.raises(ValueError) as error:
        forward(X, np.ones((4, 2)), np.ones((2, 2)))
    assert str(error.value).count("[") - 1 == 5  # one list of five [row, column] pairs
