"""Worked example of the regularisation page: J + (λ/2)(‖W_h‖² + ‖W_out‖²), and the mean.

    python regularisation.py

Run it from the snippets/ folder: it imports the site's network from mlp.py
and the m-d-t page's example.

It also emulates, in NumPy, how PyTorch's optimizers and Keras's regularizer
add an L2 term (their documentation: torch.optim.SGD, torch.optim.Adam,
torch.optim.AdamW, keras.regularizers.L2), with the layouts and loss
reductions notation.py emulates, so that tests/test_regularisation_frameworks.py
can check the page's conversion to this site's λ.
"""

import numpy as np

import checks
from checks import checked_by
from gradient_check import check_gradient, numerical_gradient, relative_error, verdict
from mlp import backprop, cross_entropy, forward, l2_gradient, l2_penalty
from notation import keras_bce, torch_weight_grad
from example_m_d_t import W_h, W_out, X, Y
from formatting import fmt, utf8_stdout

# --8<-- [start:inputs]
lam = 0.1       # λ, the strength of the penalty
n = X.shape[0]  # the number of examples, for the mean
# --8<-- [end:inputs]


# --8<-- [start:objective]
def J_regularised(X, W_h, W_out, Y, lam):
    """The site's regularised objective, J + (λ/2)(‖W_h‖² + ‖W_out‖²).

    No bias is penalised.
    """
    J = cross_entropy(forward(X, W_h, W_out).Z_out, Y)
    return J + l2_penalty(lam, W_h, W_out)


def gradients_regularised(X, W_h, W_out, Y, lam):
    """∂/∂W_h and ∂/∂W_out of J_regularised: the loss's gradient plus λ W."""
    grad = backprop(X, Y, W_h, W_out)
    return (grad.W_h + l2_gradient(lam, W_h),
            grad.W_out + l2_gradient(lam, W_out))
# --8<-- [end:objective]


# --8<-- [start:book]
def J_book(X, W_h, W_out, Y, lam):
    """The cost NeuralNetMLP (Raschka's book) prints: no ½ on the penalty.

    J + λ(‖W_h‖² + ‖W_out‖²), where its update adds λW to each gradient.
    """
    J = cross_entropy(forward(X, W_h, W_out).Z_out, Y)
    return J + 2 * l2_penalty(lam, W_h, W_out)
# --8<-- [end:book]


# --8<-- [start:frameworks]
# torch.optim.SGD without momentum: weight_decay · weight is added to the
# gradient of the loss, then the step is taken.
def sgd_step(weight, grad, lr, weight_decay):
    return weight - lr * (grad + weight_decay * weight)


# torch.optim.Adam (here decoupled=False; PyTorch's own flag is
# decoupled_weight_decay, False by default) adds weight_decay · weight to the
# gradient, so Adam's moments and scaling see it; torch.optim.AdamW (here
# decoupled=True) shrinks the weight by lr · weight_decay apart, then takes
# Adam's step on the loss's gradient alone. state = (m, v, steps so far);
# betas are PyTorch's defaults.
def adam_step(weight, grad, state, lr, weight_decay, decoupled, eps=1e-8):
    m, v, steps = state
    if decoupled:
        weight = (1 - lr * weight_decay) * weight
    else:
        grad = grad + weight_decay * weight
    m = 0.9 * m + (1 - 0.9) * grad
    v = 0.999 * v + (1 - 0.999) * grad ** 2
    steps += 1
    m_hat, v_hat = m / (1 - 0.9 ** steps), v / (1 - 0.999 ** steps)
    return weight - lr * m_hat / (np.sqrt(v_hat) + eps), (m, v, steps)


# keras.regularizers.L2(l2): the term l2 · Σ w², added to the loss as it is.
def keras_l2(kernel, l2):
    return l2 * float(np.sum(kernel ** 2))
# --8<-- [end:frameworks]


# --8<-- [start:conversion]
# A loss J / r with the frameworks' term added as it is. By default r = n t
# for BCELoss and Keras's BinaryCrossentropy, n for CrossEntropyLoss; with
# reduction="sum", r = 1 for PyTorch's losses but t for BinaryCrossentropy,
# which keeps its mean over the t outputs.
def lam_from_weight_decay(weight_decay, r):
    """This site's λ for SGD's or Adam's weight_decay: r · weight_decay."""
    return r * weight_decay


def lam_from_keras_l2(l2, r):
    """This site's λ for Keras's L2(l2): 2 r · l2."""
    return 2 * r * l2
# --8<-- [end:conversion]

# The frameworks' sections hold several functions: they are checked here.
sgd_step = checked_by(checks.sgd_step)(sgd_step)
adam_step = checked_by(checks.adam_step)(adam_step)
keras_l2 = checked_by(checks.keras_l2)(keras_l2)
lam_from_weight_decay = checked_by(checks.lam_from_framework)(lam_from_weight_decay)
lam_from_keras_l2 = checked_by(checks.lam_from_framework)(lam_from_keras_l2)


def frameworks_report():
    """Print the frameworks' L2 terms for this page's λ, and what each converts to."""
    # --8<-- [start:frameworks_compared]
    _, A_h, _, A_out = forward(X, W_h, W_out)
    r = Y.size              # BCELoss and BinaryCrossentropy: J / (n t)
    eta = 0.5               # this site's learning rate
    weight_decay, l2, lr = lam / r, lam / (2 * r), eta * r
    print(f"this page's λ = {lam} and η = {eta}; the frameworks' loss "
          f"is J / r, r = n t = {r}")
    gradient = gradients_regularised(X, W_h, W_out, Y, lam)[1]
    site_step = W_out - eta * gradient

    weight = W_out.T                     # nn.Linear stores W_out transposed
    grad = torch_weight_grad(A_h, A_out, Y, r)
    torch_step = sgd_step(weight, grad, lr, weight_decay)
    print(f"PyTorch SGD(lr = η r = {lr:g}, "
          f"weight_decay = λ / r = {weight_decay:.6f}):")
    print("  its step, transposed, is this site's step:",
          np.allclose(torch_step.T, site_step, rtol=1e-12, atol=0))
    slipped = sgd_step(weight, grad, lr, lam)
    stronger = lam_from_weight_decay(lam, r)    # r λ
    _, of_stronger = gradients_regularised(X, W_h, W_out, Y, stronger)
    stronger_step = W_out - eta * of_stronger
    print(f"  weight_decay = λ = {lam} instead: "
          f"this site's step for λ = {lam}? "
          f"{np.allclose(slipped.T, site_step, rtol=1e-12, atol=0)}")
    print(f"  this site's step for λ = r λ = {stronger:g}? "
          f"{np.allclose(slipped.T, stronger_step, rtol=1e-12, atol=0)}")

    keras_loss = lambda K: keras_bce(A_h @ K, Y) + keras_l2(K, l2)
    keras_grad = numerical_gradient(keras_loss, W_out)
    keras_lam = lam_from_keras_l2(l2, r)
    site_grad = gradients_regularised(X, W_h, W_out, Y, keras_lam)[1]
    print(f"Keras L2(l2 = λ / (2 r) = {l2:.6f}), "
          "its gradient by central differences:")
    print("  this site's ∂J_λ/∂W_out / r, relative error below 1e-7:",
          relative_error(site_grad / r, keras_grad) <= 1e-7)

    start = (np.zeros_like(weight), np.zeros_like(weight), 0)
    lr = 1e-3
    adam, _ = adam_step(weight, grad, start, lr, weight_decay, False)
    adamw, _ = adam_step(weight, grad, start, lr, weight_decay, True)
    print(f"the first step of Adam and of AdamW, lr = {lr}, "
          "weight_decay = λ / r:")
    print("  Adam:  |step| / lr =", fmt(np.abs(adam - weight).T / lr), sep="\n")
    print("  AdamW: |step| / lr =", fmt(np.abs(adamw - weight).T / lr), sep="\n")
    # --8<-- [end:frameworks_compared]


if __name__ == "__main__":
    utf8_stdout()
    # --8<-- [start:gradients]
    gradient_W_h, gradient_W_out = gradients_regularised(X, W_h, W_out, Y, lam)
    plain = backprop(X, Y, W_h, W_out)   # the loss's gradients alone
    J_of_W_out = lambda W: cross_entropy(forward(X, W_h, W).Z_out, Y)
    print(f"λ = {lam}; the m-d-t page's example, n = {n}")
    print(f"J = {J_of_W_out(W_out):.4f}, "
          f"(λ/2)(‖W_h‖² + ‖W_out‖²) = {l2_penalty(lam, W_h, W_out):.4f}")
    print("grad_W_out + λ W_out =", fmt(gradient_W_out), sep="\n")
    # --8<-- [end:gradients]
    # --8<-- [start:parts]
    penalty = lambda W: l2_penalty(lam, W)                 # (λ/2) ‖W‖²
    whole_of_W_out = lambda W: J_regularised(X, W_h, W, Y, lam)
    whole_of_W_h = lambda W: J_regularised(X, W, W_out, Y, lam)
    print("checked one part at a time, then whole:")
    print("  loss alone, grad_W_out:         "
          + verdict(check_gradient(J_of_W_out, plain.W_out, W_out)))
    print("  penalty alone, λ W_out:         "
          + verdict(check_gradient(penalty, l2_gradient(lam, W_out), W_out)))
    print("  whole objective, W_out:         "
          + verdict(check_gradient(whole_of_W_out, gradient_W_out, W_out)))
    print("  whole objective, W_h:           "
          + verdict(check_gradient(whole_of_W_h, gradient_W_h, W_h)))
    # --8<-- [end:parts]
    # --8<-- [start:slips]
    slipped = lambda W: 2 * l2_penalty(lam, W)             # λ ‖W‖², no ½
    book_of_W_out = lambda W: J_book(X, W_h, W, Y, lam)
    mean_of_W_out = lambda W: J_of_W_out(W) / n
    print("the factor-of-two slip: penalty λ‖W‖² with gradient λ W:")
    print("  penalty alone, λ W_out:         "
          + verdict(check_gradient(slipped, l2_gradient(lam, W_out), W_out)))
    print("Raschka's NeuralNetMLP: cost J + λ(‖W_h‖² + ‖W_out‖²), "
          "update grad + λ W:")
    print("  the update against that cost, W_out: "
          + verdict(check_gradient(book_of_W_out, gradient_W_out, W_out)))
    print("the mean: J / n has gradient grad / n:")
    print("  (1/n) grad_W_out against J / n: "
          + verdict(check_gradient(mean_of_W_out, plain.W_out / n, W_out)))
    # --8<-- [end:slips]
    frameworks_report()
