"""The exercises' answers, and the answer each classic mistake gives, from the pages' own code.

    python exercises.py --json    prints them as JSON; exercises.json records it

Every exercise on the site is checked in the reader's browser against these
numbers: the right answer, and for each classic mistake (a transposed
gradient, σ' kept in δ, a mean instead of a sum, a flipped sign, one example
instead of all, the ½ of the squared error forgotten) the answer that mistake
gives, so the page can name it. Nothing here is typed by hand except the
questions' own data; tests/test_exercises.py checks that no two answers of an
exercise could be confused at the precision a reader types.
"""

import json
import sys
from typing import NamedTuple

import numpy as np

import biases
import example_2_2_2 as ex222
import example_m_d_t as exmdt
import regularisation
import softmax as exsoftmax
from mlp import (backprop, forward, grad_W_out, hidden_delta, output_delta,
                 output_delta_squared_error, softmax)

# Readers type 4 decimals; an answer within this of a value matches it.
TOLERANCE = 6e-4


class Mistake(NamedTuple):
    name: str      # what went wrong, as the page names it
    hint: str      # one sentence that points at the step to redo
    answer: object


class Exercise(NamedTuple):
    given: dict    # the question's data, shown above the answer box
    answer: object
    mistakes: list


def scalar(value):
    return round(float(value), 10)


def matrix(M):
    return [[round(float(v), 10) for v in row] for row in np.atleast_2d(M)]


TRANSPOSED = "the gradient transposed"
SIGMA_KEPT = "σ′ kept in δ⁽ᵒᵘᵗ⁾"
MEAN = "the mean instead of the sum"
SUM = "the sum instead of the mean"
SIGN = "the sign flipped"
ONE_EXAMPLE = "one example instead of the sum over all"
HALF = "the ½ of the squared error forgotten"
SIGMA_DROPPED = "σ′ forgotten"


def ex_2_2_2_entry():
    """∂J/∂w_{2,1}^(out) of the 2-2-2 worked example."""
    _, a_h, _, a_out = forward(ex222.x, ex222.W_h, ex222.W_out)
    delta = output_delta(a_out, ex222.y)
    grad = grad_W_out(a_h, delta)
    return Exercise(
        given={},
        answer=scalar(grad[1, 0]),
        mistakes=[
            Mistake(TRANSPOSED, "That is ∂J/∂w₁,₂. In w₂,₁ the first index is the source (hidden unit 2) "
                    "and the second the target (output 1).", scalar(grad[0, 1])),
            Mistake(SIGMA_KEPT, "a − y already contains σ′ (it cancelled); do not multiply by a(1 − a) again.",
                    scalar(grad[1, 0] * a_out[0, 0] * (1 - a_out[0, 0]))),
            Mistake(SIGN, "δ = a − y, not y − a.", scalar(-grad[1, 0])),
        ])


def ex_2_2_2_new_target():
    """The whole gradient of the 2-2-2 example with the targets swapped to y = [0, 1]."""
    y = np.array([[0.0, 1.0]])
    _, a_h, _, a_out = forward(ex222.x, ex222.W_h, ex222.W_out)
    delta = output_delta(a_out, y)
    grad = grad_W_out(a_h, delta)
    return Exercise(
        given={"y": matrix(y)},
        answer=matrix(grad),
        mistakes=[
            Mistake(TRANSPOSED, "Row i belongs to hidden unit i, column j to output j: (a⁽ʰ⁾)ᵀ δ⁽ᵒᵘᵗ⁾, "
                    "not (δ⁽ᵒᵘᵗ⁾)ᵀ a⁽ʰ⁾.", matrix(grad.T)),
            Mistake(SIGMA_KEPT, "δ = a − y already contains σ′.", matrix(a_h.T @ (delta * a_out * (1 - a_out)))),
            Mistake(SIGN, "δ = a − y, not y − a.", matrix(-grad)),
            Mistake("the old targets", "The question changes y to [0, 1]; δ changes with it.",
                    matrix(grad_W_out(a_h, output_delta(a_out, ex222.y)))),
        ])


def mdt_parts():
    _, A_h, _, A_out = forward(exmdt.X, exmdt.W_h, exmdt.W_out)
    delta = output_delta(A_out, exmdt.Y)
    return A_h, A_out, delta, grad_W_out(A_h, delta)


# --8<-- [start:example]
def ex_mdt_entry():
    """∂J/∂w_{2,1}^(out) of the m-d-t example: a sum over its three examples."""
    A_h, A_out, delta, grad = mdt_parts()
    n = A_h.shape[0]
    return Exercise(
        given={},
        answer=scalar(grad[1, 0]),
        mistakes=[
            Mistake(ONE_EXAMPLE, "w₂,₁ acts in every example: "
                    "add a⁽ʰ⁾ₖ,₂ δₖ,₁ over k = 1, 2, 3.",
                    scalar(A_h[0, 1] * delta[0, 0])),
            Mistake(MEAN, "This site's J is a sum over the examples, so its "
                    "gradient is not divided by n.",
                    scalar(grad[1, 0] / n)),
            Mistake(TRANSPOSED, "That is Σₖ δₖ,₂ a⁽ʰ⁾ₖ,₁, entry (2, 1) of "
                    "(δ⁽ᵒᵘᵗ⁾)ᵀ A⁽ʰ⁾; the gradient is (A⁽ʰ⁾)ᵀ δ⁽ᵒᵘᵗ⁾.",
                    scalar((delta.T @ A_h)[1, 0])),
            Mistake(SIGMA_KEPT, "δ = A⁽ᵒᵘᵗ⁾ − Y already contains σ′.",
                    scalar((A_h.T @ (delta * A_out * (1 - A_out)))[1, 0])),
            Mistake(SIGN, "δ = A⁽ᵒᵘᵗ⁾ − Y, not Y − A⁽ᵒᵘᵗ⁾.",
                    scalar(-grad[1, 0])),
        ])


# --8<-- [end:example]


def ex_mdt_mean_row():
    """The first row of the mean's gradient, (1/n) (A^(h))^T δ^(out), for the m-d-t example."""
    A_h, _, delta, grad = mdt_parts()
    n = A_h.shape[0]
    return Exercise(
        given={},
        answer=matrix(grad[:1] / n),
        mistakes=[
            Mistake(SUM, "The question asks for the mean J / n: divide the sum's gradient by n = 3.",
                    matrix(grad[:1])),
            Mistake(ONE_EXAMPLE, "Average over all three examples, not only the first.",
                    matrix(A_h[0, 0] * delta[:1])),  # example 1's a_{1,1} δ_1 alone
            Mistake(SIGN, "δ = A⁽ᵒᵘᵗ⁾ − Y, not Y − A⁽ᵒᵘᵗ⁾.", matrix(-grad[:1] / n)),
        ])


def ex_sigma_prime_delta():
    """δ_1 of the 2-2-2 example under the squared error ½ Σ (a − y)²."""
    _, _, _, a_out = forward(ex222.x, ex222.W_h, ex222.W_out)
    delta_se = output_delta_squared_error(a_out, ex222.y)
    a, y = a_out[0, 0], ex222.y[0, 0]
    return Exercise(
        given={},
        answer=scalar(delta_se[0, 0]),
        mistakes=[
            Mistake(SIGMA_DROPPED, "With the squared error σ′ = a(1 − a) does not cancel: "
                    "δ = (a − y) a (1 − a).", scalar(a - y)),
            Mistake(HALF, "The ½ in J = ½ Σ (a − y)² cancels the 2 of the square.", scalar(2 * delta_se[0, 0])),
            Mistake(SIGN, "∂J/∂a = a − y, not y − a.", scalar(-delta_se[0, 0])),
        ])


def ex_sigma_prime_gradient():
    """∂J/∂w_{1,2}^(out) of the 2-2-2 example under the squared error."""
    _, a_h, _, a_out = forward(ex222.x, ex222.W_h, ex222.W_out)
    delta_se = output_delta_squared_error(a_out, ex222.y)
    grad = grad_W_out(a_h, delta_se)
    return Exercise(
        given={},
        answer=scalar(grad[0, 1]),
        mistakes=[
            Mistake(SIGMA_DROPPED, "That is the cross-entropy's gradient: under the squared error δ keeps a(1 − a).",
                    scalar(grad_W_out(a_h, output_delta(a_out, ex222.y))[0, 1])),
            Mistake(HALF, "The ½ in J = ½ Σ (a − y)² cancels the 2 of the square.", scalar(2 * grad[0, 1])),
            Mistake(TRANSPOSED, "That is ∂J/∂w₂,₁: w₁,₂ joins hidden unit 1 to output 2, so a₁⁽ʰ⁾ δ₂.",
                    scalar(grad[1, 0])),
            Mistake(SIGN, "∂J/∂a = a − y, not y − a.", scalar(-grad[0, 1])),
        ])


def hidden_parts():
    A_h, A_out, delta_out, _ = mdt_parts()
    delta_h = hidden_delta(delta_out, exmdt.W_out, A_h)
    return A_h, delta_out, delta_h


def ex_hidden_delta():
    """δ_{1,1}^(h) of the m-d-t example."""
    A_h, delta_out, delta_h = hidden_parts()
    back = delta_out @ exmdt.W_out.T
    return Exercise(
        given={},
        answer=scalar(delta_h[0, 0]),
        mistakes=[
            Mistake(SIGMA_DROPPED, "At the hidden layer σ′ does not cancel: multiply by a⁽ʰ⁾(1 − a⁽ʰ⁾).",
                    scalar(back[0, 0])),
            Mistake(ONE_EXAMPLE, "Hidden unit 1 feeds both outputs: add δ₁,ⱼ⁽ᵒᵘᵗ⁾ w₁,ⱼ⁽ᵒᵘᵗ⁾ over j = 1, 2.",
                    scalar(delta_out[0, 0] * exmdt.W_out[0, 0] * A_h[0, 0] * (1 - A_h[0, 0]))),
            Mistake(SIGN, "δ⁽ᵒᵘᵗ⁾ = A⁽ᵒᵘᵗ⁾ − Y, not Y − A⁽ᵒᵘᵗ⁾.", scalar(-delta_h[0, 0])),
        ])


def ex_hidden_gradient():
    """∂J/∂w_{1,1}^(h) of the m-d-t example."""
    A_h, delta_out, delta_h = hidden_parts()
    X, n = exmdt.X, exmdt.X.shape[0]
    grad = X.T @ delta_h
    return Exercise(
        given={},
        answer=scalar(grad[0, 0]),
        mistakes=[
            Mistake(ONE_EXAMPLE, "The weight acts in every example: add xₖ,₁ δₖ,₁⁽ʰ⁾ over k = 1, 2, 3.",
                    scalar(X[0, 0] * delta_h[0, 0])),
            Mistake(MEAN, "This site's J is a sum: do not divide by n.", scalar(grad[0, 0] / n)),
            Mistake(SIGMA_DROPPED, "δ⁽ʰ⁾ carries the hidden σ′, a⁽ʰ⁾(1 − a⁽ʰ⁾).",
                    scalar((X.T @ (delta_out @ exmdt.W_out.T))[0, 0])),
            Mistake(SIGN, "δ⁽ᵒᵘᵗ⁾ = A⁽ᵒᵘᵗ⁾ − Y, not Y − A⁽ᵒᵘᵗ⁾.", scalar(-grad[0, 0])),
        ])


def bias_parts():
    X, Y = exmdt.X, exmdt.Y
    _, A_h, _, A_out = forward(X, exmdt.W_h, exmdt.W_out, biases.b_h, biases.b_out)
    delta_out = output_delta(A_out, Y)
    delta_h = hidden_delta(delta_out, exmdt.W_out, A_h)
    return delta_out, delta_h


def ex_bias_out():
    """∂J/∂b_1^(out) of the biases page's example."""
    delta_out, _ = bias_parts()
    n = delta_out.shape[0]
    total = delta_out[:, 0].sum()
    return Exercise(
        given={},
        answer=scalar(total),
        mistakes=[
            Mistake(ONE_EXAMPLE, "The bias acts in every example: add column 1 of δ⁽ᵒᵘᵗ⁾ over all three.",
                    scalar(delta_out[0, 0])),
            Mistake(MEAN, "This site's J is a sum: the column sum, not its mean.", scalar(total / n)),
            Mistake(SIGN, "δ = A⁽ᵒᵘᵗ⁾ − Y, not Y − A⁽ᵒᵘᵗ⁾.", scalar(-total)),
        ])


def ex_bias_h():
    """∂J/∂b_2^(h) of the biases page's example."""
    delta_out, delta_h = bias_parts()
    n = delta_h.shape[0]
    total = delta_h[:, 1].sum()
    return Exercise(
        given={},
        answer=scalar(total),
        mistakes=[
            Mistake(SIGMA_DROPPED, "The hidden δ carries σ′ = a⁽ʰ⁾(1 − a⁽ʰ⁾).",
                    scalar((delta_out @ exmdt.W_out.T)[:, 1].sum())),
            Mistake(MEAN, "This site's J is a sum: the column sum, not its mean.", scalar(total / n)),
            Mistake(ONE_EXAMPLE, "Add column 2 of δ⁽ʰ⁾ over all three examples.", scalar(delta_h[0, 1])),
        ])


def regularisation_parts():
    X, W_h, W_out, Y, lam = exmdt.X, exmdt.W_h, exmdt.W_out, exmdt.Y, regularisation.lam
    grad = backprop(X, Y, W_h, W_out).W_out
    return W_out, grad, lam, X.shape[0]


def ex_regularised_entry():
    """Entry (1, 1) of ∂J_λ/∂W^(out) for the regularisation page's λ."""
    W, G, lam, n = regularisation_parts()
    right = G[0, 0] + lam * W[0, 0]
    return Exercise(
        given={"λ": lam},
        answer=scalar(right),
        mistakes=[
            Mistake(HALF.replace("squared error", "penalty"), "The ½ in (λ/2)‖W‖² cancels the 2: the penalty adds λw, not 2λw.",
                    scalar(G[0, 0] + 2 * lam * W[0, 0])),
            Mistake("the penalty forgotten", "J_λ = J + (λ/2)(…): its gradient adds λW.", scalar(G[0, 0])),
            Mistake(SIGN, "(λ/2)w² has derivative +λw; the minus sign belongs to the descent step, "
                    "not to the gradient.", scalar(G[0, 0] - lam * W[0, 0])),
            Mistake(MEAN, "This site's J is a sum: do not divide its gradient by n.",
                    scalar(G[0, 0] / n + lam * W[0, 0])),
        ])


def ex_regularised_step():
    """w_{1,1}^(out) after one gradient-descent step on J_λ with η = 0.5."""
    W, G, lam, _ = regularisation_parts()
    eta = 0.5
    step = G[0, 0] + lam * W[0, 0]
    return Exercise(
        given={"λ": lam, "η": eta},
        answer=scalar(W[0, 0] - eta * step),
        mistakes=[
            Mistake(SIGN, "Descent moves against the gradient: w − η ∂J_λ/∂w.", scalar(W[0, 0] + eta * step)),
            Mistake(HALF.replace("squared error", "penalty"), "The penalty's gradient is λw, not 2λw.",
                    scalar(W[0, 0] - eta * (G[0, 0] + 2 * lam * W[0, 0]))),
            Mistake("the penalty forgotten", "The step uses ∂J_λ/∂w = ∂J/∂w + λw.", scalar(W[0, 0] - eta * G[0, 0])),
        ])


def softmax_parts():
    X, W_h, W_out, Y = exsoftmax.X, exmdt.W_h, exsoftmax.W_out, exsoftmax.Y
    _, A_h, _, A_out = forward(X, W_h, W_out, output=softmax)
    delta = output_delta(A_out, Y)
    return A_h, A_out, Y, delta, grad_W_out(A_h, delta)


def ex_softmax_delta():
    """δ_{1,1} of the softmax page's example."""
    _, A_out, Y, delta, _ = softmax_parts()
    a, y = A_out[0, 0], Y[0, 0]
    return Exercise(
        given={},
        answer=scalar(delta[0, 0]),
        mistakes=[
            Mistake(SIGMA_KEPT, "With softmax and the categorical cross-entropy the Jacobian cancels too: "
                    "δ = a − y, with no a(1 − a).", scalar((a - y) * a * (1 - a))),
            Mistake("∂J/∂a instead of ∂J/∂z", "−y/a is ∂J/∂a; carry it through the Jacobian to reach ∂J/∂z.",
                    scalar(-y / a)),
            Mistake(SIGN, "δ = a − y, not y − a.", scalar(-delta[0, 0])),
        ])


def ex_softmax_gradient():
    """∂J/∂w_{2,3}^(out) of the softmax page's example."""
    A_h, _, _, delta, grad = softmax_parts()
    n = A_h.shape[0]
    return Exercise(
        given={},
        answer=scalar(grad[1, 2]),
        mistakes=[
            Mistake(ONE_EXAMPLE, "Add a⁽ʰ⁾ₖ,₂ δₖ,₃ over both examples.", scalar(A_h[0, 1] * delta[0, 2])),
            Mistake(MEAN, "This site's J is a sum: do not divide by n.", scalar(grad[1, 2] / n)),
            Mistake(TRANSPOSED, "That is entry (2, 3) of (δ⁽ᵒᵘᵗ⁾)ᵀ A⁽ʰ⁾; the gradient is (A⁽ʰ⁾)ᵀ δ⁽ᵒᵘᵗ⁾.",
                    scalar((delta.T @ A_h)[1, 2])),
            Mistake(SIGN, "δ = A⁽ᵒᵘᵗ⁾ − Y, not Y − A⁽ᵒᵘᵗ⁾.", scalar(-grad[1, 2])),
        ])


def ex_central_difference():
    """Central difference of f(w) = w³ at w = 1 with h = 0.1."""
    # w = 3, not 1 or 2, so that w², w³, 2w and 3w² are all different numbers.
    f, w, h = (lambda v: v ** 3), 3.0, 0.1
    return Exercise(
        given={"f(w)": "w³", "w": w, "h": h},
        answer=scalar((f(w + h) - f(w - h)) / (2 * h)),
        mistakes=[
            Mistake("the one-sided difference", "(f(w + h) − f(w)) / h has an error of order h; "
                    "take f(w + h) − f(w − h).", scalar((f(w + h) - f(w)) / h)),
            Mistake("the 2 of 2h forgotten", "The two points are 2h apart: divide by 2h.",
                    scalar((f(w + h) - f(w - h)) / h)),
            Mistake("the exact derivative", "3w² is the exact slope; the question asks what central "
                    "differences give, which is off by h² (the J‴ term of Taylor's series).", scalar(3 * w ** 2)),
        ])


def ex_relative_error():
    """The relative error of a claimed gradient against a numerical one, by Frobenius norms."""
    analytic = np.array([[0.30, -0.40]])
    numeric = np.array([[0.36, -0.48]])
    diff = np.linalg.norm(analytic - numeric)
    norms = np.linalg.norm(analytic), np.linalg.norm(numeric)
    return Exercise(
        given={"analytic": matrix(analytic), "numeric": matrix(numeric)},
        answer=scalar(diff / max(norms)),
        mistakes=[
            Mistake("divided by the smaller norm", "Divide by the larger of the two norms.",
                    scalar(diff / min(norms))),
            Mistake("the absolute error", "Divide the norm of the difference by the larger norm.", scalar(diff)),
        ])


def ex_notation_shape():
    """The shape of ∂J/∂W^(out) for a 784-100-10 network and n = 60000 examples."""
    m, d, t, n = 784, 100, 10, 60000
    return Exercise(
        given={"m": m, "d": d, "t": t, "n": n},
        answer=[[d, t]],
        mistakes=[
            Mistake("the numerator layout", "t × d is the transpose (the column convention's W, or the "
                    "numerator layout); ∂J/∂W⁽ᵒᵘᵗ⁾ has the shape of W⁽ᵒᵘᵗ⁾.", [[t, d]]),
            Mistake("the shape of W⁽ʰ⁾", "W⁽ʰ⁾ is m × d; the question asks about W⁽ᵒᵘᵗ⁾.", [[m, d]]),
            Mistake("the shape of δ⁽ᵒᵘᵗ⁾", "δ⁽ᵒᵘᵗ⁾ is n × t; its examples are summed away in (A⁽ʰ⁾)ᵀ δ⁽ᵒᵘᵗ⁾.",
                    [[n, t]]),
        ])


def ex_notation_column():
    """Entry (1, 2) of the column convention's gradient δ aᵀ for the 2-2-2 example."""
    _, a_h, _, a_out = forward(ex222.x, ex222.W_h, ex222.W_out)
    ours = grad_W_out(a_h, output_delta(a_out, ex222.y))
    columns = ours.T
    return Exercise(
        given={},
        answer=scalar(columns[0, 1]),
        mistakes=[
            Mistake("our entry (1, 2)", "Their matrix is ours transposed: their entry (1, 2) is our entry (2, 1).",
                    scalar(ours[0, 1])),
            Mistake(SIGN, "δ = a − y, not y − a.", scalar(-columns[0, 1])),
        ])


EXERCISES = {
    "output-layer-2-2-2/entry": ex_2_2_2_entry,
    "output-layer-2-2-2/new-target": ex_2_2_2_new_target,
    "output-layer-m-d-t/entry": ex_mdt_entry,
    "output-layer-m-d-t/mean-row": ex_mdt_mean_row,
    "sigma-prime/delta": ex_sigma_prime_delta,
    "sigma-prime/gradient": ex_sigma_prime_gradient,
    "hidden-layer/delta": ex_hidden_delta,
    "hidden-layer/gradient": ex_hidden_gradient,
    "biases/output": ex_bias_out,
    "biases/hidden": ex_bias_h,
    "regularisation/entry": ex_regularised_entry,
    "regularisation/step": ex_regularised_step,
    "softmax/delta": ex_softmax_delta,
    "softmax/gradient": ex_softmax_gradient,
    "gradient-check/central": ex_central_difference,
    "gradient-check/relative": ex_relative_error,
    "notation/shape": ex_notation_shape,
    "notation/column": ex_notation_column,
}


def as_json():
    """Every exercise as JSON: given data, the answer, and each mistake's answer and hint."""
    document = {"tolerance": TOLERANCE, "exercises": {}}
    for key, make in EXERCISES.items():
        exercise = make()
        document["exercises"][key] = {
            "given": exercise.given,
            "answer": exercise.answer,
            "mistakes": [mistake._asdict() for mistake in exercise.mistakes],
        }
    return json.dumps(document, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    if "--json" in sys.argv[1:]:
        print(as_json())
    else:
        print(f"{len(EXERCISES)} exercises; run with --json for their answers")
