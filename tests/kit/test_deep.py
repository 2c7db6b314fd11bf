"""The deeper-networks page: the recursion for every layer, for σ, tanh and ReLU hidden
units, against central differences and SymPy; the bound σ′ ≤ ¼ puts on δ; bad input;
the recorded output."""

import re

import numpy as np
import pytest
import sympy as sp
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import deep
from deep import RELU, SIGMOID, TANH, UNITS, deep_backward, deep_forward, deep_objective
from gradient_check import TOLERANCE, check, passed
from mlp import backprop, sigmoid
from support import SNIPPETS, assert_prints_recorded

OUT = "deep.out"


def deep_network(n, widths, seed, scale=1.0):
    """Random X (n, widths[0]), binary Y (n, widths[-1]) and weights [W^(1), ..., W^(L)]:
    entries of random sign, sizes away from 0, weights scaled by scale / sqrt(fan-in)."""
    rng = np.random.default_rng(seed)

    def away_from_zero(rows, columns):
        return rng.choice([-1.0, 1.0], size=(rows, columns)) * rng.uniform(0.5, 1.5, size=(rows, columns))

    X = away_from_zero(n, widths[0])
    weights = [away_from_zero(p, q) * scale / np.sqrt(p) for p, q in zip(widths[:-1], widths[1:])]
    return X, rng.integers(0, 2, size=(n, widths[-1])) * 1.0, weights


def kink_margin(X, weights, hidden):
    """The smallest |z| of a hidden unit: central differences with h = 1e-6 move z by far
    less than this, so none of them straddles ReLU's kink when it is above 1e-4."""
    Z, _ = deep_forward(X, weights, hidden)
    return min((float(np.min(np.abs(z))) for z in Z[1:-1]), default=np.inf)


def layer_checks(X, Y, weights, hidden):
    """gradient_check.check of every layer's ∂J/∂W^(ℓ), ℓ = 1 .. L."""
    _, grads = deep_backward(X, Y, weights, hidden)
    return [check(deep.J_of_layer(X, Y, weights, hidden, ell), grads[ell], weights[ell - 1])
            for ell in range(1, len(weights) + 1)]


# Depth L = 1 (no hidden layer) to 4 (three hidden layers), every width different:
# m = 4, then 5, 6, 7 hidden units, t = 2, and n = 3 examples.
WIDTHS = {1: [4, 2], 2: [4, 5, 2], 3: [4, 5, 6, 2], 4: [4, 5, 6, 7, 2]}


@pytest.mark.parametrize("hidden", UNITS, ids=lambda u: u.name)
@pytest.mark.parametrize("L", sorted(WIDTHS))
def test_every_layer_s_gradient_matches_central_differences(L, hidden):
    # Scale 2: with σ units the first layer's gradient stays above what central
    # differences resolve relatively (the vanishing gradient, at L = 4).
    X, Y, weights = deep_network(3, WIDTHS[L], seed=10 + L, scale=2.0)
    assert kink_margin(X, weights, hidden) > 1e-3
    for ell, result in enumerate(layer_checks(X, Y, weights, hidden), start=1):
        assert result.worst_entry <= TOLERANCE, (ell, result)
        assert passed(result), (ell, result)  # some entry compared relatively


@settings(max_examples=30)
@given(n=st.integers(1, 4), widths=st.lists(st.integers(1, 5), min_size=2, max_size=6),
       unit=st.sampled_from(UNITS), seed=st.integers(0, 2**32 - 1))
def test_gradients_have_the_weights_shapes_and_match_central_differences(n, widths, unit, seed):
    X, Y, weights = deep_network(n, widths, seed, scale=2.0)
    assume(kink_margin(X, weights, unit) > 1e-4)
    deltas, grads = deep_backward(X, Y, weights, unit)
    assert deltas[0] is None and grads[0] is None  # layer 0, the input, has neither
    assert [g.shape for g in grads[1:]] == [W.shape for W in weights]
    assert [d.shape for d in deltas[1:]] == [(n, q) for q in widths[1:]]
    for result in layer_checks(X, Y, weights, unit):
        assert result.worst_entry <= TOLERANCE


def test_two_layers_of_sigma_units_are_the_sites_backprop():
    X, Y, (W_h, W_out) = deep_network(3, [4, 5, 2], seed=3)
    _, grads = deep_backward(X, Y, [W_h, W_out])
    site = backprop(X, Y, W_h, W_out)
    assert np.allclose(grads[1], site.W_h, rtol=1e-12, atol=1e-15)
    assert np.allclose(grads[2], site.W_out, rtol=1e-12, atol=1e-15)


def test_the_page_s_example_has_every_width_different_and_no_unit_near_relu_s_kink():
    sizes = [deep.X.shape[1]] + [W.shape[1] for W in deep.weights]
    assert len(set(sizes + [deep.X.shape[0]])) == len(sizes) + 1 and len(deep.weights) == 4
    assert [W.shape[0] for W in deep.weights] == sizes[:-1]
    assert kink_margin(deep.X, deep.weights, RELU) > 1e-3


# --- SymPy: the recursion as the page writes it, on a network with two hidden layers ---

F = {"sigmoid": lambda z: 1 / (1 + sp.exp(-z)), "tanh": sp.tanh}
F_PRIME_OF_A = {"sigmoid": lambda a: a * (1 - a), "tanh": lambda a: 1 - a ** 2}


@pytest.mark.parametrize("name", sorted(F))
def test_recursion_is_the_derivative_symbolically(name):
    """δ^(ℓ) = (δ^(ℓ+1) (W^(ℓ+1))^T) ⊙ f′(Z^(ℓ)) and ∂J/∂W^(ℓ) = (A^(ℓ-1))^T δ^(ℓ), with f′ from
    A as the page's table gives it, equal SymPy's exact derivatives of J, by every Z^(ℓ) and by
    every W^(ℓ), at every layer of an L = 3 network (n = 2 examples, widths 4, 3, 5, 1: all
    different, so a product missing its transpose fails for its shape), at a random rational
    point, to 40 digits (the derivatives exact, evaluated with 60 digits)."""
    n, widths, L = 2, [4, 3, 5, 1], 3
    assert len({n, *widths}) == len(widths) + 1
    f, sigma = F[name], F["sigmoid"]
    rng = np.random.default_rng(0)

    def rational(rows, columns):
        """Random rationals, as 60-digit floats: SymPy then evaluates every σ and tanh of a
        number at once, and only the chosen layer's symbols stay symbolic."""
        return sp.Matrix(rows, columns, lambda r, c: sp.Float(sp.Rational(int(rng.integers(-90, 91)) or 1, 37), 60))

    def J_from(ell, Z, W, Y):
        """J as a function of Z^(ℓ), everything after it computed from it."""
        A = Z.applyfunc(sigma if ell == L else f)
        for later in range(ell + 1, L + 1):
            Z = A * W[later]
            A = Z.applyfunc(sigma if later == L else f)
        return -sum(Y[k, j] * sp.log(A[k, j]) + (1 - Y[k, j]) * sp.log(1 - A[k, j])
                    for k in range(n) for j in range(widths[-1]))

    def close(a, b):
        return abs(sp.N(a - b, 50)) < sp.Float(10) ** -40

    X, Y = rational(n, widths[0]), rational(n, widths[-1])
    W = [None] + [rational(p, q) for p, q in zip(widths[:-1], widths[1:])]
    A, Z = [X], [None]
    for ell in range(1, L + 1):
        Z.append(A[-1] * W[ell])
        A.append(Z[-1].applyfunc(sigma if ell == L else f))
    # the page's recursion and gradient
    delta = {L: A[L] - Y}
    for ell in range(L - 1, 0, -1):
        f_prime = A[ell].applyfunc(F_PRIME_OF_A[name])
        delta[ell] = (delta[ell + 1] * W[ell + 1].T).multiply_elementwise(f_prime)
    for ell in range(1, L + 1):
        # Z^(ℓ) as symbols of their own: ∂J/∂Z^(ℓ), taken exactly, at Z^(ℓ)'s value
        z = sp.Matrix(n, widths[ell], lambda k, c: sp.Symbol(f"z_{k}{c}"))
        J = J_from(ell, z, W, Y)
        at = dict(zip(z, Z[ell]))
        for position, symbol in enumerate(z):
            assert close(sp.diff(J, symbol).xreplace(at), delta[ell][position]), (name, "δ", ell, position)
        # W^(ℓ) as symbols: ∂J/∂W^(ℓ) against (A^(ℓ-1))^T δ^(ℓ), of W^(ℓ)'s shape
        w = sp.Matrix(*W[ell].shape, lambda r, c: sp.Symbol(f"w_{r}{c}"))
        J = J_from(ell, A[ell - 1] * w, W, Y)
        at = dict(zip(w, W[ell]))
        gradient = A[ell - 1].T * delta[ell]
        assert gradient.shape == W[ell].shape
        for position, symbol in enumerate(w):
            assert close(sp.diff(J, symbol).xreplace(at), gradient[position]), (name, "W", ell, position)


def test_each_f_prime_from_a_is_the_derivative_of_f():
    """The table: σ′ = a(1 - a), tanh′ = 1 - a², ReLU′ = [a > 0] = [z > 0] away from the kink,
    by SymPy, and the code's f_prime(f(z)) against SymPy's derivative at points."""
    z = sp.Symbol("z", real=True)
    sigma = 1 / (1 + sp.exp(-z))
    assert sp.simplify(sp.diff(sigma, z) - sigma * (1 - sigma)) == 0
    assert sp.simplify(sp.diff(sp.tanh(z), z) - (1 - sp.tanh(z) ** 2)) == 0
    relu = sp.Max(z, 0)
    points = np.array([[-3.0, -0.7, -1e-3, 1e-3, 0.4, 2.5]])
    for unit, expression in ((SIGMOID, sigma), (TANH, sp.tanh(z)), (RELU, relu)):
        derivative = sp.lambdify(z, sp.diff(expression, z), modules=[{"Heaviside": np.heaviside}, "numpy"])
        expected = np.array([[float(sp.diff(expression, z).subs(z, v).rewrite(sp.Piecewise)) if unit is RELU
                              else derivative(v) for v in points[0]]])
        assert np.allclose(unit.f_prime(unit.f(points)), expected, rtol=1e-12, atol=0), unit.name
    # σ′ ≤ ¼, at z = 0; tanh′ and ReLU′ reach 1
    assert SIGMOID.f_prime(SIGMOID.f(np.zeros((1, 1))))[0, 0] == 0.25
    assert TANH.f_prime(TANH.f(np.zeros((1, 1))))[0, 0] == 1.0 == RELU.f_prime(RELU.f(np.ones((1, 1))))[0, 0]


def test_relu_prime_at_the_kink_is_zero_and_central_differences_give_a_half():
    """The page: the code takes ReLU′(0) = 0; central differences at z = 0 average the two
    slopes, 0 and 1."""
    assert deep.kink() == (0.0, 0.5)
    assert RELU.f_prime(RELU.f(np.zeros((2, 3)))).tolist() == [[0.0] * 3] * 2


# --- the vanishing gradient and its bound ----------------------------------------------

def norms_and_bound(X, Y, weights, hidden):
    norms = deep.delta_norms(X, Y, weights, hidden)
    return norms, deep.sigmoid_bound(weights, norms[-1])


def test_the_quarter_bound_holds_layer_by_layer_on_the_page_s_deeper_network():
    norms, bound = norms_and_bound(deep.X_deep, deep.Y_deep, deep.weights_deep, SIGMOID)
    for ell in range(1, len(deep.weights_deep)):
        assert norms[ell] <= bound[ell] * (1 + 1e-12), ell


@settings(max_examples=40)
@given(n=st.integers(1, 6), widths=st.lists(st.integers(1, 8), min_size=2, max_size=8),
       scale=st.floats(0.1, 8.0), seed=st.integers(0, 2**32 - 1))
def test_the_quarter_bound_holds_for_any_sigma_network(n, widths, scale, seed):
    """‖δ^(ℓ)‖ ≤ ‖δ^(L)‖ ∏ ¼ ‖W^(ℓ')‖₂: every step back multiplies by (W)^T, which stretches a
    row by at most ‖W‖₂, and by σ′ ≤ ¼, entry by entry."""
    X, Y, weights = deep_network(n, widths, seed, scale)
    norms, bound = norms_and_bound(X, Y, weights, SIGMOID)
    for ell in range(1, len(weights)):
        assert norms[ell] <= bound[ell] * (1 + 1e-12) + 1e-300, ell


def test_the_quarter_bound_is_sigma_s_alone():
    """With tanh or ReLU units the ¼ does not hold (their f′ reaches 1): on the page's deeper
    network the ¼-bound, taken from their own δ^(L), falls below the measured ‖δ^(1)‖;
    with 1 in place of ¼ it holds."""
    for unit in (TANH, RELU):
        norms, quarter = norms_and_bound(deep.X_deep, deep.Y_deep, deep.weights_deep, unit)
        assert norms[1] > quarter[1], unit.name
        one = [None if b is None else b * 4 ** (len(deep.weights_deep) - ell)
               for ell, b in enumerate(quarter)]
        assert all(norms[ell] <= one[ell] * (1 + 1e-12) for ell in range(1, len(deep.weights_deep))), unit.name


def mixed_deltas(X, Y, weights, units):
    """δ^(ℓ), ℓ = 1 .. L, of a network whose hidden layer ℓ has units[ell - 1]: the page's
    steps 1 and 2, each layer with its own f′."""
    L = len(weights)
    A = [X]
    for ell, W in enumerate(weights, start=1):
        Z = A[-1] @ W
        A.append(sigmoid(Z) if ell == L else units[ell - 1].f(Z))
    deltas = [None] * (L + 1)
    deltas[L] = A[L] - Y
    for ell in range(L - 1, 0, -1):
        deltas[ell] = (deltas[ell + 1] @ weights[ell].T) * units[ell - 1].f_prime(A[ell])
    return deltas


def bound_of(deltas, weights):
    return deep.sigmoid_bound(weights, np.linalg.norm(deltas[-1]))


def test_mixed_deltas_is_deep_backward_when_every_layer_has_one_unit():
    for unit in UNITS:
        X, Y, weights = deep_network(3, [4, 5, 6, 2], seed=5)
        expected, _ = deep_backward(X, Y, weights, unit)
        got = mixed_deltas(X, Y, weights, [unit] * 2)
        assert all(np.allclose(g, e, rtol=1e-12, atol=1e-15) for g, e in zip(got[1:], expected[1:])), unit.name


@settings(max_examples=40)
@given(n=st.integers(1, 5), widths=st.lists(st.integers(1, 7), min_size=3, max_size=8),
       scale=st.floats(0.1, 8.0), seed=st.integers(0, 2**32 - 1), data=st.data())
def test_the_quarter_bound_holds_at_layer_l_when_layers_l_to_L_minus_1_are_sigma(n, widths, scale, seed, data):
    """The page: the bound on ‖δ^(ℓ)‖ needs σ units in layers ℓ to L - 1, layer ℓ's own
    included, whatever the layers below ℓ have."""
    X, Y, weights = deep_network(n, widths, seed, scale)
    L = len(weights)
    lowest = data.draw(st.integers(1, L - 1))                    # the lowest σ layer
    below = data.draw(st.lists(st.sampled_from(UNITS), min_size=lowest - 1, max_size=lowest - 1))
    deltas = mixed_deltas(X, Y, weights, below + [SIGMOID] * (L - lowest))
    bound = bound_of(deltas, weights)
    for ell in range(lowest, L + 1):
        assert np.linalg.norm(deltas[ell]) <= bound[ell] * (1 + 1e-12) + 1e-300, ell


def test_the_quarter_bound_fails_at_a_layer_whose_own_units_are_not_sigma():
    """On the page's deeper network, σ units everywhere but layer L - 1: the bound at L - 1,
    whose one step down takes layer L - 1's f′, does not hold for tanh or ReLU there."""
    weights = deep.weights_deep
    L = len(weights)
    for unit in (TANH, RELU):
        deltas = mixed_deltas(deep.X_deep, deep.Y_deep, weights, [SIGMOID] * (L - 2) + [unit])
        assert np.linalg.norm(deltas[L - 1]) > bound_of(deltas, weights)[L - 1], unit.name


# --- bad input -----------------------------------------------------------------------

X3, Y3, W3 = deep_network(3, [4, 5, 6, 2], seed=0)


@pytest.mark.parametrize("call, message", [
    (lambda: deep_forward(X3[0], W3), r"X must be a 2-D array"),
    (lambda: deep_forward(X3, []), r"weights must be a non-empty list"),
    (lambda: deep_forward(X3, np.stack([np.eye(4)] * 2)), r"weights must be a non-empty list"),
    (lambda: deep_forward(X3, [W3[0], W3[2]]),
     r"cannot multiply the activations of layer 1 \(3, 5\) by weights\[1\] \(6, 2\)"),
    (lambda: deep_forward(X3.T, W3), r"cannot multiply X \(4, 3\) by weights\[0\] \(4, 5\)"),
    (lambda: deep_forward(X3, [W3[0], W3[1][0], W3[2]]), r"weights\[1\] must be a 2-D array"),
    (lambda: deep_forward(X3, [W3[0], W3[1] * np.nan, W3[2]]), r"weights\[1\] of shape \(5, 6\) contains NaN"),
    (lambda: deep_forward(X3, W3, np.tanh), r"hidden must be one of deep.py's activations"),
    (lambda: deep_forward(X3, W3, "tanh"), r"hidden must be one of deep.py's activations"),
    (lambda: deep_backward(X3, Y3.T, W3), r"Y has shape \(2, 3\) but the output activations has shape \(3, 2\)"),
    (lambda: deep_backward(X3, Y3 * 2, W3), r"targets Y must lie in \[0, 1\]"),
    (lambda: deep_objective(X3, Y3, W3[:2]), r"Y has shape \(3, 2\) but the output activations has shape \(3, 6\)"),
    (lambda: deep_objective(X3, Y3, W3, None), r"hidden must be one of"),
], ids=lambda value: "" if callable(value) else None)
def test_bad_input_is_refused_with_a_message_naming_it(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_lists_and_float32_give_the_float64_result():
    _, expected = deep_backward(X3, Y3, W3, TANH)
    _, from_lists = deep_backward(X3.tolist(), Y3.tolist(), [W.tolist() for W in W3], TANH)
    _, from_32 = deep_backward(X3.astype(np.float32), Y3, [W.astype(np.float32) for W in W3], TANH)
    _, from_tuple = deep_backward(X3, Y3, tuple(W3), TANH)
    for ell in range(1, len(W3) + 1):
        assert np.array_equal(from_lists[ell], expected[ell]) and np.array_equal(from_tuple[ell], expected[ell])
        assert from_32[ell].dtype == np.float64
        assert np.allclose(from_32[ell], expected[ell], rtol=1e-6, atol=1e-7)


# --- the recorded output -----------------------------------------------------------------

def test_snippet_prints_exactly_its_recorded_output():
    assert_prints_recorded("deep.py", (), OUT)


def recorded():
    return (SNIPPETS / OUT).read_text(encoding="utf-8")


def test_every_number_and_verdict_of_the_output_shows_on_a_phone():
    from recorded import hidden_on_a_phone

    assert hidden_on_a_phone(recorded()) == []


def vanishing_table(text):
    """{ℓ: (sigmoid, tanh, relu, σ bound)} from the recorded ‖δ^(ℓ)‖ table."""
    block = text.split("‖δ⁽ℓ⁾‖ layer by layer", 1)[1].split("‖∂J/∂W⁽ℓ⁾‖", 1)[0]
    rows = re.findall(r"^\s*(\d+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)$", block, re.M)
    return {int(row[0]): tuple(map(float, row[1:])) for row in rows}


def test_the_recorded_table_is_what_the_code_computes_now():
    table = vanishing_table(recorded())
    L = len(deep.weights_deep)
    assert sorted(table) == list(range(1, L + 1))
    norms = {u.name: deep.delta_norms(deep.X_deep, deep.Y_deep, deep.weights_deep, u) for u in UNITS}
    bound = deep.sigmoid_bound(deep.weights_deep, norms["sigmoid"][L])
    for ell, row in table.items():
        assert row == pytest.approx((norms["sigmoid"][ell], norms["tanh"][ell], norms["relu"][ell], bound[ell]),
                                    rel=0.06)


def test_the_recorded_exact_zeros_of_relu_are_what_the_code_computes_and_each_has_a_reason():
    """The line under the check table: how many entries of each ∂J/∂W^(ℓ) are exactly 0 with
    ReLU units. Each is a sum over the examples of a^(ℓ-1) δ^(ℓ) in which every example has
    a 0 factor, not a cancellation; all are among the entries compared absolutely."""
    text = recorded()
    line = text.split("relu's entries exactly 0, by layer:\n", 1)[1].splitlines()[0]
    printed = {int(ell): (int(zeros), int(size)) for ell, zeros, size in re.findall(r"(\d): (\d+)/(\d+)", line)}
    relative = {int(m[0]): int(m[1]) for m in re.findall(r"^(\d)  ~\S+ +\d+/\d+  ~\S+ +\d+/\d+  ~\S+ +(\d+)/\d+$",
                                                      text, re.M)}
    _, A = deep_forward(deep.X, deep.weights, RELU)
    deltas, grads = deep_backward(deep.X, deep.Y, deep.weights, RELU)
    L = len(deep.weights)
    assert sorted(printed) == sorted(relative) == list(range(1, L + 1))
    for ell in range(1, L + 1):
        zero = grads[ell] == 0
        assert printed[ell] == (int(zero.sum()), grads[ell].size), ell
        factor_zero = ((A[ell - 1] == 0)[:, :, None] | (deltas[ell] == 0)[:, None, :]).all(axis=0)
        assert np.array_equal(zero, factor_zero), ell
        assert printed[ell][0] <= grads[ell].size - relative[ell], ell
