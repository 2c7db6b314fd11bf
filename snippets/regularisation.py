"""Worked example of the regularisation page: J + (λ/2)(‖W_h‖² + ‖W_out‖²), and the mean.

    python regularisation.py

Run it from the snippets/ folder: it imports the site's network from mlp.py
and the m-d-t page's example.
"""

from gradient_check import check_gradient, verdict
from mlp import backprop, cross_entropy, forward, l2_gradient, l2_penalty
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
