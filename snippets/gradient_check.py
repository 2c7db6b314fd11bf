"""Check an analytic gradient against central finite differences.

The site's tests and worked examples use these two functions; they work for
any scalar function of a weight matrix, not only for this site's network.
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
