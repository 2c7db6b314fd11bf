"""Check an analytic gradient against central finite differences.

    python gradient_check.py   shows the check catching a transposed gradient
                               and a forgotten σ', and choosing the step h

The site's tests and worked examples use these functions; they work for any
scalar function of a weight matrix, not only for this site's network.
"""

import numpy as np

# --8<-- [start:numerical_gradient]
def numerical_gradient(f, W, h=1e-6):
    """Central differences (f(W + h E) - f(W - h E)) / 2h, one entry E at a time.

    Parameters
    ----------
    f : callable, (r, c) ndarray -> float
    W : (r, c) ndarray
        The point at which to differentiate; it is not modified.
    h : float
        Step; 1e-6 balances truncation error (~h²) and rounding (~1e-16/h).

    Returns
    -------
    (r, c) ndarray, the shape of W
    """
    W = np.array(W, dtype=np.float64)  # a copy, perturbed one entry at a time
    grad = np.zeros_like(W)
    for index in np.ndindex(W.shape):
        saved = W[index]
        W[index] = saved + h
        f_plus = f(W)
        W[index] = saved - h
        f_minus = f(W)
        W[index] = saved
        grad[index] = (f_plus - f_minus) / (2 * h)
    return grad
# --8<-- [end:numerical_gradient]


# --8<-- [start:relative_error]
def relative_error(analytic, numeric, tiny=1e-12):
    """|a - b| / max(|a|, |b|, tiny) with Frobenius norms: 1e-7 or less is a match.

    Raises ValueError if the two arrays differ in shape, which is itself the
    sign of a wrong gradient (a transpose, say), not a small error.
    """
    analytic, numeric = np.asarray(analytic), np.asarray(numeric)
    if analytic.shape != numeric.shape:
        raise ValueError(
            f"analytic gradient has shape {analytic.shape} but the numerical "
            f"one has shape {numeric.shape}"
        )
    scale = max(np.linalg.norm(analytic), np.linalg.norm(numeric), tiny)
    return float(np.linalg.norm(analytic - numeric) / scale)
# --8<-- [end:relative_error]


# --8<-- [start:check]
TOLERANCE = 1e-7  # relative error of a correct gradient, in float64 with h = 1e-6


def check_gradient(f, analytic, W, h=1e-6):
    """Relative error of `analytic`, a claimed gradient of f at W, against central differences.

    Central differences cannot resolve a gradient below their own rounding
    noise, about ε |f| / h per entry. An entry that nearly cancels (a sum over
    examples of mixed signs) would show that noise as a large relative error,
    so the scale never drops below noise / TOLERANCE: a gradient passes if it
    agrees to TOLERANCE relatively, or to within the noise absolutely.
    """
    numeric = numerical_gradient(f, W, h)
    noise = 4 * np.finfo(np.float64).eps * max(abs(f(W)), 1.0) / h * np.sqrt(np.size(W))
    return relative_error(analytic, numeric, tiny=noise / TOLERANCE)


def verdict(error):
    """Read a relative error the way this site does."""
    if error <= TOLERANCE:
        return "correct (relative error below 1e-7)"
    if error < 1e-2:
        return "suspicious (relative error between 1e-7 and 1e-2)"
    return f"wrong (relative error {error:.2f})"
# --8<-- [end:check]


def report():
    """The check at work on the site's network, with right and wrong gradients."""
    import output_layer_2_2_2 as square  # d = t = 2: a transpose has the right shape
    from mlp import forward, grad_W_h, grad_W_out, hidden_delta, objective, output_delta
    from output_layer_m_d_t import W_h, W_out, X, Y

    # --8<-- [start:demo]
    _, A_h, _, A_out = forward(X, W_h, W_out)
    delta_out = output_delta(A_out, Y)
    J_of_W_out = lambda W: objective(X, W_h, W, Y)
    J_of_W_h = lambda W: objective(X, W, W_out, Y)

    right = grad_W_out(A_h, delta_out)                        # (d, t)
    transposed = delta_out.T @ A_h                            # (t, d): a classic slip
    delta_h = hidden_delta(delta_out, W_out, A_h)
    sigma_prime_forgotten = grad_W_h(X, delta_out @ W_out.T)  # no A_h (1 - A_h)
    # --8<-- [end:demo]
    right_W_h = grad_W_h(X, delta_h)
    lines = [f"the m-d-t page's example, X {X.shape}, W_h {W_h.shape}, W_out {W_out.shape}:",
             "  grad_W_out = A_h.T @ delta_out:     " + verdict(check_gradient(J_of_W_out, right, W_out)),
             "  grad_W_h = X.T @ delta_h:           " + verdict(check_gradient(J_of_W_h, right_W_h, W_h))]
    try:
        check_gradient(J_of_W_out, transposed, W_out)
    except ValueError as error:
        lines.append(f"  transposed, delta_out.T @ A_h:     refused: {error}")
    lines.append("  hidden layer with σ' forgotten:    "
                 + verdict(check_gradient(J_of_W_h, sigma_prime_forgotten, W_h)))
    _, a_h, _, a_out = forward(square.x, square.W_h, square.W_out)
    delta = output_delta(a_out, square.y)
    J_square = lambda W: objective(square.x, square.W_h, W, square.y)
    lines += ["the 2-2-2 page's example, where a transpose has the right shape:",
              "  transposed, delta_out.T @ a_h:     "
              + verdict(check_gradient(J_square, delta.T @ a_h, square.W_out)),
              "the step h, for the right grad_W_out of the m-d-t example:"]
    for h in (1e-1, 1e-4, 1e-6, 1e-11):  # each far from a verdict's edge
        lines.append(f"  h = {h:.0e}: " + verdict(check_gradient(J_of_W_out, right, W_out, h)))
    return "\n".join(lines)


if __name__ == "__main__":
    print(report())
