"""Worked example of the hidden-layer page: δ^(h) and ∂J/∂W^(h), by index sums and by matrices.

    python hidden_layer.py

Run it from the snippets/ folder: it imports the site's network from mlp.py
and the m-d-t page's example.
"""

# --8<-- [start:imports]
import numpy as np
# --8<-- [end:imports]

import checks
from checks import checked_by
from gradient_check import numerical_gradient, relative_error
from mlp import (backprop, cross_entropy, forward, grad_W_h, grad_W_out, hidden_delta,
                 output_delta)
from example_m_d_t import W_h, W_out, X, Y
from formatting import fmt, utf8_stdout


# --8<-- [start:loops]
def hidden_delta_loop(delta_out, W_out, A_h):
    """δ^(h) entry by entry.

    δ_ki^(h) = (Σ_j δ_kj^(out) w_ij^(out)) · a_ki^(h) (1 - a_ki^(h))
    """
    n, d = A_h.shape
    t = delta_out.shape[1]
    delta_h = np.zeros((n, d))
    for k in range(n):              # example
        for i in range(d):          # hidden unit
            # unit i feeds every output j: add up what comes back from each
            back = sum(delta_out[k, j] * W_out[i, j] for j in range(t))
            delta_h[k, i] = back * A_h[k, i] * (1 - A_h[k, i])
    return delta_h


def grad_W_h_loop(X, delta_h):
    """∂J/∂w_li^(h) = Σ_k x_kl δ_ki^(h), entry by entry."""
    n, m = X.shape
    d = delta_h.shape[1]
    grad = np.zeros((m, d))
    for l in range(m):              # input unit: the weight's source
        for i in range(d):          # hidden unit: the weight's target
            grad[l, i] = sum(X[k, l] * delta_h[k, i] for k in range(n))
    return grad
# --8<-- [end:loops]

# The loops section holds two functions: they are checked here, as their
# vectorised twins in mlp.py are.
hidden_delta_loop = checked_by(checks.hidden_delta)(hidden_delta_loop)
grad_W_h_loop = checked_by(checks.grad_W_h)(grad_W_h_loop)


if __name__ == "__main__":
    utf8_stdout()
    # --8<-- [start:backward]
    _, A_h, _, A_out = forward(X, W_h, W_out)
    delta_out = output_delta(A_out, Y)                 # (n, t)
    delta_h = hidden_delta(delta_out, W_out, A_h)      # (n, d)
    gradient_W_h = grad_W_h(X, delta_h)                # (m, d), like W_h
    gradient_W_out = grad_W_out(A_h, delta_out)        # (d, t), like W_out
    # --8<-- [end:backward]
    # --8<-- [start:check]
    # J as a function of W_h alone, differentiated entry by entry
    J_of_W_h = lambda W: cross_entropy(forward(X, W, W_out).Z_out, Y)
    numeric_W_h = numerical_gradient(J_of_W_h, W_h)
    gradients = backprop(X, Y, W_h, W_out)             # all steps at once
    # --8<-- [end:check]
    # --8<-- [start:print]
    # Lines of at most 43 characters: what a 390 px phone shows of an output.
    print("the m-d-t page's example:",
          f"X {X.shape}, W_h {W_h.shape}, W_out {W_out.shape}", sep="\n")
    print("delta_out =", fmt(delta_out), sep="\n")
    print("delta_h = (delta_out @ W_out.T)",
          "          * A_h * (1 - A_h) =", fmt(delta_h),
          "delta_h by the index sum:",
          fmt(hidden_delta_loop(delta_out, W_out, A_h)),
          sep="\n")
    print(f"grad_W_h = X.T @ delta_h, shape {gradient_W_h.shape}:",
          fmt(gradient_W_h),
          "grad_W_h by the index sum:", fmt(grad_W_h_loop(X, delta_h)),
          "central differences of J, entry by entry:", fmt(numeric_W_h),
          sep="\n")
    error = relative_error(gradient_W_h, numeric_W_h)
    print(f"relative error below 1e-7: {error <= 1e-7}")
    print(f"grad_W_out, shape {gradient_W_out.shape},",
          "the m-d-t page's result:", fmt(gradient_W_out), sep="\n")
    same = (np.allclose(gradients.W_h, gradient_W_h)
            and np.allclose(gradients.W_out, gradient_W_out))
    print("backprop(X, Y, W_h, W_out) gives",
          f"the same two gradients: {same}", sep="\n")
    # --8<-- [end:print]
