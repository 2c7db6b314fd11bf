"""The regularisation page's frameworks: PyTorch's weight_decay (SGD, Adam, AdamW) and
Keras's L2(l2), emulated in NumPy, against this site's J_λ = J + (λ/2)(‖W_h‖² + ‖W_out‖²).

The frameworks' layouts and loss reductions are notation.py's emulations (checked
against central differences by tests/test_notation.py); the optimizers' rules
are regularisation.py's. What is checked here is the page's conversion: which λ
and which η of this site's each framework's rule is.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from support import SNIPPETS, random_network
from gradient_check import check_gradient
from mlp import backprop, forward, hidden_delta, output_delta
from notation import keras_bce, torch_bce_mean, torch_weight_grad
from regularisation import (adam_step, gradients_regularised, keras_l2, lam_from_keras_l2,
                            lam_from_weight_decay, sgd_step)

sizes = st.integers(min_value=1, max_value=6)
decays = st.sampled_from([0.0, 1e-3, 0.05, 0.7])


def torch_grads(X, W_h, W_out, Y, r):
    """weight.grad of both nn.Linear layers (stored transposed) under a loss J / r."""
    _, A_h, _, A_out = forward(X, W_h, W_out)
    delta_h = hidden_delta(output_delta(A_out, Y), W_out, A_h)
    return (delta_h.T @ X / r,                       # (d, n) @ (n, m) -> (d, m): W_h transposed
            torch_weight_grad(A_h, A_out, Y, r))     # (t, d): W_out transposed


@settings(max_examples=40, deadline=None)
@given(n=sizes, m=sizes, d=sizes, t=sizes, seed=st.integers(0, 2**32 - 1), wd=decays,
       lr=st.sampled_from([0.01, 0.3, 2.0]), reduction=st.sampled_from(["entries", "examples", "sum"]))
def test_sgd_weight_decay_is_this_sites_step_with_lambda_r_wd_and_eta_lr_over_r(n, m, d, t, seed, wd, lr,
                                                                                 reduction):
    X, W_h, W_out, Y = random_network(n, m, d, t, seed)
    r = {"entries": n * t, "examples": n, "sum": 1}[reduction]
    grad_h, grad_out = torch_grads(X, W_h, W_out, Y, r)
    torch_h, torch_out = sgd_step(W_h.T, grad_h, lr, wd), sgd_step(W_out.T, grad_out, lr, wd)
    lam, eta = lam_from_weight_decay(wd, r), lr / r
    site_h, site_out = gradients_regularised(X, W_h, W_out, Y, lam)
    assert np.allclose(torch_h.T, W_h - eta * site_h, rtol=1e-12, atol=1e-12)
    assert np.allclose(torch_out.T, W_out - eta * site_out, rtol=1e-12, atol=1e-12)


def test_the_weight_decay_taken_as_lambda_is_a_penalty_r_times_too_strong():
    X, W_h, W_out, Y = random_network(4, 3, 5, 2, seed=1)
    r, lam, lr = 4 * 2, 0.1, 0.5
    _, grad_out = torch_grads(X, W_h, W_out, Y, r)
    slipped = sgd_step(W_out.T, grad_out, lr, lam).T
    intended = W_out - lr / r * gradients_regularised(X, W_h, W_out, Y, lam)[1]
    assert not np.allclose(slipped, intended, rtol=1e-6, atol=0)
    assert np.allclose(slipped, W_out - lr / r * gradients_regularised(X, W_h, W_out, Y, r * lam)[1])


def test_the_torch_gradient_is_that_of_its_mean_loss():
    """notation.py's weight.grad under BCELoss's mean: central differences of the mean, in its layout."""
    X, W_h, W_out, Y = random_network(3, 4, 5, 2, seed=2)
    _, A_h, _, A_out = forward(X, W_h, W_out)
    mean = lambda weight: torch_bce_mean(A_h @ weight.T, Y)
    assert check_gradient(mean, torch_weight_grad(A_h, A_out, Y, Y.size), W_out.T) <= 1e-7


@settings(max_examples=30, deadline=None)
@given(n=sizes, m=sizes, d=sizes, t=sizes, seed=st.integers(0, 2**32 - 1),
       l2=st.sampled_from([0.0, 1e-3, 0.01, 0.4]))
def test_keras_l2_gradient_is_this_sites_with_lambda_2_r_l2_divided_by_r(n, m, d, t, seed, l2):
    """Central differences of Keras's whole loss, BinaryCrossentropy plus l2·Σw² on both kernels."""
    X, W_h, W_out, Y = random_network(n, m, d, t, seed)
    r = n * t
    keras_loss = lambda K_h, K_out: (keras_bce(forward(X, K_h, K_out).Z_out, Y)
                                     + keras_l2(K_h, l2) + keras_l2(K_out, l2))
    site_h, site_out = gradients_regularised(X, W_h, W_out, Y, lam_from_keras_l2(l2, r))
    assert check_gradient(lambda K: keras_loss(W_h, K), site_out / r, W_out) <= 1e-7
    assert check_gradient(lambda K: keras_loss(K, W_out), site_h / r, W_h) <= 1e-7


def test_keras_l2_adds_l2_times_the_sum_of_squares_with_no_half():
    kernel = np.array([[1.0, -2.0], [0.5, 3.0]])
    assert keras_l2(kernel, 0.01) == pytest.approx(0.01 * (1 + 4 + 0.25 + 9), rel=1e-15)
    # Its gradient is 2·l2·W: half of it is the slip the page's exercise names.
    numeric = check_gradient(lambda K: keras_l2(K, 0.01), 2 * 0.01 * kernel, kernel)
    assert numeric <= 1e-7
    assert check_gradient(lambda K: keras_l2(K, 0.01), 0.01 * kernel, kernel) > 0.4


def adam_run(W, gradient_of, steps, lr, wd, decoupled, eps):
    state = (np.zeros_like(W), np.zeros_like(W), 0)
    for _ in range(steps):
        W, state = adam_step(W, gradient_of(W), state, lr, wd, decoupled, eps)
    return W


@pytest.mark.parametrize("r_of", [lambda n, t: n * t, lambda n, t: n])
def test_adam_weight_decay_is_adam_on_this_sites_J_lambda_with_lambda_r_wd(r_of):
    """Adam(weight_decay=wd) on J / r takes the steps of Adam on ∂J_λ/∂W, λ = r wd, ε times r."""
    X, W_h, W_out, Y = random_network(5, 3, 4, 2, seed=4)
    r, wd, lr, eps = r_of(5, 2), 0.02, 0.01, 1e-8
    framework = adam_run(W_out, lambda W: backprop(X, Y, W_h, W).W_out / r, 5, lr, wd, False, eps)
    lam = lam_from_weight_decay(wd, r)
    site = adam_run(W_out, lambda W: gradients_regularised(X, W_h, W, Y, lam)[1], 5, lr, 0.0, False, eps * r)
    assert np.allclose(framework, site, rtol=1e-10, atol=1e-12)


def test_adamw_decays_alike_for_a_mean_and_a_sum_and_adam_does_not():
    """The page: AdamW's decay does not depend on r; the λ of Adam's weight_decay is r times it."""
    X, W_h, W_out, Y = random_network(5, 3, 4, 2, seed=6)
    r, wd, lr, eps = 10, 0.05, 0.01, 1e-8
    mean = lambda W: backprop(X, Y, W_h, W).W_out / r
    total = lambda W: backprop(X, Y, W_h, W).W_out
    adamw_mean = adam_run(W_out, mean, 5, lr, wd, True, eps)
    adamw_sum = adam_run(W_out, total, 5, lr, wd, True, eps * r)
    assert np.allclose(adamw_mean, adamw_sum, rtol=1e-10, atol=1e-12)
    adam_mean = adam_run(W_out, mean, 5, lr, wd, False, eps)
    adam_sum = adam_run(W_out, total, 5, lr, wd, False, eps * r)
    assert not np.allclose(adam_mean, adam_sum, rtol=1e-6, atol=0)


def test_adamw_is_the_shrink_then_adams_step_on_the_loss_alone():
    """The page's update: W ← (1 − lr·wd) W − lr m̂ / (√v̂ + ε), m̂ and v̂ of the loss's gradient alone."""
    rng = np.random.default_rng(7)
    W, g, lr, wd = rng.normal(size=(3, 2)), rng.normal(size=(3, 2)), 0.01, 0.1
    start = (np.zeros_like(W), np.zeros_like(W), 0)
    after, _ = adam_step(W, g, start, lr, wd, True, 1e-8)
    m_hat, v_hat = g, g ** 2  # the first step's bias-corrected moments
    assert np.allclose(after, (1 - lr * wd) * W - lr * m_hat / (np.sqrt(v_hat) + 1e-8), rtol=1e-14, atol=0)


def test_the_first_adam_step_moves_every_weight_by_lr_and_adamw_adds_its_decay():
    """The page: Adam's first step moves every weight by lr whatever the decay; AdamW's by lr ± lr·wd·|w|."""
    rng = np.random.default_rng(8)
    W, g, lr, wd = rng.normal(size=(4, 3)), rng.normal(size=(4, 3)), 1e-3, 0.3
    start = (np.zeros_like(W), np.zeros_like(W), 0)
    adam, _ = adam_step(W, g, start, lr, wd, False, 1e-8)
    adamw, _ = adam_step(W, g, start, lr, wd, True, 1e-8)
    assert np.allclose(np.abs(adam - W) / lr, 1, atol=1e-6)
    assert np.allclose(np.abs(adamw - W) / lr, np.abs(np.sign(g) + wd * W), atol=1e-6)
    text = (SNIPPETS / "regularisation.out").read_text(encoding="utf-8")
    adam_block = text.split("Adam:  |step| / lr =\n", 1)[1].split("AdamW", 1)[0]
    assert set(adam_block.replace("[", " ").replace("]", " ").split()) == {"1.0000"}


def test_the_output_shows_the_conversions_agreeing():
    """The page: SGD given λ / r and η r takes this site's step; given λ itself, this site's step
    for r λ, and not for λ; Keras's gradient is this site's divided by r."""
    import re

    text = (SNIPPETS / "regularisation.out").read_text(encoding="utf-8")
    assert "its step, transposed, is this site's step: True" in text
    r = int(re.search(r"r = n t = (\d+)", text).group(1))
    lam = float(re.search(r"this page's λ = ([\d.]+)", text).group(1))
    slip = re.search(r"weight_decay = λ = ([\d.]+) instead: this site's step for λ = ([\d.]+)\? False\n"
                     r"  this site's step for λ = r λ = ([\d.]+)\? True", text)
    assert slip, "the slip's two lines"
    assert float(slip.group(1)) == float(slip.group(2)) == lam
    assert float(slip.group(3)) == pytest.approx(r * lam, rel=1e-6)
    assert "relative error below 1e-7: True" in text.split("Keras L2", 1)[1]


@pytest.mark.parametrize("shape", [(3, 4, 5, 2), (5, 2, 3, 4), (1, 3, 2, 3)])
def test_keras_sum_reduction_still_divides_by_t_so_its_lambda_is_2_t_l2(shape):
    """The page: with reduction="sum", r is 1 for PyTorch's losses but t for BinaryCrossentropy,
    which keeps its mean over the t outputs: Keras's gradient is this site's (λ = 2 t l2) divided
    by t, and not this site's with λ = 2 l2 (r = 1)."""
    n, m, d, t = shape
    X, W_h, W_out, Y = random_network(n, m, d, t, seed=sum(shape))
    l2 = 0.03
    # BinaryCrossentropy(reduction="sum"): its per-example means over the t outputs, summed
    keras_sum = lambda K: n * keras_bce(forward(X, W_h, K).Z_out, Y) + keras_l2(K, l2)
    site = gradients_regularised(X, W_h, W_out, Y, lam_from_keras_l2(l2, t))[1]
    assert check_gradient(keras_sum, site / t, W_out) <= 1e-7
    as_if_r_were_1 = gradients_regularised(X, W_h, W_out, Y, lam_from_keras_l2(l2, 1))[1]
    assert check_gradient(keras_sum, as_if_r_were_1, W_out) > 1e-2
    torch_sum = lambda weight: torch_bce_mean(forward(X, W_h, weight.T).Z_out, Y) * Y.size  # BCELoss, "sum"
    grad = torch_weight_grad(*forward(X, W_h, W_out)[1::2], Y, 1)
    assert check_gradient(torch_sum, grad, W_out.T.copy()) <= 1e-7  # r = 1: this site's gradient, transposed


# --- bad input -------------------------------------------------------------------------------

def test_the_frameworks_rules_refuse_bad_input():
    W = np.ones((3, 2))
    with pytest.raises(ValueError, match=r"weight has shape \(3, 2\) but grad has shape \(2, 3\)"):
        sgd_step(W, W.T, 0.1, 0.01)
    with pytest.raises(ValueError, match=r"lr must be a finite number > 0"):
        sgd_step(W, W, 0.0, 0.01)
    with pytest.raises(ValueError, match=r"weight_decay must be a finite number >= 0"):
        adam_step(W, W, (W * 0, W * 0, 0), 0.1, float("nan"), True)
    with pytest.raises(ValueError, match=r"state must be \(m, v, steps\)"):
        adam_step(W, W, None, 0.1, 0.01, True)
    with pytest.raises(ValueError, match=r"decoupled must be True \(AdamW\) or False \(Adam\)"):
        adam_step(W, W, (W * 0, W * 0, 0), 0.1, 0.01, "yes")
    with pytest.raises(ValueError, match=r"l2 must be a finite number >= 0"):
        keras_l2(W, -1)
    with pytest.raises(ValueError, match=r"r must be a finite number > 0"):
        lam_from_keras_l2(0.01, 0)


# --- the page's exercise -------------------------------------------------------------------

def test_the_keras_exercise_answer_makes_this_sites_gradient_r_times_keras():
    import json

    exercise = json.loads((SNIPPETS / "exercises.json").read_text(encoding="utf-8"))["exercises"]["regularisation/keras"]
    l2, n, t = (exercise["given"][key] for key in ("l2", "n", "t"))
    X, W_h, W_out, Y = random_network(n, 3, 4, t, seed=9)
    keras_loss = lambda K: keras_bce(forward(X, W_h, K).Z_out, Y) + keras_l2(K, l2) + keras_l2(W_h, l2)
    site_out = gradients_regularised(X, W_h, W_out, Y, exercise["answer"])[1]
    assert check_gradient(keras_loss, site_out / (n * t), W_out) <= 1e-7
    for mistake in exercise["mistakes"]:
        wrong = gradients_regularised(X, W_h, W_out, Y, mistake["answer"])[1]
        assert check_gradient(keras_loss, wrong / (n * t), W_out) > 1e-3, mistake["name"]
