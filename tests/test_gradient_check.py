"""The finite-difference check (snippets/gradient_check.py) itself."""

import numpy as np
import pytest

from gradient_check import numerical_gradient, relative_error


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
