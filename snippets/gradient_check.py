"""Check an analytic gradient against central finite differences.

    python gradient_check.py   shows the check catching a transposed gradient
                               and a forgotten σ', and choosing the step h

The site's tests and worked examples use these functions; they work for any
scalar function of a weight matrix, not only for this site's network.
"""

import sys

# --8<-- [start:imports]
import re
import textwrap
from typing import NamedTuple

import numpy as np
# --8<-- [end:imports]

import checks
from checks import checked_by
from mlp import forward, grad_W_h, grad_W_out, hidden_delta, objective, output_delta


# --8<-- [start:numerical_gradient]
def numerical_gradient(f, W, h=1e-6):
    """Central differences (f(W + hE) - f(W - hE)) / 2h, one entry E at a time.

    Parameters
    ----------
    f : callable, (r, c) ndarray -> float
    W : (r, c) ndarray
        The point at which to differentiate; it is not modified.
    h : float
        Step; 1e-6 keeps truncation error (~h²) and rounding (~1e-16/h)
        both far below the check's tolerance. It is not where the two
        balance, which lies higher: the gradient check page's sweep of h
        prints where.

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


def comparable(analytic, numeric, tiny):
    """The check of both errors: the gradient check's own refusal, same_shape
    (in the check section below, which the page shows), defined once, then
    finite numbers (checks.gradients: a NaN would make the error NaN). tiny
    passes through: checked_by fills in the error's own default."""
    return *checks.gradients(*same_shape(analytic, numeric)), tiny


@checked_by(comparable)
# --8<-- [start:relative_error]
def relative_error(analytic, numeric, tiny=1e-12):
    """‖a - b‖ / max(‖a‖, ‖b‖, tiny), Frobenius norms: one number per matrix.

    The shapes must match: a difference in shape is the sign of a wrong
    gradient (a transpose, say), not a small error. The site's own copy
    refuses it with a ValueError; that check sits above this excerpt, so a
    pasted copy does not make it.
    """
    scale = max(np.linalg.norm(analytic), np.linalg.norm(numeric), tiny)
    return float(np.linalg.norm(analytic - numeric) / scale)
# --8<-- [end:relative_error]


@checked_by(comparable)
# --8<-- [start:worst_entry]
def worst_entry_error(analytic, numeric, tiny=1e-12):
    """The largest |a - b| / max(|a|, |b|, tiny), taken entry by entry."""
    scale = np.maximum(np.maximum(np.abs(analytic), np.abs(numeric)), tiny)
    return float(np.max(np.abs(analytic - numeric) / scale))
# --8<-- [end:worst_entry]


# --8<-- [start:floor]
TOLERANCE = 1e-7  # an entry's relative error, at most, for a correct gradient
STEP = 1e-6       # the advised step h, in float64
ROUNDING = 4      # c in the floor c ε max(|J|, 1) / h: twice the worst seen


def rounding_floor(J, h):
    """Absolute rounding noise of one central difference of a function worth J.

    f(W ± h E) each carry a rounding error of a few ε |J|; their difference is
    divided by 2h. The 1 keeps the floor where J is near 0 but its terms are
    not.
    """
    return ROUNDING * np.finfo(np.float64).eps * max(abs(J), 1.0) / h
# --8<-- [end:floor]


# --8<-- [start:check]
def same_shape(analytic, numeric):
    """Both as arrays, or ValueError if their shapes differ (a transpose)."""
    analytic, numeric = np.asarray(analytic), np.asarray(numeric)
    if analytic.shape != numeric.shape:
        raise ValueError(
            f"analytic gradient has shape {analytic.shape} but the numerical "
            f"one has shape {numeric.shape}"
        )
    return analytic, numeric


class Check(NamedTuple):
    """One gradient check, labelled: which number comes from what."""

    frobenius: float    # relative_error of the whole matrices, no floor
    worst_entry: float  # the worst entry's error, floored: check_gradient's
    absolute: int       # entries below floor / TOLERANCE: compared absolutely
    entries: int        # all entries
    floor: float        # rounding noise of one central difference at this h


def check(f, analytic, W, h=STEP):
    """Compare `analytic`, a claimed gradient of f at W, with central
    differences.

    Each entry counts relatively, |a - b| / max(|a|, |b|), unless both are
    below floor / TOLERANCE, where central differences cannot resolve the
    tolerance: such an entry is compared absolutely, |a - b| against the floor.
    Raises ValueError if the shapes differ (a transposed gradient is wrong, not
    slightly off), or if a step below STEP hides every entry under the floor.
    """
    analytic, numeric = same_shape(analytic, numerical_gradient(f, W, h))
    floor = rounding_floor(f(W), h)
    resolvable = floor / TOLERANCE  # the smallest entry compared relatively
    scale = float(np.max(np.abs(numeric)))
    if h < STEP and scale < resolvable:
        raise ValueError(
            f"h = {h:.0e} leaves a rounding floor of {floor:.1e}: only "
            f"entries above {resolvable:.1e} can be checked to "
            f"{TOLERANCE:.0e}, and this gradient's "
            f"largest is {scale:.1e}; use h around {STEP:.0e}"
        )
    small = np.maximum(np.abs(analytic), np.abs(numeric)) < resolvable
    return Check(frobenius=relative_error(analytic, numeric),
                 worst_entry=worst_entry_error(analytic, numeric,
                                               tiny=resolvable),
                 absolute=int(np.sum(small)), entries=int(numeric.size),
                 floor=floor)


def check_gradient(f, analytic, W, h=STEP):
    """The worst entry's error of `analytic` (see check): TOLERANCE passes."""
    return check(f, analytic, W, h).worst_entry


def verdict(error):
    """Read an entry's relative error the way this site does."""
    if error <= TOLERANCE:
        return "correct (relative error below 1e-7)"
    if error < 1e-2:
        return "suspicious (relative error between 1e-7 and 1e-2)"
    return f"wrong (relative error {error:.2f})"
# --8<-- [end:check]

# check shows its own refusals (a shape, a step too small); the others, finite
# numbers and a positive h, are applied here, out of the section the page shows.
check = checked_by(checks.check)(check)


def passed(result):
    """Whether a Check passes: its worst entry within TOLERANCE, and at least
    one entry compared relatively. A check that compares every entry
    absolutely can say only "equal to within rounding": it does not pass."""
    return result.worst_entry <= TOLERANCE and result.absolute < result.entries


# --8<-- [start:report]
def step_sweep(f, analytic, W, steps):
    """(h, Frobenius error, worst entry's error): plain central differences."""
    rows = []
    for h in steps:
        numeric = numerical_gradient(f, W, h)
        rows.append((h, relative_error(analytic, numeric),
                     worst_entry_error(analytic, numeric)))
    return rows


def wrap(message, indent):
    """A long message as lines of at most 78 characters, not inside a shape."""
    # A no-break space keeps a shape such as (5, 2) on one line.
    glued = re.sub(r",\s(?=\d+\))", ",\u00a0", str(message))
    lines = textwrap.wrap(glued, 78, initial_indent=indent,
                          subsequent_indent=indent)
    return [line.replace("\u00a0", " ") for line in lines]


TOO_LARGE, ADVISED, TOO_SMALL = (1e-1, 1e-2), (1e-4, 1e-6), (1e-9, 1e-11)


def crossover(rows):
    """The step below which rounding outweighs truncation, from a sweep's rows
    (h, Frobenius, worst entry): the worst entry's error grows as h² from the
    smaller too-large step (truncation) and as 1/h from the larger too-small
    one (rounding); the two are equal at this h."""
    worst = {h: error for h, _, error in rows}
    large, small = min(TOO_LARGE), max(TOO_SMALL)
    truncation = worst[large] / large ** 2  # error ≈ truncation h²
    rounding = worst[small] * small         # error ≈ rounding / h
    return (rounding / truncation) ** (1 / 3)


def figure(error, h, crossover):
    """An error as printed, with the digits no machine changes. Below the
    crossover rounding sets it: ~ and one digit, its order of magnitude only
    (another CPU fuses other multiply-adds, and prints other digits). Above,
    truncation sets it: two digits from ten times the crossover up, where
    rounding is below a thousandth of it ((crossover / h)³), and one digit
    nearer, where rounding can still move a second digit."""
    if h < crossover:
        return f"~{error:.0e}"
    return f"{error:.1e}" if h >= 10 * crossover else f"{error:.0e}"


def report(m_d_t, square):
    """The check at work on the site's network, with right and wrong gradients.

    m_d_t and square are (X, W_h, W_out, Y) of the m-d-t page's example and of
    the 2-2-2 page's, where d = t = 2 and so a transpose has the right shape.
    """
    X, W_h, W_out, Y = m_d_t
    # --8<-- [start:demo]
    _, A_h, _, A_out = forward(X, W_h, W_out)
    delta_out = output_delta(A_out, Y)
    J_of_W_out = lambda W: objective(X, W_h, W, Y)
    J_of_W_h = lambda W: objective(X, W, W_out, Y)

    right = grad_W_out(A_h, delta_out)                        # (d, t)
    transposed = delta_out.T @ A_h               # (t, d): a classic slip
    delta_h = hidden_delta(delta_out, W_out, A_h)
    sigma_prime_forgotten = grad_W_h(X, delta_out @ W_out.T)  # no A_h(1-A_h)
    # --8<-- [end:demo]
    right_W_h = grad_W_h(X, delta_h)
    sweep = step_sweep(J_of_W_out, right, W_out,
                       TOO_LARGE + ADVISED + TOO_SMALL)
    h_star = crossover(sweep)
    lines = [f"the m-d-t page's example, X {X.shape}, W_h {W_h.shape}, "
             f"W_out {W_out.shape}:",
             "  grad_W_out = A_h.T @ delta_out:   "
             + verdict(check_gradient(J_of_W_out, right, W_out)),
             "  grad_W_h = X.T @ delta_h:         "
             + verdict(check_gradient(J_of_W_h, right_W_h, W_h))]
    try:
        check_gradient(J_of_W_out, transposed, W_out)
    except ValueError as error:
        lines += ["  transposed, delta_out.T @ A_h:   refused:",
                  *wrap(error, "    ")]
    forgotten = check_gradient(J_of_W_h, sigma_prime_forgotten, W_h)
    lines.append("  hidden layer with σ' forgotten:  " + verdict(forgotten))
    x, w_h, w_out, y = square
    _, a_h, _, a_out = forward(x, w_h, w_out)
    delta = output_delta(a_out, y)
    J_square = lambda W: objective(x, w_h, W, y)
    lines += ["the 2-2-2 page's example, "
              "where a transpose has the right shape:",
              "  transposed, delta_out.T @ a_h:   "
              + verdict(check_gradient(J_square, delta.T @ a_h, w_out)),
              "the two right gradients in detail, at h = 1e-6:",
              "  parameter  Frobenius  worst entry  compared absolutely"
              "  floor"]
    for name, J, gradient, W in (("W_out", J_of_W_out, right, W_out),
                                 ("W_h", J_of_W_h, right_W_h, W_h)):
        c = check(J, gradient, W)
        compared = f"{c.absolute} of {c.entries}"
        lines.append(f"  {name:<9} {figure(c.frobenius, STEP, h_star):>10} "
                     f"{figure(c.worst_entry, STEP, h_star):>12}  "
                     f"{compared:>19}  {c.floor:.1e}")
    lines += ["the step h, for the right grad_W_out, "
              "plain central differences:",
              "      h  Frobenius  worst entry  verdict on the worst entry"]
    for h, frobenius, worst in sweep:
        word = verdict(worst).split(" (")[0]
        lines.append(f"  {h:.0e} {figure(frobenius, h, h_star):>10} "
                     f"{figure(worst, h, h_star):>12}  {word}")
    lines.append(f"rounding outweighs truncation below h = ~{h_star:.0e}")
    for h in TOO_SMALL:
        try:
            check_gradient(J_of_W_out, right, W_out, h)
        except ValueError as error:
            lines += [f"check_gradient at h = {h:.0e} refuses:",
                      *wrap(error, "  ")]
    return "\n".join(lines)
# --8<-- [end:report]


if __name__ == "__main__":
    if hasattr(sys.stdout, "reconfigure"):  # σ and ∂ on any console (a Windows pipe is cp1252)
        sys.stdout.reconfigure(encoding="utf-8")
    from example_2_2_2 import W_h, W_out, x, y
    # --8<-- [start:square]
    # Kept before the m-d-t example takes the names W_h and W_out:
    square = (x, W_h, W_out, y)
    # --8<-- [end:square]
    from example_m_d_t import W_h, W_out, X, Y
    # --8<-- [start:printed]
    print(report((X, W_h, W_out, Y), square))
    # --8<-- [end:printed]
