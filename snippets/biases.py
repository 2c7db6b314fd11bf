"""Worked example of the biases page: ∂J/∂b as column sums of δ, and as a column of ones.

    python biases.py

Run it from the snippets/ folder: it imports the site's network from mlp.py
and the m-d-t page's example, to which it adds biases.
"""

# --8<-- [start:imports]
import numpy as np
# --8<-- [end:imports]

import checks
from checks import checked_by
from gradient_check import numerical_gradient, relative_error
from mlp import backprop, cross_entropy, forward, grad_W_out, output_delta
from example_m_d_t import W_h, W_out, X, Y
from formatting import fmt, utf8_stdout

# --8<-- [start:inputs]
# The m-d-t example's network plus one bias per unit, as (1, k) rows.
b_h = np.array([[0.1, -0.2, 0.3, 0.0, -0.1]])   # (1, d)
b_out = np.array([[-0.3, 0.2]])                 # (1, t)
# --8<-- [end:inputs]


@checked_by(checks.grad_W_out)
# --8<-- [start:ones_column]
def grad_W_out_with_ones_column(A_h, delta_out):
    """Fold b_out into the weights as one more row, fed by a constant 1.

    [A_h 1] [W_out; b_out] = A_h W_out + b_out, so the ordinary weight gradient
    of the augmented matrices holds both: its last row is ∂J/∂b_out.
    """
    ones = np.ones((A_h.shape[0], 1))
    A_h_1 = np.hstack([A_h, ones])          # (n, d + 1)
    # (d + 1, n) @ (n, t) -> (d + 1, t)
    grad = grad_W_out(A_h_1, delta_out)
    # ∂J/∂W_out (d, t) and ∂J/∂b_out (1, t)
    return grad[:-1], grad[-1:]
# --8<-- [end:ones_column]


# --8<-- [start:J_of]
def J_of(**parameters):
    """J with biases, as a function of whichever parameter is left free."""
    values = dict(W_h=W_h, W_out=W_out, b_h=b_h, b_out=b_out) | parameters
    return cross_entropy(forward(X, **values).Z_out, Y)
# --8<-- [end:J_of]


if __name__ == "__main__":
    utf8_stdout()
    # --8<-- [start:gradients]
    gradients = backprop(X, Y, W_h, W_out, b_h, b_out)
    _, A_h, _, A_out = forward(X, W_h, W_out, b_h, b_out)
    delta_out = output_delta(A_out, Y)
    # --8<-- [end:gradients]
    # --8<-- [start:print]
    print("delta_out (with biases) =", fmt(delta_out),
          "grad_b_out = column sums of delta_out =", fmt(gradients.b_out),
          "grad_b_h = column sums of delta_h =", fmt(gradients.b_h), sep="\n")
    ones_W_out, ones_b_out = grad_W_out_with_ones_column(A_h, delta_out)
    print("column-of-ones view, last row of [A_h 1].T @ delta_out:",
          fmt(ones_b_out), sep="\n")
    same_b = np.allclose(ones_b_out, gradients.b_out)
    same_W = np.allclose(ones_W_out, gradients.W_out)
    print(f"  equals grad_b_out: {same_b}; "
          f"the other rows equal grad_W_out: {same_W}")
    # --8<-- [end:print]
    # --8<-- [start:check]
    parameters = dict(b_h=b_h, b_out=b_out, W_h=W_h, W_out=W_out)
    for name, value in parameters.items():
        numeric = numerical_gradient(lambda free: J_of(**{name: free}), value)
        error = relative_error(getattr(gradients, name), numeric)
        print(f"{name:<6} gradient matches central differences "
              f"(relative error below 1e-7): {error <= 1e-7}")
    # --8<-- [end:check]
