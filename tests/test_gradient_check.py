"""The finite-difference check (snippets/gradient_check.py) itself."""

import numpy as np
import pytest

from gradient_check import check_gradient, numerical_gradient, relative_error, verdict
from mlp import forward


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


def test_check_gradient_tolerates_rounding_noise_only():
    # A gradient entry that cancels to ~1e-3 is resolved to within rounding...
    f = lambda W: float(3.0 + 1e-3 * W[0, 0] + 0.5 * W[0, 0] ** 2)
    W = np.array([[0.0]])
    assert check_gradient(f, np.array([[1e-3]]), W) <= 1e-7
    # ...while an error far above the noise floor is still caught: 10% off is
    # not "correct" on that tiny entry, and "wrong" on a gradient of size 1.
    assert check_gradient(f, np.array([[1.1e-3]]), W) > 1e-7
    g = lambda W: float(3.0 + W[0, 0] + 0.5 * W[0, 0] ** 2)
    assert check_gradient(g, np.array([[1.1]]), W) > 1e-2


def test_exercise_central_difference_is_exact_for_quadratics():
    import sympy as sp

    p, q, r, w, h = sp.symbols("p q r w h")
    J = lambda v: p * v ** 2 + q * v + r
    exact = sp.diff(J(w), w)
    assert sp.simplify((J(w + h) - J(w - h)) / (2 * h) - exact) == 0
    assert sp.simplify((J(w + h) - J(w)) / h - exact - p * h) == 0


def test_exercise_forgotten_hidden_sigma_prime_fails_only_the_hidden_check():
    from conftest import random_network
    from mlp import backprop, grad_W_h, objective

    X, W_h, W_out, Y = random_network(3, 4, 5, 2, seed=12)
    right = backprop(X, Y, W_h, W_out)
    _, A_h, _, A_out = forward(X, W_h, W_out)
    forgotten = grad_W_h(X, (A_out - Y) @ W_out.T)
    assert check_gradient(lambda W: objective(X, W_h, W, Y), right.W_out, W_out) <= 1e-7
    assert check_gradient(lambda W: objective(X, W, W_out, Y), forgotten, W_h) > 1e-2
