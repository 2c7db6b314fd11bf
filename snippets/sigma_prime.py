"""Worked example of the σ' page: the output δ under cross-entropy and under squared error.

    python sigma_prime.py

Run it from the snippets/ folder: it imports the site's network from mlp.py.
"""

import numpy as np

import example_2_2_2 as example
from formatting import fmt, utf8_stdout
from gradient_check import numerical_gradient, relative_error
from mlp import (cross_entropy, forward, grad_W_out, output_delta, output_delta_squared_error,
                 sigmoid, squared_error)


# --8<-- [start:deltas_against_z]
def deltas_against_z(z, y):
    """δ of one output with target y, for each logit z, under both losses."""
    a = sigmoid(z)
    delta_cross_entropy = a - y               # σ' cancelled
    delta_squared_error = (a - y) * a * (1 - a)  # σ' = a (1 - a) survives
    return a, delta_cross_entropy, delta_squared_error
# --8<-- [end:deltas_against_z]


def gradients_of_both_losses(x, W_h, W_out, y):
    """∂J/∂W^(out) under each loss: the same (A^(h))^T δ, with a different δ."""
    # --8<-- [start:both_losses]
    _, a_h, _, a_out = forward(x, W_h, W_out)
    grad_cross_entropy = grad_W_out(a_h, output_delta(a_out, y))
    grad_squared_error = grad_W_out(a_h, output_delta_squared_error(a_out, y))
    # --8<-- [end:both_losses]
    return grad_cross_entropy, grad_squared_error


def report():
    """Print the table and the two gradients the page shows."""
    x, W_h, W_out, y = example.x, example.W_h, example.W_out, example.y
    grad_cross_entropy, grad_squared_error = gradients_of_both_losses(x, W_h, W_out, y)
    # --8<-- [start:report]
    print("one output unit with target y = 1 (wrong when z is very negative):")
    print(f"  {'z':>6} {'a = σ(z)':>10} {'δ cross-entropy':>16}"
          f" {'δ squared error':>16}")
    z = np.array([4.0, 1.0, 0.0, -1.0, -4.0, -8.0])
    for z_value, a, d_ce, d_se in zip(z, *deltas_against_z(z, 1.0)):
        print(f"  {z_value:>6.1f} {a:>10.4f} {d_ce:>16.4f} {d_se:>16.4f}")

    J_ce = lambda W: cross_entropy(forward(x, W_h, W).Z_out, y)
    J_se = lambda W: squared_error(forward(x, W_h, W).A_out, y)
    numeric_ce = numerical_gradient(J_ce, W_out)
    numeric_se = numerical_gradient(J_se, W_out)
    print("the 2-2-2 page's example, ∂J/∂W_out under each loss:")
    print("cross-entropy, δ = a - y:", fmt(grad_cross_entropy), sep="\n")
    print("  matches central differences (relative error below 1e-7):",
          relative_error(grad_cross_entropy, numeric_ce) <= 1e-7)
    print("squared error, δ = (a - y) a (1 - a):", fmt(grad_squared_error),
          sep="\n")
    print("  matches central differences (relative error below 1e-7):",
          relative_error(grad_squared_error, numeric_se) <= 1e-7)
    print("squared error with σ' forgotten (δ = a - y) "
          "against its central differences:")
    forgotten = relative_error(grad_cross_entropy, numeric_se)
    print(f"  relative error {forgotten:.2f}: wrong")
    # --8<-- [end:report]


if __name__ == "__main__":
    utf8_stdout()
    report()
