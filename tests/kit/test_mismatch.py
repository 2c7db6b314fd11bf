"""The mismatched-losses page: δ for four pairs of activation and loss, against central
differences of the loss the code computes; why training still runs; its printed claims;
bad input."""

import math
import re

import numpy as np
import pytest
import sympy as sp
from hypothesis import example, given, settings
from hypothesis import strategies as st

from support import SNIPPETS, agree_at_random_points, assert_prints_recorded, random_network
from gradient_check import TOLERANCE, check_gradient
from logits import cross_entropy_from_A
from mismatch import (J_sigmoid_twice, J_softmax_binary, J_softmax_twice, J_squared,
                      back_through_sigmoid, back_through_softmax, cosine, dJ_dA_binary,
                      dJ_dA_sigmoid_twice, dJ_dA_softmax_twice, dJ_dA_squared, train)
from mlp import (categorical_cross_entropy, cross_entropy, forward, grad_W_out, output_delta,
                 sigmoid, softmax)

sizes = st.integers(min_value=1, max_value=6)

# (J of the logits, δ rule, output activation, one-hot targets needed)
PAIRS = {
    "squared": (J_squared, lambda A, Y: back_through_sigmoid(A, dJ_dA_squared(A, Y)), sigmoid),
    "sigmoid twice": (J_sigmoid_twice, lambda A, Y: back_through_sigmoid(A, dJ_dA_sigmoid_twice(A, Y)),
                      sigmoid),
    "softmax binary": (J_softmax_binary, lambda A, Y: back_through_softmax(A, dJ_dA_binary(A, Y)),
                       softmax),
    "softmax twice": (J_softmax_twice, lambda A, Y: back_through_softmax(A, dJ_dA_softmax_twice(A, Y)),
                      softmax),
}


def network(n, m, d, t, seed, output):
    """A random network with all sizes free; one-hot targets for softmax outputs."""
    X, W_h, W_out, Y = random_network(n, m, d, t, seed)
    if output is softmax:
        Y = np.eye(t)[np.random.default_rng(seed).integers(0, t, size=n)]
    return X, W_h, W_out, Y


# --- each δ is the gradient of the loss the code computes ------------------------------

@pytest.mark.parametrize("pair", PAIRS)
@settings(max_examples=25)
@given(n=sizes, m=sizes, d=sizes, t=st.integers(2, 6), seed=st.integers(0, 2**32 - 1))
@example(n=2, m=3, d=5, t=4, seed=11)   # the page: one network with all four sizes different
def test_delta_and_grad_W_out_match_central_differences(pair, n, m, d, t, seed):
    J, rule, output = PAIRS[pair]
    X, W_h, W_out, Y = network(n, m, d, t, seed, output)
    _, A_h, Z_out, A_out = forward(X, W_h, W_out, output=output)
    delta_out = rule(A_out, Y)
    assert check_gradient(lambda Z: J(Z, Y), delta_out, Z_out) <= TOLERANCE
    J_of_W_out = lambda W: J(forward(X, W_h, W, output=output).Z_out, Y)
    assert check_gradient(J_of_W_out, grad_W_out(A_h, delta_out), W_out) <= TOLERANCE


def test_a_forgotten_mismatch_fails_the_check():
    """The check can fail: A - Y, the matched δ, is not the gradient of any of the four losses."""
    X, W_h, W_out, Y = network(3, 4, 5, 3, seed=7, output=softmax)
    for J, _, output in PAIRS.values():
        _, A_h, _, A_out = forward(X, W_h, W_out, output=output)
        J_of_W_out = lambda W: J(forward(X, W_h, W, output=output).Z_out, Y)
        assert check_gradient(J_of_W_out, grad_W_out(A_h, output_delta(A_out, Y)), W_out) > 1e-2


def test_the_losses_are_what_the_frameworks_compute_given_activations():
    """σ twice is BCEWithLogitsLoss of σ(z), softmax twice CrossEntropyLoss of softmax(z),
    written out independently of mlp.py."""
    rng = np.random.default_rng(3)
    Z, Y = rng.normal(size=(4, 3)), np.eye(3)[[0, 2, 1, 1]]
    A = 1 / (1 + np.exp(-Z))
    bce_with_logits = np.sum(np.maximum(A, 0) - A * Y + np.log1p(np.exp(-np.abs(A))))
    assert J_sigmoid_twice(Z, Y) == pytest.approx(bce_with_logits, rel=1e-12)
    P = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    log_softmax_of_P = P - np.log(np.exp(P).sum(axis=1, keepdims=True))
    assert J_softmax_twice(Z, Y) == pytest.approx(-np.sum(Y * log_softmax_of_P), rel=1e-12)
    assert J_softmax_binary(Z, Y) == pytest.approx(-np.sum(Y * np.log(P) + (1 - Y) * np.log(1 - P)),
                                                   rel=1e-12)
    assert J_squared(Z, Y) == pytest.approx(0.5 * np.sum((A - Y) ** 2), rel=1e-12)


def test_the_deltas_symbolically():
    """One example, t = 3: each closed form in mismatch.py is SymPy's derivative of its loss."""
    z = sp.symbols("z1:4", real=True)
    y1, y2 = sp.symbols("y1 y2", real=True)
    y = [y1, y2, 1 - y1 - y2]                            # a distribution: softmax twice needs it
    s = lambda v: 1 / (1 + sp.exp(-v))
    soft = lambda v: [sp.exp(e) / sum(sp.exp(f) for f in v) for e in v]
    a_sig, a_soft = [s(v) for v in z], soft(z)
    symbols = [*z, y1, y2]

    losses = {
        "squared": (sum((a - t) ** 2 for a, t in zip(a_sig, y)) / 2, a_sig, dJ_dA_squared, back_through_sigmoid),
        "sigmoid twice": (-sum(t * sp.log(s(a)) + (1 - t) * sp.log(1 - s(a)) for a, t in zip(a_sig, y)),
                          a_sig, dJ_dA_sigmoid_twice, back_through_sigmoid),
        "softmax binary": (-sum(t * sp.log(a) + (1 - t) * sp.log(1 - a) for a, t in zip(a_soft, y)),
                           a_soft, dJ_dA_binary, back_through_softmax),
        "softmax twice": (-sum(t * sp.log(q) for q, t in zip(soft(a_soft), y)),
                          a_soft, dJ_dA_softmax_twice, back_through_softmax),
    }
    point = {v: sp.Rational(k - 3, 5) for k, v in enumerate(z)} | {y1: sp.Rational(1, 5), y2: sp.Rational(3, 5)}
    for name, (J, a, dJ_dA, back) in losses.items():
        exact = [sp.diff(J, v) for v in z]
        A = np.array([[float(e.subs(point)) for e in a]])
        Y = np.array([[float(t.subs(point)) for t in y]])
        code = back(A, dJ_dA(A, Y))[0]
        assert code == pytest.approx([float(e.subs(point)) for e in exact], rel=1e-12, abs=1e-15), name
    # and the sigmoid-twice δ as the page writes it, at random rational points
    z1, t = z[0], y1
    written = (s(s(z1)) - t) * s(z1) * (1 - s(z1))
    loss = -(t * sp.log(s(s(z1))) + (1 - t) * sp.log(1 - s(s(z1))))
    assert agree_at_random_points(sp.diff(loss, z1), written, symbols)


# --- why training still runs ----------------------------------------------------------

@settings(max_examples=40)
@given(n=sizes, t=st.integers(2, 6), seed=st.integers(0, 2**32 - 1), scale=st.floats(0.1, 8))
@example(n=1, t=2, seed=3, scale=4.0)   # the right class's a near 1e-8: rows cancel terms near 1e8
def test_with_targets_0_or_1_each_output_is_pushed_towards_its_target(n, t, seed, scale):
    """The page: for targets 0 or 1 the sigmoid pairs' δ has the sign of A - Y everywhere; the
    softmax pairs' rows sum to 0, the right class's entry is negative, and the binary
    cross-entropy's is a - 1 or further below."""
    rng = np.random.default_rng(seed)
    Z = rng.normal(size=(n, t)) * scale
    Y = rng.integers(0, 2, size=(n, t)).astype(float)
    A = sigmoid(Z)
    for rule in (PAIRS["squared"][1], PAIRS["sigmoid twice"][1]):
        delta = rule(A, Y)
        assert np.all(np.sign(delta) == np.sign(A - Y))
    Y = np.eye(t)[rng.integers(0, t, size=n)]
    A = softmax(Z / max(scale / 4, 1))  # no softmax output rounded to 1: the binary ∂J/∂a refuses it
    right = Y == 1
    for name, dJ_dA in (("softmax binary", dJ_dA_binary), ("softmax twice", dJ_dA_softmax_twice)):
        G = dJ_dA(A, Y)
        delta = back_through_softmax(A, G)
        # A row sums to 0 up to the rounding of the terms a ∂J/∂a it cancels, which the binary
        # ∂J/∂a = 1/(1 - a) of a wrong class near 1 makes large (δ itself stays near ±2)
        terms = np.sum(np.abs(A * G), axis=1) + np.abs(delta).sum(axis=1)
        assert np.all(np.abs(delta.sum(axis=1)) <= 64 * np.finfo(float).eps * terms), name
        assert np.all(delta[right] < 0), name
    binary = PAIRS["softmax binary"][1](A, Y)
    assert np.all(binary[right] <= A[right] - 1 + 1e-12)


def test_a_saturated_sigmoid_output_is_not_pushed_at_all():
    """The page: the sign of A - Y holds short of saturation; where a has rounded to exactly 1,
    a(1 - a) is 0 and both sigmoid pairs' δ is exactly 0, even for a target 0; one float64
    step below, δ has a's sign again."""
    from logits import where_sigma_rounds_to

    z = where_sigma_rounds_to(1, np.float64)
    Z = np.array([[z, z, np.nextafter(z, 0.0)]])
    Y = np.array([[0.0, 1.0, 0.0]])
    A = sigmoid(Z)
    assert A[0, 0] == 1 and A[0, 2] < 1
    for name in ("squared", "sigmoid twice"):
        delta = PAIRS[name][1](A, Y)
        assert delta[0, 0] == 0 and delta[0, 1] == 0, name   # wrong (target 0) or right: not pushed
        assert delta[0, 2] > 0, name


def test_a_wrong_class_can_be_pushed_up_by_both_softmax_pairs():
    """The page: a wrong class can be pushed up while a more confident wrong class is pushed down."""
    A, Y = softmax(np.array([[0.0, 3.0, 0.0]])), np.array([[1.0, 0.0, 0.0]])
    for name in ("softmax binary", "softmax twice"):
        delta = PAIRS[name][1](A, Y)
        assert delta[0, 2] < 0 < delta[0, 1], name    # class 3 up, class 2 (the confident one) down
    assert (A - Y)[0, 2] > 0                           # the matched pair pushes class 3 down


@settings(max_examples=40)
@given(n=sizes, t=st.integers(2, 6), seed=st.integers(0, 2**32 - 1), scale=st.floats(0.1, 30))
def test_the_twice_losses_never_go_below_their_floor(n, t, seed, scale):
    """The page: J at A = Y is the least the two twice losses can reach, and it is their formula."""
    rng = np.random.default_rng(seed)
    Z = rng.normal(size=(n, t)) * scale
    Y = rng.integers(0, 2, size=(n, t)).astype(float)
    ones = Y.sum()
    floor = ones * math.log(1 + math.exp(-1)) + (Y.size - ones) * math.log(2)
    assert cross_entropy(Y, Y) == pytest.approx(floor, rel=1e-12)
    assert J_sigmoid_twice(Z, Y) >= floor * (1 - 1e-12)
    Y = np.eye(t)[rng.integers(0, t, size=n)]
    floor = n * (math.log(math.e + t - 1) - 1)
    assert categorical_cross_entropy(Y, Y) == pytest.approx(floor, rel=1e-12)
    assert J_softmax_twice(Z, Y) >= floor * (1 - 1e-12)


def test_training_with_a_mismatched_delta_lowers_the_meant_loss():
    """Gradient descent runs with every δ rule and lowers the matched loss (the worked examples)."""
    import example_m_d_t as mdt

    rule = PAIRS["sigmoid twice"][1]
    W_h, W_out = train(mdt.X, mdt.W_h, mdt.W_out, mdt.Y, sigmoid, rule, 200)
    before = cross_entropy(forward(mdt.X, mdt.W_h, mdt.W_out).Z_out, mdt.Y)
    assert cross_entropy(forward(mdt.X, W_h, W_out).Z_out, mdt.Y) < before / 5
    assert train(mdt.X, mdt.W_h, mdt.W_out, mdt.Y, sigmoid, rule, 0)[1] is not None


# --- the sentences that read the recorded output ----------------------------------------

def recorded():
    return (SNIPPETS / "mismatch.out").read_text(encoding="utf-8")


def block(title, after):
    """The matrix printed under `after`, inside the part that starts at `title`."""
    text = recorded()
    part = text[text.index(title):]
    part = part[part.index(after) + len(after):]
    return np.array([[float(v) for v in re.findall(r"-?\d+\.\d+", row)]
                     for row in part[:part.index("]]") + 2].split("]") if re.search(r"\d", row)])


def value(title, label):
    text = recorded()
    part = text[text.index(title):]
    return [float(v) for v in re.findall(r"-?\d+\.\d+", part[part.index(label):].splitlines()[0])]


TITLES = {"squared": "squared error after σ:", "sigmoid twice": "σ applied twice",
          "softmax binary": "binary cross-entropy (into BCELoss):", "softmax twice": "softmax twice ("}
RATIOS = "delta_out / (A_out - Y), entry by entry:"


def test_every_ratio_printed_is_positive_and_every_check_passes():
    """The page: every entry of every delta_out / (A_out - Y) is positive, and each pair's
    gradient matches central differences of its own J."""
    for title in TITLES.values():
        assert np.all(block(title, RATIOS) > 0), title
    assert recorded().count("matches central differences of J: True") == 4
    assert "False" not in recorded()


def test_the_ratios_are_what_the_page_says():
    """The page: the squared error's ratio is a(1 - a), at most a quarter; σ twice damps most
    example 1's first output, the furthest from its target, where σ(a) - 1 is about half of
    a - 1; the binary cross-entropy's ratios are mostly above 1, softmax applied twice's all
    below a half."""
    squared = block(TITLES["squared"], RATIOS)
    A = block("sigmoid outputs", "A_out - Y, the matched pair's δ =") + np.eye(2)[[0, 1, 1]]
    assert np.allclose(squared, A * (1 - A), atol=2e-4) and squared.max() <= 0.25
    twice = block(TITLES["sigmoid twice"], RATIOS)
    assert np.unravel_index(twice.argmin(), twice.shape) == (0, 0)
    distance = np.abs(block("sigmoid outputs", "A_out - Y, the matched pair's δ ="))
    assert np.unravel_index(distance.argmax(), distance.shape) == (0, 0)   # furthest from its target
    a = A[0, 0]
    assert 0.4 < (1 / (1 + np.exp(-a)) - 1) / (a - 1) < 0.6                 # about half of a - 1
    binary = block(TITLES["softmax binary"], RATIOS)
    assert np.sum(binary > 1) > binary.size / 2
    assert np.all(block(TITLES["softmax twice"], RATIOS) < 0.5)


def test_the_cosines_are_what_the_page_says():
    """The page: the gradient stays close to the matched one (cosine near 1, at least as near
    output by output) for the squared error and the softmax pairs, and points away from it for
    σ applied twice, whose output-1 column is reversed in every entry."""
    for name in ("squared", "softmax binary", "softmax twice"):
        overall = value(TITLES[name], "cosine with the matched one:")[0]
        assert overall > 0.9, name
        assert min(value(TITLES[name], "per output:")) >= overall, name
    assert value(TITLES["sigmoid twice"], "cosine with the matched one:")[0] < 0
    assert value(TITLES["sigmoid twice"], "per output:")[0] < 0
    import example_m_d_t as mdt
    _, A_h, _, A = forward(mdt.X, mdt.W_h, mdt.W_out)
    twice = grad_W_out(A_h, PAIRS["sigmoid twice"][1](A, mdt.Y))
    matched = grad_W_out(A_h, A - mdt.Y)
    assert np.all(np.sign(twice[:, 0]) == -np.sign(matched[:, 0]))
    assert np.all(A[1:, 0] >= 0) and np.all(sigmoid(A[1:, 0]) >= 0.5)  # targets 0 still pull


def training_table(title):
    text = recorded()
    part = text[text.index(title):].splitlines()[2:6]
    return {int(row.split()[0]): [float(v) for v in row.split()[1:]] for row in part}


def test_the_training_tables_are_what_the_page_says():
    """The page: with every δ the meant loss falls; only the binary cross-entropy on softmax
    outputs is ahead of the matched pair, at 10, 100 and 1000 steps, and under the frameworks'
    default means (its δ over t, the column binary/t) it falls behind."""
    sigmoid_table = training_table("cross-entropy J while training, each δ:")
    softmax_table = training_table("categorical J while training, each δ:")
    assert recorded().split("categorical J while training, each δ:\n", 1)[1].split()[1:5] == [
        "matched", "binary", "twice", "binary/t"]
    for table in (sigmoid_table, softmax_table):
        assert sorted(table) == [0, 10, 100, 1000]
        assert len(set(table[0])) == 1
        for column in range(len(table[0])):
            losses = [table[steps][column] for steps in sorted(table)]
            assert losses == sorted(losses, reverse=True) and losses[-1] < losses[0] / 10
    for steps in (10, 100, 1000):
        matched, squared, twice = sigmoid_table[steps]
        assert matched < squared and matched < twice
        matched, binary, twice, binary_over_t = softmax_table[steps]
        assert binary < matched < twice and matched < binary_over_t


def test_the_frameworks_default_means_divide_the_binary_pair_by_t_more():
    """The page's frameworks section: BCELoss's default mean divides J by n t, CrossEntropyLoss's
    by n, so next to the matched pair the binary δ is the one this page prints divided by t (its
    signs and cosines kept); BCEWithLogitsLoss and MSELoss also divide by n t, as the matched
    sigmoid pair does, and softmax twice by n, as CrossEntropyLoss does: ratios unchanged."""
    X, W_h, W_out, Y = network(3, 4, 5, 3, seed=5, output=softmax)
    n, t = Y.shape
    _, _, Z, A = forward(X, W_h, W_out, output=softmax)
    bce_mean = lambda V: J_softmax_binary(V, Y) / (n * t)
    cross_entropy_loss_mean = lambda V: categorical_cross_entropy(V, Y) / n
    binary = PAIRS["softmax binary"][1](A, Y)
    assert check_gradient(bce_mean, binary / (n * t), Z) <= TOLERANCE
    assert check_gradient(cross_entropy_loss_mean, (A - Y) / n, Z) <= TOLERANCE
    ratio_under_means = (binary / (n * t)) / ((A - Y) / n)
    assert np.allclose(ratio_under_means, binary / (A - Y) / t)
    assert cosine(binary / (n * t), (A - Y) / n) == pytest.approx(cosine(binary, A - Y))
    twice = PAIRS["softmax twice"][1](A, Y)
    assert check_gradient(lambda V: J_softmax_twice(V, Y) / n, twice / n, Z) <= TOLERANCE
    X, W_h, W_out, Y = network(3, 4, 5, 2, seed=5, output=sigmoid)
    n, t = Y.shape
    _, _, Z, A = forward(X, W_h, W_out)
    twice = PAIRS["sigmoid twice"][1](A, Y)
    assert check_gradient(lambda V: J_sigmoid_twice(V, Y) / (n * t), twice / (n * t), Z) <= TOLERANCE
    assert check_gradient(lambda V: cross_entropy(V, Y) / (n * t), (A - Y) / (n * t), Z) <= TOLERANCE


def test_the_printed_floors_are_their_formulas():
    """The page: the least J of σ twice is ln(1 + e^-1) per target 1 and ln 2 per target 0, and
    softmax twice's is ln(e + t - 1) - 1 per example, at the worked examples' targets."""
    import example_m_d_t as mdt
    import softmax as page

    ones = mdt.Y.sum()
    expected = ones * math.log(1 + math.exp(-1)) + (mdt.Y.size - ones) * math.log(2)
    assert value(TITLES["sigmoid twice"], "its least:")[0] == pytest.approx(expected, abs=5e-5)
    n, t = page.Y.shape
    assert value(TITLES["softmax twice"], "its least:")[0] == pytest.approx(n * (math.log(math.e + t - 1) - 1),
                                                                          abs=5e-5)


@pytest.mark.parametrize("args, recorded_file", [((), "mismatch.out")])
def test_snippet_prints_exactly_its_recorded_output(args, recorded_file):
    assert_prints_recorded("mismatch.py", args, recorded_file)


def test_the_recorded_output_fits_a_phone():
    from recorded import hidden_on_a_phone

    assert hidden_on_a_phone(recorded()) == []


# --- bad input ------------------------------------------------------------------------

A_row, Y_row = softmax(np.array([[0.3, -1.0, 2.0]])), np.array([[0.0, 0.0, 1.0]])


@pytest.mark.parametrize("call, message", [
    (lambda: back_through_sigmoid(A_row[0], A_row), r"A_out must be a 2-D array"),
    (lambda: back_through_sigmoid(A_row, A_row.T), r"A_out has shape \(1, 3\) but dJ_dA has shape \(3, 1\)"),
    (lambda: back_through_sigmoid(A_row + 1, A_row), r"A_out holds activations.*did you pass Z_out"),
    (lambda: back_through_sigmoid(A_row, A_row * np.nan), r"dJ_dA of shape \(1, 3\) contains NaN"),
    (lambda: back_through_softmax(A_row * 0.5, A_row), r"each of its rows must sum to 1.*back_through_sigmoid"),
    (lambda: dJ_dA_binary(np.array([[1.0, 0.0, 0.0]]), Y_row),
     r"A_out = \[1.0, 0.0, 0.0\].*rounded to exactly 0 or 1.*from the logits Z_out"),
    (lambda: dJ_dA_binary(A_row, Y_row + 1), r"targets Y must lie in \[0, 1\]"),
    (lambda: dJ_dA_softmax_twice(A_row, np.array([[0.0, 1.0, 1.0]])), r"each row of Y must sum to 1"),
    (lambda: dJ_dA_squared(A_row, Y_row[:, :2]), r"A_out has shape \(1, 3\) but Y has shape \(1, 2\)"),
    (lambda: dJ_dA_sigmoid_twice([[np.inf, 0.0]], [[1.0, 0.0]]), r"A_out of shape \(1, 2\) contains NaN or inf"),
    (lambda: J_squared([[0.0, 1.0]], [[1.0]]), r"Z_out has shape \(1, 2\) but Y has shape \(1, 1\)"),
    (lambda: J_sigmoid_twice([[np.nan, 1.0]], [[1.0, 0.0]]), r"Z_out of shape \(1, 2\) contains NaN"),
    (lambda: J_softmax_binary([0.0, 1.0], [[1.0, 0.0]]), r"Z_out must be a 2-D array"),
    (lambda: J_softmax_twice([[0.0, 1.0]], [[0.5, 0.6]]), r"each row of Y must sum to 1"),
    (lambda: cosine(np.ones((2, 2)), np.ones((2, 3))), r"G has shape \(2, 2\) but H has shape \(2, 3\)"),
    (lambda: cosine(np.zeros((2, 2)), np.ones((2, 2))), r"G is all zeros"),
    (lambda: train(np.ones((2, 3)), np.ones((3, 4)), np.ones((4, 2)), np.zeros((2, 2)), sigmoid,
                   output_delta, -1), r"steps must be a whole number >= 0"),
    (lambda: train(np.ones((2, 3)), np.ones((3, 4)), np.ones((4, 2)), np.zeros((2, 2)), sigmoid,
                   output_delta, 1, eta=np.nan), r"eta must be a finite number > 0"),
    (lambda: train(np.ones((2, 3)), np.ones((3, 4)), np.ones((4, 2)), np.zeros((2, 2)), sigmoid,
                   "A - Y", 1), r"delta_rule must be a function"),
    (lambda: train(np.ones((2, 3)), np.ones((4, 3)), np.ones((4, 2)), np.zeros((2, 2)), sigmoid,
                   output_delta, 1), r"cannot multiply X \(2, 3\) by W_h \(4, 3\)"),
    (lambda: train(np.ones((2, 3)), np.ones((3, 4)), np.ones((4, 2)), np.zeros((2, 3)), sigmoid,
                   output_delta, 1), r"Z_out has shape \(2, 2\) but Y has shape \(2, 3\)"),
])
def test_bad_input_raises_a_value_error_naming_it(call, message):
    with np.errstate(all="ignore"):
        with pytest.raises(ValueError, match=message):
            call()


def test_lists_are_accepted_and_give_the_array_result():
    A, Y = A_row.tolist(), Y_row.tolist()
    assert np.array_equal(back_through_softmax(A, dJ_dA_binary(A, Y)),
                          back_through_softmax(A_row, dJ_dA_binary(A_row, Y_row)))
    assert cross_entropy_from_A(A, Y) == cross_entropy_from_A(A_row, Y_row)
    assert cosine([[1, 2]], [[2, 4]]) == pytest.approx(1.0)
