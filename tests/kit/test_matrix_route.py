"""The matrix-route page: dJ = tr(δᵀ dZ), dZ = A dW, so ∂J/∂W = Aᵀδ; and ∂Z/∂W with four indices.

The identities are checked with SymPy on symbolic matrices of small concrete
shapes, n, m, d, t = 2, 3, 4, 5 (all different, so no transpose can pass for
another), and the code numerically on random shapes drawn by Hypothesis.
"""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from support import SNIPPETS, assert_prints_recorded, random_network
from recorded import appears_in
from formatting import fmt
from gradient_check import numerical_gradient
from mlp import forward, grad_W_out, objective, output_delta
from matrix_route import contract, dZ_dW, trace_of_product
from mistakes import TRANSPOSED

N, M, D, T = 2, 3, 4, 5
sizes = st.integers(min_value=1, max_value=6)


def matrix(name, rows, columns):
    return sp.Matrix(rows, columns, lambda r, c: sp.Symbol(f"{name}_{r + 1}{c + 1}", real=True))


def sigmoid(z):
    return 1 / (1 + sp.exp(-z))


def symbolic_network():
    """X (n x m), W_h, W_out, Y as symbols; A_h, Z_out and the site's J built from them."""
    X, W_h, W_out, Y = matrix("x", N, M), matrix("wh", M, D), matrix("wo", D, T), matrix("y", N, T)
    A_h = (X * W_h).applyfunc(sigmoid)
    return X, W_h, W_out, Y, A_h


def agree_at_random_points(left, right, symbols, trials=3, seed=0):
    """True if two SymPy expressions agree to 40 digits at random rational points (exact
    rationals put in, then 50 digits): the derivatives stay symbolic, only the comparison is at points."""
    rng = np.random.default_rng(seed)
    for _ in range(trials):
        point = {s: sp.Rational(int(rng.integers(-90, 91)), 37) for s in symbols}
        difference = sp.sympify(left).xreplace(point) - sp.sympify(right).xreplace(point)
        if abs(sp.N(difference, 50)) > sp.Float(10) ** -40:
            return False
    return True


def site_J(Z_out, Y):
    A_out = Z_out.applyfunc(sigmoid)
    return -sum(Y[k, j] * sp.log(A_out[k, j]) + (1 - Y[k, j]) * sp.log(1 - A_out[k, j])
                for k in range(Z_out.rows) for j in range(Z_out.cols))


# --- the identities, symbolically ------------------------------------------------------

def test_trace_of_BT_C_is_the_sum_of_B_times_C_entry_by_entry():
    B, C = matrix("b", N, T), matrix("c", N, T)
    assert sp.expand((B.T * C).trace() - sum(B.multiply_elementwise(C))) == 0
    assert sp.expand((B.T * C).trace() - (C.T * B).trace()) == 0  # tr(Bᵀ C) = tr(Cᵀ B)


def test_dZ_is_A_dW_when_only_W_out_changes():
    """With the hidden layer written out (X of n x m): A_h = σ(X W_h) does not move with W_out."""
    _, _, W_out, _, A_h = symbolic_network()
    dW, eps = matrix("dw", D, T), sp.Symbol("epsilon")
    Z = A_h * (W_out + eps * dW)
    dZ = Z.diff(eps).subs(eps, 0)
    assert sp.expand(dZ - A_h * dW) == sp.zeros(N, T)


def test_dJ_is_the_trace_of_delta_T_dZ_and_of_the_gradient_T_dW():
    """For the site's J: d/dε J(W_out + ε dW) at 0 = tr(δᵀ A dW) = tr((Aᵀ δ)ᵀ dW), with δ = ∂J/∂Z.

    A_h is held as symbols of its own: it does not depend on W_out, whatever made it.
    """
    A_h, W_out, Y = matrix("a", N, D), matrix("wo", D, T), matrix("y", N, T)
    dW, eps = matrix("dw", D, T), sp.Symbol("epsilon")
    Z_symbols = matrix("z", N, T)
    J_of_Z = site_J(Z_symbols, Y)
    delta = Z_symbols.applyfunc(lambda z: sp.diff(J_of_Z, z))     # ∂J/∂Z, entry by entry
    at_W = dict(zip(Z_symbols, A_h * W_out))
    dJ = sp.diff(site_J(A_h * (W_out + eps * dW), Y), eps).subs(eps, 0)
    step_1 = (delta.T * A_h * dW).trace().xreplace(at_W)
    step_3 = ((A_h.T * delta).T * dW).trace().xreplace(at_W)
    symbols = sorted(A_h.free_symbols | W_out.free_symbols | Y.free_symbols | dW.free_symbols, key=str)
    assert agree_at_random_points(dJ, step_1, symbols)
    assert agree_at_random_points(step_1, step_3, symbols)
    every_entry = sum((A_h.T * delta).T * dW).xreplace(at_W)  # the trace's diagonal is what counts
    assert not agree_at_random_points(dJ, every_entry, symbols)
    # δ = A_out − Y for sigmoid outputs and the cross-entropy
    assert sp.simplify(delta[0, 0] - (sigmoid(Z_symbols[0, 0]) - Y[0, 0])) == 0


def test_the_coefficient_of_each_dw_is_the_derivative_by_that_weight():
    """Reading off: dJ = tr(Gᵀ dW) = Σ g_ij dw_ij, so G's entry (i, j) multiplies dw_ij, and it is ∂J/∂w_ij."""
    A_h, W_out, Y = matrix("a", N, D), matrix("wo", D, T), matrix("y", N, T)
    dW, eps = matrix("dw", D, T), sp.Symbol("epsilon")
    dJ = sp.diff(site_J(A_h * (W_out + eps * dW), Y), eps).subs(eps, 0)
    J = site_J(A_h * W_out, Y)
    symbols = sorted(A_h.free_symbols | W_out.free_symbols | Y.free_symbols, key=str)
    for i, j in [(0, 0), (1, 3), (3, 4), (2, 1)]:
        coefficient = sp.diff(dJ, dW[i, j])
        assert agree_at_random_points(coefficient, sp.diff(J, W_out[i, j]), symbols)
        assert not agree_at_random_points(coefficient, sp.diff(J, W_out[(i + 1) % D, j]), symbols)


def test_dZ_dW_has_four_indices_and_its_entries_are_iverson_times_a():
    A_h, W_out = matrix("a", N, D), matrix("w", D, T)
    Z = A_h * W_out
    for k in range(N):
        for j in range(T):
            for i in range(D):
                for j2 in range(T):
                    assert sp.diff(Z[k, j], W_out[i, j2]) == (A_h[k, i] if j == j2 else 0)


def test_contracting_dZ_dW_with_delta_is_A_T_delta():
    A_h, delta, W_out = matrix("a", N, D), matrix("delta", N, T), matrix("w", D, T)
    Z = A_h * W_out
    contracted = sp.Matrix(D, T, lambda i, j2: sum(delta[k, j] * sp.diff(Z[k, j], W_out[i, j2])
                                                   for k in range(N) for j in range(T)))
    assert sp.expand(contracted - A_h.T * delta) == sp.zeros(D, T)
    assert (delta.T * A_h).shape == (T, D) != contracted.shape  # the gradient transposed: another shape


def test_the_column_conventions_gradient_is_delta_a_T_the_activations_transposed_on_the_right():
    """The page: in the column convention's layer W a (W of t x d, a column a_k per example) the
    activations stand right of the weights, the same regrouping gives Σ_k δ_k a_kᵀ = δ aᵀ, t x d,
    the activations again the transposed factor: the transpose of this page's (A_h)ᵀ δ."""
    A_h, delta = matrix("a", N, D), matrix("delta", N, T)
    dW_col = matrix("dv", T, D)
    # J to first order in Z: Σ_k δ_kᵀ z_k, with z_k = W_col a_k, a_k column k of A_hᵀ
    column = lambda M, k: M[k, :].T
    dJ = sum((column(delta, k).T * dW_col * column(A_h, k))[0, 0] for k in range(N))
    G = sp.Matrix(T, D, lambda j, i: sp.diff(dJ, dW_col[j, i]))  # dJ = tr(Gᵀ dW_col): G's entries
    outer = sum((column(delta, k) * column(A_h, k).T for k in range(N)), sp.zeros(T, D))
    assert sp.expand(G - outer) == sp.zeros(T, D)                 # δ aᵀ: a on the right, transposed
    assert sp.expand(G - (A_h.T * delta).T) == sp.zeros(T, D)     # this page's gradient, transposed
    assert G.shape == (T, D) and (A_h.T * delta).shape == (D, T)


# --- the code, numerically ----------------------------------------------------------------

@settings(max_examples=40, deadline=None)
@given(n=sizes, m=sizes, d=sizes, t=sizes, seed=st.integers(0, 2**32 - 1))
def test_the_four_index_array_is_the_jacobian_and_contracts_to_the_gradient(n, m, d, t, seed):
    X, W_h, W_out, Y = random_network(n, m, d, t, seed)
    _, A_h, _, A_out = forward(X, W_h, W_out)
    delta_out = output_delta(A_out, Y)
    array = dZ_dW(A_h, t)
    assert array.shape == (n, t, d, t)
    for i in range(d):  # Z = A_h W is linear in W: a difference quotient is exact up to rounding
        for j2 in range(t):
            E = np.zeros((d, t))
            E[i, j2] = 1.0
            assert np.allclose(array[:, :, i, j2], A_h @ (W_out + E) - A_h @ W_out, rtol=0, atol=1e-12)
    assert np.allclose(contract(delta_out, array), grad_W_out(A_h, delta_out), rtol=1e-12, atol=1e-14)
    flat = array.transpose(1, 0, 3, 2).reshape(n * t, d * t)
    assert np.array_equal(flat, np.kron(np.eye(t), A_h))


@settings(max_examples=40, deadline=None)
@given(n=sizes, m=sizes, d=sizes, t=sizes, seed=st.integers(0, 2**32 - 1))
def test_dJ_along_any_direction_is_the_trace_and_matches_central_differences(n, m, d, t, seed):
    X, W_h, W_out, Y = random_network(n, m, d, t, seed)
    _, A_h, _, A_out = forward(X, W_h, W_out)
    grad = grad_W_out(A_h, output_delta(A_out, Y))
    dW = np.random.default_rng(seed).normal(size=(d, t))
    J_along = lambda s: objective(X, W_h, W_out + s[0, 0] * dW, Y)
    numeric = numerical_gradient(J_along, np.zeros((1, 1)))[0, 0]
    assert trace_of_product(grad, dW) == pytest.approx(np.sum(grad * dW), rel=1e-12, abs=1e-14)
    assert trace_of_product(grad, dW) == pytest.approx(numeric, rel=1e-6, abs=1e-8)


def test_the_transpose_missing_gives_the_wrong_weights_derivatives():
    """The exercises' mistake: (δᵀ A)'s entries are the derivatives by other weights."""
    X, W_h, W_out, Y = random_network(3, 4, 2, 2, seed=7)
    _, A_h, _, A_out = forward(X, W_h, W_out)
    delta_out = output_delta(A_out, Y)
    numeric = numerical_gradient(lambda W: objective(X, W_h, W, Y), W_out)
    assert np.allclose(contract(delta_out, dZ_dW(A_h, 2)), numeric, atol=1e-7)
    assert not np.allclose(delta_out.T @ A_h, numeric, atol=1e-3)


# --- bad input -----------------------------------------------------------------------------

def test_bad_input_is_refused_with_the_shapes_named():
    A_h = np.ones((3, 5))
    with pytest.raises(ValueError, match=r"t must be a whole number >= 1"):
        dZ_dW(A_h, 0)
    with pytest.raises(ValueError, match=r"A_h must be a 2-D array"):
        dZ_dW(np.ones(5), 2)
    with pytest.raises(ValueError, match=r"dZ_dW has shape \(3, 2, 5\); expected \(n, t, d, t\)"):
        contract(np.ones((3, 2)), np.ones((3, 2, 5)))
    with pytest.raises(ValueError, match=r"dZ_dW has shape \(3, 2, 5, 3\)"):
        contract(np.ones((3, 2)), np.ones((3, 2, 5, 3)))
    with pytest.raises(ValueError, match=r"B has shape \(5, 2\) but C has shape \(2, 5\)"):
        trace_of_product(np.ones((5, 2)), np.ones((2, 5)))
    with pytest.raises(ValueError, match=r"contains NaN"):
        trace_of_product(np.full((2, 2), np.nan), np.ones((2, 2)))


# --- what the page says its output shows ---------------------------------------------------

def test_the_output_shows_the_contraction_equal_to_the_product_and_dJ_to_central_differences():
    text = (SNIPPETS / "matrix_route.out").read_text(encoding="utf-8")
    contracted = text.split("contract(delta_out, dZ_dW):\n", 1)[1].split("grad_W_out", 1)[0]
    product = text.split("= A_h.T @ delta_out:\n", 1)[1].split("the same", 1)[0]
    assert contracted == product and "the same: True" in text
    assert "it is np.kron(np.eye(t), A_h): True" in text
    values = [line.rsplit(" ", 1)[1] for line in text.splitlines()
              if line.startswith(("dJ = ", "= the sum of", "central difference of J along dW"))]
    assert len(values) == 3 and len(set(values)) == 1, values
    from example_m_d_t import W_h, W_out, X, Y

    _, A_h, _, A_out = forward(X, W_h, W_out)
    assert appears_in(fmt(grad_W_out(A_h, output_delta(A_out, Y))), product)


def test_snippet_prints_exactly_its_recorded_output():
    assert_prints_recorded("matrix_route.py", (), "matrix_route.out")


# --- the page's exercises, by routes of their own ---------------------------------------------

def recorded_exercise(key):
    import json

    return json.loads((SNIPPETS / "exercises.json").read_text(encoding="utf-8"))["exercises"][key]


def test_the_size_exercise_counts_the_entries_of_the_array():
    exercise = recorded_exercise("matrix-route/size")
    n, d, t = (exercise["given"][key] for key in ("n", "d", "t"))
    array = dZ_dW(np.ones((n, d)), t)
    assert exercise["answer"] == array.size
    assert {m["answer"] for m in exercise["mistakes"]} == {d * t, n * t, int(np.count_nonzero(array))}


def test_the_contraction_exercise_is_the_derivative_by_w_1_2_with_the_new_targets():
    from example_m_d_t import W_h, W_out, X

    exercise = recorded_exercise("matrix-route/contraction")
    Y_new = np.array(exercise["given"]["Y"])
    numeric = numerical_gradient(lambda W: objective(X, W_h, W, Y_new), W_out)
    assert exercise["answer"] == pytest.approx(numeric[0, 1], abs=1e-8)
    _, A_h, _, A_out = forward(X, W_h, W_out)
    contracted = contract(output_delta(A_out, Y_new), dZ_dW(A_h, 2))
    assert exercise["answer"] == pytest.approx(contracted[0, 1], abs=1e-9)  # recorded to 10 decimals
    # Entry (1, 2) of δᵀ A is the derivative by w_2,1: the gradient transposed, as every other
    # exercise and the checker (δᵀ A, the column convention's result) name it.
    transposed = next(m for m in exercise["mistakes"] if m["name"] == TRANSPOSED)
    assert transposed["answer"] == pytest.approx(numeric[1, 0], abs=1e-8)
    assert transposed["answer"] == pytest.approx((output_delta(A_out, Y_new).T @ A_h)[0, 1], abs=1e-9)


def test_the_output_shows_the_slices_and_the_count_the_page_describes():
    """The page: each slice ∂z_1j/∂W_out is example 1's row of A_h as column j of a d x t matrix of
    zeros, and of the n t d t entries only n d t can be other than zero."""
    import re

    text = (SNIPPETS / "matrix_route.out").read_text(encoding="utf-8")
    n, d, t = (int(v) for v in re.search(r"n, d, t = (\d+), (\d+), (\d+)", text).groups())
    assert f"shape ({n}, {t}, {d}, {t}), {n * t * d * t} entries, {n * d * t} of them not zero" in text

    def block(title, rows):
        lines = text.split(title + "\n", 1)[1].split("\n")[:rows]
        return np.array([[float(v) for v in re.findall(r"-?\d+\.\d+", line)] for line in lines])

    A_h = block("A_h =", n)[:1]  # example 1's row, as printed
    for j in range(t):
        slice_j = block(f"∂z_1,{j + 1}/∂W_out, the slice D[0, {j}] (NumPy counts from 0), d x t:", d)
        expected = np.zeros((d, t))
        expected[:, j] = A_h[0]
        assert np.array_equal(slice_j, expected), j
