"""The m-d-t page: loop, product, outer products and finite differences agree."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

import example_2_2_2
from support import SNIPPETS, assert_prints_recorded, random_network
from recorded import appears_in
from gradient_check import check_gradient, numerical_gradient, relative_error
from mlp import cross_entropy, forward, grad_W_out, objective, output_delta, sigmoid
from formatting import fmt, fmt_inline
from output_layer_m_d_t import grad_W_out_by_example, grad_W_out_loop, one_d_pitfall

TOLERANCE = 1e-7
sizes = st.integers(min_value=1, max_value=7)


@settings(max_examples=60)
@given(n=sizes, m=sizes, d=sizes, t=sizes, seed=st.integers(0, 2**32 - 1))
def test_loop_vectorised_outer_products_and_finite_differences_agree(n, m, d, t, seed):
    X, W_h, W_out, Y = random_network(n, m, d, t, seed)
    _, A_h, _, A_out = forward(X, W_h, W_out)
    delta_out = output_delta(A_out, Y)
    vectorised = grad_W_out(A_h, delta_out)
    J = lambda W: objective(X, W_h, W, Y)
    assert vectorised.shape == W_out.shape
    assert check_gradient(J, vectorised, W_out) <= TOLERANCE
    assert np.allclose(grad_W_out_loop(A_h, delta_out), vectorised, rtol=1e-12, atol=1e-15)
    assert np.allclose(grad_W_out_by_example(A_h, delta_out), vectorised, rtol=1e-12, atol=1e-15)


def test_mean_divides_the_gradient_by_n():
    n = 4
    X, W_h, W_out, Y = random_network(n, m=3, d=5, t=2, seed=11)
    _, A_h, _, A_out = forward(X, W_h, W_out)
    numeric_mean = numerical_gradient(lambda W: objective(X, W_h, W, Y) / n, W_out)
    assert relative_error(grad_W_out(A_h, output_delta(A_out, Y)) / n, numeric_mean) <= TOLERANCE


def test_loop_reproduces_the_2_2_2_pages_recorded_numbers():
    _, a_h, _, a_out = forward(example_2_2_2.x, example_2_2_2.W_h, example_2_2_2.W_out)
    by_loop = grad_W_out_loop(a_h, output_delta(a_out, example_2_2_2.y))
    recorded = (SNIPPETS / "output_layer_2_2_2.out").read_text(encoding="utf-8")
    assert appears_in(fmt_inline(by_loop), recorded)
    assert np.array_equal(by_loop, grad_W_out(a_h, output_delta(a_out, example_2_2_2.y)))


def test_one_d_pitfall_is_shown_and_refused():
    silently_wrong, right, refusal = one_d_pitfall()
    assert np.ndim(silently_wrong) == 0 and right.shape == (2, 2)
    assert "A_h must be a 2-D array" in refusal and "(2,)" in refusal


def test_loop_refuses_bad_shapes_like_the_product():
    with pytest.raises(ValueError, match=r"cannot multiply A_h.T \(2, 3\) by delta_out \(4, 2\)"):
        grad_W_out_loop(np.ones((3, 2)), np.ones((4, 2)))
    with pytest.raises(ValueError, match=r"delta_out must be a 2-D array"):
        grad_W_out_loop(np.ones((3, 2)), np.ones(3))
    with pytest.raises(ValueError, match=r"A_h of shape \(3, 2\) contains NaN"):
        grad_W_out_loop(np.array([[np.nan, 0.0], [0.0, 0.0], [0.0, 0.0]]), np.ones((3, 2)))


def test_extreme_logits_stay_finite_for_n_examples():
    X, W_h, _, Y = random_network(n=3, m=4, d=5, t=2, seed=5)
    W_out = np.full((5, 2), 1000.0) * np.array([1.0, -1.0])
    _, A_h, Z_out, A_out = forward(X, W_h, W_out)
    assert np.all(np.abs(Z_out) > 200)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        J = cross_entropy(Z_out, Y)
        grad = grad_W_out(A_h, output_delta(A_out, Y))
    assert np.isfinite(J) and np.all(np.isfinite(grad))


# --- the entry formula, symbolically (n = 2, d = 2, t = 3) -----------------------------

def test_dJ_dw_is_the_sum_over_examples_of_a_times_delta():
    n, d, t = 2, 2, 3
    A_h = sp.Matrix(n, d, lambda k, i: sp.Symbol(f"a_{k + 1}{i + 1}", positive=True))
    W_out = sp.Matrix(d, t, lambda i, j: sp.Symbol(f"w_{i + 1}{j + 1}", real=True))
    Y = sp.Matrix(n, t, lambda k, j: sp.Symbol(f"y_{k + 1}{j + 1}", real=True))
    sig = lambda z: 1 / (1 + sp.exp(-z))
    A_out = (A_h * W_out).applyfunc(sig)
    J = -sum(Y[k, j] * sp.log(A_out[k, j]) + (1 - Y[k, j]) * sp.log(1 - A_out[k, j])
             for k in range(n) for j in range(t))
    delta = A_out - Y
    product = A_h.T * delta
    assert product.shape == W_out.shape
    for i in range(d):
        for j in range(t):
            entry_sum = sum(A_h[k, i] * delta[k, j] for k in range(n))
            assert sp.expand(product[i, j] - entry_sum) == 0  # the entry formula
            assert sp.simplify(sp.diff(J, W_out[i, j]) - entry_sum) == 0, (i, j)


def test_wrong_product_has_the_right_shape_when_d_equals_t():
    # The page's point: with d = t, delta.T @ A_h has W_out's shape but is the transpose.
    X, W_h, W_out, Y = random_network(n=3, m=4, d=2, t=2, seed=3)
    _, A_h, _, A_out = forward(X, W_h, W_out)
    delta_out = output_delta(A_out, Y)
    wrong = delta_out.T @ A_h
    assert wrong.shape == W_out.shape
    assert relative_error(wrong, grad_W_out(A_h, delta_out)) > 1e-2
    assert np.allclose(wrong, grad_W_out(A_h, delta_out).T)


def test_fmt_keeps_four_decimals():
    assert fmt(np.array([[sigmoid(np.array(0.0))]])).strip() == "[[0.5000]]"


def test_a_reader_can_redo_the_example_from_the_printed_numbers():
    """The page: the output prints every input, so the example can be redone by hand."""
    import re

    text = (SNIPPETS / "output_layer_m_d_t.out").read_text(encoding="utf-8")

    def printed(label):
        block = text.split(f"\n{label} =\n", 1)[1]
        rows = []
        for line in block.splitlines():
            if not line.startswith("  "):
                break
            rows.append([float(v) for v in re.findall(r"-?\d+\.\d+", line)])
        return np.array(rows)

    X_p, W_h_p, W_out_p, Y_p = (printed(name) for name in ("X", "W_h", "W_out", "Y"))
    _, A_h, _, A_out = forward(X_p, W_h_p, W_out_p)
    redone = grad_W_out(A_h, output_delta(A_out, Y_p))
    assert appears_in(fmt(redone), text)  # the same four decimals as the recorded gradient


def test_output_shows_the_means_gradient_agreeing_with_central_differences():
    """The page: the output prints (1/n) (A_h)^T delta_out and central differences of J / n agree."""
    from example_m_d_t import W_h, W_out, X, Y, n

    text = (SNIPPETS / "output_layer_m_d_t.out").read_text(encoding="utf-8")
    _, A_h, _, A_out = forward(X, W_h, W_out)
    mean_gradient = grad_W_out(A_h, output_delta(A_out, Y)) / n
    after = text.split("the mean J / n", 1)[1]
    assert appears_in(fmt(mean_gradient), after)
    assert appears_in(fmt(mean_gradient).strip(), after.split("central differences of J / n:", 1)[1])
    assert "relative error below 1e-7: True" in after


@pytest.mark.parametrize("args, recorded", [((), "output_layer_m_d_t.out"), (("--math",), "output_layer_m_d_t.math.md")])
def test_snippet_prints_exactly_its_recorded_output(args, recorded):
    assert_prints_recorded("output_layer_m_d_t.py", args, recorded)


def test_the_comment_on_Y_counts_examples_and_classes_from_1_as_the_pages_do():
    """example_m_d_t.py: 'examples 1, 2, 3 are classes 1, 2, 2, counted from 1 as on the
    pages (NumPy's column indices, from 0, are 0, 1, 1)': the one-hot rows of Y."""
    import re
    from example_m_d_t import Y

    source = (SNIPPETS / "example_m_d_t.py").read_text(encoding="utf-8")
    examples, classes, indices = re.search(
        r"examples ([\d, ]+) are classes ([\d, ]+), counted from 1 as\n# on the pages "
        r"\(NumPy's column indices, from 0, are ([\d, ]+)\)", source).groups()
    numbers = lambda text: [int(v) for v in text.split(", ")]
    assert numbers(examples) == list(range(1, len(Y) + 1))
    assert numbers(classes) == [c + 1 for c in Y.argmax(axis=1)]
    assert numbers(indices) == Y.argmax(axis=1).tolist()
    assert not re.search(r"classes 0\b|class 0\b", source)
