"""Worked example of the deeper-networks page: backprop through any number of
layers, with σ, tanh or ReLU hidden units, and the vanishing gradient.

    python deep.py

Run it from the snippets/ folder: it imports the site's network from mlp.py,
the m-d-t page's example and the gradient check.

Layers are numbered as on the page: layer 0 is the input, A^(0) = X; layers
1 .. L-1 are hidden; layer L is the output (sigmoid units, cross-entropy J).
Lists are indexed by that number, so A[ell] is A^(ℓ) and W[ell] is W^(ℓ)
(index 0 of W and of the error signals holds None: the input has neither).
"""

# --8<-- [start:imports]
from typing import Callable, NamedTuple

import numpy as np
# --8<-- [end:imports]

import checks
from checks import checked_by
from formatting import utf8_stdout
from gradient_check import STEP, TOLERANCE, check, check_gradient, verdict
from mlp import backprop, cross_entropy, layer, output_delta, sigmoid
from example_m_d_t import W_h, W_out, X, Y


# --8<-- [start:activations]
class Activation(NamedTuple):
    """A hidden layer's f, and its f′ from what the forward pass keeps."""

    name: str
    f: Callable        # Z -> A = f(Z), element-wise
    f_prime: Callable  # A -> f′(Z), element-wise, from A = f(Z)


SIGMOID = Activation("sigmoid", sigmoid, lambda A: A * (1 - A))
TANH = Activation("tanh", np.tanh, lambda A: 1 - A ** 2)
# ReLU has no derivative at z = 0; [a > 0] is [z > 0], which takes 0 there.
RELU = Activation("relu", lambda Z: np.maximum(Z, 0.0),
                  lambda A: (A > 0) * 1.0)
UNITS = (SIGMOID, TANH, RELU)
# --8<-- [end:activations]


@checked_by(checks.deep_network)
# --8<-- [start:forward]
def deep_forward(X, weights, hidden=SIGMOID):
    """Forward pass through L = len(weights) layers, for n examples.

    weights = [W^(1), ..., W^(L)], W^(ℓ) of shape (d_ℓ-1, d_ℓ), d_0 = m and
    d_L = t. Layers 1 .. L-1 have `hidden` units, layer L sigmoid outputs.

    Returns
    -------
    Z, A : lists of L + 1 entries, Z[ell] = Z^(ℓ) and A[ell] = A^(ℓ), each
        (n, d_ℓ); A[0] = X, and Z[0] is None (the input has no Z).
    """
    W = [None, *weights]                  # W[ell] is W^(ℓ)
    L = len(weights)
    Z, A = [None], [X]
    for ell in range(1, L + 1):
        f = sigmoid if ell == L else hidden.f
        Z_ell, A_ell = layer(A[ell - 1], W[ell], activation=f)
        Z.append(Z_ell)
        A.append(A_ell)
    return Z, A
# --8<-- [end:forward]


@checked_by(checks.deep_loss)
# --8<-- [start:objective]
def deep_objective(X, Y, weights, hidden=SIGMOID):
    """The deep network's cross-entropy J: a sum over examples and outputs."""
    Z, _ = deep_forward(X, weights, hidden)
    return cross_entropy(Z[-1], Y)
# --8<-- [end:objective]


@checked_by(checks.deep_loss)
# --8<-- [start:backward]
def deep_backward(X, Y, weights, hidden=SIGMOID):
    """Every layer's error signal δ^(ℓ) = ∂J/∂Z^(ℓ) and gradient ∂J/∂W^(ℓ).

    Returns
    -------
    deltas, grads : lists of L + 1 entries, indexed by ℓ (entry 0 is None);
        deltas[ell] is (n, d_ℓ), grads[ell] has the shape of W^(ℓ).
    """
    W = [None, *weights]                  # W[ell] is W^(ℓ)
    L = len(weights)
    _, A = deep_forward(X, weights, hidden)
    deltas, grads = [None] * (L + 1), [None] * (L + 1)
    deltas[L] = output_delta(A[L], Y)      # (n, t): σ′ cancelled
    for ell in range(L, 0, -1):            # ℓ = L, L - 1, ..., 1
        # (d_ℓ-1, n) @ (n, d_ℓ) -> (d_ℓ-1, d_ℓ), the shape of W^(ℓ)
        grads[ell] = A[ell - 1].T @ deltas[ell]
        if ell > 1:
            # (n, d_ℓ) @ (d_ℓ, d_ℓ-1) -> (n, d_ℓ-1): back through W^(ℓ),
            # then f′ of layer ℓ - 1, computed from its A
            back = deltas[ell] @ W[ell].T
            deltas[ell - 1] = back * hidden.f_prime(A[ell - 1])
    return deltas, grads
# --8<-- [end:backward]


# --8<-- [start:example]
# The m-d-t example's X (3, 4), Y (3, 2) and W_h (4, 5), with two more
# hidden layers: m, d_1, d_2, d_3, t = 4, 5, 6, 7, 2, and n = 3.
rng = np.random.default_rng(seed=1)
# weights in [-2, 2], one decimal: larger than the m-d-t example's, so that
# with σ units too the first layer's gradient is large enough to check
weights = [W_h,
           rng.integers(-20, 21, size=(5, 6)) / 10,
           rng.integers(-20, 21, size=(6, 7)) / 10,
           rng.integers(-20, 21, size=(7, 2)) / 10]
# --8<-- [end:example]


# --8<-- [start:J_of_layer]
def J_of_layer(X, Y, weights, hidden, ell):
    """J as a function of W^(ℓ) alone, the other weights fixed."""
    def J(W_ell):
        changed = list(weights)
        changed[ell - 1] = W_ell          # weights[ell - 1] is W^(ℓ)
        return deep_objective(X, Y, changed, hidden)
    return J
# --8<-- [end:J_of_layer]


# --8<-- [start:deeper]
# A deeper network for the vanishing gradient: 20 examples, 10 inputs,
# 8 hidden layers of 16 units, 2 outputs (L = 9); each weight drawn from
# N(0, 1/p) for a layer fed by p units, the same weights for every f.
rng = np.random.default_rng(seed=0)
X_deep = rng.normal(size=(20, 10))
Y_deep = rng.integers(0, 2, size=(20, 2)) * 1.0
sizes = [10] + [16] * 8 + [2]
weights_deep = [rng.normal(size=(p, q)) / np.sqrt(p)
                for p, q in zip(sizes[:-1], sizes[1:])]
# --8<-- [end:deeper]


# --8<-- [start:vanishing]
def delta_norms(X, Y, weights, hidden):
    """‖δ^(ℓ)‖ (Frobenius) of every layer ℓ = 1 .. L, as a list by ℓ."""
    deltas, _ = deep_backward(X, Y, weights, hidden)
    return [None] + [np.linalg.norm(delta) for delta in deltas[1:]]


def sigmoid_bound(weights, delta_L_norm):
    """‖δ^(L)‖ ∏_{ℓ'=ℓ+1}^{L} ¼ ‖W^(ℓ')‖₂ for every ℓ: a bound on ‖δ^(ℓ)‖
    that holds when layers ℓ to L-1, layer ℓ's own units included, are σ
    units (σ′ ≤ ¼), whatever the layers below ℓ have."""
    L = len(weights)
    bound = [None] * (L + 1)
    bound[L] = delta_L_norm
    for ell in range(L - 1, 0, -1):
        W_next = weights[ell]             # W^(ℓ+1)
        bound[ell] = bound[ell + 1] * np.linalg.norm(W_next, 2) / 4
    return bound
# --8<-- [end:vanishing]


# --8<-- [start:kink]
def kink():
    """ReLU at z = 0: the f′ this code takes, and the central difference."""
    z, h = np.zeros((1, 1)), STEP
    central = (RELU.f(z + h) - RELU.f(z - h)) / (2 * h)
    return float(RELU.f_prime(RELU.f(z))[0, 0]), float(central[0, 0])
# --8<-- [end:kink]


if __name__ == "__main__":
    utf8_stdout()
    # --8<-- [start:check]
    L = len(weights)
    results = {}
    for unit in UNITS:
        _, grads = deep_backward(X, Y, weights, unit)
        for ell in range(1, L + 1):
            J = J_of_layer(X, Y, weights, unit, ell)
            results[unit.name, ell] = check(J, grads[ell], weights[ell - 1])
    # --8<-- [end:check]
    # --8<-- [start:check_print]
    print("three hidden layers, X (3, 4), Y (3, 2),",
          "W⁽¹⁾ to W⁽⁴⁾: " + " ".join(str(W.shape) for W in weights),
          sep="\n")
    print("∂J/∂W⁽ℓ⁾ against central differences:",
          "the worst entry's relative error, and",
          "how many entries were compared relatively", sep="\n")
    print("ℓ" + "".join(f"{u.name:>14}" for u in UNITS))
    for ell in range(1, L + 1):
        row = ""
        for unit in UNITS:
            c = results[unit.name, ell]
            relative = f"{c.entries - c.absolute}/{c.entries}"
            # ~: at h = 1e-6 rounding sets it; its size alone is kept
            row += f"  ~{c.worst_entry:.0e}{relative:>6}"
        print(f"{ell}{row}")
    # passed: the worst entry within TOLERANCE, some entry compared relatively
    passed = all(c.worst_entry <= TOLERANCE and c.absolute < c.entries
                 for c in results.values())
    print("every check passed:", passed)
    # entry (p, q) of ∂J/∂W⁽ℓ⁾ sums a⁽ℓ⁻¹⁾ δ⁽ℓ⁾ over the examples: with ReLU
    # units it is exactly 0 where each example has a = 0 at unit p (off, or
    # an input of 0) or δ = 0 at unit q (off, or every unit above it off)
    _, grads = deep_backward(X, Y, weights, RELU)
    print("relu's entries exactly 0, by layer:")
    print("  ".join(f"{ell}: {np.sum(grads[ell] == 0)}/{grads[ell].size}"
                    for ell in range(1, L + 1)))
    Z, _ = deep_forward(X, weights, RELU)
    nearest = min(np.min(np.abs(Z[ell])) for ell in range(1, L))
    print(f"ReLU units' smallest |z|: {nearest:.4f}")
    # --8<-- [end:check_print]
    # --8<-- [start:kink_print]
    taken, central = kink()
    print(f"at z = 0: ReLU′ taken {taken:g},",
          f"central difference {central:g}", sep="\n")
    # W⁽¹⁾ with column 1 zero: unit 1 of layer 1 sits at z = 0 in every example
    on_kink = [weights[0] * np.array([0, 1, 1, 1, 1]), *weights[1:]]
    _, grads = deep_backward(X, Y, on_kink, RELU)
    J = J_of_layer(X, Y, on_kink, RELU, 1)
    error = check_gradient(J, grads[1], on_kink[0])
    print("∂J/∂W⁽¹⁾ with a unit on the kink:", verdict(error), sep="\n")
    # --8<-- [end:kink_print]
    # --8<-- [start:same_as_backprop]
    # L = 2 with σ units: the m-d-t example's own network
    _, grads = deep_backward(X, Y, [W_h, W_out])
    site = backprop(X, Y, W_h, W_out)
    same = (np.allclose(grads[1], site.W_h)
            and np.allclose(grads[2], site.W_out))
    print("L = 2, σ: the same gradients as",
          f"backprop(X, Y, W_h, W_out): {same}", sep="\n")
    # --8<-- [end:same_as_backprop]
    # --8<-- [start:vanishing_print]
    L = len(weights_deep)
    norms = {u.name: delta_norms(X_deep, Y_deep, weights_deep, u)
             for u in UNITS}
    bound = sigmoid_bound(weights_deep, norms["sigmoid"][L])
    print(f"‖δ⁽ℓ⁾‖ layer by layer, L = {L}:")
    print(" ℓ  " + "".join(f"{u.name:>9}" for u in UNITS)
          + "  σ bound")
    for ell in range(L, 0, -1):
        row = "".join(f"{norms[u.name][ell]:9.1e}" for u in UNITS)
        print(f"{ell:>2}  {row}{bound[ell]:9.1e}")
    print("‖∂J/∂W⁽ℓ⁾‖ layer by layer:")
    print(" ℓ  " + "".join(f"{u.name:>9}" for u in UNITS))
    gradients = {u.name: deep_backward(X_deep, Y_deep, weights_deep, u)[1]
                 for u in UNITS}
    for ell in range(L, 0, -1):
        row = "".join(f"{np.linalg.norm(gradients[u.name][ell]):9.1e}"
                      for u in UNITS)
        print(f"{ell:>2}  {row}")
    print("‖δ⁽¹⁾‖ / ‖δ⁽ᴸ⁾‖:")
    for unit in UNITS:
        ratio = norms[unit.name][1] / norms[unit.name][L]
        print(f"  {unit.name:<8}{ratio:.1e}")
    # --8<-- [end:vanishing_print]
