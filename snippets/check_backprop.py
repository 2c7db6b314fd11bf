"""Check your own backprop: your functions run on the site's networks, your mistake named.

    python check_backprop.py my_backprop.py                  one line per function your file defines
    python check_backprop.py my_backprop.py --layout pytorch  your weights are stored t × d (Z = A Wᵀ)
    python check_backprop.py my_backprop.py --loss mean       your J is the mean over the n examples
    python check_backprop.py my_backprop.py --hidden tanh     your hidden units are tanh (or relu)
    python check_backprop.py my_backprop.py --json out.json   also write Exercism's results.json (version 3)
    python check_backprop.py                                 checks my_backprop.py, the page's example

In a notebook or a REPL:

    from check_backprop import check
    check(grad_W_out)

Your file may define any of the pages' functions, by their names and argument
order: output_delta(A_out, Y), grad_W_out(A_h, delta_out),
hidden_delta(delta_out, W_out, A_h), grad_W_h(X, delta_h), grad_b(delta),
l2_gradient(lam, W), delta_through_jacobian(a, y) (the softmax page's, one
example: a and y are 1 × t rows), and backprop(X, Y, W_h, W_out[, b_h, b_out]) returning
the gradients (a dict or an object with W_h and W_out, and b_h and b_out if it
takes biases; or a tuple (W_h, W_out), or (W_h, b_h, W_out, b_out)). A backprop
with a parameter named lam gets lam=0.3 and must return the gradients of the
regularisation page's J + (λ/2)(‖W_h‖² + ‖W_out‖²): λW on the weights, nothing
on the biases. Keras stores a Dense layer's kernel as this site does (fan-in ×
fan-out), so its users need no option; PyTorch's nn.Linear stores fan-out ×
fan-in: pass --layout pytorch.

Each function runs on four networks whose n, m, d and t all differ (so a
missing transpose cannot pass by chance), one of them with a single example
and one saturated. Its result is compared with the site's own (mlp.py) and,
independently, with central finite differences of the loss, so a mistake in
the site's code could not pass yours. A wrong result is compared with the
result of every mistake in MISTAKES; one that matches on every network is
named, with the page section that explains it. Your file runs in a process of
its own for each function, with a time limit: nothing it does can change the
verdict on another function.

With --loss mean (or mean-all), each result carries the mean's factor; a
single function may also leave it to another (where 1/n goes is a choice of
design), but backprop's gradients must carry it exactly once. Whether the
penalty is divided too is a choice the regularisation page leaves open:
under a mean, λW passes, and so does λW divided as the loss is (by n, or by
n·t under mean-all); under the site's sum, λW/n is a mistake.
"""

import argparse
import inspect
import json
import os
import pickle
import subprocess
import sys
import tempfile
import traceback
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

# --8<-- [start:imports]
from typing import Callable, NamedTuple

import numpy as np
# --8<-- [end:imports]

from gradient_check import numerical_gradient
from mistakes import (FACTOR_TWICE, MEAN, MEAN_ALL, MEAN_EXAMPLES, SUM)
from mistakes import (COLUMN_CONVENTION, DJ_DA, ELEMENTWISE, HALF_LAMBDA, JACOBIAN_DIAGONAL, HALF_PENALTY, INPUTS_FOR_A,
                      LOGITS, NOT_SUMMED, ONE_EXAMPLE, ONE_OUTPUT, SIGMA_DROPPED,
                      SIGMA_DROPPED_HIDDEN, SIGMA_KEPT, SIGMA_OF_A, SIGMA_OF_Z, SIGN, TRANSPOSED,
                      TRANSPOSE_MISPLACED, TRANSPOSE_MISSING, WRONG_AXIS, W_NOT_TRANSPOSED, Z_FOR_A,
                      PENALTY_DIVIDED, PENALTY_FORGOTTEN, REGULARISED_BIASES)
from mistakes import (F_PRIME_DROPPED, SIGMA_FOR_RELU, SIGMA_FOR_TANH, SIGMOID_TWICE, SOFTMAX_TWICE)
from mlp import (categorical_cross_entropy, cross_entropy, grad_b, grad_W_h, grad_W_out, l2_gradient, l2_penalty,
                 layer, output_delta, sigmoid, softmax)

TIME_LIMIT = 20  # seconds for one function on every network
EPS64 = float(np.finfo(np.float64).eps)
LAMBDA = 0.3
# (n, m, d, t): all four differ on every network.
SHAPES = {"5 examples, 4-3-2": (5, 4, 3, 2), "3 examples, 2-5-4": (3, 2, 5, 4),
          "1 example, 3-4-2": (1, 3, 4, 2), "4 examples, 3-2-5, saturated": (4, 3, 2, 5)}


# --------------------------------------------------------------------------- the battery

# The hidden units a reader's network may have (--hidden): f, and f′ from the activations a = f(z),
# as the deeper-networks page writes them.
HIDDEN = {"sigmoid": (sigmoid, lambda A: A * (1 - A)),
          "tanh": (np.tanh, lambda A: 1 - A ** 2),
          "relu": (lambda Z: np.maximum(Z, 0.0), lambda A: (A > 0).astype(float))}


def network(n, m, d, t, seed, scale, hidden="sigmoid"):
    """One network's data and every value the pages derive from it."""
    rng = np.random.default_rng(seed)
    v = {"X": rng.normal(size=(n, m)), "Y": rng.integers(0, 2, size=(n, t)).astype(float),
         "W_h": scale * rng.normal(size=(m, d)), "W_out": scale * rng.normal(size=(d, t)),
         "b_h": 0.1 * rng.normal(size=(1, d)), "b_out": 0.1 * rng.normal(size=(1, t)), "lam": LAMBDA,
         "hidden": hidden, "f": HIDDEN[hidden][0], "f_prime": HIDDEN[hidden][1]}
    forward_pass(v)
    v["delta"] = v["delta_out"]  # grad_b is checked on the output layer's δ
    v["W"] = v["W_out"]          # l2_gradient on the output weights
    # The softmax page's one example: its first logits as a softmax row, one class its target.
    v["z"] = v["Z_out"][:1]
    v["a"], v["y"] = softmax(v["z"]), np.eye(t)[[rng.integers(t)]]
    return v


def forward_pass(v, biases=False):
    """Z, A and δ of both layers, with the network's hidden units (and its biases if asked)."""
    b_h, b_out = (v["b_h"], v["b_out"]) if biases else (None, None)
    v["Z_h"], v["A_h"] = layer(v["X"], v["W_h"], b_h, activation=v["f"])
    v["Z_out"], v["A_out"] = layer(v["A_h"], v["W_out"], b_out)
    v["delta_out"] = output_delta(v["A_out"], v["Y"])
    v["delta_h"] = (v["delta_out"] @ v["W_out"].T) * v["f_prime"](v["A_h"])


def battery(hidden="sigmoid"):
    """{name: values} of the networks every function runs on."""
    return {name: network(*shape, seed=seed, scale=8.0 if "saturated" in name else 1.0, hidden=hidden)
            for seed, (name, shape) in enumerate(SHAPES.items())}


def J(X, Y, W_h, W_out, b_h=None, b_out=None, f=sigmoid):
    return cross_entropy(layer(layer(X, W_h, b_h, activation=f)[1], W_out, b_out)[0], Y)


def differences(f, at):
    """Central differences of a scalar function f at the matrix `at`."""
    return numerical_gradient(f, np.array(at, dtype=float))


def hidden_J(v, Z_h):
    return cross_entropy(v["f"](Z_h) @ v["W_out"], v["Y"])


# What finite differences of the loss give for each quantity: nothing of the site's formulas.
FINITE = {
    "output_delta": lambda v: differences(lambda Z: cross_entropy(Z, v["Y"]), v["Z_out"]),
    "grad_W_out": lambda v: differences(lambda W: J(v["X"], v["Y"], v["W_h"], W, f=v["f"]), v["W_out"]),
    "hidden_delta": lambda v: differences(lambda Z: hidden_J(v, Z), v["Z_h"]),
    "grad_W_h": lambda v: differences(lambda W: J(v["X"], v["Y"], W, v["W_out"], f=v["f"]), v["W_h"]),
    "grad_b": lambda v: differences(lambda b: J(v["X"], v["Y"], v["W_h"], v["W_out"], None, b, f=v["f"]),
                                    np.zeros_like(v["b_out"])),
    "l2_gradient": lambda v: differences(lambda W: l2_penalty(v["lam"], W), v["W"]),
    "delta_through_jacobian": lambda v: differences(lambda z: categorical_cross_entropy(z, v["y"]), v["z"]),
}


# --------------------------------------------------------------------------- the quantities

class Quantity(NamedTuple):
    name: str
    arguments: tuple        # the values passed, in the pages' order
    reference: Callable     # values -> the site's result (site layout, J a sum)
    anchor: str             # the page section that derives it
    scaled: bool            # whether the loss's factor (1/n for a mean) appears in it


QUANTITIES = {q.name: q for q in [
    Quantity("output_delta", ("A_out", "Y"), lambda v: output_delta(v["A_out"], v["Y"]),
             "output-layer-m-d-t.md#eq-delta-value", True),
    Quantity("grad_W_out", ("A_h", "delta_out"), lambda v: grad_W_out(v["A_h"], v["delta_out"]),
             "output-layer-m-d-t.md#eq-matrix-form", True),
    Quantity("hidden_delta", ("delta_out", "W_out", "A_h"),
             lambda v: (v["delta_out"] @ v["W_out"].T) * v["f_prime"](v["A_h"]),
             "hidden-layer.md#eq-delta-hidden-matrix", True),
    Quantity("grad_W_h", ("X", "delta_h"), lambda v: grad_W_h(v["X"], v["delta_h"]),
             "hidden-layer.md#eq-dj-dw-hidden-matrix", True),
    Quantity("grad_b", ("delta",), lambda v: grad_b(v["delta"]), "biases.md#eq-dj-db", True),
    Quantity("l2_gradient", ("lam", "W"), lambda v: l2_gradient(v["lam"], v["W"]),
             "regularisation.md#eq-penalty-derivative", False),
    Quantity("delta_through_jacobian", ("a", "y"), lambda v: v["a"] - v["y"], "softmax.md#eq-delta", True),
]}
WEIGHT_RESULTS = {"grad_W_out", "grad_W_h", "l2_gradient"}   # transposed back under --layout pytorch
BACKPROP_PARTS = ("W_h", "b_h", "W_out", "b_out")


# --------------------------------------------------------------------------- the mistakes

# --8<-- [start:mistakes]
class Mistake(NamedTuple):
    quantity: str     # the function it is made in
    name: str
    sentence: str     # what goes wrong, in one sentence
    anchor: str       # the page section that explains it
    wrong: Callable   # a network's values -> what the mistake computes
    hidden: str = ""  # only for these hidden units (--hidden), if given


def sigma_prime(A):
    """σ′(z) from the activations a = σ(z): a(1 − a)."""
    return A * (1 - A)


MISTAKES = [
    Mistake("output_delta", SIGMA_KEPT,
            "That is the squared error's δ: with cross-entropy "
            "σ′ = a(1 − a) cancels, so δ = a − y.",
            "output-layer-2-2-2.md#eq-sigma-prime-cancels",
            lambda v: (v["A_out"] - v["Y"]) * sigma_prime(v["A_out"])),
    Mistake("output_delta", SIGN,
            "δ = a − y, not y − a.",
            "output-layer-2-2-2.md#eq-delta-value",
            lambda v: v["Y"] - v["A_out"]),
]
# --8<-- [end:mistakes]
MISTAKES += [
    Mistake("grad_W_out", COLUMN_CONVENTION,
            "δᵀ A⁽ʰ⁾ is t × d, W⁽ᵒᵘᵗ⁾ is d × t: row i belongs to hidden unit i, so (A⁽ʰ⁾)ᵀ δ⁽ᵒᵘᵗ⁾ "
            "(or pass --layout pytorch if you store W as t × d).",
            "output-layer-m-d-t.md#eq-matrix-form", lambda v: v["delta_out"].T @ v["A_h"]),
    Mistake("grad_W_out", TRANSPOSE_MISSING,
            "A⁽ʰ⁾ δ⁽ᵒᵘᵗ⁾ multiplies n × d by n × t, which does not fit: the examples must be summed "
            "over, (A⁽ʰ⁾)ᵀ δ⁽ᵒᵘᵗ⁾.", "output-layer-m-d-t.md#eq-sum-is-product",
            lambda v: v["A_h"] @ v["delta_out"]),
    Mistake("grad_W_out", TRANSPOSE_MISPLACED,
            "A⁽ʰ⁾ (δ⁽ᵒᵘᵗ⁾)ᵀ pairs hidden units with examples: transpose A⁽ʰ⁾, not δ⁽ᵒᵘᵗ⁾.",
            "output-layer-m-d-t.md#eq-sum-is-product", lambda v: v["A_h"] @ v["delta_out"].T),
    Mistake("grad_W_out", ELEMENTWISE,
            "A⁽ʰ⁾ * δ⁽ᵒᵘᵗ⁾ pairs entries of two matrices of different shapes: the gradient sums "
            "a⁽ʰ⁾ δ over the examples, (A⁽ʰ⁾)ᵀ δ⁽ᵒᵘᵗ⁾.", "output-layer-m-d-t.md#eq-sum-is-product",
            lambda v: v["A_h"] * v["delta_out"]),
    Mistake("grad_W_out", ONE_EXAMPLE,
            "w acts in every example: sum a⁽ʰ⁾ δ over all n examples.",
            "output-layer-m-d-t.md#eq-sum-of-derivatives", lambda v: v["A_h"][:1].T @ v["delta_out"][:1]),
    Mistake("grad_W_out", SIGN,
            "∂J/∂W⁽ᵒᵘᵗ⁾ = (A⁽ʰ⁾)ᵀ δ⁽ᵒᵘᵗ⁾ has no minus: the step of gradient descent subtracts it.",
            "output-layer-m-d-t.md#eq-matrix-form", lambda v: -(v["A_h"].T @ v["delta_out"])),
    Mistake("hidden_delta", SIGMA_DROPPED,
            "At the hidden layer σ′ does not cancel: multiply by A⁽ʰ⁾ ⊙ (1 − A⁽ʰ⁾).",
            "hidden-layer.md#eq-delta-hidden-matrix", lambda v: v["delta_out"] @ v["W_out"].T, "sigmoid"),
    *[Mistake("hidden_delta", F_PRIME_DROPPED,
              f"No hidden unit's derivative cancels: multiply by f′(Z⁽ʰ⁾), {prime}.",
              "deeper-networks.md#eq-delta", lambda v: v["delta_out"] @ v["W_out"].T, hidden)
      for hidden, prime in (("tanh", "1 − A⁽ʰ⁾ ⊙ A⁽ʰ⁾ for tanh"), ("relu", "[A⁽ʰ⁾ > 0] for ReLU"))],
    Mistake("hidden_delta", SIGMA_FOR_TANH, "These are tanh units: tanh′ = 1 − a², not σ′ = a(1 − a).",
            "deeper-networks.md#eq-tanh-prime",
            lambda v: (v["delta_out"] @ v["W_out"].T) * sigma_prime(v["A_h"]), "tanh"),
    Mistake("hidden_delta", SIGMA_FOR_RELU, "These are ReLU units: ReLU′ = [a > 0], 1 or 0, not a(1 − a).",
            "deeper-networks.md#eq-relu",
            lambda v: (v["delta_out"] @ v["W_out"].T) * sigma_prime(v["A_h"]), "relu"),
    Mistake("output_delta", SIGMOID_TWICE,
            "A⁽ᵒᵘᵗ⁾ is already σ(Z⁽ᵒᵘᵗ⁾): σ(A⁽ᵒᵘᵗ⁾) − Y is the δ of outputs fed to a loss that applies σ "
            "itself (BCEWithLogitsLoss given probabilities).", "mismatched-losses.md#eq-sigmoid-twice-delta",
            lambda v: sigmoid(v["A_out"]) - v["Y"]),
    Mistake("delta_through_jacobian", SOFTMAX_TWICE,
            "a is already the softmax: softmax(a) − y is the δ of probabilities fed to a loss that applies "
            "softmax itself (CrossEntropyLoss given probabilities).", "mismatched-losses.md#eq-softmax-twice-loss",
            lambda v: softmax(v["a"]) - v["y"]),
    Mistake("hidden_delta", W_NOT_TRANSPOSED,
            "δ⁽ᵒᵘᵗ⁾ W⁽ᵒᵘᵗ⁾ multiplies n × t by d × t: each hidden unit gathers the errors of the "
            "outputs it feeds, δ⁽ᵒᵘᵗ⁾ (W⁽ᵒᵘᵗ⁾)ᵀ.", "hidden-layer.md#eq-delta-hidden-matrix",
            lambda v: (v["delta_out"] @ v["W_out"]) * v["f_prime"](v["A_h"])),
    Mistake("hidden_delta", SIGMA_OF_A,
            "σ′(z) = a(1 − a) takes the activations as they are: σ(a)(1 − σ(a)) applies σ twice.",
            "output-layer-2-2-2.md#eq-da-dz",
            lambda v: (v["delta_out"] @ v["W_out"].T) * sigma_prime(sigmoid(v["A_h"]))),
    Mistake("hidden_delta", ONE_OUTPUT,
            "A hidden unit feeds every output: add δⱼ⁽ᵒᵘᵗ⁾ wᵢ,ⱼ⁽ᵒᵘᵗ⁾ over all j.",
            "hidden-layer.md#eq-dj-da-hidden",
            lambda v: (v["delta_out"][:, :1] @ v["W_out"][:, :1].T) * v["f_prime"](v["A_h"])),
    Mistake("grad_W_h", TRANSPOSED,
            "(δ⁽ʰ⁾)ᵀ X is d × m, W⁽ʰ⁾ is m × d: the layer's input, transposed, times its δ, Xᵀ δ⁽ʰ⁾.",
            "hidden-layer.md#eq-dj-dw-hidden-matrix", lambda v: v["delta_h"].T @ v["X"]),
    Mistake("grad_W_h", TRANSPOSE_MISSING,
            "X δ⁽ʰ⁾ multiplies n × m by n × d, which does not fit: Xᵀ δ⁽ʰ⁾ sums over the examples.",
            "hidden-layer.md#eq-dj-dw-hidden-matrix", lambda v: v["X"] @ v["delta_h"]),
    Mistake("grad_W_h", SIGN,
            "∂J/∂W⁽ʰ⁾ = Xᵀ δ⁽ʰ⁾ has no minus: the step of gradient descent subtracts it.",
            "hidden-layer.md#eq-dj-dw-hidden-matrix", lambda v: -(v["X"].T @ v["delta_h"])),
    Mistake("grad_b", WRONG_AXIS,  # with keepdims or without: read as a row
            "A bias is shared by the n examples: sum δ's rows (axis 0), not each example's outputs.",
            "biases.md#eq-dj-db", lambda v: v["delta"].sum(axis=1, keepdims=True)),
    Mistake("grad_b", NOT_SUMMED,
            "A bias is shared by the n examples: its gradient is the sum of δ's n rows, a 1 × k row.",
            "biases.md#eq-dj-db", lambda v: v["delta"]),
    Mistake("l2_gradient", HALF_PENALTY,
            "The ½ of (λ/2)‖W‖² cancels the 2 of the square: the gradient is λ W.",
            "regularisation.md#eq-penalty-derivative", lambda v: 2 * v["lam"] * v["W"]),
    Mistake("delta_through_jacobian", DJ_DA,
            "−y/a is ∂J/∂a; carry it through the softmax's Jacobian to reach ∂J/∂z = a − y.",
            "softmax.md#eq-chain-rule", lambda v: -v["y"] / v["a"]),
    Mistake("delta_through_jacobian", JACOBIAN_DIAGONAL,
            "Each aⱼ depends on every zₗ: ∂J/∂zₗ sums ∂J/∂aⱼ ∂aⱼ/∂zₗ over every j, off the diagonal too.",
            "softmax.md#eq-jacobian", lambda v: -v["y"] * (1 - v["a"])),
    Mistake("delta_through_jacobian", SIGMA_KEPT,
            "With softmax and categorical cross-entropy, δ = a − y: the Jacobian leaves no σ′ behind.",
            "softmax.md#eq-delta", lambda v: (v["a"] - v["y"]) * sigma_prime(v["a"])),
    Mistake("delta_through_jacobian", SIGN, "δ = a − y, not y − a.", "softmax.md#eq-delta",
            lambda v: v["y"] - v["a"]),
    Mistake("l2_gradient", HALF_LAMBDA,
            "(λ/2)‖W‖² differentiates to λ W: the square's 2 cancels the ½.",
            "regularisation.md#eq-penalty-derivative", lambda v: v["lam"] / 2 * v["W"]),
]

# backprop's own mistakes, per part of its result: what a whole backward pass gets wrong.
def _whole(delta_out=None, A_for_W_out=None, delta_h=None):
    def parts(v):
        d_out = v["delta_out"] if delta_out is None else delta_out(v)
        d_h = (d_out @ v["W_out"].T) * v["f_prime"](v["A_h"]) if delta_h is None else delta_h(v, d_out)
        A = v["A_h"] if A_for_W_out is None else A_for_W_out(v)
        return {"W_h": v["X"].T @ d_h, "b_h": d_h.sum(axis=0, keepdims=True),
                "W_out": A.T @ d_out, "b_out": d_out.sum(axis=0, keepdims=True)}
    return parts


# A backward pass goes wrong at one of three places: δ⁽ᵒᵘᵗ⁾, the output layer's input, δ⁽ʰ⁾.
OUTPUT_DELTAS = [
    (SIGMA_KEPT, "That is the squared error's δ: with cross-entropy σ′ cancels, so δ⁽ᵒᵘᵗ⁾ = A⁽ᵒᵘᵗ⁾ − Y.",
     "output-layer-2-2-2.md#eq-sigma-prime-cancels", lambda v: (v["A_out"] - v["Y"]) * sigma_prime(v["A_out"])),
    (SIGN, "δ⁽ᵒᵘᵗ⁾ = A⁽ᵒᵘᵗ⁾ − Y, not Y − A⁽ᵒᵘᵗ⁾.", "output-layer-m-d-t.md#eq-delta-value",
     lambda v: v["Y"] - v["A_out"]),
    (LOGITS, "δ⁽ᵒᵘᵗ⁾ = A⁽ᵒᵘᵗ⁾ − Y with A⁽ᵒᵘᵗ⁾ = σ(Z⁽ᵒᵘᵗ⁾).",
     "output-layer-m-d-t.md#eq-delta-value", lambda v: v["Z_out"] - v["Y"]),
]
OUTPUT_INPUTS = [
    (INPUTS_FOR_A,
     "The output layer's input is the hidden activations: ∂J/∂W⁽ᵒᵘᵗ⁾ = (A⁽ʰ⁾)ᵀ δ⁽ᵒᵘᵗ⁾.",
     "output-layer-m-d-t.md#eq-matrix-form", lambda v: v["X"]),
    (Z_FOR_A,
     "The output layer's input is A⁽ʰ⁾ = σ(Z⁽ʰ⁾), not Z⁽ʰ⁾: ∂J/∂W⁽ᵒᵘᵗ⁾ = (A⁽ʰ⁾)ᵀ δ⁽ᵒᵘᵗ⁾.",
     "output-layer-m-d-t.md#eq-matrix-form", lambda v: v["Z_h"]),
]
HIDDEN_DELTAS = [
    (SIGMA_DROPPED_HIDDEN, "At the hidden layer σ′ does not cancel: multiply by A⁽ʰ⁾ ⊙ (1 − A⁽ʰ⁾).",
     "hidden-layer.md#eq-delta-hidden-matrix", lambda v, d: d @ v["W_out"].T),
    (SIGMA_OF_Z, "σ′(z) = a(1 − a) with a = σ(z): Z⁽ʰ⁾(1 − Z⁽ʰ⁾) is not σ′.",
     "output-layer-2-2-2.md#eq-da-dz", lambda v, d: (d @ v["W_out"].T) * sigma_prime(v["Z_h"])),
    (SIGMA_OF_A,
     "σ′(z) = a(1 − a) takes the activations as they are: σ(a)(1 − σ(a)) applies σ twice.",
     "output-layer-2-2-2.md#eq-da-dz", lambda v, d: (d @ v["W_out"].T) * sigma_prime(sigmoid(v["A_h"]))),
]


# With tanh or ReLU hidden units (--hidden), f′ is theirs: what goes wrong in δ⁽ʰ⁾ then.
HIDDEN_UNIT_DELTAS = [
    (F_PRIME_DROPPED, "No hidden unit's derivative cancels: multiply δ⁽ᵒᵘᵗ⁾ (W⁽ᵒᵘᵗ⁾)ᵀ by f′(Z⁽ʰ⁾).",
     "deeper-networks.md#eq-delta", lambda v, d: d @ v["W_out"].T, ("tanh", "relu")),
    (SIGMA_FOR_TANH, "These are tanh units: tanh′ = 1 − a², not σ′ = a(1 − a).", "deeper-networks.md#eq-tanh-prime",
     lambda v, d: (d @ v["W_out"].T) * sigma_prime(v["A_h"]), ("tanh",)),
    (SIGMA_FOR_RELU, "These are ReLU units: ReLU′ = [a > 0], 1 or 0, not a(1 − a).", "deeper-networks.md#eq-relu",
     lambda v, d: (d @ v["W_out"].T) * sigma_prime(v["A_h"]), ("relu",)),
]


def backprop_mistakes():
    """Each place's mistakes alone, then a δ⁽ᵒᵘᵗ⁾ mistake with a δ⁽ʰ⁾ one (W⁽ʰ⁾'s gradient carries both)."""
    found = [Mistake("backprop", n, s, a, _whole(delta_out=f)) for n, s, a, f in OUTPUT_DELTAS]
    found += [Mistake("backprop", n, s, a, _whole(A_for_W_out=f)) for n, s, a, f in OUTPUT_INPUTS]
    found += [Mistake("backprop", n, s, a, _whole(delta_h=f), "sigmoid" if n == SIGMA_DROPPED_HIDDEN else "")
              for n, s, a, f in HIDDEN_DELTAS]
    found += [Mistake("backprop", n, s, a, _whole(delta_h=f), hidden)
              for n, s, a, f, units in HIDDEN_UNIT_DELTAS for hidden in units]
    found += [Mistake("backprop", f"{n1}, and {n2}", f"{s1} {s2}", f"{a1} {a2}", _whole(delta_out=f1, delta_h=f2),
                      "sigmoid" if n2 == SIGMA_DROPPED_HIDDEN else "")
              for n1, s1, a1, f1 in OUTPUT_DELTAS for n2, s2, a2, f2 in HIDDEN_DELTAS]
    return found


MISTAKES += backprop_mistakes()

# A backprop that takes lam: its penalty's gradient, (scale, biases too), wrong.
PENALTY_MISTAKES = [
    (REGULARISED_BIASES, "J_λ penalises the weights only: a bias multiplies no input, so its gradient "
     "stays 1ᵀδ, with no λb.", "regularisation.md#biases-are-not-penalised", lambda v: (1.0, True)),
    (HALF_PENALTY, "The ½ of (λ/2)‖W‖² cancels the 2 of the square: add λW, not 2λW.",
     "regularisation.md#eq-penalty-derivative", lambda v: (2.0, False)),
    (HALF_LAMBDA, "(λ/2)‖W‖² differentiates to λW: the square's 2 cancels the ½.",
     "regularisation.md#eq-penalty-derivative", lambda v: (0.5, False)),
    (PENALTY_FORGOTTEN, "Your backprop takes lam but adds nothing: J_λ's weight gradients are J's plus λW.",
     "regularisation.md#eq-gradients", lambda v: (0.0, False)),
    (PENALTY_DIVIDED, "With the site's J, a sum, the penalty is added once: its gradient is λW, not λW/n "
     "(if your J is a mean, pass --loss mean).", "regularisation.md#eq-gradients",
     lambda v: (1.0 / v["Y"].shape[0], False)),
]


# --------------------------------------------------------------------------- the loss conventions

# The factor each convention puts before the sum's gradient.
CONVENTIONS = {"sum": lambda n, t: 1.0, "mean": lambda n, t: 1.0 / n, "mean-all": lambda n, t: 1.0 / (n * t)}
CONVENTION_NAMES = {"sum": "the sum over the examples (this site's J)", "mean": "the mean over the n examples",
                    "mean-all": "the mean over all n·t entries (PyTorch's BCELoss default)"}


# The name of a result carrying another convention's factor: (expected, found) -> the site's name.
FACTOR_NAMES = {("sum", "mean"): MEAN, ("sum", "mean-all"): MEAN_ALL, ("mean", "sum"): SUM,
                ("mean", "mean-all"): MEAN_ALL, ("mean-all", "sum"): SUM, ("mean-all", "mean"): MEAN_EXAMPLES}


def scale_mistakes(expected):
    """(name, sentence, factor(n, t), convention) of a result off by the loss's factor, for the expected one."""
    found = []
    for other, factor in CONVENTIONS.items():
        if other != expected:
            found.append((FACTOR_NAMES[expected, other],
                          f"Your result is that of J as {CONVENTION_NAMES[other]}, not {CONVENTION_NAMES[expected]}: "
                          f"if that is your J, pass --loss {other}; if not, its factor is wrong.", factor, other))
    once = CONVENTIONS[expected]
    if expected != "sum":
        found.append((FACTOR_TWICE,
                      "The factor of the mean is in your result twice (in δ and again after the product?).",
                      lambda n, t: once(n, t) ** 2, "twice"))
    return found


# --------------------------------------------------------------------------- running the reader's code

class NotAGradient(Exception):
    """The reader's function returned something that is no gradient (its message says what)."""


def plain(quantity, value, layout):
    """The reader's return value as the site's: a float64 array (a dict of them for backprop), site layout.

    Raises NotAGradient with a sentence when it is none of what the pages return."""
    if value is None:
        raise NotAGradient("returns None: is a `return` missing?")
    if quantity == "backprop":
        return {part: as_array(f" as its {part}", grad).T if layout == "pytorch" and part.startswith("W")
                else as_array(f" as its {part}", grad) for part, grad in backprop_parts(value).items()}
    array = as_array("", value)
    return array.T if layout == "pytorch" and quantity in WEIGHT_RESULTS else array


def as_array(what, value):
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise NotAGradient(f"returns {type(value).__name__}{what}, not an array of numbers") from None
    if array.ndim == 0:
        raise NotAGradient(f"returns one number{what}, not a matrix")
    return array


def precision(quantity, value):
    """The rounding unit of what the reader computed in: float32 (PyTorch's default) rounds more."""
    parts = backprop_parts(value).values() if quantity == "backprop" else [value]
    kinds = [np.asarray(part).dtype for part in parts]
    return max((float(np.finfo(kind).eps) for kind in kinds if np.issubdtype(kind, np.floating)),
               default=float(np.finfo(np.float64).eps))


def backprop_parts(value):
    """{part: gradient} from a dict, an object with attributes, or a tuple in the site's order."""
    if isinstance(value, dict):
        found = {part: value[key] for key in value for part in BACKPROP_PARTS if key in spellings(part)}
    elif isinstance(value, (tuple, list)) and not hasattr(value, "_fields"):
        if len(value) not in (2, 4):
            raise NotAGradient(f"returns a tuple of {len(value)}: return (W_h, W_out) or (W_h, b_h, W_out, b_out)")
        return dict(zip(("W_h", "W_out") if len(value) == 2 else BACKPROP_PARTS, value))
    else:
        found = {part: getattr(value, name) for part in BACKPROP_PARTS for name in spellings(part)
                 if getattr(value, name, None) is not None}
    if "W_h" not in found or "W_out" not in found:
        raise NotAGradient(f"returns no W_h or no W_out among {sorted(keys_of(value))}: name them "
                        + ", ".join(spellings("W_h")) + " (and the same for W_out, b_h, b_out)")
    return found


def spellings(part):
    """The names a gradient may go by in the reader's result: W_h, dW_h, grad_W_h, dJ_dW_h."""
    return (part, f"d{part}", f"grad_{part}", f"dJ_d{part}")


def keys_of(value):
    if isinstance(value, dict):
        return [str(key) for key in value]
    return [name for name in getattr(value, "_fields", None) or vars(value) if not name.startswith("_")] \
        if hasattr(value, "_fields") or hasattr(value, "__dict__") else [type(value).__name__]


def call(function, quantity, args, layout, reader_file=None):
    """{"value", "eps", "changed"} or {"error", "where"}: one call, its result made plain (it pickles)."""
    names, args = args
    before = [arg.copy() if isinstance(arg, np.ndarray) else arg for arg in args]
    keywords = {"lam": args[-1]} if names[-1:] == ("lam",) and quantity == "backprop" else {}
    try:
        value = function(*args[:len(args) - len(keywords)], **keywords)
    except Exception as error:  # the reader's code may raise anything
        return raised(error, reader_file)
    changed = [name for name, arg, old in zip(names, args, before)
               if isinstance(old, np.ndarray) and not np.array_equal(np.asarray(arg), old)]
    try:
        return {"value": plain(quantity, value, layout), "eps": precision(quantity, value), "changed": changed}
    except NotAGradient as error:
        return {"error": str(error), "raised": False}


def raised(error, reader_file):
    frames = [frame for frame in traceback.extract_tb(error.__traceback__)
              if reader_file is None or same_file(frame.filename, reader_file)]
    return {"error": f"{type(error).__name__}: {error}", "where": "".join(traceback.format_list(frames[-3:])),
            "raised": True}


def same_file(a, b):
    return os.path.exists(a) and os.path.samefile(a, b)


def arguments(quantity, values, layout, with_biases=False):
    """The arguments of one call, in the reader's layout (lam last: it is passed by name)."""
    names = ((("X", "Y", "W_h", "W_out") + (("b_h", "b_out") if with_biases else ())
              + (("lam",) if "penalty" in values else ()))
             if quantity == "backprop" else QUANTITIES[quantity].arguments)
    # Copies: a function that changes its arguments in place changes nothing else.
    return names, [values[name].T.copy() if layout == "pytorch" and name in ("W_h", "W_out", "W")
                   else values[name].copy() if isinstance(values[name], np.ndarray) else values[name]
                   for name in names]


def takes_biases(function):
    """Does a backprop take the biases, as its 5th and 6th parameters named b...?"""
    try:
        names = list(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        return False
    return bias_names(names)


def bias_names(names):
    return len(names) >= 6 and all(name.lower().startswith("b") for name in names[4:6])


def takes_lam(function):
    """Does a backprop take λ, as a parameter named lam (it is passed by name)?"""
    try:
        return "lam" in inspect.signature(function).parameters
    except (TypeError, ValueError):
        return False


def as_called(function, quantity, networks):
    """The networks as a function is called on them: with their biases in the forward pass
    if a backprop takes them, and with the penalty if it takes lam."""
    if quantity != "backprop":
        return networks
    return prepared(networks, takes_biases(function), takes_lam(function))


def prepared(networks, biases, lam):
    """The networks with their biases in the forward pass, and the penalty, as asked."""
    with_biases = {name: with_biases_values(v) for name, v in networks.items()} if biases else networks
    return {name: regularised_values(v) for name, v in with_biases.items()} if lam else with_biases


def run_in_process(function, quantity, networks, layout, reader_file=None):
    """({network name: outcome}, what it printed) of the function on every network."""
    import contextlib
    import io

    printed = io.StringIO()
    biases = quantity == "backprop" and takes_biases(function)
    networks = as_called(function, quantity, networks)
    with contextlib.redirect_stdout(printed):
        outcomes = {name: call(function, quantity, arguments(quantity, values, layout, biases), layout, reader_file)
                    for name, values in networks.items()}
    return outcomes, printed.getvalue()


def worker(reader_file, quantity, layout, hidden, output):
    """In a process of its own: import the reader's file, run one function, pickle the outcomes."""
    import contextlib
    import io

    printed = io.StringIO()
    result = {"outcomes": None, "printed": "", "problem": "", "biases": False, "lam": False}
    with contextlib.redirect_stdout(printed):
        try:
            module = load(reader_file)
        except BaseException as error:  # SystemExit too: a script's exit() at import
            result["problem"] = import_problem(error, reader_file)
        else:
            function = getattr(module, quantity)
            result["biases"] = quantity == "backprop" and takes_biases(function)
            result["lam"] = quantity == "backprop" and takes_lam(function)
            result["outcomes"], result["printed"] = run_in_process(function, quantity, battery(hidden), layout,
                                                                   reader_file)
    result["printed"] = printed.getvalue() + result["printed"]
    Path(output).write_bytes(pickle.dumps(result))


def load(reader_file):
    """The reader's file as a module (its folder is on PYTHONPATH, set by run_isolated)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("reader_module", reader_file)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def import_problem(error, reader_file):
    if isinstance(error, SyntaxError):
        return f"your file does not parse: line {error.lineno}: {error.msg}"
    if isinstance(error, ModuleNotFoundError):
        return (f"your file imports {error.name}, which this kit does not have: the checker runs with "
                "NumPy alone")
    frames = [f for f in traceback.extract_tb(error.__traceback__) if same_file(f.filename, reader_file)]
    where = f" (line {frames[-1].lineno})" if frames else ""
    return f"importing your file raised {type(error).__name__}: {error}{where}"


def run_isolated(reader_file, quantity, layout, hidden="sigmoid"):
    """The worker's result for one function, or a problem sentence (a time limit, a crash)."""
    reader_file = Path(reader_file).resolve()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(reader_file.parent), os.environ.get("PYTHONPATH", "")])}
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "result.pickle"
        try:
            finished = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--worker", str(reader_file),
                                       quantity, layout, hidden, str(output)],
                                      capture_output=True, text=True, timeout=TIME_LIMIT, env=env)
        except subprocess.TimeoutExpired:
            return {"problem": f"did not return within {TIME_LIMIT} s on the four networks (an endless loop?)"}
        if not output.exists():
            last = (finished.stderr.strip().splitlines() or ["no message"])[-1]
            return {"problem": f"stopped the Python process ({last})"}
        return pickle.loads(output.read_bytes())


# --------------------------------------------------------------------------- verdicts

class Verdict(NamedTuple):
    quantity: str
    status: str          # "right", "wrong" or "error"
    message: str         # what is right or wrong, in a sentence or two
    anchor: str = ""     # the page section that explains it
    printed: str = ""    # what the reader's function printed


def with_biases_values(v):
    """The network's values with its biases in the forward pass (for a backprop that takes them)."""
    v = dict(v)
    forward_pass(v, biases=True)
    return v


# The penalty a regularised backprop's result carries: (its scale, whether the biases are in it).
RIGHT_PENALTY = (1.0, False)


def regularised_values(v, penalty=RIGHT_PENALTY):
    """The network's values for a backprop that takes lam: J has the penalty (λ/2) scale Σ‖W‖²."""
    return {**v, "penalty": penalty}


def penalty_gradient(v, part):
    """∂/∂part of the network's penalty: scale λ W on the weights, and on the biases if they are in it."""
    scale, biases_too = v["penalty"]
    return scale * v["lam"] * v[part] if part.startswith("W") or biases_too else np.zeros_like(v[part])


def penalty(v, parts):
    """The penalty itself, (λ/2) scale Σ‖P‖² over the weights (and biases) in `parts`."""
    scale, biases_too = v["penalty"]
    return scale * l2_penalty(v["lam"], *(P for name, P in parts.items() if name.startswith("W") or biases_too))


def parts_of(quantity, v, function_of_values, biases):
    """{part: array} of a value function: backprop's parts, or the one result ("")."""
    if quantity != "backprop":
        return {"": function_of_values(v)}
    parts = function_of_values(v)
    return {part: parts[part] for part in BACKPROP_PARTS if biases or part.startswith("W")}


def backprop_reference(v):
    return _whole()(v)


def backprop_finite(v, biases, factor):
    """Central differences of the loss's factor × J, plus the penalty if the backprop takes lam."""
    args = {name: v[name] for name in ("X", "Y", "W_h", "W_out")}
    if biases:
        args.update(b_h=v["b_h"], b_out=v["b_out"])
    scale = factor_of(v, factor)

    def objective(parts):
        loss = scale * J(**parts, f=v["f"])
        return loss + penalty(v, parts) if "penalty" in v else loss

    return {part: differences(lambda P, part=part: objective({**args, part: P}), args[part])
            for part in (BACKPROP_PARTS if biases else ("W_h", "W_out"))}


def finite(quantity, v, biases, factor):
    """Finite differences of the loss for each part, with the convention's factor."""
    if quantity == "backprop":
        return backprop_finite(v, biases, factor)
    return {"": FINITE[quantity](v) * factor_of(v, factor, quantity)}


def tolerance(eps):
    """Relative agreement asked of a result computed in a format with rounding unit eps."""
    return max(1e-6, 1e3 * eps)


def close(got, want, eps=EPS64):
    """Equal to the precision asked: every entry to tolerance(eps) relative, and an entry
    near 0 to a thousandth of that times the largest entry of `want` (never empty)."""
    if np.shape(got) != np.shape(want):
        return False
    scale = float(np.max(np.abs(want)))
    return bool(np.allclose(got, want, rtol=tolerance(eps), atol=1e-3 * tolerance(eps) * scale))


def agrees_with_finite_differences(got, numeric, eps=EPS64):
    """Within tolerance(eps) of the finite differences, relative to their largest entry."""
    scale = float(np.max(np.abs(numeric)))
    return (np.shape(got) == np.shape(numeric)
            and bool(np.max(np.abs(got - numeric), initial=0.0) <= tolerance(eps) * scale))


def error_signature(message):
    """What an error says about shapes, whichever NumPy call raised it (@, dot, *)."""
    import re

    if "broadcast" in message:
        return ("broadcast",)
    sizes = (re.search(r"size (\d+) is different from (\d+)", message)
             or re.search(r"(\d+) \(dim \d+\) != (\d+) \(dim \d+\)", message))
    return ("product", frozenset(sizes.groups())) if sizes else ("other", message)


def evaluate(value_function, v):
    """{"value"} or {"error"}: a catalogue entry's result on one network."""
    try:
        return {"value": value_function(v)}
    except Exception as error:
        return {"error": f"{type(error).__name__}: {error}"}


def carries_factor(quantity):
    """Whether the loss's factor (1/n for a mean) appears in the quantity: every one but λW."""
    return quantity == "backprop" or QUANTITIES[quantity].scaled


def accepted(quantity, loss):
    """{convention: factor} a right result may carry. A whole backward pass carries the loss's
    factor once; under a mean, one function may apply 1/n or leave it to another, so both pass."""
    if not carries_factor(quantity):
        return {"sum": CONVENTIONS["sum"]}
    if quantity == "backprop" or loss == "sum":
        return {loss: CONVENTIONS[loss]}
    return {loss: CONVENTIONS[loss], "sum": CONVENTIONS["sum"]}


def candidates(quantity, loss, networks, biases):
    """[(name, sentence, anchor, {network: {part: outcome}})] of every catalogue mistake, and the factor's."""
    found = []
    for mistake in MISTAKES:
        if mistake.quantity == quantity and mistake.hidden in ("", next(iter(networks.values()))["hidden"]):
            found.append((mistake.name, mistake.sentence, mistake.anchor,
                          {name: scaled_outcomes(quantity, v, mistake.wrong, CONVENTIONS[loss]
                                                 if carries_factor(quantity) else CONVENTIONS["sum"], biases)
                           for name, v in networks.items()}))
    if all("penalty" in v for v in networks.values()):
        for name, sentence, anchor, penalty_of in PENALTY_MISTAKES:
            if name != PENALTY_DIVIDED or loss == "sum":  # under a mean, λW/n is a reading, not a mistake
                found.append((name, sentence, anchor,
                              {net: scaled_outcomes(quantity, regularised_values(v, penalty_of(v)),
                                                    reference_of(quantity), CONVENTIONS[loss], biases)
                               for net, v in networks.items()}))
    if carries_factor(quantity):
        allowed = accepted(quantity, loss)
        for name, sentence, factor, other in scale_mistakes(loss):
            same_factor = all(factor_of(v, factor, quantity) == factor_of(v, CONVENTIONS[loss], quantity)
                              for v in networks.values())  # one example: its mean is its sum
            if other not in allowed and not same_factor:  # the other J, with either of its penalties
                for _, read in penalty_readings(networks, other if other in CONVENTIONS else loss):
                    found.append((name, sentence, "regularisation.md#eq-mean-gradients",
                                  {net: scaled_outcomes(quantity, v, reference_of(quantity), factor, biases)
                                   for net, v in read.items()}))
    return found


def factor_of(v, factor, quantity=""):
    """The convention's factor on this network: n and t of its examples (one, for the softmax row)."""
    return factor(*(v["y"] if quantity == "delta_through_jacobian" else v["Y"]).shape)


def scaled_outcomes(quantity, v, value_function, factor, biases):
    """{part: {"value"}} of a value function times the convention's factor, plus the penalty's
    gradient (never scaled by the loss's factor: it is added to J once) if there is one."""
    def scaled(values):  # a wrong shape meets the penalty as the reader's code would: an error, or broadcast
        return {part: value * factor_of(values, factor, quantity)
                + (penalty_gradient(values, part) if "penalty" in values else 0.0)
                for part, value in parts_of(quantity, values, value_function, biases).items()}

    outcome = evaluate(scaled, v)
    if "error" in outcome:
        return {"": outcome}
    return {part: {"value": value} for part, value in outcome["value"].items()}


def matches(reader, wanted):
    """Does the reader's outcome equal a catalogue entry's on this network?"""
    if "error" in reader or "error" in wanted:
        return ("error" in reader and "error" in wanted
                and error_signature(reader["error"]) == error_signature(wanted["error"]))
    return close(reader["value"], wanted["value"], reader.get("eps", EPS64))


def judge(quantity, outcomes, networks, loss, biases):
    """[(part, status, message, anchor)] for the reader's outcomes on every network."""
    parts = list(parts_of(quantity, next(iter(networks.values())), reference_of(quantity), biases))
    return [(part,) + judge_part(quantity, part, outcomes, networks, loss, biases) for part in parts]


def reference_of(quantity):
    return backprop_reference if quantity == "backprop" else QUANTITIES[quantity].reference


def as_row(value):
    """A bias gradient as a 1 × k row, however the reader shaped its k entries."""
    return value.reshape(1, -1) if value.ndim == 1 or (value.ndim == 2 and value.shape[1] == 1) else value


def part_outcome(quantity, outcome, part):
    if "error" in outcome:
        return outcome
    value, eps = outcome["value"], outcome.get("eps", EPS64)
    if part != "":
        if part not in value:
            return {"error": f"returns no {part}", "raised": False}
        value = value[part]
    is_bias = quantity == "grad_b" or part.startswith("b")
    return {"value": as_row(value) if is_bias else value, "eps": eps}


def bias_rows(quantity, part, outcome):
    if (quantity == "grad_b" or part.startswith("b")) and "value" in outcome:
        return {"value": as_row(outcome["value"])}
    return outcome


def penalty_readings(networks, loss):
    """[(note, networks)] of the penalties a right result may carry: λW, and under a mean also
    λW with the mean's factor (whether the penalty is divided too is the reader's choice)."""
    readings = [("", networks)]
    if loss != "sum" and all("penalty" in v for v in networks.values()):
        readings.append((", with the penalty divided as the loss is",
                         {name: regularised_values(v, (factor_of(v, CONVENTIONS[loss]), False))
                          for name, v in networks.items()}))
    return readings


def judge_part(quantity, part, outcomes, networks, loss, biases):
    got = {name: part_outcome(quantity, outcomes[name], part) for name in networks}
    for convention, factor in accepted(quantity, loss).items():
        for penalty_note, read in penalty_readings(networks, loss):
            want = {name: scaled_outcomes(quantity, v, reference_of(quantity), factor, biases)[part]
                    for name, v in read.items()}
            if all("value" in got[n] and close(got[n]["value"], want[n]["value"], got[n]["eps"]) for n in networks):
                note = "" if convention == loss else ", leaving the mean's factor to another function"
                return right_or_reference_bug(quantity, part, got, read, factor, biases, note + penalty_note)
    factor = CONVENTIONS[loss] if carries_factor(quantity) else CONVENTIONS["sum"]
    for name, sentence, anchor, wrong in candidates(quantity, loss, networks, biases):
        if all(matches(got[n], bias_rows(quantity, part, wrong[n].get(part, wrong[n].get("")))) for n in networks):
            if all("value" in got[n] and agrees_with_finite_differences(
                    got[n]["value"], finite(quantity, v, biases, factor)[part], got[n]["eps"])
                   for n, v in networks.items()):  # then the catalogue, not the reader, is wrong
                return "error", (f"matches the mistake '{name}' of the checker's catalogue, yet finite "
                                 "differences agree with it: a mistake in the site, please report it"), ""
            return "wrong", f"{name}. {sentence}", anchor
    want = {name: scaled_outcomes(quantity, v, reference_of(quantity), factor, biases)[part]
            for name, v in networks.items()}
    return unexplained(quantity, part, got, want, networks, factor, biases)


def right_or_reference_bug(quantity, part, got, networks, factor, biases, note=""):
    for name, v in networks.items():
        numeric = finite(quantity, v, biases, factor)[part]
        if not agrees_with_finite_differences(got[name]["value"], numeric, got[name]["eps"]):
            return "error", (f"matches the site's code but not finite differences on the network "
                             f"'{name}': a mistake in the site, please report it"), ""
    return "right", f"right on all {len(networks)} networks, and finite differences agree{note}", ""


def unexplained(quantity, part, got, want, networks, factor, biases):
    for name in networks:
        if "error" in got[name]:
            error, where = got[name]["error"], got[name].get("where", "")
            said = f"raised {error}" if got[name].get("raised", True) else error
            return "error", f"{said} on the network '{name}'" + (f"\n{where.rstrip()}" if where else ""), ""
    for name in networks:
        value, wanted = got[name]["value"], want[name]["value"]
        if not np.all(np.isfinite(value)):
            return "wrong", f"returns NaN or infinity on the network '{name}'", ""
        if value.shape != wanted.shape:
            return "wrong", (f"returns shape {value.shape} on the network '{name}'; expected {wanted.shape}"
                             f"{shape_hint(quantity, part)}{swap_hint(quantity, part, value, networks[name])}"), ""
    for name, v in networks.items():
        numeric = finite(quantity, v, biases, factor)[part]
        value = got[name]["value"]
        if not agrees_with_finite_differences(value, numeric, got[name]["eps"]):
            index = np.unravel_index(np.argmax(np.abs(value - numeric)), value.shape)
            return "wrong", (f"matches no mistake this checker knows; finite differences disagree on the network "
                             f"'{name}': worst entry {tuple(int(i) for i in index)} (NumPy's index, from 0): expected "
                             f"{numeric[index]:.6g}, got {value[index]:.6g}"), ""
    for name, v in networks.items():  # then the site's result is off, or only its last digits differ
        if "value" in want[name] and not agrees_with_finite_differences(
                want[name]["value"], finite(quantity, v, biases, factor)[part]):
            return "error", (f"agrees with finite differences, but the site's code does not, on the network "
                             f"'{name}': a mistake in the site, please report it"), ""
    return "right", "agrees with finite differences, though not with the site's result to the last digits", ""


SHAPE_NAMES = {"grad_W_out": ", the shape of W_out (d × t)", "grad_W_h": ", the shape of W_h (m × d)",
               "grad_b": ", a 1 × k row (or k entries)", "W_out": ", the shape of W_out (d × t)",
               "W_h": ", the shape of W_h (m × d)"}


def shape_hint(quantity, part):
    return SHAPE_NAMES.get(part or quantity, "")


def swap_hint(quantity, part, value, v):
    other = {"W_h": "W_out", "W_out": "W_h"}.get(part)
    if quantity == "backprop" and other and value.shape == v[other].shape:
        return f"; it has the shape of {other}: are the two swapped? The order is (W_h, W_out)"
    return ""


def verdicts_of(quantity, run, loss, networks=None, hidden="sigmoid"):
    """One Verdict per part of a quantity, from a run's result (outcomes, printed, problem)."""
    if run.get("problem"):
        return [Verdict(quantity, "error", run["problem"], printed=run.get("printed", ""))]
    biases = run.get("biases", False)
    networks = prepared(battery(hidden) if networks is None else networks, biases, run.get("lam", False))
    changed = sorted({name for outcome in run["outcomes"].values() for name in outcome.get("changed", ())})
    note = (f" It also changes its argument{'s' if len(changed) > 1 else ''} {', '.join(changed)} in place: "
            "code that uses them after the call sees the changed values." if changed else "")
    found = []
    for part, status, message, anchor in judge(quantity, run["outcomes"], networks, loss, biases):
        label = f"{quantity}: {part}" if part else quantity
        found.append(Verdict(label, status, message + note, anchor, run.get("printed", "")))
    return found


# --------------------------------------------------------------------------- the reader's file

KNOWN = tuple(QUANTITIES) + ("backprop",)
PARAMETERS = {**{name: q.arguments for name, q in QUANTITIES.items()},
              "backprop": ("X", "Y", "W_h", "W_out", "b_h", "b_out")}


def definitions(source, filename):
    """{name: (required, total) positional parameters} of the file's top-level functions, or a SyntaxError."""
    import ast

    tree = ast.parse(source, filename)
    found = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            positional = node.args.posonlyargs + node.args.args
            found[node.name] = (len(positional) - len(node.args.defaults), [arg.arg for arg in positional],
                                node.args.vararg)
    return found


def signature_problem(name, required, names, vararg):
    """A sentence if the checker cannot call the function as the pages do, else ""."""
    expected = PARAMETERS[name]
    passed = (6 if bias_names(names) else 4) + ("lam" in names) if name == "backprop" else len(expected)
    if required <= passed and (len(names) >= passed or vararg):
        return ""
    shown = ", ".join(expected[:4]) + "[, b_h, b_out][, lam]" if name == "backprop" else ", ".join(expected)
    extra = " (the biases come 5th and 6th, named b...; λ is passed as lam=)" if name == "backprop" else ""
    return (f"the checker calls {name}({shown}){extra}; yours takes {required} required "
            f"argument{'s' if required != 1 else ''}: give the others defaults")


def look_alikes(names):
    """{reader's name: the page's name} of functions named almost as a page names them."""
    import difflib

    found = {}
    for name in names:
        if name in KNOWN:
            continue
        near = difflib.get_close_matches(name.lower(), [known.lower() for known in KNOWN], n=1, cutoff=0.8)
        if near:
            found[name] = next(known for known in KNOWN if known.lower() == near[0])
    return found


def check_file(reader_file, layout="site", loss="sum", hidden="sigmoid"):
    """Every Verdict for the functions a reader's file defines."""
    path = Path(reader_file)
    if not path.is_file():
        return [Verdict("file", "error", f"no file {reader_file}")]
    try:
        defined = definitions(path.read_text(encoding="utf-8"), str(path))
    except SyntaxError as error:
        return [Verdict("file", "error", f"your file does not parse: line {error.lineno}: {error.msg}")]
    except UnicodeDecodeError:
        return [Verdict("file", "error", "your file is not UTF-8 text")]
    verdicts = [Verdict(name, "error", f"named almost as the pages' {known}: the checker looks for {known}")
                for name, known in look_alikes(defined).items() if known not in defined]
    ours = [name for name in KNOWN if name in defined]
    if not ours and not verdicts:
        return [Verdict("file", "error", "defines none of the functions the checker knows: " + ", ".join(KNOWN))]
    callable_ones = [name for name in ours if not signature_problem(name, *defined[name])]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:  # one process each, side by side
        runs = dict(zip(callable_ones, pool.map(lambda name: run_isolated(path, name, layout, hidden), callable_ones)))
    for name in ours:
        problem = signature_problem(name, *defined[name])
        verdicts += [Verdict(name, "error", problem)] if problem else verdicts_of(name, runs[name], loss,
                                                                                   hidden=hidden)
    return verdicts


def check(*functions, layout="site", loss="sum", hidden="sigmoid"):
    """Check functions defined in a notebook or a REPL, by their names: check(grad_W_out, hidden_delta).

    They run in this process (a notebook's functions cannot run in another), so
    a function that never returns holds the notebook up; the file command has a
    time limit. Prints the verdicts and returns them.
    """
    verdicts = judge_functions(functions, layout, loss, hidden=hidden)
    print(report(verdicts))
    return verdicts


def judge_functions(functions, layout="site", loss="sum", networks=None, hidden="sigmoid"):
    """The Verdicts of functions run in this process, on the battery or on `networks`."""
    verdicts = []
    for function in functions:
        name = getattr(function, "__name__", "")
        if name not in KNOWN:
            verdicts.append(Verdict(name or repr(function), "error",
                                    f"not one of the functions the checker knows: {', '.join(KNOWN)}"))
            continue
        plain_networks = battery(hidden) if networks is None else networks
        biases = name == "backprop" and takes_biases(function)
        lam = name == "backprop" and takes_lam(function)
        outcomes, printed = run_in_process(function, name, plain_networks, layout)
        verdicts += verdicts_of(name, {"outcomes": outcomes, "printed": printed, "biases": biases, "lam": lam},
                                loss, plain_networks)
    return verdicts


# --------------------------------------------------------------------------- reporting

MARKS = {"right": "right", "wrong": "WRONG", "error": "ERROR"}


def page_link(anchor):
    """The page section on the site: docs path page.md#eq-x -> page/#eq-x."""
    page, _, fragment = anchor.partition("#")
    return f"{page.removesuffix('.md')}/#{fragment}"


WIDTH = 76  # a terminal's, and a page's code column


def report(verdicts):
    import textwrap

    lines = []
    for verdict in verdicts:
        first, *rest = verdict.message.splitlines()
        lines += textwrap.wrap(f"{verdict.quantity}: {MARKS[verdict.status]}: {first}", WIDTH,
                               subsequent_indent="    ")
        lines += [f"    {line}" for line in rest]  # a traceback, kept as it is
        if verdict.anchor:
            first, *more = [page_link(anchor) for anchor in verdict.anchor.split()]
            lines.append(f"    explained on the site at {first}")
            lines += [f"    and at {link}" for link in more]
        if verdict.printed:
            printed = verdict.printed.splitlines()
            lines.append(f"    your code printed {len(printed)} line{'s' if len(printed) != 1 else ''}"
                         + (", the first three:" if len(printed) > 3 else ":"))
            lines += [f"    | {line[:WIDTH - 6]}" for line in printed[:3]]
    return "\n".join(lines)


OUTPUT_LIMIT = 500  # characters of a test's output, as Exercism's runners keep it


def exercism(verdicts, folder=None):
    """The verdicts as Exercism's test-runner results.json, version 3 (paths under the
    reader's folder written as <solution-dir>, as that format asks)."""
    def solution(text):
        return text.replace(str(folder), "<solution-dir>") if folder else text

    if any(verdict.quantity == "file" for verdict in verdicts):
        return {"version": 3, "status": "error", "message": solution(verdicts[0].message), "tests": []}
    tests = [{"name": verdict.quantity, "status": {"right": "pass", "wrong": "fail"}.get(verdict.status, "error"),
              "message": None if verdict.status == "right" else solution(verdict.message)
              + (f" (explained at {' and '.join(map(page_link, verdict.anchor.split()))})" if verdict.anchor else ""),
              "output": clipped(verdict.printed)} for verdict in verdicts]
    status = "pass" if all(test["status"] == "pass" for test in tests) else "fail"
    return {"version": 3, "status": status, "tests": tests}


def clipped(printed):
    if not printed:
        return None
    cut = f"\n[cut at {OUTPUT_LIMIT} characters]"
    return printed if len(printed) <= OUTPUT_LIMIT else printed[:OUTPUT_LIMIT - len(cut)] + cut


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file", nargs="?", default="my_backprop.py",
                        help="your Python file (default: my_backprop.py, the page's example)")
    parser.add_argument("--layout", choices=("site", "keras", "pytorch"), default="site",
                        help="site or keras: W is fan-in × fan-out (Z = A W, a Dense kernel); "
                             "pytorch: W is fan-out × fan-in (Z = A Wᵀ, nn.Linear's weight)")
    parser.add_argument("--loss", choices=tuple(CONVENTIONS), default="sum",
                        help="what your J is: the sum over the examples (the site's), their mean, or the mean "
                             "over all n·t entries")
    parser.add_argument("--hidden", choices=tuple(HIDDEN), default="sigmoid",
                        help="your hidden units: sigmoid (the site's), tanh or relu (the deeper-networks page's)")
    parser.add_argument("--json", metavar="FILE", help="also write the verdicts as Exercism's results.json")
    parser.add_argument("--worker", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:  # one of run_isolated's processes: its result goes to a file
        worker(*args.worker)
    else:  # keras is the site's layout: only pytorch's is read otherwise
        verdicts = check_file(args.file, args.layout, args.loss, args.hidden)
        print(report(verdicts))
        if args.json:
            results = exercism(verdicts, Path(args.file).resolve().parent)
            Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0  # as Exercism's runners do: wrong code is a result, not a failure of the run


if __name__ == "__main__":
    from formatting import utf8_stdout

    utf8_stdout()
    sys.exit(main())
