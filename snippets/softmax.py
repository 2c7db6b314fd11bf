"""Worked example of the softmax page: δ = A - Y again, through the softmax Jacobian.

    python softmax.py

Run it from the snippets/ folder: it imports the site's network from mlp.py
and part of the m-d-t page's example.
"""

# --8<-- [start:imports]
import numpy as np
# --8<-- [end:imports]

import checks
from checks import checked_by
from gradient_check import numerical_gradient, relative_error
from mlp import categorical_cross_entropy, forward, grad_W_out, output_delta, softmax
from example_m_d_t import W_h, X
from formatting import fmt, utf8_stdout

# --8<-- [start:inputs]
# The m-d-t example's first two inputs and hidden layer, now with t = 3
# mutually exclusive classes: n, m, d, t = 2, 4, 5, 3.
X = X[:2]
W_out = np.random.default_rng(seed=1).integers(-10, 11, size=(5, 3)) / 10
# Example 1 is class 1 and example 2 class 3, counted from 1 as on the
# pages (NumPy's column indices, from 0, are 0 and 2).
Y = np.eye(3)[[0, 2]]
# --8<-- [end:inputs]


# --8<-- [start:jacobian]
def softmax_jacobian(a):
    """∂a_j/∂z_j' = a_j ([j = j'] - a_j'), for one example's softmax a (1, t).

    j' is a second index over the output units, like j.
    """
    # diag(a) - a^T a: (t, t); row j, column j'
    return np.diag(a[0]) - a.T @ a


def delta_through_jacobian(a, y):
    """∂J/∂z by the chain rule through every a_j, without using Σ_j y_j = 1."""
    dJ_da = -y / a                          # (1, t): ∂J/∂a_j = -y_j / a_j
    # ∂J/∂z_j' = Σ_j ∂J/∂a_j · ∂a_j/∂z_j': (1, t) @ (t, t) -> (1, t)
    return dJ_da @ softmax_jacobian(a)
# --8<-- [end:jacobian]

# The jacobian section holds two functions: they are checked here. The route
# through the Jacobian divides by a_j, so its check refuses a_j = 0.
softmax_jacobian = checked_by(checks.softmax_jacobian)(softmax_jacobian)
delta_through_jacobian = checked_by(checks.delta_through_jacobian)(delta_through_jacobian)


# --8<-- [start:J_of_W_out]
def J_of_W_out(W):
    """The categorical J as a function of W_out alone."""
    Z_out = forward(X, W_h, W, output=softmax).Z_out
    return categorical_cross_entropy(Z_out, Y)
# --8<-- [end:J_of_W_out]


if __name__ == "__main__":
    utf8_stdout()
    # --8<-- [start:gradient]
    _, A_h, _, A_out = forward(X, W_h, W_out, output=softmax)
    delta_out = output_delta(A_out, Y)       # A_out - Y, as for sigmoid outputs
    gradient = grad_W_out(A_h, delta_out)
    # --8<-- [end:gradient]
    # --8<-- [start:example_1]
    a, y = A_out[:1], Y[:1]                  # example k=1, as (1, t) rows
    z = forward(X[:1], W_h, W_out).Z_out     # its logits
    # the Jacobian by central differences, one logit z_j' (column j') at a time
    numeric_jacobian = np.column_stack(
        [(softmax(z + h) - softmax(z - h))[0] / 2e-6 for h in 1e-6 * np.eye(3)])
    jacobian = softmax_jacobian(a)
    print("softmax outputs A_out (each row sums to 1):", fmt(A_out),
          f"row sums: {np.round(A_out.sum(axis=1), 12).tolist()}",
          "example k=1: softmax Jacobian diag(a) - a.T @ a:", fmt(jacobian),
          sep="\n")
    print("  matches central differences:",
          relative_error(jacobian, numeric_jacobian) <= 1e-7)
    print("example k=1: ∂J/∂z through the Jacobian:",
          fmt(delta_through_jacobian(a, y)),
          "example k=1: a - y:", fmt(a - y), sep="\n")
    # --8<-- [end:example_1]
    # --8<-- [start:check]
    numeric = numerical_gradient(J_of_W_out, W_out)
    print("delta_out = A_out - Y =", fmt(delta_out),
          "grad_W_out = A_h.T @ delta_out =", fmt(gradient), sep="\n")
    print("matches central differences of the categorical J:",
          relative_error(gradient, numeric) <= 1e-7)
    extreme = softmax(np.array([[1000.0, 0.0, -1000.0]]))   # e^1000 overflows
    print("softmax([[1000, 0, -1000]]) =", fmt(extreme).strip())
    # --8<-- [end:check]
