"""The site's one MLP: forward pass, loss, error signals and gradients.

Every page includes its sections from this file; nothing here is copied
elsewhere. The convention is the site's notation page: examples are rows.

    X      (n, m)   inputs, one example per row
    W_h    (m, d)   W_h[i, j] joins input i to hidden unit j
    W_out  (d, t)   W_out[i, j] joins hidden unit i to output j
    Y      (n, t)   targets in [0, 1]

Sigmoid units, no biases, and J is a sum (not a mean) over examples and
outputs. Every function takes 2-D arrays only, even for one example
(a 1 x k row), and raises ValueError naming the shapes when they do not fit.
"""

from typing import NamedTuple

import numpy as np


def as_matrix(name, M):
    """Return `M` as a float64 2-D array, or raise ValueError naming its shape."""
    M = np.asarray(M, dtype=np.float64)
    if M.ndim != 2:
        raise ValueError(
            f"{name} must be a 2-D array (one example per row), got shape {M.shape}; "
            f"write one example as a 1 x k row, e.g. {name}.reshape(1, -1)"
        )
    if not np.all(np.isfinite(M)):
        raise ValueError(f"{name} of shape {M.shape} contains NaN or infinity")
    return M


def check_product(left_name, left_shape, right_name, right_shape):
    """Raise ValueError unless a (left_shape) @ (right_shape) product is defined."""
    if left_shape[1] != right_shape[0]:
        raise ValueError(
            f"cannot multiply {left_name} {left_shape} by {right_name} {right_shape}: "
            f"expected {right_name} to have {left_shape[1]} rows"
        )


def check_same_shape(name_a, A, name_b, B):
    """Raise ValueError unless A and B have the same shape."""
    if A.shape != B.shape:
        raise ValueError(
            f"{name_a} has shape {A.shape} but {name_b} has shape {B.shape}; "
            "expected the same shape (n examples, t outputs)"
        )


def check_targets(Y):
    """Raise ValueError unless every target lies in [0, 1]."""
    outside = (Y < 0) | (Y > 1)
    if np.any(outside):
        raise ValueError(
            f"targets Y must lie in [0, 1]; got {Y[outside][:5].tolist()} "
            f"at positions {np.argwhere(outside)[:5].tolist()}"
        )


# --8<-- [start:sigmoid]
def sigmoid(Z):
    """Logistic function σ(z) = 1 / (1 + e^(-z)), element-wise.

    Parameters
    ----------
    Z : ndarray of any shape

    Returns
    -------
    ndarray, same shape as Z, entries in [0, 1]
    """
    # e^(-|z|) never overflows, so both branches stay finite for any z.
    E = np.exp(-np.abs(Z))
    return np.where(Z >= 0, 1 / (1 + E), E / (1 + E))
# --8<-- [end:sigmoid]


# --8<-- [start:forward]
class Forward(NamedTuple):
    """Every quantity of one forward pass, named as in the math."""

    Z_h: np.ndarray    # (n, d)
    A_h: np.ndarray    # (n, d)
    Z_out: np.ndarray  # (n, t)
    A_out: np.ndarray  # (n, t)


def forward(X, W_h, W_out):
    """Forward pass of the m-d-t network for n examples.

    Parameters
    ----------
    X : (n, m) ndarray
    W_h : (m, d) ndarray
    W_out : (d, t) ndarray

    Returns
    -------
    Forward
        Z_h, A_h of shape (n, d); Z_out, A_out of shape (n, t).
    """
    X, W_h = as_matrix("X", X), as_matrix("W_h", W_h)
    W_out = as_matrix("W_out", W_out)
    check_product("X", X.shape, "W_h", W_h.shape)
    check_product("A_h", (X.shape[0], W_h.shape[1]), "W_out", W_out.shape)
    # (n, m) @ (m, d) -> (n, d)
    Z_h = X @ W_h
    A_h = sigmoid(Z_h)
    # (n, d) @ (d, t) -> (n, t)
    Z_out = A_h @ W_out
    A_out = sigmoid(Z_out)
    return Forward(Z_h, A_h, Z_out, A_out)
# --8<-- [end:forward]


# --8<-- [start:cross_entropy]
def cross_entropy(Z_out, Y):
    """J = -Σ_k Σ_j [y ln a + (1 - y) ln(1 - a)], a = σ(z): a sum, not a mean.

    Parameters
    ----------
    Z_out : (n, t) ndarray
        Output logits; taking z rather than a = σ(z) keeps J finite.
    Y : (n, t) ndarray
        Targets in [0, 1].

    Returns
    -------
    float
    """
    Z_out, Y = as_matrix("Z_out", Z_out), as_matrix("Y", Y)
    check_same_shape("Z_out", Z_out, "Y", Y)
    check_targets(Y)
    # -ln σ(z) = ln(1 + e^(-z)) and -ln(1 - σ(z)) = ln(1 + e^z); logaddexp
    # computes both without overflow, where log(sigmoid(z)) gives -inf.
    minus_ln_a = np.logaddexp(0, -Z_out)
    minus_ln_one_minus_a = np.logaddexp(0, Z_out)
    return float(np.sum(Y * minus_ln_a + (1 - Y) * minus_ln_one_minus_a))
# --8<-- [end:cross_entropy]


def objective(X, W_h, W_out, Y):
    """The whole J the pages state, as a function of the weights (for checks)."""
    return cross_entropy(forward(X, W_h, W_out).Z_out, Y)


# --8<-- [start:output_delta]
def output_delta(A_out, Y):
    """Error signal of the output layer, δ^(out) = A^(out) - Y.

    ∂J/∂a · ∂a/∂z = a - y for each example and output: σ'(z) cancels.

    Parameters
    ----------
    A_out : (n, t) ndarray
    Y : (n, t) ndarray
        Targets in [0, 1].

    Returns
    -------
    (n, t) ndarray
    """
    A_out, Y = as_matrix("A_out", A_out), as_matrix("Y", Y)
    check_same_shape("A_out", A_out, "Y", Y)
    check_targets(Y)
    return A_out - Y
# --8<-- [end:output_delta]


# --8<-- [start:grad_W_out]
def grad_W_out(A_h, delta_out):
    """∂J/∂W^(out) = (A^(h))^T δ^(out), summed over the n examples.

    Parameters
    ----------
    A_h : (n, d) ndarray
    delta_out : (n, t) ndarray

    Returns
    -------
    (d, t) ndarray, the shape of W_out
    """
    A_h = as_matrix("A_h", A_h)
    delta_out = as_matrix("delta_out", delta_out)
    check_product("A_h.T", A_h.T.shape, "delta_out", delta_out.shape)
    # (d, n) @ (n, t) -> (d, t)
    return A_h.T @ delta_out
# --8<-- [end:grad_W_out]
