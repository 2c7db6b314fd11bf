"""The notation page's convention bridge: the column-convention gradient is our transpose."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notation import grad_W_out_columns, grad_W_out_rows
from example_m_d_t import W_h, W_out, X, Y
from support import assert_prints_recorded

sizes = st.integers(min_value=1, max_value=7)


def test_column_convention_gradient_is_the_transpose_on_the_worked_example():
    rows, columns = grad_W_out_rows(X, W_h, W_out, Y), grad_W_out_columns(X, W_h, W_out, Y)
    assert rows.shape == W_out.shape and columns.shape == W_out.T.shape
    assert np.allclose(columns, rows.T, rtol=1e-12, atol=0)


@settings(max_examples=40)
@given(n=sizes, m=sizes, d=sizes, t=sizes, seed=st.integers(0, 2**32 - 1))
def test_column_convention_gradient_is_the_transpose(n, m, d, t, seed):
    rng = np.random.default_rng(seed)
    X, W_h, W_out = rng.normal(size=(n, m)), rng.normal(size=(m, d)), rng.normal(size=(d, t))
    Y = rng.uniform(size=(n, t))
    assert np.allclose(grad_W_out_columns(X, W_h, W_out, Y), grad_W_out_rows(X, W_h, W_out, Y).T,
                       rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("args, recorded", [((), "notation.out")])
def test_snippet_prints_exactly_its_recorded_output(args, recorded):
    assert_prints_recorded("notation.py", args, recorded)


# --- PyTorch and Keras, emulated: what they store and what their default losses average --

from gradient_check import check_gradient  # noqa: E402
from mlp import forward, softmax  # noqa: E402
from notation import (keras_bce, keras_dense, keras_kernel_grad, torch_bce_mean,  # noqa: E402
                      torch_cross_entropy_mean, torch_linear, torch_weight_grad)

SHAPES = [(3, 4, 5, 2), (4, 3, 2, 5), (2, 5, 3, 4)]  # n, m, d, t all different


def network(n, m, d, t, seed, classes=False):
    rng = np.random.default_rng(seed)
    X_, W_h_, W_out_ = rng.normal(size=(n, m)), rng.normal(size=(m, d)), rng.normal(size=(d, t))
    Y_ = np.eye(t)[rng.integers(0, t, size=n)] if classes else rng.integers(0, 2, size=(n, t)).astype(float)
    return forward(X_, W_h_, W_out_).A_h, W_out_, Y_


@pytest.mark.parametrize("shape", SHAPES + [(3, 4, 5, 2, "m-d-t")])
def test_torch_linear_weight_grad_is_our_gradient_transposed_over_n_t(shape):
    """nn.Linear stores weight (t, d) = W_out.T and computes A weight^T; under BCELoss's
    default mean its weight.grad is δ^T A_h / (n t): central differences of that very loss."""
    if len(shape) == 5:
        A_h, W, Y_ = forward(X, W_h, W_out).A_h, W_out, Y
    else:
        A_h, W, Y_ = network(*shape, seed=sum(shape))
    n, t = Y_.shape
    weight = W.T.copy()
    assert np.array_equal(torch_linear(A_h, weight), A_h @ W)  # the same Z as this site's
    loss = lambda w: torch_bce_mean(torch_linear(A_h, w), Y_)
    A_out = 1 / (1 + np.exp(-(A_h @ W)))
    analytic = torch_weight_grad(A_h, A_out, Y_, n * t)
    assert analytic.shape == weight.shape == (t, A_h.shape[1])
    assert check_gradient(loss, analytic, weight) <= 1e-7
    ours = A_h.T @ (A_out - Y_)
    assert np.allclose(analytic, ours.T / (n * t), rtol=1e-12, atol=0)


@pytest.mark.parametrize("shape", SHAPES)
def test_keras_dense_kernel_grad_is_our_gradient_over_n_t(shape):
    """Dense stores kernel (d, t), like W_out; BinaryCrossentropy's default averages over
    the t outputs and then the n examples: its gradient is A_h^T δ / (n t)."""
    A_h, W, Y_ = network(*shape, seed=sum(shape))
    n, t = Y_.shape
    loss = lambda k: keras_bce(keras_dense(A_h, k), Y_)
    A_out = 1 / (1 + np.exp(-(A_h @ W)))
    analytic = keras_kernel_grad(A_h, A_out, Y_, n * t)
    assert analytic.shape == W.shape
    assert check_gradient(loss, analytic, W.copy()) <= 1e-7


@pytest.mark.parametrize("shape", SHAPES)
def test_torch_cross_entropy_weight_grad_averages_over_the_examples_only(shape):
    """CrossEntropyLoss's default mean divides by n, not n t: weight.grad = δ^T A_h / n."""
    A_h, W, Y_ = network(*shape, seed=sum(shape), classes=True)
    n = Y_.shape[0]
    loss = lambda w: torch_cross_entropy_mean(torch_linear(A_h, w), Y_)
    analytic = torch_weight_grad(A_h, softmax(A_h @ W), Y_, n)
    assert check_gradient(loss, analytic, W.T.copy()) <= 1e-7


def test_keras_bce_reduction_reproduces_its_documented_example():
    """keras.losses.binary_crossentropy's docstring: y_true [[0, 1], [0, 0]] and y_pred
    [[0.6, 0.4], [0.4, 0.6]] give [0.916, 0.714] per example; the class's default then
    averages them. The emulation, fed the logits of those probabilities, gives that mean."""
    y_true = np.array([[0.0, 1.0], [0.0, 0.0]])
    y_pred = np.array([[0.6, 0.4], [0.4, 0.6]])
    logits = np.log(y_pred / (1 - y_pred))
    assert keras_bce(logits, y_true) == pytest.approx((0.916 + 0.714) / 2, abs=1e-3)
    assert torch_bce_mean(logits, y_true) == pytest.approx(keras_bce(logits, y_true), rel=1e-12)
