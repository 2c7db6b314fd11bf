"""Worked example of the from-logits page: the loss and δ from Z, and what a rounded A loses.

    python logits.py

Run it from the snippets/ folder: it imports the site's network from mlp.py.
"""

# --8<-- [start:imports]
import numpy as np
# --8<-- [end:imports]

import checks
from checks import checked_by
from formatting import fmt_inline, utf8_stdout
from mlp import categorical_cross_entropy, sigmoid, softmax


@checked_by(checks.cross_entropy)
# --8<-- [start:softplus]
def cross_entropy_softplus(Z_out, Y):
    """J = Σ [ln(1 + e^z) - y z], the binary cross-entropy from the logits."""
    # ln(1 + e^z) = logaddexp(0, z): for z > 0 it is z + ln(1 + e^(-z)),
    # so no exponent is ever positive and nothing overflows
    return float(np.sum(np.logaddexp(0, Z_out) - Y * Z_out))
# --8<-- [end:softplus]


@checked_by(checks.cross_entropy_from_A)
# --8<-- [start:from_A]
def cross_entropy_from_A(A_out, Y):
    """The binary cross-entropy computed from the activations, not the logits.

    -Σ [y ln a + (1 - y) ln(1 - a)], summed: what a loss given probabilities
    computes (PyTorch's BCELoss, Keras's BinaryCrossentropy by default),
    before any clamping a framework adds. Where a rounded to exactly 0 or 1
    the wrong way it is infinite; 0 ln 0 counts as 0, so it is never NaN.
    """
    # ln a only where y > 0, ln(1 - a) only where y < 1: elsewhere ln 1 = 0
    with np.errstate(divide="ignore"):   # ln 0 = -inf: J = inf, as it is
        ln_a = np.log(np.where(Y > 0, A_out, 1))
        ln_one_minus_a = np.log(np.where(Y < 1, 1 - A_out, 1))
    return float(-np.sum(Y * ln_a + (1 - Y) * ln_one_minus_a))
# --8<-- [end:from_A]


@checked_by(checks.cross_entropy_from_A)
# --8<-- [start:categorical_from_A]
def categorical_from_A(A_out, Y):
    """-Σ y ln a from softmax outputs: inf where the right class's a is 0."""
    with np.errstate(divide="ignore"):   # ln 0 = -inf: J = inf, as it is
        return float(-np.sum(Y * np.log(np.where(Y > 0, A_out, 1))))
# --8<-- [end:categorical_from_A]


@checked_by(checks.sigmoid_in)
# --8<-- [start:sigmoid_in]
def sigmoid_in(dtype, Z):
    """mlp.py's σ, computed in another float type (float32, as GPUs train)."""
    Z = np.asarray(Z, dtype=dtype)
    E = np.exp(-np.abs(Z))
    return np.where(Z >= 0, 1 / (1 + E), E / (1 + E))
# --8<-- [end:sigmoid_in]


@checked_by(checks.where_sigma_rounds_to)
# --8<-- [start:threshold]
def where_sigma_rounds_to(value, dtype):
    """The z nearest 0 at which σ(z), computed in dtype, is exactly value.

    Bisection: σ never decreases, so the z that give exactly 1 (or 0) lie on
    one side of a point; halve the gap until no number of the dtype is left
    between a z that does not and one that does.
    """
    not_yet, already = dtype(0), dtype(1e4 if value == 1 else -1e4)
    while True:
        middle = dtype((not_yet + already) / 2)
        if middle in (not_yet, already):
            return float(already)
        if sigmoid_in(dtype, middle) == value:
            already = middle
        else:
            not_yet = middle
# --8<-- [end:threshold]


def report():
    """Print the tables the page shows."""
    # --8<-- [start:loss_table]
    print("one output, target y = 0, float64:")
    print(f"{'z':>6} {'1 - a':>8} {'J from z':>9} {'J from a':>9}")
    for z in (10.0, 20.0, 37.0, 800.0):
        Z, Y = np.array([[z]]), np.array([[0.0]])
        A = sigmoid(Z)
        print(f"{z:>6.1f} {1 - A[0, 0]:>8.1e} {cross_entropy_softplus(Z, Y):>9.4f}"
              f" {cross_entropy_from_A(A, Y):>9.4f}")
    # --8<-- [end:loss_table]
    # --8<-- [start:delta_table]
    print("the same output's δ, and σ':")
    print(f"{'z':>6} {'a - y':>7} {'σ(z)σ(-z)':>9} {'a(1 - a)':>9} {'chain':>7}")
    y = 0.0
    for z in (10.0, 37.0, 700.0, 800.0):
        a = float(sigmoid(z))
        sigma_prime = float(sigmoid(z) * sigmoid(-z))   # from z
        # ∂J/∂a · a(1 - a), as autodiff computes it from the J of a:
        # IEEE arithmetic gives 1/0 = inf and inf · 0 = nan
        with np.errstate(divide="ignore", invalid="ignore"):
            dJ_da = -y / np.float64(a) + (1 - y) / np.float64(1 - a)
            chain = dJ_da * (a * (1 - a))
        print(f"{z:>6.1f} {a - y:>7.4f} {sigma_prime:>9.1e} {a * (1 - a):>9.1e}"
              f" {chain:>7.4f}")
    # --8<-- [end:delta_table]
    # --8<-- [start:categorical]
    Z, Y = np.array([[0.0, 800.0]]), np.array([[1.0, 0.0]])   # class 1 is right
    A = softmax(Z)
    print("softmax, z = [0, 800], class 1:",
          f"  A     = {fmt_inline(A)}",
          f"  A - Y = {fmt_inline(A - Y)}",
          f"  J from z: {categorical_cross_entropy(Z, Y):.4f}",
          f"  J from A: {categorical_from_A(A, Y):.4f}", sep="\n")
    # --8<-- [end:categorical]
    # --8<-- [start:thresholds]
    dtypes = (np.float64, np.float32)
    print("where a = σ(z) rounds to exactly 1 or 0:")
    print(f"{'':<14}" + "".join(f"{dtype.__name__:>12}" for dtype in dtypes))
    print(f"{'a = 1, z >=':<14}"
          + "".join(f"{where_sigma_rounds_to(1, d):>12.4f}" for d in dtypes))
    bits = [np.finfo(d).nmant + 1 for d in dtypes]   # p: significant bits
    print(f"{'p ln 2':<14}" + "".join(f"{p * np.log(2):>12.4f}" for p in bits))
    print(f"{'a = 0, z <=':<14}"
          + "".join(f"{where_sigma_rounds_to(0, d):>12.4f}" for d in dtypes))
    # --8<-- [end:thresholds]


if __name__ == "__main__":
    utf8_stdout()
    report()
