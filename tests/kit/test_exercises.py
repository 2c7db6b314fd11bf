"""The exercises' recorded answers: right by independent checks, and never confusable."""

import json
import re

import numpy as np
import pytest

import exercises
import example_2_2_2 as ex222
import example_m_d_t as exmdt
from support import SNIPPETS, assert_prints_recorded
from gradient_check import numerical_gradient
from mlp import cross_entropy, forward, objective, squared_error

RECORDED = json.loads((SNIPPETS / "exercises.json").read_text(encoding="utf-8"))


def values(answer):
    return np.atleast_2d(np.array(answer, dtype=float))


@pytest.mark.parametrize("key", sorted(exercises.EXERCISES))
def test_no_two_answers_of_an_exercise_can_be_confused(key):
    """A reader's four-decimal answer matches at most one of the right answer and the mistakes."""
    exercise = RECORDED["exercises"][key]
    answers = [("right", exercise["answer"])] + [(m["name"], m["answer"]) for m in exercise["mistakes"]]
    assert len({name for name, _ in answers}) == len(answers)
    for i, (name_a, a) in enumerate(answers):
        for name_b, b in answers[i + 1:]:
            if values(a).shape == values(b).shape:
                gap = np.max(np.abs(values(a) - values(b)))
                assert gap > 2 * RECORDED["tolerance"], f"{key}: {name_a} and {name_b} differ by {gap}"


# --- the right answers, by routes independent of the formulas --------------------------

def gradient_by_differences(J, W):
    return numerical_gradient(J, W)


def test_output_weight_answers_match_central_differences():
    e = RECORDED["exercises"]
    y = values(e["output-layer-2-2-2/entry"]["given"]["y"])
    numeric = gradient_by_differences(lambda W: objective(ex222.x, ex222.W_h, W, y), ex222.W_out)
    assert e["output-layer-2-2-2/entry"]["answer"] == pytest.approx(numeric[1, 0], abs=1e-8)
    y = values(e["output-layer-2-2-2/new-target"]["given"]["y"])
    numeric = gradient_by_differences(lambda W: objective(ex222.x, ex222.W_h, W, y), ex222.W_out)
    assert values(e["output-layer-2-2-2/new-target"]["answer"]) == pytest.approx(numeric, abs=1e-8)
    Y = values(e["output-layer-m-d-t/entry"]["given"]["Y"])
    J = lambda W: objective(exmdt.X, exmdt.W_h, W, Y)
    assert e["output-layer-m-d-t/entry"]["answer"] == pytest.approx(
        gradient_by_differences(J, exmdt.W_out)[1, 0], abs=1e-8)
    # BCELoss's default: the mean over all n·t entries.
    n, t = exmdt.Y.shape
    J_mean = lambda W: objective(exmdt.X, exmdt.W_h, W, exmdt.Y) / (n * t)
    assert values(e["output-layer-m-d-t/mean-all"]["answer"]) == pytest.approx(
        gradient_by_differences(J_mean, exmdt.W_out)[:1], abs=1e-8)


def test_squared_error_answers_match_central_differences():
    e = RECORDED["exercises"]
    y = values(e["sigma-prime/gradient"]["given"]["y"])
    J = lambda W: squared_error(forward(ex222.x, ex222.W_h, W).A_out, y)
    assert e["sigma-prime/gradient"]["answer"] == pytest.approx(
        gradient_by_differences(J, ex222.W_out)[0, 1], abs=1e-8)
    # δ = ∂J/∂z: nudge the output logit itself.
    z = forward(ex222.x, ex222.W_h, ex222.W_out).Z_out
    J_of_z = lambda Z: 0.5 * float(np.sum((1 / (1 + np.exp(-Z)) - ex222.y) ** 2))
    assert e["sigma-prime/delta"]["answer"] == pytest.approx(gradient_by_differences(J_of_z, z)[0, 0], abs=1e-8)


def test_hidden_bias_and_regularised_answers_match_central_differences():
    import biases
    import regularisation

    e = RECORDED["exercises"]
    X, W_h, W_out, Y = exmdt.X, exmdt.W_h, exmdt.W_out, exmdt.Y
    batch = slice(0, 2)  # the hidden-layer page's mini-batch: examples 1 and 2
    numeric = gradient_by_differences(lambda W: objective(X[batch], W, W_out, Y[batch]), W_h)
    assert e["hidden-layer/gradient"]["answer"] == pytest.approx(numeric[0, 0], abs=1e-8)
    Y_new = np.vstack([values(e["hidden-layer/delta"]["given"]["its new target"]), Y[1:]])
    Z_h = X @ W_h
    J_of_Z_h = lambda Z: cross_entropy((1 / (1 + np.exp(-Z))) @ W_out, Y_new)
    assert e["hidden-layer/delta"]["answer"] == pytest.approx(gradient_by_differences(J_of_Z_h, Z_h)[0, 0],
                                                              abs=1e-8)

    def J_batch(rows, **parameters):
        p = dict(W_h=W_h, W_out=W_out, b_h=biases.b_h, b_out=biases.b_out) | parameters
        return cross_entropy(forward(X[rows], p["W_h"], p["W_out"], p["b_h"], p["b_out"]).Z_out, Y[rows])

    assert e["biases/output"]["answer"] == pytest.approx(
        gradient_by_differences(lambda b: J_batch(slice(1, 3), b_out=b), biases.b_out)[0, 0], abs=1e-8)
    assert e["biases/hidden"]["answer"] == pytest.approx(
        gradient_by_differences(lambda b: J_batch(slice(0, 2), b_h=b), biases.b_h)[0, 1], abs=1e-8)
    lam = e["regularisation/entry"]["given"]["λ"]
    J_lam = lambda W: regularisation.J_regularised(X, W_h, W, Y, lam)
    assert e["regularisation/entry"]["answer"] == pytest.approx(gradient_by_differences(J_lam, W_out)[0, 0],
                                                                abs=1e-8)
    given = e["regularisation/step"]["given"]
    J_lam = lambda W: regularisation.J_regularised(X, W_h, W, Y, given["λ"])
    assert e["regularisation/step"]["answer"] == pytest.approx(
        W_out[0, 0] - given["η"] * gradient_by_differences(J_lam, W_out)[0, 0], abs=1e-8)


def test_softmax_and_checking_answers():
    import softmax as page
    from mlp import categorical_cross_entropy, softmax

    e = RECORDED["exercises"]
    Y = np.vstack([values(e["softmax/gradient"]["given"]["the new target of example 1"]), page.Y[1:]])
    J = lambda W: categorical_cross_entropy(forward(page.X, exmdt.W_h, W, output=softmax).Z_out, Y)
    assert e["softmax/gradient"]["answer"] == pytest.approx(gradient_by_differences(J, page.W_out)[1, 0],
                                                            abs=1e-8)
    Y = np.vstack([values(e["softmax/delta"]["given"]["the new target of example 1"]), page.Y[1:]])
    Z = forward(page.X, exmdt.W_h, page.W_out).Z_out
    J_of_Z = lambda Z: categorical_cross_entropy(Z, Y)
    assert e["softmax/delta"]["answer"] == pytest.approx(gradient_by_differences(J_of_Z, Z)[0, 1], abs=1e-8)
    given = e["gradient-check/central"]["given"]
    w, h = given["w"], given["h"]
    assert e["gradient-check/central"]["answer"] == pytest.approx(((w + h) ** 3 - (w - h) ** 3) / (2 * h))
    assert e["gradient-check/central"]["answer"] == pytest.approx(3 * w ** 2 + h ** 2)  # the Taylor h² term
    analytic, numeric = (values(e["gradient-check/relative"]["given"][k]) for k in ("analytic", "numeric"))
    assert e["gradient-check/relative"]["answer"] == pytest.approx(
        np.linalg.norm(analytic - numeric) / max(np.linalg.norm(analytic), np.linalg.norm(numeric)))
    from gradient_check import verdict
    assert verdict(e["gradient-check/relative"]["answer"]).startswith("wrong")  # as its solution says
    given = e["notation/shape"]["given"]
    assert e["notation/shape"]["answer"] == [[given["d"], given["t"]]]
    y = values(e["notation/column"]["given"]["y"])
    assert not np.array_equal(y, ex222.y)  # the 2-2-2 page prints its own example's gradient
    numeric = gradient_by_differences(lambda W: objective(ex222.x, ex222.W_h, W, y), ex222.W_out)
    assert e["notation/column"]["answer"] == pytest.approx(numeric.T[0, 1], abs=1e-8)  # theirs = ours.T


def test_mismatch_and_logits_answers_by_independent_routes():
    """The mismatched-losses and from-logits exercises: δ by central differences of the loss a
    framework computes from the given activations, written out here; the float16 threshold
    measured; the categorical loss from its definition."""
    import example_m_d_t as exmdt_
    import softmax as page
    from logits import where_sigma_rounds_to
    from mlp import softmax

    e = RECORDED["exercises"]
    sig = lambda v: 1 / (1 + np.exp(-v))
    given = e["mismatched-losses/sigmoid-twice"]["given"]
    y = values(given["its new target"])
    z = forward(exmdt_.X[:1], exmdt_.W_h, exmdt_.W_out).Z_out
    J = lambda Z: -float(np.sum(y * np.log(sig(sig(Z))) + (1 - y) * np.log(1 - sig(sig(Z)))))
    assert e["mismatched-losses/sigmoid-twice"]["answer"] == pytest.approx(
        gradient_by_differences(J, z)[0, 1], abs=1e-8)
    given = e["mismatched-losses/softmax-twice"]["given"]
    y = values(given["its new target"])
    z = forward(page.X[:1], exmdt_.W_h, page.W_out).Z_out
    soft = lambda V: np.exp(V) / np.exp(V).sum(axis=1, keepdims=True)
    J = lambda Z: -float(np.sum(y * np.log(soft(soft(Z)))))
    assert e["mismatched-losses/softmax-twice"]["answer"] == pytest.approx(
        gradient_by_differences(J, z)[0, 2], abs=1e-8)
    measured = where_sigma_rounds_to(1, np.float16)
    assert e["from-logits/threshold"]["answer"] == pytest.approx(measured, abs=float(np.spacing(np.float16(measured))))
    given = e["from-logits/categorical"]["given"]
    z, y = values(given["z"]), values(given["y"])
    assert e["from-logits/categorical"]["answer"] == pytest.approx(-np.sum(y * np.log(softmax(z))), rel=1e-9)


def test_deeper_networks_answers_match_central_differences():
    """δ is ∂J/∂Z: the net input of the unit itself nudged, in the deeper-networks example,
    with the network written out here (tanh, then ReLU) rather than by deep.py's backward."""
    import deep

    e = RECORDED["exercises"]
    X, Y, (W1, W2, W3, W4) = deep.X, deep.Y, deep.weights
    Z3 = np.tanh(np.tanh(X @ W1) @ W2) @ W3
    J_of_Z3 = lambda Z: cross_entropy(np.tanh(Z) @ W4, Y)
    assert e["deeper-networks/tanh"]["answer"] == pytest.approx(gradient_by_differences(J_of_Z3, Z3)[0, 0], abs=1e-8)
    relu = lambda Z: np.maximum(Z, 0.0)
    Z2 = relu(X @ W1) @ W2
    J_of_Z2 = lambda Z: cross_entropy(relu(relu(Z) @ W3) @ W4, Y)
    assert e["deeper-networks/relu"]["answer"] == pytest.approx(gradient_by_differences(J_of_Z2, Z2)[0, 1], abs=1e-8)


def test_hidden_delta_names_the_one_output_mistake():
    """δ₁,₁⁽ʰ⁾ belongs to one example, so leaving a path out can only drop an output:
    the value δ₁,₁⁽ᵒᵘᵗ⁾ w₁,₁⁽ᵒᵘᵗ⁾ a(1 − a) is named for that, not for one example."""
    e = RECORDED["exercises"]["hidden-layer/delta"]
    given = e["given"]
    a_out, y = values(given["a⁽ᵒᵘᵗ⁾ of example 1"]), values(given["its new target"])
    w, a = values(given["row 1 of W⁽ᵒᵘᵗ⁾"]), given["a⁽ʰ⁾₁,₁"]
    one_path = (a_out[0, 0] - y[0, 0]) * w[0, 0] * a * (1 - a)
    named = {m["name"]: m["answer"] for m in e["mistakes"]}
    assert named[exercises.ONE_OUTPUT] == pytest.approx(one_path, abs=1e-4)
    assert exercises.ONE_OUTPUT == "one output instead of the sum over all"
    assert exercises.ONE_EXAMPLE not in named


def printed(out_file, title):
    """The matrix printed right after `title` in a snippet's recorded output, as a reader reads it."""
    text = (SNIPPETS / out_file).read_text(encoding="utf-8")
    after = text[text.index(title) + len(title):]
    block = after[after.index("[["):after.index("]]") + 2]
    rows = [re.findall(r"-?\d+\.\d+", row) for row in block.split("]")]
    return np.array([[float(v) for v in row] for row in rows if row])


def by_hand(key, given):
    """An exercise's answer as a reader computes it: from its given data and its own page's
    printed output, both at the four decimals shown."""
    g = {name: values(value) if isinstance(value, list) else value for name, value in given.items()}
    if key.startswith("output-layer-2-2-2/"):
        a_h = printed("output_layer_2_2_2.out", "a_h   = σ(z_h)")
        a_out = printed("output_layer_2_2_2.out", "a_out = σ(z_out)")
        gradient = a_h.T @ (a_out - g["y"])
        return gradient[1, 0] if key.endswith("/entry") else gradient
    if key.startswith("output-layer-m-d-t/"):
        A_h, A_out = printed("output_layer_m_d_t.out", "A_h ="), printed("output_layer_m_d_t.out", "A_out =")
        if key.endswith("/entry"):
            return (A_h.T @ (A_out - g["Y"]))[1, 0]
        Y = printed("output_layer_m_d_t.out", "Y =")
        return (A_h.T @ (A_out - Y))[:1] / Y.size
    if key == "sigma-prime/delta":
        a, y = g["a⁽ᵒᵘᵗ⁾"][0, 0], g["y"][0, 0]
        return (a - y) * a * (1 - a)
    if key == "sigma-prime/gradient":
        a, y = g["a⁽ᵒᵘᵗ⁾"][0, 1], g["y"][0, 1]
        return g["a⁽ʰ⁾"][0, 0] * (a - y) * a * (1 - a)
    if key == "hidden-layer/delta":
        a = g["a⁽ʰ⁾₁,₁"]
        return ((g["a⁽ᵒᵘᵗ⁾ of example 1"] - g["its new target"]) @ g["row 1 of W⁽ᵒᵘᵗ⁾"].T)[0, 0] * a * (1 - a)
    if key == "hidden-layer/gradient":
        delta_h = printed("hidden_layer.out", "* A_h * (1 - A_h) =")
        return (g["x₁,₁ and x₂,₁"] @ delta_h[:2, :1])[0, 0]
    if key.startswith("biases/"):
        delta_out = printed("biases.out", "delta_out (with biases) =")
        if key == "biases/output":
            return delta_out[1:, 0].sum()
        a = g["a⁽ʰ⁾₁,₂ and a⁽ʰ⁾₂,₂"].T
        return float(((delta_out[:2] @ g["row 2 of W⁽ᵒᵘᵗ⁾"].T) * a * (1 - a)).sum())
    if key == "regularisation/keras":
        return 2 * g["n"] * g["t"] * g["l2"]  # J / (n t) + l2 Σw², times n t, is J + (λ/2)‖W‖²
    if key.startswith("regularisation/"):
        w, G = g["w₁,₁⁽ᵒᵘᵗ⁾"], g["∂J/∂w₁,₁⁽ᵒᵘᵗ⁾"]
        step = G + g["λ"] * w
        return step if key.endswith("/entry") else w - g["η"] * step
    if key.startswith("softmax/"):
        A_out = printed("softmax.out", "softmax outputs A_out (each row sums to 1):")
        delta = A_out - np.vstack([g["the new target of example 1"], [[0, 0, 1]]])
        return delta[0, 1] if key == "softmax/delta" else (g["A⁽ʰ⁾"].T @ delta)[1, 0]
    if key == "matrix-route/size":
        return g["n"] * g["t"] * g["d"] * g["t"]
    if key == "matrix-route/contraction":
        A_h = printed("matrix_route.out", "A_h =")
        return (A_h.T @ (g["A⁽ᵒᵘᵗ⁾"] - g["Y"]))[0, 1]
    if key == "gradient-check/central":
        w, h = g["w"], g["h"]
        return ((w + h) ** 3 - (w - h) ** 3) / (2 * h)
    if key == "gradient-check/relative":
        a, n = g["analytic"], g["numeric"]
        return np.linalg.norm(a - n) / max(np.linalg.norm(a), np.linalg.norm(n))
    if key == "notation/shape":
        return [[g["d"], g["t"]]]
    if key == "notation/column":
        return g["a⁽ʰ⁾"][0, 1] * g["δ⁽ᵒᵘᵗ⁾"][0, 0]
    if key == "mismatched-losses/sigmoid-twice":
        a, y = g["a⁽ᵒᵘᵗ⁾ of example 1"][0, 1], g["its new target"][0, 1]
        return (1 / (1 + np.exp(-a)) - y) * a * (1 - a)
    if key == "mismatched-losses/softmax-twice":
        a, y = g["a⁽ᵒᵘᵗ⁾ of example 1"], g["its new target"]
        d = np.exp(a) / np.exp(a).sum() - y                 # ∂J/∂a: the loss's own softmax, less y
        return (a * (d - np.sum(a * d)))[0, 2]
    if key == "from-logits/threshold":
        return g["p"] * np.log(2)
    if key == "from-logits/categorical":
        z, y = g["z"], g["y"]
        return np.log(np.sum(np.exp(z))) - np.sum(y * z)
    if key == "deeper-networks/tanh":
        delta_out = g["a⁽⁴⁾ of example 1"] - g["its target y"]
        a = g["a⁽³⁾₁,₁"]
        return (delta_out @ g["W⁽⁴⁾"][:1].T)[0, 0] * (1 - a ** 2)
    if key == "deeper-networks/relu":
        a = g["a⁽²⁾₁,₂ and a⁽³⁾₁,₂"][0, 0]
        return (g["δ⁽³⁾ of example 1"] @ g["row 2 of W⁽³⁾"].T)[0, 0] * (a > 0)
    raise KeyError(key)


@pytest.mark.parametrize("key", sorted(exercises.EXERCISES))
def test_a_reader_reaches_each_answer_from_its_own_page(key):
    """Every exercise can be done with what its page shows: its given data and its page's
    recorded output, at four decimals, lead to the right answer within the tolerance."""
    exercise = RECORDED["exercises"][key]
    gap = np.max(np.abs(values(by_hand(key, exercise["given"])) - values(exercise["answer"])))
    assert gap <= RECORDED["tolerance"], f"{key}: the shown numbers give an answer {gap:.1e} off"


@pytest.mark.parametrize("args, recorded", [(("--json",), "exercises.json"), ((), "exercises.out")])
def test_snippet_prints_exactly_its_recorded_output(args, recorded):
    assert_prints_recorded("exercises.py", args, recorded)


def test_exercise_central_difference_of_w_cubed_is_off_by_exactly_h_squared():
    """Exercise 3's solution: for f = w³, (f(w + h) - f(w - h)) / 2h = 3w² + h², the
    h² f‴(w) / 6 term of Taylor's series; the exercise's function is w³."""
    import sympy as sp

    w, h = sp.symbols("w h")
    f = lambda v: v ** 3
    central = (f(w + h) - f(w - h)) / (2 * h)
    assert sp.expand(central - (3 * w ** 2 + h ** 2)) == 0
    assert sp.expand(h ** 2 * sp.diff(f(w), w, 3) / 6 - h ** 2) == 0
    assert exercises.ex_central_difference().given["f(w)"] == "w³"


def test_the_about_pages_exercise_prints_no_answer_and_its_answers_are_apart():
    """The About page: the call prints the given data and the mistakes' names, never a number
    the box accepts, and 'no two of them within 2 x TOLERANCE' is what the answers are."""
    printed = (SNIPPETS / "exercises.out").read_text(encoding="utf-8")
    exercise = exercises.ex_mdt_entry()
    answers = [exercise.answer] + [mistake.answer for mistake in exercise.mistakes]
    assert not any(f"{abs(a):.4f}"[:-1] in printed for a in answers)
    assert all(mistake.name in printed for mistake in exercise.mistakes)
    apart = all(abs(a - b) > 2 * exercises.TOLERANCE for k, a in enumerate(answers) for b in answers[k + 1:])
    assert printed.rstrip().endswith(f"of each other: {apart}") and apart


def test_every_mistake_an_exercise_names_is_in_the_sites_one_list():
    import mistakes

    listed = {value for name, value in vars(mistakes).items() if name.isupper()}
    named = {m["name"] for e in RECORDED["exercises"].values() for m in e["mistakes"]}
    assert named and named <= listed, named - listed


def test_a_class_read_from_0_gets_a_name_that_says_so():
    """Classes count from 1 on the pages and in the snippets. Where a question's class read
    from 0 gives the old targets' number (the softmax page's δ₁,₂: class 2 read as the third
    column; the m-d-t page's entry: class 1 read as the second, example 2's old class), the
    mistake that number names says both, not only 'the old targets'."""
    import softmax as page

    e = RECORDED["exercises"]
    tolerance = RECORDED["tolerance"]
    read_from_0 = {
        "softmax/delta": exercises.softmax_parts(np.vstack([np.eye(3)[[2]], page.Y[1:]]))[2][0, 1],
        "output-layer-m-d-t/entry": exercises.mdt_parts(np.eye(2)[[0, 1, 1]])[3][1, 0],
    }
    for key, value in read_from_0.items():
        named = [m["name"] for m in e[key]["mistakes"] if abs(m["answer"] - value) <= tolerance]
        assert named == [exercises.OLD_CLASS], key
    assert "counted from 0" in exercises.OLD_CLASS and "old" in exercises.OLD_CLASS


def test_the_mean_exercise_names_one_example_against_the_mean():
    """output-layer-m-d-t/mean-all asks for a mean: using example 1 alone is 'one example
    instead of the mean over all', not '... the sum over all'."""
    named = {m["name"] for m in RECORDED["exercises"]["output-layer-m-d-t/mean-all"]["mistakes"]}
    assert exercises.ONE_EXAMPLE_MEAN in named and exercises.ONE_EXAMPLE not in named
    assert exercises.ONE_EXAMPLE_MEAN == "one example instead of the mean over all"
