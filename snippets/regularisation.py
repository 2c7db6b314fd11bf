"""Worked example of the regularisation page: J + (λ/2)(‖W_h‖² + ‖W_out‖²), and the mean.

    python regularisation.py

Run it from the snippets/ folder: it imports the site's network from mlp.py
and the m-d-t page's example.
"""

import sys

from gradient_check import check_gradient, verdict
from mlp import backprop, l2_gradient, l2_penalty, objective
from example_m_d_t import W_h, W_out, X, Y
from formatting import fmt

lam = 0.1  # λ, the strength of the penalty
n = X.shape[0]


# --8<-- [start:objective]
def J_regularised(X, W_h, W_out, Y, lam):
    """The site's regularised objective, J + (λ/2)(‖W_h‖² + ‖W_out‖²).

    No bias is penalised.
    """
    return objective(X, W_h, W_out, Y) + l2_penalty(lam, W_h, W_out)


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
    return objective(X, W_h, W_out, Y) + 2 * l2_penalty(lam, W_h, W_out)
# --8<-- [end:book]


def report():
    grad_W_h, grad_W_out = gradients_regularised(X, W_h, W_out, Y, lam)
    plain = backprop(X, Y, W_h, W_out)
    lines = [
        f"λ = {lam}; the m-d-t page's example, n = {n}",
        f"J = {objective(X, W_h, W_out, Y):.4f}, "
        f"(λ/2)(‖W_h‖² + ‖W_out‖²) = {l2_penalty(lam, W_h, W_out):.4f}",
        "grad_W_out + λ W_out =", fmt(grad_W_out),
        "checked one part at a time, then whole:",
        "  loss alone, grad_W_out:         "
        + verdict(check_gradient(lambda W: objective(X, W_h, W, Y), plain.W_out, W_out)),
        "  penalty alone, λ W_out:         "
        + verdict(check_gradient(lambda W: l2_penalty(lam, W), l2_gradient(lam, W_out), W_out)),
        "  whole objective, W_out:         "
        + verdict(check_gradient(lambda W: J_regularised(X, W_h, W, Y, lam), grad_W_out, W_out)),
        "  whole objective, W_h:           "
        + verdict(check_gradient(lambda W: J_regularised(X, W, W_out, Y, lam), grad_W_h, W_h)),
        "the factor-of-two slip: penalty λ‖W‖² with gradient λ W:",
        "  penalty alone, λ W_out:         "
        + verdict(check_gradient(lambda W: 2 * l2_penalty(lam, W), l2_gradient(lam, W_out), W_out)),
        "Raschka's NeuralNetMLP: cost J + λ(‖W_h‖² + ‖W_out‖²), update grad + λ W:",
        "  the update against that cost, W_out: "
        + verdict(check_gradient(lambda W: J_book(X, W_h, W, Y, lam), grad_W_out, W_out)),
        "the mean: J / n has gradient grad / n:",
        "  (1/n) grad_W_out against J / n: "
        + verdict(check_gradient(lambda W: objective(X, W_h, W, Y) / n, plain.W_out / n, W_out)),
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    if hasattr(sys.stdout, "reconfigure"):  # σ and ∂ on any console (a Windows pipe is cp1252)
        sys.stdout.reconfigure(encoding="utf-8")
    print(report())
