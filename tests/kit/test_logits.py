"""The from-logits page: the losses from Z, their δ by central differences, the thresholds where
a rounds to 0 or 1, what the loss from a rounded A gives, the printed claims, bad input."""

import math
import re

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from support import SNIPPETS, assert_prints_recorded
from gradient_check import TOLERANCE, check_gradient
from logits import (categorical_from_A, cross_entropy_from_A, cross_entropy_softplus, sigmoid_in,
                    where_sigma_rounds_to)
from mlp import categorical_cross_entropy, cross_entropy, sigmoid, softmax

EPS = np.finfo(np.float64).eps


# --- the forms from z -------------------------------------------------------------------

def test_softplus_form_is_the_cross_entropy_symbolically():
    """-[y ln σ(z) + (1 - y) ln(1 - σ(z))] = ln(1 + e^z) - y z, and its derivative is σ(z) - y."""
    z, y = sp.symbols("z y", real=True)
    sigma = 1 / (1 + sp.exp(-z))
    loss = -(y * sp.log(sigma) + (1 - y) * sp.log(1 - sigma))
    softplus_form = sp.log(1 + sp.exp(z)) - y * z
    assert sp.simplify(sp.expand_log(loss - softplus_form, force=True)) == 0
    assert sp.simplify(sp.diff(softplus_form, z) - (sigma - y)) == 0
    # the page's step 5: softplus(z) = z + softplus(-z)
    assert sp.simplify(sp.expand_log(sp.log(1 + sp.exp(z)) - z - sp.log(1 + sp.exp(-z)), force=True)) == 0


def test_log_sum_exp_form_symbolically():
    z = sp.symbols("z1:4", real=True)
    y1, y2, c = sp.symbols("y1 y2 c", real=True)
    y = [y1, y2, 1 - y1 - y2]
    S = sum(sp.exp(v) for v in z)
    loss = -sum(t * (v - sp.log(S)) for t, v in zip(y, z))   # -Σ y ln softmax(z)
    assert sp.simplify(loss - (sp.log(S) - sum(t * v for t, v in zip(y, z)))) == 0
    shifted = c + sp.log(sum(sp.exp(v - c) for v in z))
    assert sp.simplify(sp.expand_log(sp.log(S) - shifted, force=True)) == 0


@pytest.mark.parametrize("y", [0.0, 1.0, 0.3])
def test_softplus_form_equals_mlp_cross_entropy_from_minus_1000_to_1000(y):
    Z = np.linspace(-1000, 1000, 4001).reshape(1, -1)
    Y = np.full_like(Z, y)
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # e^(-1000) may underflow, harmlessly
        ours = [cross_entropy_softplus(Z[:, [k]], Y[:, [k]]) for k in range(Z.shape[1])]
        site = [cross_entropy(Z[:, [k]], Y[:, [k]]) for k in range(Z.shape[1])]
    assert np.all(np.isfinite(ours))
    # softplus(z) - y z cancels for y = 1 and large z: agreement to a few units of |z|'s last bit
    assert np.allclose(ours, site, rtol=1e-13, atol=8 * EPS * 1000)


@settings(max_examples=40)
@given(n=st.integers(1, 5), t=st.integers(2, 5), seed=st.integers(0, 2**32 - 1),
       scale=st.floats(0.1, 4))
def test_delta_from_z_matches_central_differences(n, t, seed, scale):
    """σ(z) - y and softmax(z) - y are the gradients by Z of the losses computed from Z (logits of
    a few units: far out, every entry is below the rounding floor of central differences)."""
    rng = np.random.default_rng(seed)
    Z = rng.normal(size=(n, t)) * scale
    Y = rng.integers(0, 2, size=(n, t)).astype(float)
    assert check_gradient(lambda W: cross_entropy_softplus(W, Y), sigmoid(Z) - Y, Z) <= TOLERANCE
    Y = np.eye(t)[rng.integers(0, t, size=n)]
    assert check_gradient(lambda W: categorical_cross_entropy(W, Y), softmax(Z) - Y, Z) <= TOLERANCE


def test_a_wrong_delta_fails_the_check():
    Z, Y = np.array([[0.5, -1.0]]), np.array([[1.0, 0.0]])
    A = sigmoid(Z)
    assert check_gradient(lambda W: cross_entropy_softplus(W, Y), (A - Y) * A * (1 - A), Z) > 1e-2


# --- the loss from A ------------------------------------------------------------------

def test_the_loss_from_A_equals_the_loss_from_Z_until_a_saturates():
    rng = np.random.default_rng(4)
    Z, Y = rng.normal(size=(5, 3)) * 4, rng.integers(0, 2, size=(5, 3)).astype(float)
    assert cross_entropy_from_A(sigmoid(Z), Y) == pytest.approx(cross_entropy(Z, Y), rel=1e-9)
    Y = np.eye(3)[[0, 2, 1, 1, 0]]
    assert categorical_from_A(softmax(Z), Y) == pytest.approx(categorical_cross_entropy(Z, Y), rel=1e-9)


@pytest.mark.parametrize("a, y, expected", [(1.0, 0.0, math.inf), (0.0, 1.0, math.inf), (1.0, 1.0, 0.0),
                                            (0.0, 0.0, 0.0), (1.0, 0.3, math.inf)])
def test_the_loss_from_A_is_infinite_or_exact_at_saturation_never_nan(a, y, expected):
    with np.errstate(all="raise"):
        assert cross_entropy_from_A([[a]], [[y]]) == expected
    assert categorical_from_A([[1.0, 0.0]], [[0.0, 1.0]]) == math.inf
    assert categorical_from_A([[1.0, 0.0]], [[1.0, 0.0]]) == 0.0


# --- the thresholds ---------------------------------------------------------------------

@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.float16])
def test_the_one_threshold_is_p_ln_2_and_exact(dtype):
    """The page: a = 1 exactly from p ln 2 on (p significant bits), and one step below it not."""
    z = dtype(where_sigma_rounds_to(1, dtype))
    p = np.finfo(dtype).nmant + 1
    step = np.spacing(z)
    assert abs(float(z) - p * math.log(2)) <= 2 * abs(float(step))
    assert sigmoid_in(dtype, z) == 1 and sigmoid_in(dtype, np.nextafter(z, dtype(0))) < 1
    assert sigmoid_in(dtype, z).dtype == dtype


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_the_zero_threshold_is_where_e_to_the_z_underflows(dtype):
    z = dtype(where_sigma_rounds_to(0, dtype))
    assert sigmoid_in(dtype, z) == 0 and sigmoid_in(dtype, np.nextafter(z, dtype(0))) > 0
    # half the smallest positive (subnormal) number of the dtype
    tiny = float(np.finfo(dtype).smallest_subnormal)
    assert abs(float(z) - (math.log(tiny) - math.log(2))) <= 2 * abs(float(np.spacing(z)))


def test_float64_sigmoid_in_is_mlp_sigmoid():
    Z = np.linspace(-800, 800, 1601)
    assert np.array_equal(sigmoid_in(np.float64, Z), sigmoid(Z))


def test_exercise_float16_threshold():
    """Exercise 1: in float16 σ(z) rounds to 1 from 11 ln 2 on; the threshold measured is the
    first float16 number at or above 11 ln 2, within a float16 step of it."""
    z = where_sigma_rounds_to(1, np.float16)
    assert abs(z - 11 * math.log(2)) <= float(np.spacing(np.float16(z)))
    assert z >= 11 * math.log(2) > float(np.nextafter(np.float16(z), np.float16(0)))
    assert np.finfo(np.float16).nmant + 1 == 11


# --- the sentences that read the recorded output ----------------------------------------

def recorded():
    return (SNIPPETS / "logits.out").read_text(encoding="utf-8")


def table(title, columns):
    lines = recorded().split(title, 1)[1].splitlines()[2:]
    rows = []
    for line in lines:
        parts = line.split()
        if len(parts) != columns or not re.fullmatch(r"-?\d+\.\d", parts[0]):
            break
        rows.append([float(v) for v in parts])
    return np.array(rows)


def thresholds():
    text = recorded().split("rounds to exactly 1 or 0:", 1)[1]
    rows = {}
    for line in text.splitlines()[2:]:
        label, *values = re.split(r"\s{2,}", line.strip())
        rows[label] = [float(v) for v in values]
    return rows


def test_the_loss_table_is_what_the_page_says():
    """The page: from z the loss is z plus a little for every z; from a it agrees while 1 - a
    holds digits, and is inf from the first threshold on, where 1 - a is 0."""
    loss = table("one output, target y = 0, float64:", 4)
    z, one_minus_a, from_z, from_a = loss.T
    one = thresholds()["a = 1, z >="][0]
    assert np.all(from_z >= z) and np.all(from_z - z < 1e-4)
    below, above = z < one, z >= one
    assert below.any() and above.any()
    assert np.all(one_minus_a[below] > 0) and np.allclose(from_a[below], from_z[below])
    assert np.all(one_minus_a[above] == 0) and np.all(np.isinf(from_a[above]))


def test_the_delta_table_is_what_the_page_says():
    """The page: a - y stays finite (1) for every z; the chain rule through a is nan exactly where
    a(1 - a) is 0; σ' from z is representable until σ(-z) underflows, near where a = 0 on the
    other side."""
    deltas = table("the same output's δ, and σ':", 5)
    z, a_minus_y, from_z, from_a, chain = deltas.T
    assert np.all(a_minus_y == 1.0)
    assert np.array_equal(np.isnan(chain), from_a == 0) and np.all(chain[from_a > 0] == 1.0)
    zero = -thresholds()["a = 0, z <="][0]
    assert np.all(from_z[z < zero] > 0) and np.all(from_z[z > zero] == 0)
    assert np.any((from_a == 0) & (from_z > 0))       # representable, though a(1 - a) is 0


@pytest.mark.parametrize("y", [0.0, 1.0, 0.3])
def test_the_chain_rule_through_a_rounded_a_is_nan_whatever_the_target(y):
    """The page: from a rounded a the loss is infinite only for a target other than 1, but the
    chain rule through a, ∂J/∂a · a(1 - a) as the loss is written, is NaN whatever the target
    (for y = 1, (1 - y)/(1 - a) is 0/0)."""
    a = float(sigmoid(where_sigma_rounds_to(1, np.float64)))
    assert a == 1.0
    with np.errstate(divide="ignore", invalid="ignore"):
        dJ_da = -y / np.float64(a) + (1 - y) / np.float64(1 - a)
        assert np.isnan(dJ_da * (a * (1 - a)))
    assert (cross_entropy_from_A([[a]], [[y]]) == math.inf) == (y < 1)


def test_the_softmax_and_threshold_lines_are_what_the_page_says():
    """The page: the right class's a rounded to 0, J from A is inf while the log-sum-exp form is
    finite; the thresholds measured are p ln 2; float32's come much earlier."""
    text = recorded()
    assert re.search(r"J from z: 800\.0000\n  J from A: inf", text)
    rows = thresholds()
    assert rows["a = 1, z >="] == rows["p ln 2"]
    assert rows["a = 1, z >="][1] < rows["a = 1, z >="][0] / 2
    assert rows["a = 0, z <="][1] > rows["a = 0, z <="][0] / 5


@pytest.mark.parametrize("args, recorded_file", [((), "logits.out")])
def test_snippet_prints_exactly_its_recorded_output(args, recorded_file):
    assert_prints_recorded("logits.py", args, recorded_file)


def test_the_recorded_output_fits_a_phone():
    from recorded import hidden_on_a_phone

    assert hidden_on_a_phone(recorded()) == []


# --- bad input ------------------------------------------------------------------------

@pytest.mark.parametrize("call, message", [
    (lambda: sigmoid_in("float32", [1.0]), r"dtype must be one of np.float16, np.float32, np.float64"),
    (lambda: sigmoid_in(np.int32, [1.0]), r"dtype must be one of"),
    (lambda: sigmoid_in(np.float32, [np.nan]), r"Z of shape \(1,\) contains NaN"),
    (lambda: sigmoid_in(np.float32, [["x"]]), r"Z must be an array of real numbers"),
    (lambda: where_sigma_rounds_to(0.5, np.float64), r"value must be 1 or 0"),
    (lambda: where_sigma_rounds_to(True, np.float64), r"value must be 1 or 0"),
    (lambda: where_sigma_rounds_to(1, float), r"dtype must be one of"),
    (lambda: cross_entropy_from_A([[1.5]], [[0.0]]), r"A_out holds activations.*did you pass Z_out"),
    (lambda: cross_entropy_from_A([[0.5]], [[2.0]]), r"targets Y must lie in \[0, 1\]"),
    (lambda: cross_entropy_from_A([0.5], [[1.0]]), r"A_out must be a 2-D array"),
    (lambda: cross_entropy_from_A([[np.nan]], [[1.0]]), r"A_out of shape \(1, 1\) contains NaN"),
    (lambda: categorical_from_A([[0.5, 0.5]], [[1.0]]), r"A_out has shape \(1, 2\) but Y has shape \(1, 1\)"),
    (lambda: cross_entropy_softplus([[np.inf]], [[1.0]]), r"Z_out of shape \(1, 1\) contains NaN or inf"),
    (lambda: cross_entropy_softplus([[0.0]], [[-1.0]]), r"targets Y must lie in \[0, 1\]"),
])
def test_bad_input_raises_a_value_error_naming_it(call, message):
    with np.errstate(all="ignore"):
        with pytest.raises(ValueError, match=message):
            call()


def test_lists_and_float32_are_computed_in_float64_where_the_site_does():
    Z, Y = [[3.0, -2.0]], [[1.0, 0.0]]
    assert cross_entropy_softplus(Z, Y) == cross_entropy_softplus(np.array(Z, dtype=np.float32), Y)
    assert cross_entropy_from_A(sigmoid(Z).tolist(), Y) == cross_entropy_from_A(sigmoid(Z), Y)
    assert sigmoid_in(np.float32, Z).dtype == np.float32   # on purpose: float32 arithmetic
