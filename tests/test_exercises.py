"""The exercises' recorded answers: right by independent checks, and never confusable."""

import json

import numpy as np
import pytest

import exercises
import example_2_2_2 as ex222
import example_m_d_t as exmdt
from conftest import SNIPPETS, assert_prints_recorded
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
    numeric = gradient_by_differences(lambda W: objective(ex222.x, ex222.W_h, W, ex222.y), ex222.W_out)
    assert e["output-layer-2-2-2/entry"]["answer"] == pytest.approx(numeric[1, 0], abs=1e-8)
    y = values(e["output-layer-2-2-2/new-target"]["given"]["y"])
    numeric = gradient_by_differences(lambda W: objective(ex222.x, ex222.W_h, W, y), ex222.W_out)
    assert values(e["output-layer-2-2-2/new-target"]["answer"]) == pytest.approx(numeric, abs=1e-8)
    J = lambda W: objective(exmdt.X, exmdt.W_h, W, exmdt.Y)
    numeric = gradient_by_differences(J, exmdt.W_out)
    assert e["output-layer-m-d-t/entry"]["answer"] == pytest.approx(numeric[1, 0], abs=1e-8)
    n = exmdt.X.shape[0]
    assert values(e["output-layer-m-d-t/mean-row"]["answer"]) == pytest.approx(numeric[:1] / n, abs=1e-8)


def test_squared_error_answers_match_central_differences():
    e = RECORDED["exercises"]
    J = lambda W: squared_error(forward(ex222.x, ex222.W_h, W).A_out, ex222.y)
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
    numeric = gradient_by_differences(lambda W: objective(X, W, W_out, Y), W_h)
    assert e["hidden-layer/gradient"]["answer"] == pytest.approx(numeric[0, 0], abs=1e-8)
    Z_h = X @ W_h
    J_of_Z_h = lambda Z: cross_entropy((1 / (1 + np.exp(-Z))) @ W_out, Y)
    assert e["hidden-layer/delta"]["answer"] == pytest.approx(gradient_by_differences(J_of_Z_h, Z_h)[0, 0],
                                                              abs=1e-8)
    assert e["biases/output"]["answer"] == pytest.approx(
        gradient_by_differences(lambda b: biases.J_of(b_out=b), biases.b_out)[0, 0], abs=1e-8)
    assert e["biases/hidden"]["answer"] == pytest.approx(
        gradient_by_differences(lambda b: biases.J_of(b_h=b), biases.b_h)[0, 1], abs=1e-8)
    lam = regularisation.lam
    J_lam = lambda W: regularisation.J_regularised(X, W_h, W, Y, lam)
    grad = gradient_by_differences(J_lam, W_out)
    assert e["regularisation/entry"]["answer"] == pytest.approx(grad[0, 0], abs=1e-8)
    eta = e["regularisation/step"]["given"]["η"]
    assert e["regularisation/step"]["answer"] == pytest.approx(W_out[0, 0] - eta * grad[0, 0], abs=1e-8)


def test_softmax_and_checking_answers():
    import softmax as page
    from mlp import categorical_cross_entropy, softmax

    e = RECORDED["exercises"]
    J = lambda W: categorical_cross_entropy(forward(page.X, exmdt.W_h, W, output=softmax).Z_out, page.Y)
    assert e["softmax/gradient"]["answer"] == pytest.approx(gradient_by_differences(J, page.W_out)[1, 2],
                                                            abs=1e-8)
    Z = forward(page.X, exmdt.W_h, page.W_out).Z_out
    J_of_Z = lambda Z: categorical_cross_entropy(Z, page.Y)
    assert e["softmax/delta"]["answer"] == pytest.approx(gradient_by_differences(J_of_Z, Z)[0, 0], abs=1e-8)
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
    numeric = gradient_by_differences(lambda W: objective(ex222.x, ex222.W_h, W, ex222.y), ex222.W_out)
    assert e["notation/column"]["answer"] == pytest.approx(numeric.T[0, 1], abs=1e-8)  # theirs = ours.T


@pytest.mark.parametrize("args, recorded", [(("--json",), "exercises.json")])
def test_snippet_prints_exactly_its_recorded_output(args, recorded):
    assert_prints_recorded("exercises.py", args, recorded)
