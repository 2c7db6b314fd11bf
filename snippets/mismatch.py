"""Worked example of the mismatched-losses page: δ when the loss does not match the activation.

    python mismatch.py

Run it from the snippets/ folder: it imports the site's network from mlp.py,
the loss computed from activations from logits.py, the m-d-t page's example
(sigmoid outputs) and the softmax page's example (softmax outputs).
"""

# --8<-- [start:imports]
import numpy as np
# --8<-- [end:imports]

import checks
from checks import checked_by
from formatting import fmt, utf8_stdout
from gradient_check import numerical_gradient, relative_error
from logits import cross_entropy_from_A
from mlp import (categorical_cross_entropy, cross_entropy, forward, grad_W_h, grad_W_out,
                 hidden_delta, output_delta, sigmoid, softmax, squared_error)


# --8<-- [start:back]
def back_through_sigmoid(A_out, dJ_dA):
    """δ = ∂J/∂Z from ∂J/∂A, for sigmoid outputs: a_kj has its own z_kj."""
    # ∂a/∂z = σ'(z) = a (1 - a), entry by entry
    return dJ_dA * A_out * (1 - A_out)


def back_through_softmax(A_out, dJ_dA):
    """δ = ∂J/∂Z from ∂J/∂A, for softmax outputs: via each row's Jacobian."""
    # Row k times diag(a) - a^T a, never built:
    # δ_kj' = a_kj' (∂J/∂a_kj' - Σ_j a_kj ∂J/∂a_kj)
    return A_out * (dJ_dA - np.sum(A_out * dJ_dA, axis=1, keepdims=True))
# --8<-- [end:back]

# The back section holds two functions: they are checked here.
back_through_sigmoid = checked_by(checks.back_through_sigmoid)(back_through_sigmoid)
back_through_softmax = checked_by(checks.back_through_softmax)(back_through_softmax)


# --8<-- [start:losses]
# Each J as the code computes it, a function of the logits Z_out: what
# central differences check δ against.
def J_squared(Z_out, Y):
    """Squared error after sigmoid outputs."""
    return squared_error(sigmoid(Z_out), Y)


def J_sigmoid_twice(Z_out, Y):
    """σ outputs given to a loss that takes logits (BCEWithLogitsLoss)."""
    return cross_entropy(sigmoid(Z_out), Y)   # cross_entropy applies σ again


def J_softmax_binary(Z_out, Y):
    """Softmax outputs given to the binary cross-entropy (BCELoss)."""
    return cross_entropy_from_A(softmax(Z_out), Y)


def J_softmax_twice(Z_out, Y):
    """Softmax outputs given to a loss that takes logits (CrossEntropyLoss)."""
    return categorical_cross_entropy(softmax(Z_out), Y)   # softmax again
# --8<-- [end:losses]

# The losses section holds four functions: they are checked here.
J_squared = checked_by(checks.cross_entropy)(J_squared)
J_sigmoid_twice = checked_by(checks.cross_entropy)(J_sigmoid_twice)
J_softmax_binary = checked_by(checks.cross_entropy)(J_softmax_binary)
J_softmax_twice = checked_by(checks.categorical_cross_entropy)(J_softmax_twice)


# --8<-- [start:dJ_dA]
# ∂J/∂A of each loss above, at the activations A_out it is given.
def dJ_dA_squared(A_out, Y):
    """Of ½ Σ (a - y)²."""
    return A_out - Y


def dJ_dA_sigmoid_twice(A_out, Y):
    """Of a loss that applies σ to a: its own σ' cancels, at a."""
    return sigmoid(A_out) - Y


def dJ_dA_binary(A_out, Y):
    """Of -Σ [y ln a + (1 - y) ln(1 - a)]: no σ here to cancel against."""
    return (A_out - Y) / (A_out * (1 - A_out))


def dJ_dA_softmax_twice(A_out, Y):
    """Of a loss that applies softmax to a: its own Jacobian cancels, at a."""
    return softmax(A_out) - Y
# --8<-- [end:dJ_dA]

# The dJ_dA section holds four functions: they are checked here.
dJ_dA_squared = checked_by(checks.output_delta)(dJ_dA_squared)
dJ_dA_sigmoid_twice = checked_by(checks.output_delta)(dJ_dA_sigmoid_twice)
dJ_dA_binary = checked_by(checks.dJ_dA_binary)(dJ_dA_binary)
dJ_dA_softmax_twice = checked_by(checks.dJ_dA_softmax_twice)(dJ_dA_softmax_twice)


@checked_by(checks.cosine)
# --8<-- [start:cosine]
def cosine(G, H):
    """cos of the angle between two gradients: 1 alike, -1 opposite."""
    return float(np.sum(G * H) / (np.linalg.norm(G) * np.linalg.norm(H)))
# --8<-- [end:cosine]


# --8<-- [start:train]
def train(X, W_h, W_out, Y, output, delta_rule, steps, eta=0.5):
    """Gradient descent on both weight matrices, δ_out = delta_rule(A_out, Y).

    Returns the weights after `steps` steps; the inputs are not modified.
    """
    for _ in range(steps):
        _, A_h, _, A_out = forward(X, W_h, W_out, output=output)
        delta_out = delta_rule(A_out, Y)
        delta_h = hidden_delta(delta_out, W_out, A_h)
        W_h = W_h - eta * grad_W_h(X, delta_h)
        W_out = W_out - eta * grad_W_out(A_h, delta_out)
    return W_h, W_out
# --8<-- [end:train]

train = checked_by(checks.train)(train)


# --8<-- [start:compare]
def compare(X, W_h, W_out, Y, output, J, delta_rule):
    """Print δ, its ratio to A - Y, and check its gradient: against central
    differences of J, and against the gradient of the matched pair."""
    _, A_h, _, A_out = forward(X, W_h, W_out, output=output)
    delta_out = delta_rule(A_out, Y)
    gradient = grad_W_out(A_h, delta_out)
    J_of_W_out = lambda W: J(forward(X, W_h, W, output=output).Z_out, Y)
    numeric = numerical_gradient(J_of_W_out, W_out)
    matched = grad_W_out(A_h, output_delta(A_out, Y))   # δ = A - Y's
    print("  delta_out =", fmt(delta_out),
          "  delta_out / (A_out - Y), entry by entry:",
          fmt(delta_out / (A_out - Y)), sep="\n")
    print("  matches central differences of J:",
          relative_error(gradient, numeric) <= 1e-7)
    length = np.linalg.norm(gradient) / np.linalg.norm(matched)
    print(f"  its length / the matched one's: {length:.2f}")
    print(f"  cosine with the matched one: {cosine(gradient, matched):.2f}")
    per_output = [cosine(gradient[:, [j]], matched[:, [j]])
                  for j in range(Y.shape[1])]
    print("  the same, per output:", *(f"{c:.2f}" for c in per_output))
# --8<-- [end:compare]


# --8<-- [start:training]
def training(X, W_h, W_out, Y, output, J, rules,
             checkpoints=(0, 10, 100, 1000)):
    """Print the loss that was meant, J, as descent runs with each δ rule."""
    print("  steps" + "".join(f"{name:>9}" for name in rules))
    weights = {name: (W_h, W_out) for name in rules}
    done = 0
    for checkpoint in checkpoints:
        steps, done = checkpoint - done, checkpoint
        for name, rule in rules.items():
            weights[name] = train(X, *weights[name], Y, output, rule, steps)
        losses = [J(forward(X, *weights[name], output=output).Z_out, Y)
                  for name in rules]
        print(f"  {done:>5}" + "".join(f"{value:>9.4f}" for value in losses))
# --8<-- [end:training]


if __name__ == "__main__":
    utf8_stdout()
    from example_m_d_t import W_h, W_out, X, Y
    # --8<-- [start:sigmoid_cases]
    # δ_out as a function of (A_out, Y), for each pair of activation and loss
    sigmoid_rules = {
        "matched": output_delta,
        "squared": lambda A, Y: back_through_sigmoid(A, dJ_dA_squared(A, Y)),
        "twice": lambda A, Y: back_through_sigmoid(A, dJ_dA_sigmoid_twice(A, Y)),
    }
    _, _, _, A_out = forward(X, W_h, W_out)
    print("sigmoid outputs, the m-d-t example:",
          "A_out - Y, the matched pair's δ =", fmt(A_out - Y), sep="\n")
    print("squared error after σ:")
    compare(X, W_h, W_out, Y, sigmoid, J_squared, sigmoid_rules["squared"])
    print("σ applied twice (into BCEWithLogitsLoss):")
    compare(X, W_h, W_out, Y, sigmoid, J_sigmoid_twice, sigmoid_rules["twice"])
    least = cross_entropy(Y, Y)   # it applies σ to A_out = Y: this J at its least
    print(f"  its J at A_out = Y, its least: {least:.4f}")
    print("cross-entropy J while training, each δ:")
    training(X, W_h, W_out, Y, sigmoid, cross_entropy, sigmoid_rules)
    # --8<-- [end:sigmoid_cases]
    from softmax import W_out, X, Y
    # --8<-- [start:softmax_cases]
    softmax_rules = {
        "matched": output_delta,
        "binary": lambda A, Y: back_through_softmax(A, dJ_dA_binary(A, Y)),
        "twice": lambda A, Y: back_through_softmax(
            A, dJ_dA_softmax_twice(A, Y)),
        # The frameworks' default means: BCELoss divides by n t,
        # CrossEntropyLoss by n, so next to the matched pair the
        # binary δ is divided by t
        "binary/t": lambda A, Y: back_through_softmax(
            A, dJ_dA_binary(A, Y)) / Y.shape[1],
    }
    _, _, _, A_out = forward(X, W_h, W_out, output=softmax)
    print("softmax outputs, the softmax example:",
          "A_out - Y, the matched pair's δ =", fmt(A_out - Y), sep="\n")
    print("binary cross-entropy (into BCELoss):")
    compare(X, W_h, W_out, Y, softmax, J_softmax_binary,
            softmax_rules["binary"])
    print("softmax twice (into CrossEntropyLoss):")
    compare(X, W_h, W_out, Y, softmax, J_softmax_twice, softmax_rules["twice"])
    least = categorical_cross_entropy(Y, Y)   # softmax of A_out = Y: the least
    print(f"  its J at A_out = Y, its least: {least:.4f}")
    print("categorical J while training, each δ:")
    training(X, W_h, W_out, Y, softmax, categorical_cross_entropy,
             softmax_rules)
    # --8<-- [end:softmax_cases]
