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
from mlp import cross_entropy, forward, softmax  # noqa: E402
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


def test_keras_bce_reductions_reproduce_the_class_s_documented_example():
    """keras.losses.BinaryCrossentropy's own docstring (Keras 3, its Example 2): y_true
    [[0, 1], [0, 0]] and logits [[-18.6, 0.51], [2.94, -12.8]], from_logits=True, give
    0.8654 with the default reduction, 1.730 with reduction="sum" (the two examples' means
    over their outputs, summed: not the sum of the four entries) and [0.235, 1.496] with
    reduction=None. The emulation, fed those logits, gives each."""
    y_true = np.array([[0.0, 1.0], [0.0, 0.0]])
    logits = np.array([[-18.6, 0.51], [2.94, -12.8]])
    n, t = y_true.shape
    assert keras_bce(logits, y_true) == pytest.approx(0.8654, abs=1e-4)
    assert n * keras_bce(logits, y_true) == pytest.approx(1.730, abs=1e-3)
    assert [keras_bce(logits[k:k + 1], y_true[k:k + 1]) for k in range(n)] == pytest.approx([0.235, 1.496], abs=1e-3)
    assert cross_entropy(logits, y_true) == pytest.approx(t * 1.730, abs=2e-3)  # this site's J: the sum
    assert torch_bce_mean(logits, y_true) == pytest.approx(keras_bce(logits, y_true), rel=1e-12)


def test_keras_bce_per_example_reproduces_the_function_s_documented_example():
    """keras.losses.binary_crossentropy (the function) gives each example's mean over its
    outputs: y_pred [[0.6, 0.4], [0.4, 0.6]] gives [0.916, 0.714]."""
    y_true = np.array([[0.0, 1.0], [0.0, 0.0]])
    y_pred = np.array([[0.6, 0.4], [0.4, 0.6]])
    logits = np.log(y_pred / (1 - y_pred))
    assert [keras_bce(logits[k:k + 1], y_true[k:k + 1]) for k in range(2)] == pytest.approx([0.916, 0.714], abs=1e-3)


@pytest.mark.parametrize("shape", SHAPES)
def test_a_summed_torch_loss_gives_our_gradient_transposed_and_keras_still_divides_by_t(shape):
    """The 2-2-2 page: with reduction="sum" BCELoss's weight.grad is our gradient transposed;
    Keras's BinaryCrossentropy keeps its mean over the t outputs whatever its reduction, so
    with reduction="sum" (its per-example means summed) its kernel gradient is ours / t."""
    A_h, W, Y_ = network(*shape, seed=sum(shape))
    n, t = Y_.shape
    ours = A_h.T @ (1 / (1 + np.exp(-(A_h @ W))) - Y_)
    torch_sum = lambda w: cross_entropy(torch_linear(A_h, w), Y_)
    assert check_gradient(torch_sum, ours.T, W.T.copy()) <= 1e-7
    keras_sum = lambda k: n * keras_bce(keras_dense(A_h, k), Y_)
    assert check_gradient(keras_sum, ours / t, W.copy()) <= 1e-7
    assert check_gradient(keras_sum, ours, W.copy()) > 1e-2  # t > 1: not ours


@pytest.mark.parametrize("shape", SHAPES)
def test_cross_entropy_loss_needs_the_softmax_delta_not_the_sigmoid_one(shape):
    """The notation page: CrossEntropyLoss's weight.grad is G^T / n with G taken from the
    softmax outputs; with the sigmoid's G (this site's A_out) it is wrong."""
    from mlp import sigmoid

    A_h, W, Y_ = network(*shape, seed=sum(shape), classes=True)
    n = Y_.shape[0]
    loss = lambda w: torch_cross_entropy_mean(torch_linear(A_h, w), Y_)
    assert check_gradient(loss, torch_weight_grad(A_h, softmax(A_h @ W), Y_, n), W.T.copy()) <= 1e-7
    assert check_gradient(loss, torch_weight_grad(A_h, sigmoid(A_h @ W), Y_, n), W.T.copy()) > 1e-2


def test_nielsen_s_mean_cost_averages_the_column_gradients_over_the_examples():
    """The notation page's table: δ aᵀ per example, and Nielsen's cost, a mean over the n
    examples, has their mean as its gradient (this site's sum, transposed, over n)."""
    from mlp import objective

    n = X.shape[0]
    mean_cost = lambda W2: objective(X, W_h, W2.T, Y) / n  # W2 = W_out.T, one row per output
    assert check_gradient(mean_cost, grad_W_out_columns(X, W_h, W_out, Y) / n, W_out.T.copy()) <= 1e-7
