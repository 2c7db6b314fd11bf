"""The site's one MLP: forward pass, loss, error signals and gradients.

Every page includes its sections from this file; nothing here is copied
elsewhere. The convention is the site's notation page: examples are rows.

    X      (n, m)   inputs, one example per row
    W_h    (m, d)   row l, column i: the weight from input l to hidden unit i
    W_out  (d, t)   row i, column j: the weight from hidden unit i to output j
    b_h    (1, d)   hidden biases (optional: the biases page)
    b_out  (1, t)   output biases (optional)
    Y      (n, t)   targets in [0, 1]

Rows, columns, units and examples count from 1, as on the pages, and each
index letter belongs to one layer (l inputs, i hidden units, j outputs, k
examples): NumPy's W_h[l - 1, i - 1] is w_{l,i}.

Sigmoid units (softmax outputs on the softmax page), and every loss is a sum
(not a mean) over examples and outputs.

Every function refuses bad input with a ValueError naming the argument: the
checks live in checks.py, applied by @checked_by(...) above each section (or
right after a section that holds several functions), so the sections the
pages show hold the math alone. See checks.py for the contract.
"""

# --8<-- [start:imports]
from typing import NamedTuple

import numpy as np
# --8<-- [end:imports]

import checks
from checks import checked_by


@checked_by(checks.sigmoid)
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
    # e^(-|z|) never overflows, so both branches stay finite for any z.
    E = np.exp(-np.abs(Z))
    return np.where(Z >= 0, 1 / (1 + E), E / (1 + E))
# --8<-- [end:sigmoid]


@checked_by(checks.softmax)
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
    Z_h, A_h = layer(X, W_h, b_h)
    Z_out, A_out = layer(A_h, W_out, b_out, output)
    return Forward(Z_h, A_h, Z_out, A_out)
# --8<-- [end:forward]

# The forward section holds several functions: they are checked here.
layer = checked_by(checks.layer)(layer)
forward = checked_by(checks.forward)(forward)


@checked_by(checks.cross_entropy)
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
    # -ln σ(z) = ln(1 + e^(-z)) and -ln(1 - σ(z)) = ln(1 + e^z); logaddexp
    # computes both without overflow, where log(sigmoid(z)) gives -inf.
    minus_ln_a = np.logaddexp(0, -Z_out)
    minus_ln_one_minus_a = np.logaddexp(0, Z_out)
    return float(np.sum(Y * minus_ln_a + (1 - Y) * minus_ln_one_minus_a))
# --8<-- [end:cross_entropy]


@checked_by(checks.squared_error)
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
    return float(0.5 * np.sum((A_out - Y) ** 2))
# --8<-- [end:squared_error]


@checked_by(checks.categorical_cross_entropy)
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
    # ln softmax(z)_j = z_j - ln Σ_j' e^(z_j'), the row maximum factored out
    Z_max = Z_out.max(axis=1, keepdims=True)
    E = np.exp(Z_out - Z_max)
    log_sum_exp = Z_max + np.log(np.sum(E, axis=1, keepdims=True))
    return float(-np.sum(Y * (Z_out - log_sum_exp)))
# --8<-- [end:categorical_cross_entropy]


# --8<-- [start:objective]
def objective(X, W_h, W_out, Y):
    """The J of the first pages as a function of the weights (for checks)."""
    return cross_entropy(forward(X, W_h, W_out).Z_out, Y)
# --8<-- [end:objective]


@checked_by(checks.output_delta)
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
    return A_out - Y
# --8<-- [end:output_delta]


@checked_by(checks.output_delta_squared_error)
# --8<-- [start:output_delta_squared_error]
def output_delta_squared_error(A_out, Y):
    """δ^(out) for J = ½ Σ (a - y)²: (A^(out) - Y) ⊙ A^(out) ⊙ (1 - A^(out)).

    Here σ'(z) = a (1 - a) does not cancel.
    """
    return (A_out - Y) * A_out * (1 - A_out)
# --8<-- [end:output_delta_squared_error]


@checked_by(checks.grad_W_out)
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
    # (d, n) @ (n, t) -> (d, t)
    return A_h.T @ delta_out
# --8<-- [end:grad_W_out]


@checked_by(checks.hidden_delta)
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
    # (n, t) @ (t, d) -> (n, d): hidden unit i gathers the errors
    # of the outputs it feeds
    return (delta_out @ W_out.T) * A_h * (1 - A_h)
# --8<-- [end:hidden_delta]


@checked_by(checks.grad_W_h)
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
    # (m, n) @ (n, d) -> (m, d)
    return X.T @ delta_h
# --8<-- [end:grad_W_h]


@checked_by(checks.grad_b)
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
    """
    # 1^T δ: (1, n) @ (n, k) -> (1, k)
    return delta.sum(axis=0, keepdims=True)
# --8<-- [end:grad_b]


# --8<-- [start:l2]
def l2_penalty(lam, *weights):
    """(λ/2) Σ ‖W‖² over the given weight matrices (never the biases).

    lam is a finite real >= 0; each W a 2-D array.
    """
    return float(lam / 2 * sum(np.sum(W ** 2) for W in weights))


def l2_gradient(lam, W):
    """∂/∂W of (λ/2) ‖W‖²: λ W (the ½ cancels the 2 of the square)."""
    return lam * W
# --8<-- [end:l2]

# The l2 section holds two functions: they are checked here.
l2_penalty = checked_by(checks.l2_penalty)(l2_penalty)
l2_gradient = checked_by(checks.l2_gradient)(l2_gradient)


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
