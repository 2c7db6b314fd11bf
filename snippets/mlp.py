"""The site's one MLP: forward pass, loss, error signals and gradients.

Every page includes its sections from this file; nothing here is copied
elsewhere. The convention is the site's notation page: examples are rows.

    X      (n, m)   inputs, one example per row
    W_h    (m, d)   W_h[i, j] joins input i to hidden unit j
    W_out  (d, t)   W_out[i, j] joins hidden unit i to output j
    b_h    (1, d)   hidden biases (optional: the biases page)
    b_out  (1, t)   output biases (optional)
    Y      (n, t)   targets in [0, 1]

Sigmoid units (softmax outputs on the softmax page), and every loss is a sum
(not a mean) over examples and outputs.

The contract of every function: matrices are 2-D, even for one example (a
1 x k row); lists and ints are accepted and everything is computed in float64
(float32 input too); NaN and infinity are refused; targets and activations
must lie in [0, 1]. Bad input raises ValueError naming the argument, its shape
or bad values, and what was expected. The checks live in the helpers below,
so each section the pages show needs one line for them. sigmoid alone is
element-wise and takes any shape.
"""

import numbers
# --8<-- [start:imports]
from typing import NamedTuple

import numpy as np
# --8<-- [end:imports]


# What each kind of matrix is, and how to write one that is 1-D by mistake.
KINDS = {
    "examples": ("one example per row",
                 "write one example as a 1 x k row, e.g. {name}.reshape(1, -1)"),
    "weights": ("one row per unit feeding the layer, one column per unit in it",
                "a layer of q units fed by p units has a (p, q) weight matrix, "
                "e.g. {name}.reshape(p, q)"),
    "bias row": ("a (1, k) row, one bias per unit",
                 "write the biases as one row, e.g. {name}.reshape(1, -1)"),
}


def as_float(name, M):
    """Return `M` as a float64 array of any shape, or raise ValueError.

    Lists and ints are converted; NaN and infinity are rejected.
    """
    try:
        M = np.asarray(M, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be an array of real numbers; "
                         f"could not convert it to float64 ({error})") from None
    if not np.all(np.isfinite(M)):
        bad = np.argwhere(~np.isfinite(M))[:5].tolist()
        raise ValueError(f"{name} of shape {M.shape} contains NaN or infinity "
                         f"at positions {bad}; expected finite numbers")
    return M


def as_matrix(name, M, kind="examples"):
    """Return `M` as a finite float64 2-D array, or raise ValueError naming its shape.

    `kind` ("examples", "weights" or "bias row") picks the advice for a 1-D array.
    """
    what, advice = KINDS[kind]
    try:
        M = np.asarray(M, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be a 2-D array of real numbers ({what}); "
                         f"could not convert it to float64 ({error})") from None
    if M.ndim != 2:
        raise ValueError(
            f"{name} must be a 2-D array ({what}), got shape {M.shape}; "
            + advice.format(name=name)
        )
    return as_float(name, M)


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


def check_bias(name, b, width):
    """Raise ValueError unless b is a (1, width) row."""
    if b.shape != (1, width):
        raise ValueError(f"{name} has shape {b.shape}; "
                         f"expected a (1, {width}) row, one bias per unit")


def check_targets(Y, name="Y"):
    """Raise ValueError unless every target lies in [0, 1]."""
    outside = (Y < 0) | (Y > 1)
    if np.any(outside):
        raise ValueError(
            f"targets {name} must lie in [0, 1]; got {Y[outside][:5].tolist()} "
            f"at positions {np.argwhere(outside)[:5].tolist()}"
        )


def check_activations(A, name="A_out"):
    """Raise ValueError unless every activation lies in [0, 1] (σ or softmax)."""
    outside = (A < 0) | (A > 1)
    if np.any(outside):
        raise ValueError(
            f"{name} holds activations, which must lie in [0, 1]; got "
            f"{A[outside][:5].tolist()} at positions "
            f"{np.argwhere(outside)[:5].tolist()} (did you pass Z_out, the logits?)"
        )


def loss_arguments(A_name, A, Y, targets=True):
    """(A, Y) as float64 matrices of one shape, Y checked as targets."""
    A, Y = as_matrix(A_name, A), as_matrix("Y", Y)
    check_same_shape(A_name, A, "Y", Y)
    if targets:
        check_targets(Y)
    return A, Y


def delta_arguments(A_out, Y):
    """(A_out, Y) for an output δ: same shape, activations and targets in [0, 1]."""
    A_out, Y = loss_arguments("A_out", A_out, Y)
    check_activations(A_out)
    return A_out, Y


def check_distributions(Y):
    """Raise ValueError unless each row of Y sums to 1, up to rounding.

    Tolerance |Σ_j y_j - 1| <= 4 t ε (ε = 2^-52, t classes): a sum of t
    numbers, each within half an ulp of its true value, and added in float64,
    is off by at most about t ε; the factor 4 leaves room for entries that
    were themselves computed (a softmax output). One-hot rows sum to 1 exactly.
    """
    row_sums = Y.sum(axis=1)
    tolerance = 4 * Y.shape[1] * np.finfo(np.float64).eps
    if np.any(np.abs(row_sums - 1) > tolerance):
        raise ValueError(
            f"each row of Y must sum to 1 (one class per example); "
            f"got row sums {row_sums[:5].tolist()}; expected |sum - 1| <= "
            f"4 t eps = {tolerance:.1e} for t = {Y.shape[1]} classes")


def hidden_delta_arguments(delta_out, W_out, A_h):
    """(delta_out, W_out, A_h) as matrices that fit δ^(out) (W^(out))^T ⊙ A_h."""
    delta_out = as_matrix("delta_out", delta_out)
    W_out, A_h = as_matrix("W_out", W_out, "weights"), as_matrix("A_h", A_h)
    check_product("delta_out", delta_out.shape, "W_out.T", W_out.T.shape)
    expected = (delta_out.shape[0], W_out.shape[0])
    if A_h.shape != expected:
        raise ValueError(
            f"A_h has shape {A_h.shape}; expected {expected}: a row per example "
            f"of delta_out {delta_out.shape}, a column per row of W_out")
    check_activations(A_h, "A_h")
    return delta_out, W_out, A_h


def layer_arguments(A_in, W, b, A_name="A_in", W_name="W", b_name="b"):
    """(A_in, W, b) as matrices that fit A_in W + b; b may be None."""
    A_in, W = as_matrix(A_name, A_in), as_matrix(W_name, W, "weights")
    check_product(A_name, A_in.shape, W_name, W.shape)
    if b is not None:
        b = as_matrix(b_name, b, "bias row")
        check_bias(b_name, b, W.shape[1])
    return A_in, W, b


def forward_arguments(X, W_h, W_out, b_h, b_out):
    """The arguments of forward as float64 matrices that fit, or ValueError."""
    X, W_h, b_h = layer_arguments(X, W_h, b_h, "X", "W_h", "b_h")
    A_h = np.zeros((X.shape[0], W_h.shape[1]))
    _, W_out, b_out = layer_arguments(A_h, W_out, b_out, "A_h", "W_out", "b_out")
    return X, W_h, W_out, b_h, b_out


def categorical_arguments(Z_out, Y):
    """(Z_out, Y) of one shape, each row of Y a distribution (check_distributions)."""
    Z_out, Y = loss_arguments("Z_out", Z_out, Y)
    check_distributions(Y)
    return Z_out, Y


def check_lam(lam):
    """Return λ as a float, or raise ValueError unless it is a finite real >= 0."""
    if isinstance(lam, (bool, np.bool_)) or not isinstance(lam, numbers.Real):
        raise ValueError(f"lam must be a real number (the penalty strength λ), "
                         f"got {lam!r} of type {type(lam).__name__}")
    if not (np.isfinite(lam) and lam >= 0):
        raise ValueError(f"lam must be a finite number >= 0, got {lam!r}")
    return float(lam)


def l2_arguments(lam, weights, names=None):
    """λ and the weight matrices of an L2 penalty, checked and as float64."""
    names = names or [f"weights[{i}]" for i in range(len(weights))]
    return check_lam(lam), [as_matrix(name, W, "weights")
                            for name, W in zip(names, weights)]


# --8<-- [start:sigmoid]
def sigmoid(Z):
    """Logistic function σ(z) = 1 / (1 + e^(-z)), element-wise.

    Parameters
    ----------
    Z : ndarray of any shape (lists accepted), finite

    Returns
    -------
    ndarray, same shape as Z, entries in [0, 1]
    """
    Z = as_float("Z", Z)
    # e^(-|z|) never overflows, so both branches stay finite for any z.
    E = np.exp(-np.abs(Z))
    return np.where(Z >= 0, 1 / (1 + E), E / (1 + E))
# --8<-- [end:sigmoid]


# --8<-- [start:softmax]
def softmax(Z):
    """Row-wise softmax: each example's t outputs are positive and sum to 1.

    Parameters
    ----------
    Z : (n, t) ndarray

    Returns
    -------
    (n, t) ndarray
    """
    Z = as_matrix("Z", Z)
    # Subtracting each row's maximum changes no ratio and keeps exp finite.
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)
# --8<-- [end:softmax]


# --8<-- [start:forward]
class Forward(NamedTuple):
    """Every quantity of one forward pass, named as in the math."""

    Z_h: np.ndarray    # (n, d)
    A_h: np.ndarray    # (n, d)
    Z_out: np.ndarray  # (n, t)
    A_out: np.ndarray  # (n, t)


# --8<-- [start:layer]
def layer(A_in, W, b=None, activation=sigmoid):
    """One layer for n examples: Z = A_in W (+ b), A = activation(Z)."""
    A_in, W, b = layer_arguments(A_in, W, b)
    # (n, p) @ (p, q) -> (n, q), for p inputs and q units in this layer;
    # a bias row (1, q) is added to every example
    Z = A_in @ W if b is None else A_in @ W + b
    return Z, activation(Z)
# --8<-- [end:layer]


def forward(X, W_h, W_out, b_h=None, b_out=None, output=sigmoid):
    """Forward pass of the m-d-t network for n examples.

    Parameters
    ----------
    X : (n, m) ndarray
    W_h : (m, d) ndarray
    W_out : (d, t) ndarray
    b_h, b_out : (1, d) and (1, t) ndarrays, optional
        Biases; without them the network has none (the first pages).
    output : callable
        The output activation: sigmoid, or softmax (the softmax page).

    Returns
    -------
    Forward
        Z_h, A_h of shape (n, d); Z_out, A_out of shape (n, t).
    """
    X, W_h, W_out, b_h, b_out = forward_arguments(X, W_h, W_out, b_h, b_out)
    Z_h, A_h = layer(X, W_h, b_h)
    Z_out, A_out = layer(A_h, W_out, b_out, output)
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
    Z_out, Y = loss_arguments("Z_out", Z_out, Y)
    # -ln σ(z) = ln(1 + e^(-z)) and -ln(1 - σ(z)) = ln(1 + e^z); logaddexp
    # computes both without overflow, where log(sigmoid(z)) gives -inf.
    minus_ln_a = np.logaddexp(0, -Z_out)
    minus_ln_one_minus_a = np.logaddexp(0, Z_out)
    return float(np.sum(Y * minus_ln_a + (1 - Y) * minus_ln_one_minus_a))
# --8<-- [end:cross_entropy]


# --8<-- [start:squared_error]
def squared_error(A_out, Y):
    """J = ½ Σ_k Σ_j (a - y)²: a sum over examples and outputs.

    Parameters
    ----------
    A_out, Y : (n, t) ndarrays
        Activations and targets, both in [0, 1].

    Returns
    -------
    float
    """
    A_out, Y = delta_arguments(A_out, Y)
    return float(0.5 * np.sum((A_out - Y) ** 2))
# --8<-- [end:squared_error]


# --8<-- [start:categorical_cross_entropy]
def categorical_cross_entropy(Z_out, Y):
    """J = -Σ_k Σ_j y_kj ln softmax(z_k)_j, for mutually exclusive classes.

    Parameters
    ----------
    Z_out : (n, t) ndarray
        Output logits.
    Y : (n, t) ndarray
        Each row a probability distribution over the t classes (one-hot,
        say): entries in [0, 1], each row summing to 1 within 4 t ε.

    Returns
    -------
    float
    """
    Z_out, Y = categorical_arguments(Z_out, Y)  # rows of Y sum to 1 ± 4 t ε
    # ln softmax(z)_j = z_j - ln Σ_l e^(z_l), with the row maximum factored out
    Z_max = Z_out.max(axis=1, keepdims=True)
    E = np.exp(Z_out - Z_max)
    log_sum_exp = Z_max + np.log(np.sum(E, axis=1, keepdims=True))
    return float(-np.sum(Y * (Z_out - log_sum_exp)))
# --8<-- [end:categorical_cross_entropy]


def objective(X, W_h, W_out, Y):
    """The J of the first pages as a function of the weights (for the checks)."""
    return cross_entropy(forward(X, W_h, W_out).Z_out, Y)


# --8<-- [start:output_delta]
def output_delta(A_out, Y):
    """Error signal of the output layer, δ^(out) = A^(out) - Y.

    ∂J/∂a · ∂a/∂z = a - y for each example and output: σ'(z) cancels.

    Parameters
    ----------
    A_out : (n, t) ndarray
        Activations in [0, 1] (not the logits Z_out).
    Y : (n, t) ndarray
        Targets in [0, 1].

    Returns
    -------
    (n, t) ndarray
    """
    A_out, Y = delta_arguments(A_out, Y)
    return A_out - Y
# --8<-- [end:output_delta]


# --8<-- [start:output_delta_squared_error]
def output_delta_squared_error(A_out, Y):
    """δ^(out) for J = ½ Σ (a - y)²: (A^(out) - Y) ⊙ A^(out) ⊙ (1 - A^(out)).

    Here σ'(z) = a (1 - a) does not cancel.
    """
    A_out, Y = delta_arguments(A_out, Y)
    return (A_out - Y) * A_out * (1 - A_out)
# --8<-- [end:output_delta_squared_error]


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


# --8<-- [start:hidden_delta]
def hidden_delta(delta_out, W_out, A_h):
    """Hidden error signal δ^(h) = (δ^(out) (W^(out))^T) ⊙ A^(h) ⊙ (1 - A^(h)).

    Parameters
    ----------
    delta_out : (n, t) ndarray
    W_out : (d, t) ndarray
    A_h : (n, d) ndarray

    Returns
    -------
    (n, d) ndarray
    """
    delta_out, W_out, A_h = hidden_delta_arguments(delta_out, W_out, A_h)
    # (n, t) @ (t, d) -> (n, d): hidden unit i gathers the errors
    # of the outputs it feeds
    return (delta_out @ W_out.T) * A_h * (1 - A_h)
# --8<-- [end:hidden_delta]


# --8<-- [start:grad_W_h]
def grad_W_h(X, delta_h):
    """∂J/∂W^(h) = X^T δ^(h): the layer's input, transposed, times its δ.

    Parameters
    ----------
    X : (n, m) ndarray
    delta_h : (n, d) ndarray

    Returns
    -------
    (m, d) ndarray, the shape of W_h
    """
    X, delta_h = as_matrix("X", X), as_matrix("delta_h", delta_h)
    check_product("X.T", X.T.shape, "delta_h", delta_h.shape)
    # (m, n) @ (n, d) -> (m, d)
    return X.T @ delta_h
# --8<-- [end:grad_W_h]


# --8<-- [start:grad_b]
def grad_b(delta):
    """∂J/∂b = the column sums of δ: each example adds its row of errors.

    Parameters
    ----------
    delta : (n, k) ndarray
        A layer's error signal.

    Returns
    -------
    (1, k) ndarray, the shape of the layer's bias row

    Any finite (n, k) matrix is some layer's δ, so only that is checked.
    """
    delta = as_matrix("delta", delta)
    # 1^T δ: (1, n) @ (n, k) -> (1, k)
    return delta.sum(axis=0, keepdims=True)
# --8<-- [end:grad_b]


# --8<-- [start:l2]
def l2_penalty(lam, *weights):
    """(λ/2) Σ ‖W‖² over the given weight matrices (never the biases).

    lam is a finite real >= 0; each W a 2-D array.
    """
    lam, weights = l2_arguments(lam, weights)
    return float(lam / 2 * sum(np.sum(W ** 2) for W in weights))


def l2_gradient(lam, W):
    """∂/∂W of (λ/2) ‖W‖²: λ W (the ½ cancels the 2 of the square)."""
    lam, [W] = l2_arguments(lam, [W], ["W"])
    return lam * W
# --8<-- [end:l2]


# --8<-- [start:backprop]
class Gradients(NamedTuple):
    """∂J/∂ of every parameter, each the shape of its parameter."""

    W_h: np.ndarray    # (m, d)
    b_h: np.ndarray    # (1, d)
    W_out: np.ndarray  # (d, t)
    b_out: np.ndarray  # (1, t)


def backprop(X, Y, W_h, W_out, b_h=None, b_out=None):
    """All gradients of the cross-entropy J (sigmoid outputs), n examples."""
    _, A_h, _, A_out = forward(X, W_h, W_out, b_h, b_out)
    delta_out = output_delta(A_out, Y)
    delta_h = hidden_delta(delta_out, W_out, A_h)
    return Gradients(W_h=grad_W_h(X, delta_h), b_h=grad_b(delta_h),
                     W_out=grad_W_out(A_h, delta_out), b_out=grad_b(delta_out))
# --8<-- [end:backprop]
