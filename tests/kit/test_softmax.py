"""The softmax page: the Jacobian, δ = A - Y, the categorical J's gradient, and the exercises."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from support import assert_prints_recorded, random_network
from gradient_check import check_gradient, relative_error
from mlp import categorical_cross_entropy, forward, grad_W_out, output_delta, sigmoid, softmax
from softmax import delta_through_jacobian, softmax_jacobian

sizes = st.integers(min_value=1, max_value=7)


def one_hot(n, t, seed):
    return np.eye(t)[np.random.default_rng(seed).integers(0, t, size=n)]


@settings(max_examples=50)
@given(n=sizes, m=sizes, d=sizes, t=st.integers(2, 7), seed=st.integers(0, 2**32 - 1))
def test_categorical_gradient_matches_finite_differences(n, m, d, t, seed):
    X, W_h, W_out, _ = random_network(n, m, d, t, seed)
    Y = one_hot(n, t, seed)
    _, A_h, _, A_out = forward(X, W_h, W_out, output=softmax)
    analytic = grad_W_out(A_h, output_delta(A_out, Y))
    J = lambda W: categorical_cross_entropy(forward(X, W_h, W, output=softmax).Z_out, Y)
    assert check_gradient(J, analytic, W_out) <= 1e-7


def test_jacobian_and_chain_rule_numerically():
    rng = np.random.default_rng(1)
    z = rng.normal(size=(1, 4))
    a = softmax(z)
    numeric = np.column_stack([(softmax(z + h) - softmax(z - h))[0] / 2e-6 for h in 1e-6 * np.eye(4)])
    assert relative_error(softmax_jacobian(a), numeric) <= 1e-7
    y = np.array([[0.0, 0.0, 1.0, 0.0]])
    assert np.allclose(delta_through_jacobian(a, y), a - y)


def test_jacobian_and_delta_symbolically():
    t = 3
    z = sp.symbols("z_1:4", real=True)
    y1, y2 = sp.symbols("y_1 y_2", real=True)
    y = [y1, y2, 1 - y1 - y2]  # the targets sum to 1
    S = sum(sp.exp(v) for v in z)
    a = [sp.exp(v) / S for v in z]
    for j in range(t):
        for l in range(t):
            assert sp.simplify(sp.diff(a[j], z[l]) - a[j] * ((1 if j == l else 0) - a[l])) == 0
    J = -sum(y[j] * sp.log(a[j]) for j in range(t))
    for l in range(t):
        assert sp.simplify(sp.diff(J, z[l]) - (a[l] - y[l])) == 0


def test_softmax_rows_sum_to_one_and_stay_finite():
    Z = np.array([[1000.0, 0.0, -1000.0], [1.0, 2.0, 3.0]])
    with np.errstate(over="raise", invalid="raise"):
        A = softmax(Z)
    assert np.allclose(A.sum(axis=1), 1) and np.all(np.isfinite(A))
    assert np.isfinite(categorical_cross_entropy(Z, np.eye(3)[[2, 0]]))


def test_targets_that_do_not_sum_to_one_are_refused():
    with pytest.raises(ValueError, match=r"each row of Y must sum to 1.*\[1.0, 2.0\]"):
        categorical_cross_entropy(np.zeros((2, 2)), np.array([[0.0, 1.0], [1.0, 1.0]]))


def test_exercise_two_class_softmax_is_a_sigmoid():
    z1, z2 = sp.symbols("z_1 z_2", real=True)
    a1 = sp.exp(z1) / (sp.exp(z1) + sp.exp(z2))
    assert sp.simplify(a1 - 1 / (1 + sp.exp(-(z1 - z2)))) == 0
    Z = np.array([[0.3, -1.2], [4.0, 2.5]])
    assert np.allclose(softmax(Z)[:, :1], sigmoid(Z[:, :1] - Z[:, 1:]))


def test_exercise_softmax_is_shift_invariant():
    z, c = sp.symbols("z_1:4", real=True), sp.Symbol("c", real=True)
    for j in range(3):
        shifted = sp.exp(z[j] - c) / sum(sp.exp(v - c) for v in z)
        assert sp.simplify(shifted - sp.exp(z[j]) / sum(sp.exp(v) for v in z)) == 0
    Z = np.array([[0.5, -1.0, 2.0]])
    assert np.allclose(softmax(Z), softmax(Z + 40.0))


@pytest.mark.parametrize("args, recorded", [((), "softmax.out")])
def test_snippet_prints_exactly_its_recorded_output(args, recorded):
    assert_prints_recorded("softmax.py", args, recorded)


EPS = np.finfo(np.float64).eps


@pytest.mark.parametrize("excess, accepted", [(8, True), (9, False)])
def test_row_sum_tolerance_is_four_t_eps(excess, accepted):
    """With t = 2 classes the tolerance is 4 t eps = 8 eps: 1 + 8 eps passes, 1 + 9 eps does not."""
    Y = np.array([[0.5, 0.5 + excess * EPS], [1.0, 0.0], [0.0, 1.0]])  # n = 3 rows, t = 2
    assert Y[0].sum() - 1 == excess * EPS  # the sum is exact in float64
    if accepted:
        categorical_cross_entropy(np.zeros((3, 2)), Y)
    else:
        with pytest.raises(ValueError, match=r"each row of Y must sum to 1"):
            categorical_cross_entropy(np.zeros((3, 2)), Y)


def test_row_sum_tolerance_counts_classes_not_examples():
    """One example, t = 3 classes: 4 t eps = 12 eps, so 1 + 10 eps passes (4 n eps would refuse it)."""
    Y = np.array([[0.5, 0.25, 0.25 + 10 * EPS]])
    assert Y.sum() - 1 == 10 * EPS
    categorical_cross_entropy(np.zeros((1, 3)), Y)


def test_saturated_jacobian_route_is_refused_even_without_a_one():
    """Outputs [1/2, 1/2, 0]: a zero and no one; the uncancelled route still divides by a = 0."""
    a = softmax(np.array([[800.0, 800.0, -800.0]]))
    assert a[0, 2] == 0.0 and not np.any(a == 1.0)
    with pytest.raises(ValueError, match=r"a has an entry equal to 0 at positions \[\[0, 2\]\]"):
        delta_through_jacobian(a, np.array([[0.0, 0.0, 1.0]]))


def test_prints_its_recording_on_a_cp1252_console(monkeypatch):
    # A Windows pipe's encoding: formatting.utf8_stdout() must switch it, or σ and ∂ fail to print.
    monkeypatch.setenv("PYTHONIOENCODING", "cp1252")
    assert_prints_recorded("softmax.py", [], "softmax.out")


def test_the_comment_on_Y_counts_classes_from_1_and_j_prime_is_the_second_output_index():
    """softmax.py: 'Example 1 is class 1 and example 2 class 3, counted from 1 as on the
    pages (NumPy's column indices, from 0, are 0 and 2)': the one-hot rows of Y. The
    Jacobian's second index is j', an output unit like j (l counts inputs)."""
    import re
    from softmax import Y
    from support import SNIPPETS

    source = (SNIPPETS / "softmax.py").read_text(encoding="utf-8")
    first, second, i_1, i_2 = re.search(
        r"Example 1 is class (\d) and example 2 class (\d), counted from 1 as on the\n"
        r"# pages \(NumPy's column indices, from 0, are (\d) and (\d)\)", source).groups()
    assert [int(first), int(second)] == [c + 1 for c in Y.argmax(axis=1)]
    assert [int(i_1), int(i_2)] == Y.argmax(axis=1).tolist()
    assert "∂a_j/∂z_j' = a_j ([j = j'] - a_j')" in source
    assert not re.search(r"\b[az]_l\b", source)
