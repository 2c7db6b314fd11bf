"""The hidden-layer page: δ^(h), ∂J/∂W^(h), their loops, SymPy, and the exercises."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from support import agree_at_random_points, assert_prints_recorded, random_network
from gradient_check import check_gradient, relative_error
from hidden_layer import grad_W_h_loop, hidden_delta_loop
from mlp import forward, grad_W_h, grad_W_out, hidden_delta, objective, output_delta

sizes = st.integers(min_value=1, max_value=7)


def hidden_gradient(X, W_h, W_out, Y):
    _, A_h, _, A_out = forward(X, W_h, W_out)
    delta_out = output_delta(A_out, Y)
    delta_h = hidden_delta(delta_out, W_out, A_h)
    return delta_out, A_h, delta_h, grad_W_h(X, delta_h)


@settings(max_examples=50)
@given(n=sizes, m=sizes, d=sizes, t=sizes, seed=st.integers(0, 2**32 - 1))
def test_grad_W_h_matches_finite_differences_and_the_loops(n, m, d, t, seed):
    X, W_h, W_out, Y = random_network(n, m, d, t, seed)
    delta_out, A_h, delta_h, gradient = hidden_gradient(X, W_h, W_out, Y)
    assert gradient.shape == W_h.shape
    assert check_gradient(lambda W: objective(X, W, W_out, Y), gradient, W_h) <= 1e-7
    assert np.allclose(hidden_delta_loop(delta_out, W_out, A_h), delta_h, rtol=1e-12, atol=1e-15)
    assert np.allclose(grad_W_h_loop(X, delta_h), gradient, rtol=1e-12, atol=1e-15)


def test_element_wise_formula_symbolically():
    # n = 2 examples, m = 2 inputs, d = 2 hidden units, t = 2 outputs.
    n, m, d, t = 2, 2, 2, 2
    X = sp.Matrix(n, m, lambda k, l: sp.Symbol(f"x_{k}{l}"))
    W_h = sp.Matrix(m, d, lambda l, i: sp.Symbol(f"wh_{l}{i}"))
    W_out = sp.Matrix(d, t, lambda i, j: sp.Symbol(f"wo_{i}{j}"))
    Y = sp.Matrix(n, t, lambda k, j: sp.Symbol(f"y_{k}{j}"))
    sig = lambda value: 1 / (1 + sp.exp(-value))
    A_h = (X * W_h).applyfunc(sig)
    A_out = (A_h * W_out).applyfunc(sig)
    J = -sum(Y[k, j] * sp.log(A_out[k, j]) + (1 - Y[k, j]) * sp.log(1 - A_out[k, j])
             for k in range(n) for j in range(t))
    delta_out = A_out - Y
    # δ_ki^(h) = (Σ_j δ_kj^(out) w_ij^(out)) a_ki (1 - a_ki), as the page writes it
    delta_h = sp.Matrix(n, d, lambda k, i: sum(delta_out[k, j] * W_out[i, j] for j in range(t))
                        * A_h[k, i] * (1 - A_h[k, i]))
    symbols = list(X) + list(W_h) + list(W_out) + list(Y)
    for l in range(m):
        for i in range(d):
            formula = sum(X[k, l] * delta_h[k, i] for k in range(n))
            assert agree_at_random_points(sp.diff(J, W_h[l, i]), formula, symbols), (l, i)
    # ... and the sum over j is entry (k, i) of δ^(out) (W^(out))^T.
    assert (delta_out * W_out.T - sp.Matrix(n, d, lambda k, i: sum(
        delta_out[k, j] * W_out[i, j] for j in range(t)))).expand() == sp.zeros(n, d)


def test_hidden_delta_refuses_mismatched_shapes():
    with pytest.raises(ValueError, match=r"A_h has shape \(3, 4\); expected \(3, 5\)"):
        hidden_delta(np.ones((3, 2)), np.ones((5, 2)), np.ones((3, 4)))
    with pytest.raises(ValueError, match=r"cannot multiply X.T \(4, 3\) by delta_h \(2, 5\)"):
        grad_W_h(np.ones((3, 4)), np.ones((2, 5)))


def test_exercise_unit_that_feeds_nothing_gets_no_gradient():
    X, W_h, W_out, Y = random_network(3, 4, 5, 2, seed=8)
    W_out[2] = 0.0
    delta_out, A_h, delta_h, gradient = hidden_gradient(X, W_h, W_out, Y)
    assert np.all(delta_h[:, 2] == 0) and np.all(gradient[:, 2] == 0)
    assert np.any(grad_W_out(A_h, delta_out)[2] != 0)


def test_exercise_untransposed_W_out_is_wrong_even_when_shapes_fit():
    X, W_h, W_out, Y = random_network(3, 4, 2, 2, seed=9)  # d = t
    delta_out, A_h, _, right = hidden_gradient(X, W_h, W_out, Y)
    wrong = grad_W_h(X, (delta_out @ W_out) * A_h * (1 - A_h))
    assert wrong.shape == right.shape
    assert relative_error(wrong, right) > 1e-2


def test_paths_add_in_the_pages_two_line_example():
    """f = u v, u = x², v = 3x: the sum over both paths is df/dx; either path alone is not."""
    x, u, v = sp.symbols("x u v")
    f = u * v
    U, V = x ** 2, 3 * x
    on_path = {u: U, v: V}
    through_u = sp.diff(f, u).subs(on_path) * sp.diff(U, x)
    through_v = sp.diff(f, v).subs(on_path) * sp.diff(V, x)
    direct = sp.diff(f.subs(on_path), x)
    assert sp.expand(through_u) == 6 * x ** 2 and sp.expand(through_v) == 3 * x ** 2  # as the page writes
    assert sp.expand(through_u + through_v - direct) == 0 and sp.expand(direct) == 9 * x ** 2
    assert sp.expand(through_u - direct) != 0 and sp.expand(through_v - direct) != 0


@pytest.mark.parametrize("args, recorded", [((), "hidden_layer.out")])
def test_snippet_prints_exactly_its_recorded_output(args, recorded):
    assert_prints_recorded("hidden_layer.py", args, recorded)


def test_every_number_and_verdict_of_the_output_shows_on_a_phone():
    """No value of hidden_layer.out sits past the right edge of a 390 px output block."""
    from support import SNIPPETS
    from recorded import hidden_on_a_phone

    assert hidden_on_a_phone((SNIPPETS / "hidden_layer.out").read_text(encoding="utf-8")) == []
