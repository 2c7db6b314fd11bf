"""check_backprop.py: right code passes in four styles, every catalogue mistake is
named as a reader would write it, and bad input gets a sentence, not a traceback."""

import os
import json
import textwrap
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import check_backprop as cb
import mistakes
from mistakes import (PENALTY_DIVIDED, PENALTY_FORGOTTEN, REGULARISED_BIASES)
from mistakes import (F_PRIME_DROPPED, SIGMA_FOR_RELU, SIGMA_FOR_TANH, SIGMOID_TWICE, SOFTMAX_TWICE)
from mistakes import (COLUMN_CONVENTION, DJ_DA, ELEMENTWISE, HALF_LAMBDA, HALF_PENALTY, INPUTS_FOR_A,
                      JACOBIAN_DIAGONAL, LOGITS, NOT_SUMMED, ONE_EXAMPLE, ONE_OUTPUT, SIGMA_DROPPED,
                      SIGMA_DROPPED_HIDDEN, SIGMA_KEPT, SIGMA_OF_A, SIGMA_OF_Z, SIGN, TRANSPOSE_MISPLACED,
                      TRANSPOSE_MISSING, TRANSPOSED, W_NOT_TRANSPOSED, WRONG_AXIS, Z_FOR_A)
import my_backprop
from support import assert_prints_recorded


def functions(code):
    """The functions a reader's code defines, by name."""
    namespace = {}
    exec(textwrap.dedent(code), namespace)
    return {name: f for name, f in namespace.items() if callable(f) and name in cb.KNOWN}


def verdicts(code, layout="site", loss="sum", networks=None, hidden="sigmoid"):
    """{quantity (and part): Verdict} of a reader's code, run in this process."""
    found = cb.judge_functions(list(functions(code).values()), layout, loss, networks, hidden)
    return {verdict.quantity: verdict for verdict in found}


def statuses(code, **options):
    return {name: verdict.status for name, verdict in verdicts(code, **options).items()}


def named(verdict):
    """The mistake a wrong verdict names: its text before the first full stop."""
    assert verdict.status == "wrong", verdict
    return verdict.message.split(". ", 1)[0]


def test_the_pages_example_prints_its_recording():
    assert_prints_recorded("check_backprop.py", [], "check_backprop.out")


def test_the_readers_own_shape_test_passes_though_two_values_are_wrong():
    assert_prints_recorded("my_backprop.py", [], "my_backprop.out")


def test_the_readers_example_prints_on_a_cp1252_console(monkeypatch):
    # A Windows pipe's encoding: a reader's file has no UTF-8 switch. (The checker's
    # own output is tried so in make test, which runs the site kit as Windows would.)
    monkeypatch.setenv("PYTHONIOENCODING", "cp1252")
    assert_prints_recorded("my_backprop.py", [], "my_backprop.out")


def test_the_pages_example_has_the_verdicts_the_page_states():
    """The page: output_delta keeps σ′, hidden_delta takes σ′ of a; the two products
    are right; backprop's W_out gradient carries the first mistake, its W_h gradient both."""
    found = {v.quantity: v for v in cb.judge_functions(
        [my_backprop.output_delta, my_backprop.grad_W_out, my_backprop.hidden_delta, my_backprop.grad_W_h,
         my_backprop.backprop])}
    assert named(found["output_delta"]) == "σ′ kept in δ⁽ᵒᵘᵗ⁾"
    assert named(found["hidden_delta"]) == "σ′ taken of A⁽ʰ⁾ as if it were Z⁽ʰ⁾"
    assert found["grad_W_out"].status == found["grad_W_h"].status == "right"
    assert named(found["backprop: W_out"]) == "σ′ kept in δ⁽ᵒᵘᵗ⁾"
    assert named(found["backprop: W_h"]) == "σ′ kept in δ⁽ᵒᵘᵗ⁾, and σ′ taken of A⁽ʰ⁾ as if it were Z⁽ʰ⁾"
    assert set(found) == {"output_delta", "grad_W_out", "hidden_delta", "grad_W_h", "backprop: W_h",
                          "backprop: W_out"}


# ------------------------------------------------------------------ right code, four styles

VECTORISED = """
import numpy as np
def sigmoid(z): return 1 / (1 + np.exp(-z))
def output_delta(A_out, Y): return A_out - Y
def grad_W_out(A_h, delta_out): return A_h.T @ delta_out
def hidden_delta(delta_out, W_out, A_h): return (delta_out @ W_out.T) * A_h * (1 - A_h)
def grad_W_h(X, delta_h): return X.T @ delta_h
def grad_b(delta): return delta.sum(axis=0, keepdims=True)
def l2_gradient(lam, W): return lam * W
def delta_through_jacobian(a, y): return a - y
def backprop(X, Y, W_h, W_out, b_h, b_out):
    A_h = sigmoid(X @ W_h + b_h)
    A_out = sigmoid(A_h @ W_out + b_out)
    d_out = A_out - Y
    d_h = (d_out @ W_out.T) * A_h * (1 - A_h)
    return {"W_h": X.T @ d_h, "b_h": d_h.sum(axis=0), "W_out": A_h.T @ d_out, "b_out": d_out.sum(axis=0)}
"""

LOOPS = """
import numpy as np
def output_delta(A_out, Y):
    n, t = A_out.shape
    return np.array([[A_out[k, j] - Y[k, j] for j in range(t)] for k in range(n)])
def grad_W_out(A_h, delta_out):
    n, d = A_h.shape
    t = delta_out.shape[1]
    G = np.zeros((d, t))
    for i in range(d):
        for j in range(t):
            for k in range(n):
                G[i, j] += A_h[k, i] * delta_out[k, j]
    return G
def hidden_delta(delta_out, W_out, A_h):
    n, d = A_h.shape
    D = np.zeros((n, d))
    for k in range(n):
        for i in range(d):
            total = sum(delta_out[k, j] * W_out[i, j] for j in range(W_out.shape[1]))
            D[k, i] = total * A_h[k, i] * (1 - A_h[k, i])
    return D
def grad_W_h(X, delta_h):
    return np.array([[sum(X[k, l] * delta_h[k, i] for k in range(X.shape[0]))
                      for i in range(delta_h.shape[1])] for l in range(X.shape[1])])
def grad_b(delta):
    return [sum(row[j] for row in delta) for j in range(delta.shape[1])]
"""

EINSUM = """
import numpy as np
def grad_W_out(A_h, delta_out): return np.einsum("ki,kj->ij", A_h, delta_out)
def hidden_delta(delta_out, W_out, A_h): return np.einsum("kj,ij->ki", delta_out, W_out) * A_h * (1 - A_h)
def grad_W_h(X, delta_h): return np.einsum("kl,ki->li", X, delta_h)
def grad_b(delta): return np.einsum("kj->j", delta)
def delta_through_jacobian(a, y):
    jacobian = np.einsum("j,jl->jl", a[0], np.eye(a.shape[1])) - np.einsum("j,l->jl", a[0], a[0])
    return np.einsum("kj,jl->kl", -y / a, jacobian)
"""

# PyTorch's layout: a layer's weight is (fan-out, fan-in) and Z = A Wᵀ.
PYTORCH = """
import numpy as np
def sigmoid(z): return 1 / (1 + np.exp(-z))
def grad_W_out(A_h, delta_out): return delta_out.T @ A_h
def hidden_delta(delta_out, W_out, A_h): return (delta_out @ W_out) * A_h * (1 - A_h)
def grad_W_h(X, delta_h): return delta_h.T @ X
def l2_gradient(lam, W): return lam * W
def backprop(X, Y, W_h, W_out):
    A_h = sigmoid(X @ W_h.T)
    d_out = sigmoid(A_h @ W_out.T) - Y
    d_h = (d_out @ W_out) * A_h * (1 - A_h)
    return d_h.T @ X, d_out.T @ A_h
"""


@pytest.mark.parametrize("code, layout", [(VECTORISED, "site"), (LOOPS, "site"), (EINSUM, "site"),
                                          (PYTORCH, "pytorch")], ids=["vectorised", "loops", "einsum", "pytorch"])
def test_right_code_passes_in_every_style(code, layout):
    found = verdicts(code, layout=layout)
    assert found and {v.status for v in found.values()} == {"right"}, found
    # Right because it gives the site's result, not only what finite differences allow.
    assert {v.message for v in found.values()} == {"right on all 4 networks, and finite differences agree"}


def test_the_pytorch_layout_read_as_the_sites_is_the_transposed_gradient():
    found = verdicts(PYTORCH)
    assert named(found["grad_W_out"]) == "the gradient transposed (the column convention's result)"


@settings(max_examples=15, deadline=None)
@given(st.permutations([2, 3, 4, 5]), st.integers(0, 2 ** 16))
def test_right_code_passes_and_a_transpose_is_named_on_any_shapes(shape, seed):
    n, m, d, t = shape
    networks = {"drawn": cb.network(n, m, d, t, seed, scale=1.0)}
    assert set(statuses(VECTORISED, networks=networks).values()) == {"right"}
    wrong = verdicts("def grad_W_out(A_h, delta_out): return delta_out.T @ A_h", networks=networks)
    assert named(wrong["grad_W_out"]) == "the gradient transposed (the column convention's result)"


# ------------------------------------------------------------------ every mistake, as a reader writes it

# For each catalogue mistake (quantity, name): the reader's function.
WRITTEN = {
    ("output_delta", SIGMA_KEPT): "def output_delta(A_out, Y): return (A_out - Y) * A_out * (1 - A_out)",
    ("output_delta", SIGN): "def output_delta(A_out, Y): return Y - A_out",
    ("grad_W_out", COLUMN_CONVENTION):
        "def grad_W_out(A_h, delta_out): return delta_out.T @ A_h",
    ("grad_W_out", TRANSPOSE_MISSING): "def grad_W_out(A_h, delta_out): return np.dot(A_h, delta_out)",
    ("grad_W_out", TRANSPOSE_MISPLACED): "def grad_W_out(A_h, delta_out): return A_h @ delta_out.T",
    ("grad_W_out", ELEMENTWISE):
        "def grad_W_out(A_h, delta_out): return A_h * delta_out",
    ("grad_W_out", ONE_EXAMPLE):
        "def grad_W_out(A_h, delta_out): return np.outer(A_h[0], delta_out[0])",
    ("grad_W_out", SIGN): "def grad_W_out(A_h, delta_out): return A_h.T @ (-delta_out)",
    ("hidden_delta", SIGMA_DROPPED): "def hidden_delta(delta_out, W_out, A_h): return delta_out @ W_out.T",
    ("hidden_delta", W_NOT_TRANSPOSED):
        "def hidden_delta(delta_out, W_out, A_h): return delta_out.dot(W_out) * A_h * (1 - A_h)",
    ("hidden_delta", SIGMA_OF_A): """
        def sigmoid(z): return 1 / (1 + np.exp(-z))
        def hidden_delta(delta_out, W_out, A_h):
            return (delta_out @ W_out.T) * sigmoid(A_h) * (1 - sigmoid(A_h))
        """,
    ("hidden_delta", ONE_OUTPUT):
        "def hidden_delta(delta_out, W_out, A_h): return np.outer(delta_out[:, 0], W_out[:, 0]) * A_h * (1 - A_h)",
    ("grad_W_h", TRANSPOSED): "def grad_W_h(X, delta_h): return delta_h.T @ X",
    ("grad_W_h", TRANSPOSE_MISSING): "def grad_W_h(X, delta_h): return X @ delta_h",
    ("grad_W_h", SIGN): "def grad_W_h(X, delta_h): return -X.T @ delta_h",
    ("grad_b", WRONG_AXIS): "def grad_b(delta): return np.sum(delta, axis=1, keepdims=True)",
    ("grad_b", NOT_SUMMED): "def grad_b(delta): return delta.copy()",
    ("l2_gradient", HALF_PENALTY): "def l2_gradient(lam, W): return 2 * lam * W",
    ("l2_gradient", HALF_LAMBDA): "def l2_gradient(lam, W): return 0.5 * lam * W",
    ("delta_through_jacobian", DJ_DA): "def delta_through_jacobian(a, y): return -y / a",
    ("delta_through_jacobian", JACOBIAN_DIAGONAL):
        "def delta_through_jacobian(a, y): return (-y / a) * a * (1 - a)",
    ("delta_through_jacobian", SIGMA_KEPT):
        "def delta_through_jacobian(a, y): return (a - y) * a * (1 - a)",
    ("delta_through_jacobian", SIGN): "def delta_through_jacobian(a, y): return y - a",
    ("output_delta", SIGMOID_TWICE): """
        def sigmoid(z): return 1 / (1 + np.exp(-z))
        def output_delta(A_out, Y): return sigmoid(A_out) - Y
        """,
    ("delta_through_jacobian", SOFTMAX_TWICE): """
        def delta_through_jacobian(a, y):
            e = np.exp(a - a.max())
            return e / e.sum() - y
        """,
    # Written for tanh or ReLU hidden units (--hidden): σ′ where theirs belongs, or none.
    ("hidden_delta", SIGMA_FOR_TANH): "def hidden_delta(delta_out, W_out, A_h): return (delta_out @ W_out.T) * A_h * (1 - A_h)",
    ("hidden_delta", SIGMA_FOR_RELU): "def hidden_delta(delta_out, W_out, A_h): return (delta_out @ W_out.T) * A_h * (1 - A_h)",
    ("hidden_delta", F_PRIME_DROPPED): "def hidden_delta(delta_out, W_out, A_h): return delta_out @ W_out.T",
}

# A reader's backward pass, with one slot for each place it can go wrong.
BACKPROP = """
import numpy as np
def sigmoid(z): return 1 / (1 + np.exp(-z))
def backprop(X, Y, W_h, W_out):
    Z_h = X @ W_h
    A_h = sigmoid(Z_h)
    Z_out = A_h @ W_out
    A_out = sigmoid(Z_out)
    delta_out = {delta_out}
    delta_h = {delta_h}
    return {{"W_h": X.T @ delta_h, "W_out": {A}.T @ delta_out}}
"""
RIGHT_SLOTS = {"delta_out": "A_out - Y", "delta_h": "(delta_out @ W_out.T) * A_h * (1 - A_h)", "A": "A_h"}
SLOTS = {
    SIGMA_KEPT: {"delta_out": "(A_out - Y) * A_out * (1 - A_out)"},
    SIGN: {"delta_out": "Y - A_out"},
    LOGITS: {"delta_out": "Z_out - Y"},
    INPUTS_FOR_A: {"A": "X"},
    Z_FOR_A: {"A": "Z_h"},
    SIGMA_DROPPED_HIDDEN: {"delta_h": "delta_out @ W_out.T"},
    SIGMA_OF_Z: {"delta_h": "(delta_out @ W_out.T) * Z_h * (1 - Z_h)"},
    SIGMA_OF_A:
        {"delta_h": "(delta_out @ W_out.T) * sigmoid(A_h) * (1 - sigmoid(A_h))"},
    F_PRIME_DROPPED: {"delta_h": "delta_out @ W_out.T"},
    SIGMA_FOR_TANH: {"delta_h": "(delta_out @ W_out.T) * A_h * (1 - A_h)"},
    SIGMA_FOR_RELU: {"delta_h": "(delta_out @ W_out.T) * A_h * (1 - A_h)"},
}
# Other hidden units (--hidden): the reader's activation, and the right δ⁽ʰ⁾ with its f′.
UNITS = {"sigmoid": ("sigmoid(Z_h)", RIGHT_SLOTS["delta_h"]),
         "tanh": ("np.tanh(Z_h)", "(delta_out @ W_out.T) * (1 - A_h ** 2)"),
         "relu": ("np.maximum(Z_h, 0)", "(delta_out @ W_out.T) * (A_h > 0)")}


def backprop_code(name, hidden="sigmoid"):
    activation, delta_h = UNITS[hidden]
    slots = {**RIGHT_SLOTS, "delta_h": delta_h}
    for part in filter(None, name.split(", and ")):
        slots.update(SLOTS[part])
    return BACKPROP.format(**slots).replace("A_h = sigmoid(Z_h)", f"A_h = {activation}")


def reader_code(mistake):
    if mistake.quantity == "backprop":
        return backprop_code(mistake.name, mistake.hidden or "sigmoid")
    return "import numpy as np\n" + textwrap.dedent(WRITTEN[(mistake.quantity, mistake.name)])


def test_every_catalogue_mistake_has_a_reader_written_version():
    written = set(WRITTEN) | {("backprop", name) for name in SLOTS}
    catalogue = {(m.quantity, m.name) for m in cb.MISTAKES if ", and " not in m.name}
    assert catalogue == written


@pytest.mark.parametrize("mistake", cb.MISTAKES, ids=lambda m: f"{m.quantity}: {m.name}")
def test_every_mistake_is_named_with_its_page_section(mistake):
    found = verdicts(reader_code(mistake), hidden=mistake.hidden or "sigmoid")
    wrong = {name: v for name, v in found.items() if v.status != "right"}
    assert wrong, f"{mistake.name} passed as right"
    for verdict in wrong.values():
        assert verdict.status == "wrong" and verdict.anchor, verdict
    names = {named(verdict) for verdict in wrong.values()}
    assert mistake.name in names or any(part in names for part in mistake.name.split(", and ")), names


SECOND = "def hidden_delta(delta_out, W_out, A_h): return delta_out @ W_out.T"  # σ′ forgotten


@pytest.mark.parametrize("mistake", [m for m in cb.MISTAKES if m.quantity not in ("backprop", "hidden_delta")],
                         ids=lambda m: f"{m.quantity}: {m.name}")
def test_a_mistake_is_named_beside_a_second_one_in_another_function(mistake):
    found = verdicts(reader_code(mistake) + "\n" + SECOND)
    assert named(found[mistake.quantity]) == mistake.name
    assert named(found["hidden_delta"]) == "σ′ forgotten"


def test_a_wrong_result_no_mistake_explains_gets_the_worst_entry():
    found = verdicts("def grad_W_out(A_h, delta_out): return A_h.T @ delta_out + 0.01")
    message = found["grad_W_out"].message
    assert found["grad_W_out"].status == "wrong" and "matches no mistake" in message
    assert "worst entry (" in message and "expected" in message and "got" in message


# ------------------------------------------------------------------ the loss's factor

MEAN = "def grad_W_out(A_h, delta_out): return A_h.T @ delta_out / len(A_h)"


def test_a_mean_is_named_under_the_sum_and_right_when_the_reader_says_so():
    assert named(verdicts(MEAN)["grad_W_out"]) == "the mean instead of the sum"
    assert statuses(MEAN, loss="mean") == {"grad_W_out": "right"}


def test_the_factor_of_a_mean_missing_doubled_or_over_every_entry_is_named():
    def name_of(code):
        return named(verdicts(code, loss="mean")["grad_W_out"])

    assert name_of("def grad_W_out(A_h, d): return A_h.T @ d / len(A_h) ** 2") == "the mean's factor applied twice"
    assert name_of("def grad_W_out(A_h, d): return A_h.T @ d / d.size") == "the mean over all n·t entries"
    # One function may leave 1/n to another; a whole backward pass must carry it once.
    found = verdicts("def grad_W_out(A_h, delta_out): return A_h.T @ delta_out", loss="mean")["grad_W_out"]
    assert found.status == "right" and found.message.endswith("leaving the mean's factor to another function")
    unscaled = backprop_code("")
    assert named(verdicts(unscaled, loss="mean")["backprop: W_out"]) == "the sum instead of the mean"


def test_the_mean_put_in_delta_passes_under_the_mean():
    code = """
        import numpy as np
        def output_delta(A_out, Y): return (A_out - Y) / len(Y)
        def grad_W_out(A_h, delta_out): return A_h.T @ delta_out
        """
    assert set(statuses(code, loss="mean").values()) == {"right"}
    assert named(verdicts(code)["output_delta"]) == "the mean instead of the sum"


# ------------------------------------------------------------------ bad input: a sentence each

def check_file(tmp_path, code, **options):
    path = tmp_path / "mine.py"
    path.write_text(textwrap.dedent(code), encoding="utf-8")
    return {verdict.quantity: verdict for verdict in cb.check_file(path, **options)}


def test_a_missing_file_or_one_that_does_not_parse(tmp_path):
    assert cb.check_file(tmp_path / "nowhere.py")[0].message == f"no file {tmp_path / 'nowhere.py'}"
    found = check_file(tmp_path, "def grad_W_out(A_h, delta_out)\n    return A_h.T @ delta_out\n")
    assert found["file"].message.startswith("your file does not parse: line 1:")


def test_a_misnamed_function_and_a_file_with_none(tmp_path):
    found = check_file(tmp_path, "def grad_w_out(A_h, delta_out): return A_h.T @ delta_out\n")
    assert found["grad_w_out"].message == "named almost as the pages' grad_W_out: the checker looks for grad_W_out"
    found = check_file(tmp_path, "def train(): pass\n")
    assert found["file"].message.startswith("defines none of the functions the checker knows")


def test_a_wrong_signature(tmp_path):
    found = check_file(tmp_path, "def grad_W_out(A, d, n): return A.T @ d / n\n")
    assert found["grad_W_out"].message == ("the checker calls grad_W_out(A_h, delta_out); yours takes 3 "
                                           "required arguments: give the others defaults")


def test_a_backprop_with_biases_or_options_is_called_as_written(tmp_path):
    with_biases = VECTORISED  # backprop(X, Y, W_h, W_out, b_h, b_out), no defaults
    assert {v.status for v in check_file(tmp_path, with_biases).values()} == {"right"}
    options = BACKPROP.format(**RIGHT_SLOTS).replace("def backprop(X, Y, W_h, W_out):",
                                                     "def backprop(X, Y, W_h, W_out, rate=0.1, return_loss=False):")
    assert set(statuses(options).values()) == {"right"}
    assert set(check_file(tmp_path, options)) == {"backprop: W_h", "backprop: W_out"}


@pytest.mark.parametrize("body, sentence", [
    ("A_h.T @ delta_out; print('done')", "returns None: is a `return` missing?"),
    ("'a string'", "returns str, not an array of numbers"),
    ("float((A_h.T @ delta_out).sum())", "returns one number, not a matrix"),
    ("A_h.T @ delta_out * np.nan", "returns NaN or infinity on the network '5 examples, 4-3-2'"),
])
def test_a_return_that_is_no_gradient(body, sentence):
    code = f"import numpy as np\ndef grad_W_out(A_h, delta_out):\n    return {body}\n"
    if body.startswith("A_h.T @ delta_out;"):
        code = "def grad_W_out(A_h, delta_out):\n    A_h.T @ delta_out\n"
    found = verdicts(code)["grad_W_out"]
    assert found.status in ("wrong", "error") and sentence in found.message, found


def test_a_readers_own_type_error_is_an_error_it_raised_whatever_it_says():
    found = verdicts("def grad_W_out(A_h, delta_out): raise TypeError('returns nothing yet')")["grad_W_out"]
    assert found.status == "error" and found.message.startswith("raised TypeError: returns nothing yet")


def test_an_exception_in_the_readers_code_shows_their_line(tmp_path):
    found = check_file(tmp_path, """\
        def grad_W_out(A_h, delta_out):
            return helper(A_h, delta_out)

        def helper(A, d):
            raise RuntimeError("not written yet")
        """)["grad_W_out"]
    assert found.status == "error"
    assert found.message.startswith("raised RuntimeError: not written yet on the network")
    assert "mine.py\", line 5, in helper" in found.message and "check_backprop.py" not in found.message


def test_a_function_that_never_returns_meets_the_time_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(cb, "TIME_LIMIT", 2)
    found = check_file(tmp_path, """\
        def grad_W_out(A_h, delta_out):
            while True:
                pass
        """)
    assert found["grad_W_out"].message == "did not return within 2 s on the four networks (an endless loop?)"


def test_printing_is_noted_and_an_import_the_kit_lacks_is_named(tmp_path):
    found = check_file(tmp_path, "import numpy as np\nprint('hello')\n"
                                 "def output_delta(A_out, Y):\n    print(A_out.shape)\n    return A_out - Y\n")
    assert found["output_delta"].status == "right" and found["output_delta"].printed.count("\n") == 5
    found = check_file(tmp_path, "import torch\ndef output_delta(A_out, Y): return A_out - Y\n")
    assert found["output_delta"].message == ("your file imports torch, which this kit does not have: "
                                             "the checker runs with NumPy alone")


def test_nothing_one_function_does_changes_another_verdict(tmp_path):
    found = check_file(tmp_path, """\
        import numpy as np
        def output_delta(A_out, Y):
            np.exp = lambda z: 0 * z   # breaks NumPy for the rest of this process
            A_out *= 2                 # and its own argument, in place
            return A_out - Y
        def grad_W_out(A_h, delta_out):
            return A_h.T @ delta_out
        def hidden_delta(delta_out, W_out, A_h):
            return (delta_out @ W_out.T) * A_h * (1 - A_h)
        """)
    assert found["output_delta"].status == "wrong"
    assert found["grad_W_out"].status == found["hidden_delta"].status == "right"


def test_the_json_is_exercism_s_results_version_3(tmp_path):
    path = tmp_path / "mine.py"
    path.write_text("def output_delta(A_out, Y): return A_out - Y\n"
                    "def grad_W_out(A_h, delta_out): return delta_out.T @ A_h\n", encoding="utf-8")
    out = tmp_path / "results.json"
    assert cb.main([str(path), "--json", str(out)]) == 0
    results = json.loads(out.read_text(encoding="utf-8"))
    assert results["version"] == 3 and results["status"] == "fail"
    assert [(test["name"], test["status"]) for test in results["tests"]] == [("output_delta", "pass"),
                                                                             ("grad_W_out", "fail")]
    assert results["tests"][1]["message"].startswith("the gradient transposed")
    broken = tmp_path / "broken.py"
    broken.write_text("def (", encoding="utf-8")
    assert cb.exercism(cb.check_file(broken))["status"] == "error"


def test_the_finite_differences_are_the_sites_method_and_agree_with_its_formulas():
    for v in cb.battery().values():
        for quantity in cb.FINITE:
            assert cb.agrees_with_finite_differences(cb.QUANTITIES[quantity].reference(v), cb.FINITE[quantity](v))


def test_the_battery_has_the_shapes_the_issue_asks_for():
    shapes = [tuple(v["X"].shape) + (v["W_h"].shape[1], v["Y"].shape[1]) for v in cb.battery().values()]
    assert any(n == 1 for n, *_ in shapes)
    assert all(len({n, m, d, t}) == 4 and min(m, d, t) >= 2 for n, m, d, t in shapes if n > 1)
    saturated = cb.battery()["4 examples, 3-2-5, saturated"]
    assert np.min(cb.sigma_prime(saturated["A_out"])) < 1e-4  # σ′ nearly 0 at some outputs


def test_a_mistake_in_the_sites_reference_could_not_pass_a_readers(monkeypatch):
    doubled = cb.QUANTITIES["grad_W_out"]._replace(reference=lambda v: 2 * v["A_h"].T @ v["delta_out"])
    monkeypatch.setitem(cb.QUANTITIES, "grad_W_out", doubled)
    found = verdicts("def grad_W_out(A_h, delta_out): return 2 * A_h.T @ delta_out")["grad_W_out"]
    assert found.status == "error" and "a mistake in the site" in found.message


def test_float32_code_is_right_to_float32_precision():
    code = """
        import numpy as np
        def grad_W_out(A_h, delta_out):
            return A_h.astype(np.float32).T @ delta_out.astype(np.float32)
        """
    assert statuses(code) == {"grad_W_out": "right"}


def test_an_argument_changed_in_place_is_said():
    code = """
        def hidden_delta(delta_out, W_out, A_h):
            A_h *= 1 - A_h
            return (delta_out @ W_out.T) * A_h
        """
    found = verdicts(code)["hidden_delta"]
    assert found.status == "right" and "changes its argument A_h in place" in found.message


def test_a_backward_pass_returning_its_gradients_in_the_other_order_is_told_so():
    code = backprop_code("").replace('return {"W_h": X.T @ delta_h, "W_out": A_h.T @ delta_out}',
                                     "return A_h.T @ delta_out, X.T @ delta_h")
    found = verdicts(code)["backprop: W_h"]
    assert "are the two swapped? The order is (W_h, W_out)" in found.message


def test_a_bias_gradient_summed_over_the_wrong_axis_is_named_with_or_without_keepdims():
    for code in ("def grad_b(delta): return delta.sum(axis=1)", "def grad_b(delta): return delta.sum(axis=1, keepdims=True)"):
        assert named(verdicts(code)["grad_b"]) == "summed over the wrong axis"


def test_what_the_readers_code_prints_is_shown_and_clipped_in_the_json(tmp_path):
    path = tmp_path / "mine.py"
    path.write_text("def output_delta(A_out, Y):\n    print('x' * 300)\n    return A_out - Y\n", encoding="utf-8")
    found = cb.check_file(path)
    assert "your code printed 4 lines, the first three:" in cb.report(found)
    [test] = cb.exercism(found, tmp_path)["tests"]
    assert len(test["output"]) == cb.OUTPUT_LIMIT and test["output"].endswith("[cut at 500 characters]")
    path.write_text("def grad_W_out(A_h, delta_out):\n    raise ValueError('no')\n", encoding="utf-8")
    [test] = cb.exercism(cb.check_file(path), tmp_path)["tests"]
    assert f"<solution-dir>{os.sep}mine.py" in test["message"] and str(tmp_path) not in test["message"]


def test_the_checker_names_mistakes_from_the_sites_one_list():
    listed = {value for name, value in vars(mistakes).items() if name.isupper()}
    singles = {m.name for m in cb.MISTAKES if ", and " not in m.name}
    assert singles <= listed and len(singles) >= 23
    assert set(cb.FACTOR_NAMES.values()) | {mistakes.FACTOR_TWICE} <= listed
    assert {m.name for m in cb.MISTAKES} - singles == {
        f"{a}, and {b}" for a in (mistakes.SIGMA_KEPT, mistakes.SIGN, mistakes.LOGITS)
        for b in (mistakes.SIGMA_DROPPED_HIDDEN, mistakes.SIGMA_OF_Z, mistakes.SIGMA_OF_A)}


def test_the_softmax_row_is_one_example_for_the_loss_s_factor():
    per_entry = "def delta_through_jacobian(a, y): return (a - y) / a.shape[1]"
    assert statuses(per_entry, loss="mean-all") == {"delta_through_jacobian": "right"}
    assert named(verdicts(per_entry)["delta_through_jacobian"]) == "the mean over all n·t entries"
    assert statuses("def delta_through_jacobian(a, y): return a - y", loss="mean") == {"delta_through_jacobian": "right"}


@pytest.mark.parametrize("hidden", cb.HIDDEN)
@pytest.mark.parametrize("quantity", cb.KNOWN)
def test_on_the_battery_no_mistake_looks_right_or_like_another(quantity, hidden):
    """What makes a named mistake trustworthy: on the four networks, each mistake's result
    differs from the right one and from every other mistake's (a degenerate battery, all
    weights 0 say, would make some coincide), with each kind of hidden unit."""
    networks = cb.battery(hidden)
    outcomes = cb.candidates(quantity, "sum", networks, biases=False)
    right = {n: cb.scaled_outcomes(quantity, v, cb.reference_of(quantity), cb.CONVENTIONS["sum"], False)
             for n, v in networks.items()}
    outcomes.append(("right", "", "", right))

    def same(a, b):
        return all(all(cb.matches({**a[n][part], "eps": cb.EPS64} if "value" in a[n][part] else a[n][part],
                                  b[n].get(part, b[n].get("")))
                       for part in a[n]) for n in networks)

    for i, (name_a, _, _, a) in enumerate(outcomes):
        for name_b, _, _, b in outcomes[i + 1:]:
            assert not same(a, b), f"{quantity}: {name_a} and {name_b} give the same results"


# A backprop that takes lam: the regularisation page's J + (λ/2)(‖W_h‖² + ‖W_out‖²).
REGULARISED = """
import numpy as np
def sigmoid(z): return 1 / (1 + np.exp(-z))
def backprop(X, Y, W_h, W_out, b_h, b_out, lam):
    n = X.shape[0]
    A_h = sigmoid(X @ W_h + b_h)
    delta_out = (sigmoid(A_h @ W_out + b_out) - Y) {scale}
    delta_h = (delta_out @ W_out.T) * A_h * (1 - A_h)
    return {{"W_h": X.T @ delta_h + {W_h}, "b_h": delta_h.sum(axis=0) + {b_h},
            "W_out": A_h.T @ delta_out + {W_out}, "b_out": delta_out.sum(axis=0)}}
"""
PENALTIES = {"W_h": "lam * W_h", "W_out": "lam * W_out", "b_h": "0", "scale": ""}


def regularised(loss="sum", **slots):
    return statuses(REGULARISED.format(**{**PENALTIES, **slots}), loss=loss)


def test_a_regularised_backprop_gets_lam_and_is_right_with_the_weights_penalised_only():
    assert set(regularised().values()) == {"right"}
    assert set(regularised(loss="mean", scale="/ n").values()) == {"right"}
    # Under a mean, the penalty may be divided too (Nielsen's (λ/2n)‖W‖²): a choice, not a mistake.
    divided = verdicts(REGULARISED.format(**{**PENALTIES, "scale": "/ n", "W_h": "lam * W_h / n",
                                             "W_out": "lam * W_out / n"}), loss="mean")
    assert {v.status for v in divided.values()} == {"right"}
    assert "with the penalty divided as the loss is" in divided["backprop: W_out"].message
    keyword_only = BACKPROP.format(**RIGHT_SLOTS).replace(
        "def backprop(X, Y, W_h, W_out):", "def backprop(X, Y, W_h, W_out, *, lam):").replace(
        'X.T @ delta_h, "W_out": A_h.T @ delta_out', 'X.T @ delta_h + lam * W_h, "W_out": A_h.T @ delta_out + lam * W_out')
    assert set(statuses(keyword_only).values()) == {"right"}


@pytest.mark.parametrize("name, slots, loss, parts", [
    (REGULARISED_BIASES, {"b_h": "lam * b_h.ravel()"}, "sum", {"backprop: b_h"}),
    (HALF_PENALTY, {"W_out": "2 * lam * W_out"}, "sum", {"backprop: W_out"}),
    (HALF_LAMBDA, {"W_h": "lam / 2 * W_h"}, "sum", {"backprop: W_h"}),
    (PENALTY_FORGOTTEN, {"W_h": "0", "W_out": "0"}, "sum", {"backprop: W_h", "backprop: W_out"}),
    (PENALTY_DIVIDED, {"W_out": "lam * W_out / n"}, "sum", {"backprop: W_out"}),
    (HALF_PENALTY, {"W_out": "2 * lam * W_out", "scale": "/ n"}, "mean", {"backprop: W_out"}),
])
def test_every_penalty_mistake_is_named_in_the_part_it_is_made(name, slots, loss, parts):
    found = verdicts(REGULARISED.format(**{**PENALTIES, **slots}), loss=loss)
    assert {quantity for quantity, v in found.items() if v.status != "right"} == parts
    for part in parts:
        assert named(found[part]) == name
        assert "regularisation.md#" in found[part].anchor


def test_a_regularised_backprop_against_finite_differences_without_the_sites_formula(tmp_path):
    """With the reference's penalty broken, a right backprop is a site bug, not the reader's."""
    right = REGULARISED.format(**PENALTIES)
    original = cb.penalty_gradient
    try:
        cb.penalty_gradient = lambda v, part: 2 * original(v, part)
        found = verdicts(right)
    finally:
        cb.penalty_gradient = original
    assert found["backprop: W_out"].status == "error" and "a mistake in the site" in found["backprop: W_out"].message


def test_keras_users_need_no_option_and_may_say_keras(tmp_path, capsys):
    path = tmp_path / "mine.py"
    path.write_text(VECTORISED, encoding="utf-8")
    cb.main([str(path), "--layout", "keras"])
    keras = capsys.readouterr().out
    cb.main([str(path)])
    assert keras == capsys.readouterr().out and "WRONG" not in keras and "ERROR" not in keras


# ------------------------------------------------------------------ what the battery must be to tell mistakes apart

def test_only_the_saturated_network_saturates_and_no_activation_rounds_to_0_or_1():
    """A σ′ mistake shows where σ is curved: on three networks every activation, with the
    biases too, lies between 0.01 and 0.99. The saturated one has outputs within 1e-3 of 0
    or 1 (σ′ < 1e-3), yet none is rounded to exactly 0 or 1, where σ′ would vanish."""
    for name, v in cb.battery().items():
        for values in (v, cb.with_biases_values(v)):
            A = np.concatenate([values["A_h"].ravel(), values["A_out"].ravel()])
            assert np.all((0 < A) & (A < 1)), name
            if "saturated" in name:
                assert np.min(cb.sigma_prime(values["A_out"])) < 1e-3, name
            else:
                assert np.all((0.01 < A) & (A < 0.99)), name


def test_on_every_network_the_units_differ_and_the_targets_hold_both_classes():
    """Two hidden units (or two outputs) with the same values could not tell one unit's
    gradient from another's; targets all 1 could not tell a − y from a − 1."""
    for name, v in cb.battery().items():
        for A in (v["A_h"], v["A_out"]):
            columns = A.T
            gaps = [np.max(np.abs(a - b)) for i, a in enumerate(columns) for b in columns[i + 1:]]
            assert min(gaps) > 1e-3, name
        if len(v["Y"]) > 1:
            assert set(np.unique(v["Y"])) == {0.0, 1.0}, name


# ------------------------------------------------------------------ what a backprop may return

RETURNED = BACKPROP.format(**RIGHT_SLOTS).replace(
    'return {"W_h": X.T @ delta_h, "W_out": A_h.T @ delta_out}', "G_h, G_out = X.T @ delta_h, A_h.T @ delta_out\n    {}")
BIASED = VECTORISED.replace(
    'return {"W_h": X.T @ d_h, "b_h": d_h.sum(axis=0), "W_out": A_h.T @ d_out, "b_out": d_out.sum(axis=0)}',
    "return X.T @ d_h, d_h.sum(axis=0), A_h.T @ d_out, d_out.sum(axis=0)")


@pytest.mark.parametrize("returned", [
    'return {"grad_W_h": G_h, "dJ_dW_out": G_out}',
    "return types.SimpleNamespace(dW_h=G_h, dW_out=G_out)",
    "return collections.namedtuple('Gradients', 'W_h W_out')(G_h, G_out)",
    "return [G_h, G_out]",
], ids=["dict, other spellings", "attributes", "namedtuple", "list"])
def test_a_backprop_may_return_its_gradients_in_any_of_the_forms_the_docstring_lists(returned):
    code = "import types, collections\n" + RETURNED.format(returned)
    assert {name: v.message for name, v in verdicts(code).items()} == {
        "backprop: W_h": "right on all 4 networks, and finite differences agree",
        "backprop: W_out": "right on all 4 networks, and finite differences agree"}


def test_a_backprop_with_biases_may_return_the_four_as_a_tuple():
    assert {v.message for v in verdicts(BIASED).values() if v.quantity.startswith("backprop")} == {
        "right on all 4 networks, and finite differences agree"}
    assert {name for name in verdicts(BIASED) if name.startswith("backprop")} == {
        "backprop: W_h", "backprop: b_h", "backprop: W_out", "backprop: b_out"}


NAME_THEM = ": name them W_h, dW_h, grad_W_h, dJ_dW_h (and the same for W_out, b_h, b_out)"


@pytest.mark.parametrize("returned, sentence", [
    ("return G_h, G_h.sum(axis=0), G_out", "returns a tuple of 3: return (W_h, W_out) or (W_h, b_h, W_out, b_out)"),
    ('return {"W_h": G_h, "b_h": G_h.sum(axis=0)}', "returns no W_h or no W_out among ['W_h', 'b_h']" + NAME_THEM),
    ("return types.SimpleNamespace(W_h=G_h, _cache=G_out)", "returns no W_h or no W_out among ['W_h']" + NAME_THEM),
    ("return collections.namedtuple('Gradients', 'W_h b_h')(G_h, G_h.sum(axis=0))",
     "returns no W_h or no W_out among ['W_h', 'b_h']" + NAME_THEM),
    ('return {"W_out": G_out, 3: G_h}', "returns no W_h or no W_out among ['3', 'W_out']" + NAME_THEM),
    ("return G_h", "returns no W_h or no W_out among ['ndarray']" + NAME_THEM),
], ids=["3-tuple", "dict without W_out", "attributes without W_out", "namedtuple without W_out",
        "dict without W_h", "one array"])
def test_a_backprop_returning_something_else_is_told_what_to_return(returned, sentence):
    code = "import types, collections\n" + RETURNED.format(returned)
    found = verdicts(code)
    assert {v.status for v in found.values()} == {"error"}
    assert {v.message for v in found.values()} == {f"{sentence} on the network '5 examples, 4-3-2'"}


def test_a_deep_traceback_keeps_the_readers_last_three_frames():
    code = """
        def grad_W_out(A_h, delta_out): return first(A_h, delta_out)
        def first(A, d): return second(A, d)
        def second(A, d): return third(A, d)
        def third(A, d): raise RuntimeError("not written yet")
        """
    found = verdicts(code)["grad_W_out"]
    frames = [line.split(", in ")[1] for line in found.message.splitlines() if ", in " in line]
    assert frames == ["first", "second", "third"]


class Unreadable:
    """A callable whose signature Python cannot read (as some compiled functions)."""
    __name__ = "backprop"
    __signature__ = "not a signature"

    def __call__(self, X, Y, W_h, W_out):
        return functions(BACKPROP.format(**RIGHT_SLOTS))["backprop"](X, Y, W_h, W_out)


def test_a_backprop_whose_signature_cannot_be_read_gets_the_four_arguments():
    found = cb.judge_functions([Unreadable()])
    assert [(v.quantity, v.status) for v in found] == [("backprop: W_h", "right"), ("backprop: W_out", "right")]


def test_options_named_b_are_not_taken_for_the_biases():
    for options in ("rate=0.1, batch=None", "bias_correction=True, rate=0.1"):
        code = BACKPROP.format(**RIGHT_SLOTS).replace("def backprop(X, Y, W_h, W_out):",
                                                      f"def backprop(X, Y, W_h, W_out, {options}):")
        assert set(statuses(code).values()) == {"right"}, options


def test_a_file_that_fails_as_it_is_imported_is_told_where(tmp_path):
    found = check_file(tmp_path, "import numpy as np\nreturn np\ndef output_delta(A_out, Y): return A_out - Y\n")
    assert found["output_delta"].message == "your file does not parse: line 2: 'return' outside function"
    found = check_file(tmp_path, "import numpy as np\nscale = 1 / 0\ndef output_delta(A_out, Y): return A_out - Y\n")
    assert found["output_delta"].message == ("importing your file raised ZeroDivisionError: division by zero "
                                             "(line 2)")


def test_code_that_ends_the_python_process_is_told_its_last_words(tmp_path):
    found = check_file(tmp_path, """\
        import sys
        def output_delta(A_out, Y):
            print("first", file=sys.stderr)
            print("second", file=sys.stderr)
            sys.exit("giving up")
        def grad_W_out(A_h, delta_out):
            import os
            os._exit(3)
        """)
    assert found["output_delta"].message == "stopped the Python process (giving up)"
    assert found["grad_W_out"].message == "stopped the Python process (no message)"


@pytest.mark.parametrize("code, loss, status", [
    ("return A_h.T @ delta_out * (1 + 5e-7)", "sum", "right"),
    ("return A_h.T @ delta_out * (1 + 1.5e-6)", "sum", "wrong"),
    # Gradients below 1 are held to the same relative precision.
    ("return A_h.T @ delta_out / delta_out.size * (1 + 1.5e-6)", "mean-all", "wrong"),
    # float32 rounds more: a thousand of its rounding units, 1.2e-4, is allowed, not 1.8e-4.
    ("return A_h.astype(np.float32).T @ delta_out.astype(np.float32) * np.float32(1 + 1.8e-4)", "sum", "wrong"),
], ids=["float64 5e-7", "float64 1.5e-6", "mean-all 1.5e-6", "float32 1.8e-4"])
def test_the_precision_asked_is_1e_6_relative_or_a_thousand_rounding_units(code, loss, status):
    found = verdicts(f"import numpy as np\ndef grad_W_out(A_h, delta_out):\n    {code}\n", loss=loss)["grad_W_out"]
    assert found.status == status, found
    if status == "wrong":
        assert found.message.startswith("matches no mistake this checker knows; finite differences disagree")


@pytest.mark.parametrize("below, message", [
    (1e-9, "right on all 4 networks, and finite differences agree"),
    (1e-6, "agrees with finite differences, though not with the site's result to the last digits"),
])
def test_a_saturated_units_sigma_prime_rounded_to_0_is_right_only_where_it_is_a_billionth(below, message):
    """On the saturated network σ′ reaches 3e-10: δ⁽ʰ⁾'s smallest entry is a billionth of its
    largest, which any float64 computation may round away; entries of 1e-7 it may not."""
    code = f"""
        def hidden_delta(delta_out, W_out, A_h):
            slope = A_h * (1 - A_h)
            slope[slope < {below}] = 0
            return (delta_out @ W_out.T) * slope
        """
    found = verdicts(code)["hidden_delta"]
    assert found.status == "right" and found.message == message


def test_close_allows_an_entry_near_0_a_thousandth_of_the_tolerance_times_the_largest():
    want = np.array([[2.0, 0.0]])
    assert cb.close(np.array([[2.0, 1e-9]]), want)            # 0.5e-9 of the largest: rounding
    assert not cb.close(np.array([[2.0, 3e-9]]), want)        # 1.5e-9 of it: not the site's result
    assert cb.close(np.zeros((2, 3)), np.zeros((2, 3))) and not cb.close(np.zeros((2, 3)), np.zeros((3, 2)))


def test_zero_agrees_with_finite_differences_of_zero():
    assert cb.agrees_with_finite_differences(np.zeros((2, 3)), np.zeros((2, 3)))
    assert not cb.agrees_with_finite_differences(np.full((2, 3), 1e-12), np.zeros((2, 3)))


def test_the_penalty_s_gradient_carries_no_mean_s_factor():
    """λW is the gradient of (λ/2)‖W‖², whatever J's convention: under --loss mean its
    mistakes are named as under the sum."""
    assert statuses("def l2_gradient(lam, W): return lam * W", loss="mean") == {"l2_gradient": "right"}
    doubled = verdicts("def l2_gradient(lam, W): return 2 * lam * W", loss="mean")["l2_gradient"]
    assert named(doubled) == HALF_PENALTY


def test_the_worst_entry_is_the_one_the_code_got_wrong_with_both_values():
    code = """
        def grad_W_out(A_h, delta_out):
            G = A_h.T @ delta_out
            G[0, 1] += 0.2
            return G
        """
    message = verdicts(code)["grad_W_out"].message
    worst = message.split("worst entry ")[1]
    assert worst.startswith("(0, 1) (NumPy's index, from 0): expected ")
    expected, got = (float(word) for word in
                     worst.removeprefix("(0, 1) (NumPy's index, from 0): expected ").split(", got "))
    assert got - expected == pytest.approx(0.2, rel=1e-4)


@pytest.mark.parametrize("code, message", [
    ("def grad_b(delta): return 2 * delta",
     "returns shape (5, 2) on the network '5 examples, 4-3-2'; expected (1, 2), a 1 × k row (or k entries)"),
    (BACKPROP.format(**RIGHT_SLOTS).replace('"W_h": X.T @ delta_h', '"W_h": delta_h.T @ X'),
     "returns shape (3, 4) on the network '5 examples, 4-3-2'; expected (4, 3), the shape of W_h (m × d)"),
], ids=["grad_b", "backprop: W_h"])
def test_a_result_of_the_wrong_shape_no_mistake_explains_is_told_the_shape_expected(code, message):
    found = [v for v in verdicts("import numpy as np\n" + textwrap.dedent(code)).values() if v.status != "right"]
    assert [(v.status, v.message) for v in found] == [("wrong", message)]


def test_a_backprop_that_takes_the_biases_but_returns_no_gradient_for_them_is_told_so():
    code = VECTORISED.replace('"b_h": d_h.sum(axis=0), ', "").replace(', "b_out": d_out.sum(axis=0)', "")
    found = {name: v for name, v in verdicts(code).items() if name.startswith("backprop")}
    assert {name: v.status for name, v in found.items()} == {
        "backprop: W_h": "right", "backprop: b_h": "error", "backprop: W_out": "right", "backprop: b_out": "error"}
    assert found["backprop: b_h"].message == "returns no b_h on the network '5 examples, 4-3-2'"


def test_a_file_s_backprop_with_lam_or_too_many_arguments(tmp_path):
    # backprop(X, Y, W_h, W_out, b_h, b_out, lam): seven parameters, none with a default
    assert {v.status for v in check_file(tmp_path, REGULARISED.format(**PENALTIES)).values()} == {"right"}
    found = check_file(tmp_path, "def backprop(X, Y, W_h, W_out, b_h, b_out, rate): pass\n")["backprop"]
    assert found.message == ("the checker calls backprop(X, Y, W_h, W_out[, b_h, b_out][, lam]) (the biases come "
                             "5th and 6th, named b...; λ is passed as lam=); yours takes 7 required arguments: "
                             "give the others defaults")


def test_a_file_that_is_not_utf8_text(tmp_path):
    path = tmp_path / "mine.py"
    path.write_bytes("def output_delta(A_out, Y): return A_out - Y  # é\n".encode("latin-1"))
    assert [tuple(v[:3]) for v in cb.check_file(path)] == [("file", "error", "your file is not UTF-8 text")]


def test_the_checker_runs_where_python_cannot_count_the_cpus(tmp_path, monkeypatch):
    monkeypatch.setattr(cb.os, "cpu_count", lambda: None)
    found = check_file(tmp_path, "def output_delta(A_out, Y): return A_out - Y\n")
    assert found["output_delta"].status == "right"


def test_a_function_the_checker_does_not_know_is_named_as_python_shows_it():
    import functools

    def helper(A_h, delta_out):
        return A_h.T @ delta_out

    unnamed = functools.partial(helper)
    found = cb.judge_functions([lambda A_h, delta_out: A_h.T @ delta_out, unnamed])
    assert [v.quantity for v in found] == ["<lambda>", repr(unnamed)]
    assert {v.message for v in found} == {"not one of the functions the checker knows: " + ", ".join(cb.KNOWN)}


def test_the_json_without_a_folder_keeps_every_message_as_it_is():
    found = cb.judge_functions(list(functions("def grad_W_out(A_h, delta_out): A_h.T @ delta_out").values()))
    [test] = cb.exercism(found)["tests"]
    assert test["message"] == "returns None: is a `return` missing? on the network '5 examples, 4-3-2'"


def test_a_backprop_that_takes_the_biases_but_leaves_them_out_of_its_forward_pass_is_wrong():
    code = VECTORISED.replace("X @ W_h + b_h", "X @ W_h").replace("A_h @ W_out + b_out", "A_h @ W_out")
    found = {name: v.status for name, v in verdicts(code).items() if name.startswith("backprop")}
    assert found == {"backprop: W_h": "wrong", "backprop: b_h": "wrong", "backprop: W_out": "wrong",
                     "backprop: b_out": "wrong"}



@pytest.mark.parametrize("hidden", ["tanh", "relu"])
def test_tanh_and_relu_hidden_units_are_right_with_their_own_derivative(hidden, tmp_path, capsys):
    code = backprop_code("", hidden) + "\ndef hidden_delta(delta_out, W_out, A_h): return " + UNITS[hidden][1] + "\n"
    assert set(statuses(code, hidden=hidden).values()) == {"right"}
    assert named(verdicts(code)["hidden_delta"]) != "", "the site's σ′ battery calls tanh's δ⁽ʰ⁾ right"
    path = tmp_path / "mine.py"
    path.write_text(code, encoding="utf-8")
    cb.main([str(path), "--hidden", hidden])
    assert "WRONG" not in capsys.readouterr().out


def test_a_right_result_the_sites_code_disagrees_with_is_reported_as_the_sites_mistake(monkeypatch):
    """A reference bug (tanh′ taken as 1 − a) must not pass silently, nor blame the reader."""
    monkeypatch.setitem(cb.HIDDEN, "tanh", (np.tanh, lambda A: 1 - A))
    found = verdicts("def hidden_delta(delta_out, W_out, A_h): return (delta_out @ W_out.T) * (1 - A_h ** 2)",
                     hidden="tanh")["hidden_delta"]
    assert found.status == "error" and "a mistake in the site" in found.message


def test_the_json_of_right_code_passes_with_no_message_and_no_output():
    found = cb.judge_functions(list(functions(VECTORISED).values()))
    results = cb.exercism(found)
    assert results["version"] == 3 and results["status"] == "pass"
    assert {(test["status"], test["message"], test["output"]) for test in results["tests"]} == {("pass", None, None)}


def test_the_json_of_a_file_the_checker_cannot_read_is_one_error(tmp_path):
    assert cb.exercism(cb.check_file(tmp_path / "nowhere.py"), tmp_path) == {
        "version": 3, "status": "error", "message": f"no file {Path('<solution-dir>', 'nowhere.py')}", "tests": []}


def test_an_output_of_exactly_the_limit_is_kept_whole():
    assert cb.clipped("x" * cb.OUTPUT_LIMIT) == "x" * cb.OUTPUT_LIMIT
    assert cb.clipped("x" * (cb.OUTPUT_LIMIT + 1)).endswith("[cut at 500 characters]")


def test_the_command_says_what_it_does_and_takes_the_pytorch_layout(tmp_path, capsys):
    with pytest.raises(SystemExit):
        cb.main(["--help"])
    assert "Check your own backprop: your functions run on the site's networks, your mistake named." in \
        " ".join(capsys.readouterr().out.split())
    path = tmp_path / "mine.py"
    path.write_text(PYTORCH, encoding="utf-8")
    assert cb.main([str(path), "--layout", "pytorch"]) == 0
    printed = capsys.readouterr().out
    assert "WRONG" not in printed and "ERROR" not in printed and printed.count(": right:") == 6


@pytest.mark.parametrize("hidden", ["tanh", "relu"])
def test_a_delta_out_mistake_with_a_delta_h_one_is_named_whatever_the_units(hidden):
    """The pairs hold for tanh and ReLU units too, but for σ′ forgotten: with those units the
    sentence is f′ forgotten, which no pair names."""
    paired = f"{SIGMA_KEPT}, and {SIGMA_OF_A}"
    assert named(verdicts(backprop_code(paired, hidden), hidden=hidden)["backprop: W_h"]) == paired
    forgotten = verdicts(backprop_code(f"{SIGMA_KEPT}, and {F_PRIME_DROPPED}", hidden), hidden=hidden)
    assert "σ′ forgotten" not in forgotten["backprop: W_h"].message


def test_a_product_that_cannot_broadcast_is_the_same_mistake_in_either_order():
    for product in ("A_h * delta_out", "delta_out * A_h", "np.multiply(delta_out, A_h)"):
        found = verdicts(f"import numpy as np\ndef grad_W_out(A_h, delta_out): return {product}")
        assert named(found["grad_W_out"]) == ELEMENTWISE, product
