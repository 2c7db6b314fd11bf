"""The exercises' answers, and the answer each classic mistake gives, from the pages' own code.

    python exercises.py --json    prints them as JSON; exercises.json records it
    python exercises.py           prints one exercise, as the About page shows it

Every exercise on the site is checked in the reader's browser against these
numbers: the right answer, and for each classic mistake (a transposed
gradient, σ' kept in δ, a mean instead of a sum, a flipped sign, one example
instead of all, one output instead of all, the ½ of the squared error
forgotten) the answer that mistake gives, so the page can name it. Nothing here
is typed by hand except the questions' own data, which differ from the worked
examples' (other targets, a mini-batch, another λ) so that no answer is printed
on its page; the data an exercise needs and its page does not print are in
`given`, to the four decimals the pages show. tests/test_exercises.py checks
that no two answers of an exercise could be confused at the precision a reader
types.
"""

import json
import sys
from typing import NamedTuple

import numpy as np

import biases
import deep
import example_2_2_2 as ex222
import example_m_d_t as exmdt
import mismatch
import regularisation
from formatting import fmt, utf8_stdout
from mistakes import (ABSOLUTE_ERROR, ALL_EXAMPLES, DJ_DA, EXACT_DERIVATIVE, HALF, HALF_PENALTY,
                      MEAN, MEAN_EXAMPLES, NUMERATOR_LAYOUT, OLD_CLASS, OLD_LAMBDA, OLD_TARGETS,
                      ONE_EXAMPLE, ONE_EXAMPLE_MEAN,
                      ONE_OUTPUT, ONE_SIDED, OUR_ENTRY, PENALTY_FORGOTTEN, SHAPE_OF_DELTA,
                      SHAPE_OF_W_H, SIGMA_DROPPED, SIGMA_KEPT, SIGN, SMALLER_NORM, SUM, TRANSPOSED,
                      TWO_H)
from mistakes import (BINARY_PER_OUTPUT, EPS_NOT_HALVED, JACOBIAN_DIAGONAL, LOG10, LOG2,
                      MATCHED_PAIR, SOFTMAX_TWICE, SQUARED_DELTA, TARGET_LOGIT)
from mistakes import (BRACKET_DROPPED, DZ_DW_AS_W, DZ_DW_AS_Z, L2_AS_LAMBDA, L2_TWO, NONZERO_ONLY,
                      PENALTY_AS_LOSS)
import softmax as exsoftmax
from example_m_d_t import W_h, W_out, X, Y
from mistakes import F_PRIME_DROPPED, F_PRIME_WRONG_LAYER, SIGMA_FOR_RELU, SIGMA_FOR_TANH, W_NOT_TRANSPOSED
from mlp import (backprop, categorical_cross_entropy, forward, grad_W_out, hidden_delta, output_delta,
                 output_delta_squared_error, softmax)

# --8<-- [start:machinery]
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
    prompt: str = ""  # what to type, where "a 1 × 2 matrix" would mislead


def scalar(value):
    return round(float(value), 10)


def matrix(M):
    return [[round(float(v), 10) for v in row] for row in np.atleast_2d(M)]


def fmt_row(M):
    """A 1 x k row for a hint, as "[0.9, 0.1]" (integers without decimals)."""
    return "[" + ", ".join(f"{v:g}" for v in np.ravel(M)) + "]"
# --8<-- [end:machinery]


def shown(value):
    """Data as the pages print it, to four decimals: what a reader computes from."""
    rounded = np.round(np.asarray(value, dtype=float), 4)
    return float(rounded) if rounded.ndim == 0 else matrix(rounded)




def ex_2_2_2_entry():
    """∂J/∂w_{2,1}^(out) of the 2-2-2 example with smoothed targets y = [0.9, 0.1]."""
    y = np.array([[0.9, 0.1]])
    _, a_h, _, a_out = forward(ex222.x, ex222.W_h, ex222.W_out)
    delta = output_delta(a_out, y)
    grad = grad_W_out(a_h, delta)
    return Exercise(
        given={"y": matrix(y)},
        answer=scalar(grad[1, 0]),
        mistakes=[
            Mistake(TRANSPOSED, "That is ∂J/∂w₁,₂. In w₂,₁ the first index is the source (hidden unit 2) "
                    "and the second the target (output 1).", scalar(grad[0, 1])),
            Mistake(SIGMA_KEPT, "a − y already contains σ′ (it cancelled); do not multiply by a(1 − a) again.",
                    scalar(grad[1, 0] * a_out[0, 0] * (1 - a_out[0, 0]))),
            Mistake(SIGN, "δ = a − y, not y − a.", scalar(-grad[1, 0])),
            Mistake(OLD_TARGETS, f"The question smooths the targets to y = {fmt_row(y)}; δ changes with them.",
                    scalar(grad_W_out(a_h, output_delta(a_out, ex222.y))[1, 0])),
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
            Mistake(OLD_TARGETS, "The question changes y to [0, 1]; δ changes with it.",
                    matrix(grad_W_out(a_h, output_delta(a_out, ex222.y)))),
        ])


# --8<-- [start:m_d_t]
# The m-d-t example, kept whole: other exercises reuse its names.
M_D_T = (X, W_h, W_out, Y)
# Example 2 of the m-d-t page, relabelled from class 2 to class 1 (classes
# count from 1, as examples do; np.eye's column indices count from 0).
MDT_NEW_Y = np.eye(2)[[0, 0, 1]]


def mdt_parts(Y=None):
    """A_h, A_out, δ and the gradient of the m-d-t example, with targets Y
    (the example's own by default)."""
    X, W_h, W_out, Y_example = M_D_T
    _, A_h, _, A_out = forward(X, W_h, W_out)
    delta = output_delta(A_out, Y_example if Y is None else Y)
    return A_h, A_out, delta, grad_W_out(A_h, delta)
# --8<-- [end:m_d_t]


# --8<-- [start:example]
def ex_mdt_entry():
    """∂J/∂w_{2,1}^(out) of the m-d-t example, example 2 relabelled class 1."""
    A_h, A_out, delta, grad = mdt_parts(MDT_NEW_Y)
    n = A_h.shape[0]
    return Exercise(
        given={"Y": matrix(MDT_NEW_Y)},
        answer=scalar(grad[1, 0]),
        mistakes=[
            Mistake(ONE_EXAMPLE, "w₂,₁ acts in every example: "
                    "add a⁽ʰ⁾ₖ,₂ δₖ,₁ over k = 1, 2, 3.",
                    scalar(A_h[0, 1] * delta[0, 0])),
            Mistake(MEAN, "This site's J is a sum over the examples, so its "
                    "gradient is not divided by n.",
                    scalar(grad[1, 0] / n)),
            Mistake(TRANSPOSED, "That is Σₖ δₖ,₂ a⁽ʰ⁾ₖ,₁, entry (2, 1) "
                    "of (δ⁽ᵒᵘᵗ⁾)ᵀ A⁽ʰ⁾; the gradient is "
                    "(A⁽ʰ⁾)ᵀ δ⁽ᵒᵘᵗ⁾.",
                    scalar((delta.T @ A_h)[1, 0])),
            Mistake(SIGMA_KEPT, "δ = A⁽ᵒᵘᵗ⁾ − Y already contains σ′.",
                    scalar((A_h.T @ (delta * A_out * (1 - A_out)))[1, 0])),
            Mistake(SIGN, "δ = A⁽ᵒᵘᵗ⁾ − Y, not Y − A⁽ᵒᵘᵗ⁾.",
                    scalar(-grad[1, 0])),
            Mistake(OLD_CLASS, "Classes count from 1, as examples do: "
                    "example 2 now belongs to class 1, so its row of Y is "
                    f"{fmt_row(MDT_NEW_Y[1:2])} and its δ changes.",
                    scalar(mdt_parts()[3][1, 0])),
        ])


# --8<-- [end:example]


def ex_mdt_mean_all():
    """The first row of the gradient of J / (n t), the mean over every entry (PyTorch's BCELoss)."""
    A_h, _, delta, grad = mdt_parts()
    n, t = delta.shape
    return Exercise(
        given={},
        answer=matrix(grad[:1] / (n * t)),
        mistakes=[
            Mistake(SUM, f"The question asks for the mean over all n·t = {n * t} entries: divide the sum's "
                    f"gradient by {n * t}.", matrix(grad[:1])),
            Mistake(MEAN_EXAMPLES, f"BCELoss's mean divides by the number of entries, n·t = {n * t}, "
                    f"not by the number of examples n = {n}.", matrix(grad[:1] / n)),
            Mistake(ONE_EXAMPLE_MEAN, "Average over all three examples, not only the first.",
                    matrix(A_h[0, 0] * delta[:1] / t)),  # example 1's a_{1,1} δ_1 alone, over t
            Mistake(SIGN, "δ = A⁽ᵒᵘᵗ⁾ − Y, not Y − A⁽ᵒᵘᵗ⁾.", matrix(-grad[:1] / (n * t))),
        ])


def ex_sigma_prime_delta():
    """δ_1 of the 2-2-2 example under the squared error ½ Σ (a − y)²."""
    _, _, _, a_out = forward(ex222.x, ex222.W_h, ex222.W_out)
    delta_se = output_delta_squared_error(a_out, ex222.y)
    a, y = a_out[0, 0], ex222.y[0, 0]
    return Exercise(
        given={"a⁽ᵒᵘᵗ⁾": shown(a_out), "y": matrix(ex222.y)},
        answer=scalar(delta_se[0, 0]),
        mistakes=[
            Mistake(SIGMA_DROPPED, "With the squared error σ′ = a(1 − a) does not cancel: "
                    "δ = (a − y) a (1 − a).", scalar(a - y)),
            Mistake(HALF, "The ½ in J = ½ Σ (a − y)² cancels the 2 of the square.", scalar(2 * delta_se[0, 0])),
            Mistake(SIGN, "∂J/∂a = a − y, not y − a.", scalar(-delta_se[0, 0])),
        ])


def ex_sigma_prime_gradient():
    """∂J/∂w_{1,2}^(out) of the 2-2-2 example under the squared error, with targets y = [0, 1]."""
    y = np.array([[0.0, 1.0]])
    _, a_h, _, a_out = forward(ex222.x, ex222.W_h, ex222.W_out)
    delta_se = output_delta_squared_error(a_out, y)
    grad = grad_W_out(a_h, delta_se)
    return Exercise(
        given={"a⁽ʰ⁾": shown(a_h), "a⁽ᵒᵘᵗ⁾": shown(a_out), "y": matrix(y)},
        answer=scalar(grad[0, 1]),
        mistakes=[
            Mistake(SIGMA_DROPPED, "That is the cross-entropy's gradient: under the squared error δ keeps a(1 − a).",
                    scalar(grad_W_out(a_h, output_delta(a_out, y))[0, 1])),
            Mistake(HALF, "The ½ in J = ½ Σ (a − y)² cancels the 2 of the square.", scalar(2 * grad[0, 1])),
            Mistake(TRANSPOSED, "That is ∂J/∂w₂,₁: w₁,₂ joins hidden unit 1 to output 2, so a₁⁽ʰ⁾ δ₂.",
                    scalar(grad[1, 0])),
            Mistake(SIGN, "∂J/∂a = a − y, not y − a.", scalar(-grad[0, 1])),
            Mistake(OLD_TARGETS, f"The question sets y = {fmt_row(y)}; δ₂ = (a₂ − y₂) a₂ (1 − a₂) changes with it.",
                    scalar(grad_W_out(a_h, output_delta_squared_error(a_out, ex222.y))[0, 1])),
        ])


# Example 1 of the m-d-t page, relabelled from class 1 to class 2 (counted from 1).
HIDDEN_NEW_Y = np.eye(2)[[1, 1, 1]]


def hidden_parts(Y=exmdt.Y):
    A_h, A_out, delta_out, _ = mdt_parts(Y)
    delta_h = hidden_delta(delta_out, exmdt.W_out, A_h)
    return A_h, A_out, delta_out, delta_h


def ex_hidden_delta():
    """δ_{1,1}^(h) of the m-d-t example with example 1 relabelled as class 2."""
    A_h, A_out, delta_out, delta_h = hidden_parts(HIDDEN_NEW_Y)
    back = delta_out @ exmdt.W_out.T
    sigma_prime = A_h[0, 0] * (1 - A_h[0, 0])
    return Exercise(
        given={"a⁽ᵒᵘᵗ⁾ of example 1": shown(A_out[:1]), "its new target": matrix(HIDDEN_NEW_Y[:1]),
               "row 1 of W⁽ᵒᵘᵗ⁾": matrix(exmdt.W_out[:1]), "a⁽ʰ⁾₁,₁": shown(A_h[0, 0])},
        answer=scalar(delta_h[0, 0]),
        mistakes=[
            Mistake(SIGMA_DROPPED, "At the hidden layer σ′ does not cancel: multiply by a⁽ʰ⁾(1 − a⁽ʰ⁾).",
                    scalar(back[0, 0])),
            Mistake(ONE_OUTPUT, "Hidden unit 1 feeds both outputs: add δ₁,ⱼ⁽ᵒᵘᵗ⁾ w₁,ⱼ⁽ᵒᵘᵗ⁾ over j = 1, 2.",
                    scalar(delta_out[0, 0] * exmdt.W_out[0, 0] * sigma_prime)),
            Mistake(SIGN, "δ⁽ᵒᵘᵗ⁾ = A⁽ᵒᵘᵗ⁾ − Y, not Y − A⁽ᵒᵘᵗ⁾.", scalar(-delta_h[0, 0])),
            Mistake(OLD_TARGETS, f"Example 1 is now class 2: its δ⁽ᵒᵘᵗ⁾ row is a⁽ᵒᵘᵗ⁾ − {fmt_row(HIDDEN_NEW_Y[:1])}.",
                    scalar(hidden_parts()[3][0, 0])),
        ])


def ex_hidden_gradient():
    """∂J/∂w_{1,1}^(h) of the m-d-t example for a mini-batch of its first two examples."""
    A_h, _, delta_out, delta_h = hidden_parts()
    X, batch = exmdt.X, slice(0, 2)
    grad = X[batch].T @ delta_h[batch]
    return Exercise(
        given={"x₁,₁ and x₂,₁": matrix(X[batch, :1].T)},
        answer=scalar(grad[0, 0]),
        mistakes=[
            Mistake(ONE_EXAMPLE, "The weight acts in both examples of the batch: add xₖ,₁ δₖ,₁⁽ʰ⁾ over k = 1, 2.",
                    scalar(X[0, 0] * delta_h[0, 0])),
            Mistake(MEAN, "This site's J is a sum: do not divide by the batch's 2 examples.", scalar(grad[0, 0] / 2)),
            Mistake(SIGMA_DROPPED, "δ⁽ʰ⁾ carries the hidden σ′, a⁽ʰ⁾(1 − a⁽ʰ⁾).",
                    scalar((X[batch].T @ (delta_out[batch] @ exmdt.W_out.T))[0, 0])),
            Mistake(SIGN, "δ⁽ᵒᵘᵗ⁾ = A⁽ᵒᵘᵗ⁾ − Y, not Y − A⁽ᵒᵘᵗ⁾.", scalar(-grad[0, 0])),
            Mistake(ALL_EXAMPLES, "The batch holds examples 1 and 2 only: leave example 3 out.",
                    scalar((X.T @ delta_h)[0, 0])),
        ])


def bias_parts():
    X, Y = exmdt.X, exmdt.Y
    _, A_h, _, A_out = forward(X, exmdt.W_h, exmdt.W_out, biases.b_h, biases.b_out)
    delta_out = output_delta(A_out, Y)
    delta_h = hidden_delta(delta_out, exmdt.W_out, A_h)
    return A_h, delta_out, delta_h


def ex_bias_out():
    """∂J/∂b_1^(out) of the biases page's example, for a mini-batch of examples 2 and 3."""
    _, delta_out, _ = bias_parts()
    total = delta_out[1:, 0].sum()
    return Exercise(
        given={},
        answer=scalar(total),
        mistakes=[
            Mistake(ONE_EXAMPLE, "The bias acts in both examples of the batch: add column 1 of δ⁽ᵒᵘᵗ⁾ "
                    "over examples 2 and 3.", scalar(delta_out[1, 0])),
            Mistake(MEAN, "This site's J is a sum: the column sum, not its mean.", scalar(total / 2)),
            Mistake(SIGN, "δ = A⁽ᵒᵘᵗ⁾ − Y, not Y − A⁽ᵒᵘᵗ⁾.", scalar(-total)),
            Mistake(ALL_EXAMPLES, "The batch holds examples 2 and 3 only: leave example 1 out.",
                    scalar(delta_out[:, 0].sum())),
        ])


def ex_bias_h():
    """∂J/∂b_2^(h) of the biases page's example, for a mini-batch of examples 1 and 2."""
    A_h, delta_out, delta_h = bias_parts()
    batch = slice(0, 2)
    total = delta_h[batch, 1].sum()
    return Exercise(
        given={"row 2 of W⁽ᵒᵘᵗ⁾": matrix(exmdt.W_out[1:2]), "a⁽ʰ⁾₁,₂ and a⁽ʰ⁾₂,₂": shown(A_h[batch, 1:2].T)},
        answer=scalar(total),
        mistakes=[
            Mistake(SIGMA_DROPPED, "The hidden δ carries σ′ = a⁽ʰ⁾(1 − a⁽ʰ⁾).",
                    scalar((delta_out[batch] @ exmdt.W_out.T)[:, 1].sum())),
            Mistake(MEAN, "This site's J is a sum: the column sum, not its mean.", scalar(total / 2)),
            Mistake(ONE_EXAMPLE, "Add column 2 of δ⁽ʰ⁾ over both examples of the batch.", scalar(delta_h[0, 1])),
            Mistake(ALL_EXAMPLES, "The batch holds examples 1 and 2 only: leave example 3 out.",
                    scalar(delta_h[:, 1].sum())),
        ])


def regularisation_parts():
    X, W_h, W_out, Y = exmdt.X, exmdt.W_h, exmdt.W_out, exmdt.Y
    grad = backprop(X, Y, W_h, W_out).W_out
    return W_out, grad, X.shape[0]


def ex_regularised_entry():
    """Entry (1, 1) of ∂J_λ/∂W^(out) for a stronger penalty, λ = 0.3."""
    W, G, n = regularisation_parts()
    lam = 0.3
    right = G[0, 0] + lam * W[0, 0]
    return Exercise(
        given={"λ": lam, "w₁,₁⁽ᵒᵘᵗ⁾": scalar(W[0, 0]), "∂J/∂w₁,₁⁽ᵒᵘᵗ⁾": shown(G[0, 0])},
        answer=scalar(right),
        mistakes=[
            Mistake(HALF_PENALTY, "The ½ in (λ/2)‖W‖² cancels the 2: the penalty adds λw, not 2λw.",
                    scalar(G[0, 0] + 2 * lam * W[0, 0])),
            Mistake(PENALTY_FORGOTTEN, "J_λ = J + (λ/2)(…): its gradient adds λW.", scalar(G[0, 0])),
            Mistake(SIGN, "(λ/2)w² has derivative +λw; the minus sign belongs to the descent step, "
                    "not to the gradient.", scalar(G[0, 0] - lam * W[0, 0])),
            Mistake(MEAN, "This site's J is a sum: do not divide its gradient by n.",
                    scalar(G[0, 0] / n + lam * W[0, 0])),
            Mistake(OLD_LAMBDA, f"The question sets λ = {lam}, not the worked example's λ = "
                    f"{regularisation.lam}.", scalar(G[0, 0] + regularisation.lam * W[0, 0])),
        ])


def ex_regularised_step():
    """w_{1,1}^(out) after one gradient-descent step on J_λ with η = 0.5."""
    W, G, _ = regularisation_parts()
    lam, eta = regularisation.lam, 0.5
    step = G[0, 0] + lam * W[0, 0]
    return Exercise(
        given={"λ": lam, "η": eta, "w₁,₁⁽ᵒᵘᵗ⁾": scalar(W[0, 0]), "∂J/∂w₁,₁⁽ᵒᵘᵗ⁾": shown(G[0, 0])},
        answer=scalar(W[0, 0] - eta * step),
        mistakes=[
            Mistake(SIGN, "Descent moves against the gradient: w − η ∂J_λ/∂w.", scalar(W[0, 0] + eta * step)),
            Mistake(HALF_PENALTY, "The penalty's gradient is λw, not 2λw.",
                    scalar(W[0, 0] - eta * (G[0, 0] + 2 * lam * W[0, 0]))),
            Mistake(PENALTY_FORGOTTEN, "The step uses ∂J_λ/∂w = ∂J/∂w + λw.", scalar(W[0, 0] - eta * G[0, 0])),
        ])


# Example 1 of the softmax page, relabelled from class 1 to class 2 (counted from 1).
SOFTMAX_NEW_Y = np.eye(3)[[1, 2]]


def softmax_parts(Y=exsoftmax.Y):
    X, W_h, W_out = exsoftmax.X, exmdt.W_h, exsoftmax.W_out
    _, A_h, _, A_out = forward(X, W_h, W_out, output=softmax)
    delta = output_delta(A_out, Y)
    return A_h, A_out, delta, grad_W_out(A_h, delta)


def ex_softmax_delta():
    """δ_{1,2} of the softmax page's example with example 1 relabelled as class 2."""
    _, A_out, delta, _ = softmax_parts(SOFTMAX_NEW_Y)
    a, y = A_out[0, 1], SOFTMAX_NEW_Y[0, 1]
    return Exercise(
        given={"the new target of example 1": matrix(SOFTMAX_NEW_Y[:1])},
        answer=scalar(delta[0, 1]),
        mistakes=[
            Mistake(SIGMA_KEPT, "With softmax and the categorical cross-entropy the Jacobian cancels too: "
                    "δ = a − y, with no a(1 − a).", scalar((a - y) * a * (1 - a))),
            Mistake(DJ_DA, "−y/a is ∂J/∂a; carry it through the Jacobian to reach ∂J/∂z.",
                    scalar(-y / a)),
            Mistake(SIGN, "δ = a − y, not y − a.", scalar(-delta[0, 1])),
            Mistake(OLD_CLASS, "Classes count from 1: class 2 is the second of the three, so example 1's "
                    f"new target is {fmt_row(SOFTMAX_NEW_Y[:1])} and y₁,₂ = 1.", scalar(softmax_parts()[2][0, 1])),
        ])


def ex_softmax_gradient():
    """∂J/∂w_{2,1}^(out) of the softmax page's example with example 1 relabelled as class 2."""
    A_h, _, delta, grad = softmax_parts(SOFTMAX_NEW_Y)
    n = A_h.shape[0]
    return Exercise(
        given={"the new target of example 1": matrix(SOFTMAX_NEW_Y[:1]), "A⁽ʰ⁾": shown(A_h)},
        answer=scalar(grad[1, 0]),
        mistakes=[
            Mistake(ONE_EXAMPLE, "Add a⁽ʰ⁾ₖ,₂ δₖ,₁ over both examples.", scalar(A_h[0, 1] * delta[0, 0])),
            Mistake(MEAN, "This site's J is a sum: do not divide by n.", scalar(grad[1, 0] / n)),
            Mistake(TRANSPOSED, "That is entry (2, 1) of (δ⁽ᵒᵘᵗ⁾)ᵀ A⁽ʰ⁾; the gradient is (A⁽ʰ⁾)ᵀ δ⁽ᵒᵘᵗ⁾.",
                    scalar((delta.T @ A_h)[1, 0])),
            Mistake(SIGN, "δ = A⁽ᵒᵘᵗ⁾ − Y, not Y − A⁽ᵒᵘᵗ⁾.", scalar(-grad[1, 0])),
            Mistake(OLD_TARGETS, "Example 1 is now class 2, so its δ⁽ᵒᵘᵗ⁾ row changes.",
                    scalar(softmax_parts()[3][1, 0])),
        ])


# --- the mismatched-losses page ------------------------------------------------------------

# Example 1 of the m-d-t page with its targets smoothed from [1, 0] to [0.9, 0.1].
MISMATCH_SMOOTHED_Y = np.array([[0.9, 0.1]])


def ex_mismatch_sigmoid_twice():
    """δ_{1,2} of the m-d-t example's σ outputs given to BCEWithLogitsLoss, targets smoothed."""
    _, _, _, A_out = forward(X, W_h, W_out)
    a, y = A_out[0, 1], MISMATCH_SMOOTHED_Y[0, 1]
    slope = a * (1 - a)
    right = mismatch.back_through_sigmoid(A_out[:1], mismatch.dJ_dA_sigmoid_twice(A_out[:1], MISMATCH_SMOOTHED_Y))
    return Exercise(
        given={"a⁽ᵒᵘᵗ⁾ of example 1": shown(A_out[:1]), "its new target": matrix(MISMATCH_SMOOTHED_Y)},
        answer=scalar(right[0, 1]),
        mistakes=[
            Mistake(MATCHED_PAIR, "The loss applies σ to what it is given: its ∂J/∂a is σ(a) − y, "
                    "not a − y, and the network's σ′ stays.", scalar(a - y)),
            Mistake(DJ_DA, "σ(a) − y is ∂J/∂a; multiply by the network's slope a(1 − a) to reach ∂J/∂z.",
                    scalar(1 / (1 + np.exp(-a)) - y)),
            Mistake(SQUARED_DELTA, "(a − y) a(1 − a) is the squared error's δ: this loss's ∂J/∂a is "
                    "σ(a) − y.", scalar((a - y) * slope)),
            Mistake(SIGN, "∂J/∂a = σ(a) − y, not y − σ(a).", scalar(-right[0, 1])),
            Mistake(OLD_TARGETS, f"The question smooths example 1's targets to {fmt_row(MISMATCH_SMOOTHED_Y)}.",
                    scalar((1 / (1 + np.exp(-a)) - Y[0, 1]) * slope)),
        ])


# Example 1 of the softmax page, relabelled from class 1 to class 3.
MISMATCH_SOFTMAX_Y = np.eye(3)[[2, 2]]


def ex_mismatch_softmax_twice():
    """δ_{1,3} of the softmax page's outputs given to CrossEntropyLoss, example 1 relabelled as class 3."""
    _, A_out, _, _ = softmax_parts()
    a, y = A_out[:1], MISMATCH_SOFTMAX_Y[:1]
    q = softmax(a)
    right = mismatch.back_through_softmax(a, mismatch.dJ_dA_softmax_twice(a, y))
    return Exercise(
        given={"a⁽ᵒᵘᵗ⁾ of example 1": shown(a), "its new target": matrix(y)},
        answer=scalar(right[0, 2]),
        mistakes=[
            Mistake(MATCHED_PAIR, "The loss applies softmax to what it is given: its ∂J/∂a is "
                    "softmax(a) − y, carried back through the network's softmax.", scalar(a[0, 2] - y[0, 2])),
            Mistake(DJ_DA, "softmax(a) − y is ∂J/∂a; carry it back through the network's softmax "
                    "to reach ∂J/∂z.", scalar(q[0, 2] - y[0, 2])),
            Mistake(JACOBIAN_DIAGONAL, "Every a_j depends on every z: subtract the row's sum "
                    "Σⱼ aⱼ ∂J/∂aⱼ before multiplying by a₃.",
                    scalar(a[0, 2] * (1 - a[0, 2]) * (q[0, 2] - y[0, 2]))),
            Mistake(SIGN, "∂J/∂a = softmax(a) − y, not y − softmax(a).", scalar(-right[0, 2])),
            Mistake(OLD_TARGETS, f"Example 1 is now class 3: its target is {fmt_row(y)}, not the worked example's.",
                    scalar(mismatch.back_through_softmax(a, mismatch.dJ_dA_softmax_twice(a, exsoftmax.Y[:1]))[0, 2])),
        ])


# --- the from-logits page ----------------------------------------------------------------

def ex_logits_threshold():
    """From which z does σ(z) round to exactly 1 in float16 (p = 11 significant bits)?"""
    p = int(np.finfo(np.float16).nmant + 1)
    return Exercise(
        given={"p": p},
        answer=scalar(p * np.log(2)),
        mistakes=[
            Mistake(EPS_NOT_HALVED, "1 + e⁻ᶻ rounds down to 1 once e⁻ᶻ is at most half the gap above 1: "
                    "2⁻ᵖ, not 2¹⁻ᵖ.", scalar((p - 1) * np.log(2))),
            Mistake(LOG2, "e⁻ᶻ ≤ 2⁻ᵖ gives z ≥ p ln 2: the natural logarithm, not log₂.", scalar(p)),
            Mistake(LOG10, "e⁻ᶻ ≤ 2⁻ᵖ gives z ≥ p ln 2: the natural logarithm, not log₁₀.",
                    scalar(p * np.log10(2))),
        ])


# One example's logits and its class (class 3, counting from 1).
LOGITS_Z, LOGITS_Y = np.array([[2.0, -1.0, 0.5]]), np.array([[0.0, 0.0, 1.0]])


def ex_logits_categorical():
    """The categorical cross-entropy of one example from its logits."""
    Z, Y = LOGITS_Z, LOGITS_Y
    log_sum_exp = float(np.log(np.sum(np.exp(Z))))
    A = softmax(Z)
    return Exercise(
        given={"z": matrix(Z), "y": matrix(Y)},
        answer=scalar(categorical_cross_entropy(Z, Y)),
        mistakes=[
            Mistake(SOFTMAX_TWICE, "The loss takes the logits: do not turn them into probabilities "
                    "first, or it applies softmax a second time.", scalar(categorical_cross_entropy(A, Y))),
            Mistake(TARGET_LOGIT, "ln Σ e^z is only the first term: subtract the right class's logit.",
                    scalar(log_sum_exp)),
            Mistake(BINARY_PER_OUTPUT, "That is the binary cross-entropy of each output, summed; the "
                    "classes are exclusive: ln Σ e^z − z of the class.",
                    scalar(np.sum(np.logaddexp(0, Z) - Y * Z))),
            Mistake(SIGN, "J = ln Σ e^z − z_c, not z_c − ln Σ e^z: a loss is never negative here.",
                    scalar(-categorical_cross_entropy(Z, Y))),
        ])


# --- the frameworks' L2 (regularisation page) and the matrix route ---------------------------

def ex_regularised_keras():
    """The λ of this site's J_λ that Keras's L2(l2) on a kernel descends, under BinaryCrossentropy."""
    l2, n, t = 0.005, 32, 10
    r = n * t  # BinaryCrossentropy's default divides J by n t
    return Exercise(
        given={"l2": l2, "n": n, "t": t},
        answer=scalar(regularisation.lam_from_keras_l2(l2, r)),
        mistakes=[
            Mistake(PENALTY_AS_LOSS, f"Keras adds l2·Σw² to the mean loss J / (n t) as it is: multiply by "
                    f"n t = {r} to compare with this site's J.", scalar(2 * l2)),
            Mistake(L2_TWO, "l2·Σw² has gradient 2·l2·W, and this site's (λ/2)‖W‖² has λW: λ = 2 · n t · l2.",
                    scalar(r * l2)),
            Mistake(MEAN_EXAMPLES, f"BinaryCrossentropy averages over the t = {t} outputs too: J / (n t).",
                    scalar(2 * n * l2)),
            Mistake(L2_AS_LAMBDA, "Keras's l2 multiplies Σw² with no ½, in a loss divided by n t.", scalar(l2)),
        ])


def ex_matrix_route_size():
    """How many numbers ∂Z^(out)/∂W^(out) holds for a 784-100-10 network and a mini-batch of 64."""
    m, d, t, n = 784, 100, 10, 64
    return Exercise(
        given={"m": m, "d": d, "t": t, "n": n},
        answer=n * t * d * t,
        prompt="one whole number",
        mistakes=[
            Mistake(DZ_DW_AS_W, "d × t is the shape of W⁽ᵒᵘᵗ⁾ and of ∂J/∂W⁽ᵒᵘᵗ⁾; ∂Z/∂W has an entry for every "
                    "entry of Z⁽ᵒᵘᵗ⁾ and every weight.", d * t),
            Mistake(DZ_DW_AS_Z, "n × t is the shape of Z⁽ᵒᵘᵗ⁾; each of its entries has a derivative by each of "
                    "the d·t weights.", n * t),
            Mistake(NONZERO_ONLY, "The zeros ([j ≠ j′]) are entries too: n·t·d·t in all, n·d·t of them "
                    "other than zero.", n * d * t),
        ])


# Example 3 of the m-d-t page, relabelled from class 2 to class 1 (counted from 1).
ROUTE_NEW_Y = np.eye(2)[[0, 1, 0]]


def ex_matrix_route_contraction():
    """∂J/∂w_{1,2}^(out) by contracting ∂Z/∂W with δ, example 3 relabelled as class 1."""
    A_h, A_out, delta, grad = mdt_parts(ROUTE_NEW_Y)
    return Exercise(
        given={"Y": matrix(ROUTE_NEW_Y), "A⁽ᵒᵘᵗ⁾": shown(A_out)},
        answer=scalar(grad[0, 1]),
        mistakes=[
            Mistake(TRANSPOSED, "That is Σₖ δₖ,₁ a⁽ʰ⁾ₖ,₂, entry (1, 2) of (δ⁽ᵒᵘᵗ⁾)ᵀ A⁽ʰ⁾: the derivative "
                    "by w₂,₁. The bracket [j = 2] keeps column 2 of δ⁽ᵒᵘᵗ⁾, paired with column 1 of A⁽ʰ⁾.",
                    scalar((delta.T @ A_h)[0, 1])),
            Mistake(BRACKET_DROPPED, "∂zₖ,ⱼ/∂w₁,₂ is 0 unless j = 2: z of output 1 does not contain w₁,₂.",
                    scalar(A_h[:, 0] @ delta.sum(axis=1))),
            Mistake(ONE_EXAMPLE, "The contraction sums over every example k = 1, 2, 3.",
                    scalar(A_h[0, 0] * delta[0, 1])),
            Mistake(SIGN, "δ = A⁽ᵒᵘᵗ⁾ − Y, not Y − A⁽ᵒᵘᵗ⁾.", scalar(-grad[0, 1])),
            Mistake(OLD_TARGETS, f"Example 3 is now class 1: its row of Y is {fmt_row(ROUTE_NEW_Y[2:])}, "
                    "so its δ changes.", scalar(mdt_parts()[3][0, 1])),
        ])


def ex_central_difference():
    """Central difference of f(w) = w³ at w = 3 with h = 0.1."""
    # w = 3, not 1 or 2, so that w², w³, 2w and 3w² are all different numbers.
    f, w, h = (lambda v: v ** 3), 3.0, 0.1
    return Exercise(
        given={"f(w)": "w³", "w": w, "h": h},
        answer=scalar((f(w + h) - f(w - h)) / (2 * h)),
        mistakes=[
            Mistake(ONE_SIDED, "(f(w + h) − f(w)) / h has an error of order h; "
                    "take f(w + h) − f(w − h).", scalar((f(w + h) - f(w)) / h)),
            Mistake(TWO_H, "The two points are 2h apart: divide by 2h.",
                    scalar((f(w + h) - f(w - h)) / h)),
            Mistake(EXACT_DERIVATIVE, "3w² is the exact slope; the question asks what central "
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
            Mistake(SMALLER_NORM, "Divide by the larger of the two norms.",
                    scalar(diff / min(norms))),
            Mistake(ABSOLUTE_ERROR, "Divide the norm of the difference by the larger norm.", scalar(diff)),
        ])


def ex_notation_shape():
    """The shape of ∂J/∂W^(out) for a 784-100-10 network and n = 60000 examples."""
    m, d, t, n = 784, 100, 10, 60000
    return Exercise(
        given={"m": m, "d": d, "t": t, "n": n},
        answer=[[d, t]],
        prompt="rows × columns (two whole numbers, as 3 × 4, 3x4 or 3 4)",
        mistakes=[
            Mistake(NUMERATOR_LAYOUT, "t × d is the transpose (the column convention's W, or the "
                    "numerator layout); ∂J/∂W⁽ᵒᵘᵗ⁾ has the shape of W⁽ᵒᵘᵗ⁾.", [[t, d]]),
            Mistake(SHAPE_OF_W_H, "W⁽ʰ⁾ is m × d; the question asks about W⁽ᵒᵘᵗ⁾.", [[m, d]]),
            Mistake(SHAPE_OF_DELTA, "δ⁽ᵒᵘᵗ⁾ is n × t; its examples are summed away in (A⁽ʰ⁾)ᵀ δ⁽ᵒᵘᵗ⁾.",
                    [[n, t]]),
        ])


def ex_notation_column():
    """Entry (1, 2) of the column convention's gradient δ aᵀ for the 2-2-2 network with
    targets y = [0.2, 0.7]: the 2-2-2 page prints its own example's gradient."""
    y = np.array([[0.2, 0.7]])
    _, a_h, _, a_out = forward(ex222.x, ex222.W_h, ex222.W_out)
    ours = grad_W_out(a_h, output_delta(a_out, y))
    columns = ours.T
    return Exercise(
        given={"y": matrix(y), "a⁽ʰ⁾": shown(a_h), "δ⁽ᵒᵘᵗ⁾": shown(output_delta(a_out, y))},
        answer=scalar(columns[0, 1]),
        mistakes=[
            Mistake(OUR_ENTRY, "Their matrix is ours transposed: their entry (1, 2) is our entry (2, 1).",
                    scalar(ours[0, 1])),
            Mistake(SIGN, "δ = a − y, not y − a.", scalar(-columns[0, 1])),
        ])


def deep_parts(unit):
    """Example 1's activations and error signals in the deeper-networks page's example."""
    _, A = deep.deep_forward(deep.X, deep.weights, unit)
    deltas, _ = deep.deep_backward(deep.X, deep.Y, deep.weights, unit)
    return A, deltas


def ex_deep_tanh():
    """δ_{1,1}^(3) of the deeper-networks example with tanh units: from the output into layer 3."""
    A, deltas = deep_parts(deep.TANH)
    W4, y, a = deep.weights[3], deep.Y[:1], A[3][0, 0]
    delta_out = A[4][:1] - y
    back = (delta_out @ W4.T)[0, 0]
    sigma_kept = delta_out * A[4][:1] * (1 - A[4][:1])
    return Exercise(
        given={"a⁽⁴⁾ of example 1": shown(A[4][:1]), "its target y": matrix(y), "W⁽⁴⁾": matrix(W4),
               "a⁽³⁾₁,₁": shown(a)},
        answer=scalar(deltas[3][0, 0]),
        mistakes=[
            Mistake(W_NOT_TRANSPOSED, "Unit 1 of layer 3 feeds the outputs through row 1 of W⁽⁴⁾, w₁,ⱼ⁽⁴⁾: "
                    "that is what (W⁽⁴⁾)ᵀ in the recursion does; column 1 holds other weights.",
                    scalar((delta_out @ W4[:2])[0, 0] * (1 - a ** 2))),
            Mistake(SIGMA_FOR_TANH, "These are tanh units: tanh′ = 1 − a², not σ′ = a(1 − a).",
                    scalar(back * a * (1 - a))),
            Mistake(SIGMA_KEPT, "δ⁽⁴⁾ = a⁽⁴⁾ − y already contains the output layer's σ′.",
                    scalar((sigma_kept @ W4.T)[0, 0] * (1 - a ** 2))),
            Mistake(F_PRIME_DROPPED, "Step 2 multiplies by tanh′ of layer 3, 1 − (a⁽³⁾₁,₁)².", scalar(back)),
            Mistake(SIGN, "δ⁽⁴⁾ = a⁽⁴⁾ − y, not y − a⁽⁴⁾.", scalar(-deltas[3][0, 0])),
        ])


def ex_deep_relu():
    """δ_{1,2}^(2) of the deeper-networks example with ReLU units: from layer 3 into layer 2."""
    A, deltas = deep_parts(deep.RELU)
    W3 = deep.weights[2]
    back = (deltas[3][:1] @ W3[1:2].T)[0, 0]
    a2, a3 = A[2][0, 1], A[3][0, 1]
    return Exercise(
        given={"δ⁽³⁾ of example 1": shown(deltas[3][:1] + 0.0),  # + 0.0: no −0 shown
               "row 2 of W⁽³⁾": matrix(W3[1:2]), "a⁽²⁾₁,₂ and a⁽³⁾₁,₂": shown([[a2, a3]])},
        answer=scalar(deltas[2][0, 1]),
        mistakes=[
            Mistake(SIGMA_FOR_RELU, "These are ReLU units: ReLU′ = [a > 0], 1 or 0, not a(1 − a).",
                    scalar(back * a2 * (1 - a2))),
            Mistake(F_PRIME_WRONG_LAYER, "δ⁽²⁾ takes f′ of layer 2, [a⁽²⁾₁,₂ > 0]; layer 3's f′ is "
                    "already in δ⁽³⁾.", scalar(back * (a3 > 0))),
        ])

EXERCISES = {
    "output-layer-2-2-2/entry": ex_2_2_2_entry,
    "output-layer-2-2-2/new-target": ex_2_2_2_new_target,
    "output-layer-m-d-t/entry": ex_mdt_entry,
    "output-layer-m-d-t/mean-all": ex_mdt_mean_all,
    "sigma-prime/delta": ex_sigma_prime_delta,
    "sigma-prime/gradient": ex_sigma_prime_gradient,
    "hidden-layer/delta": ex_hidden_delta,
    "hidden-layer/gradient": ex_hidden_gradient,
    "deeper-networks/tanh": ex_deep_tanh,
    "deeper-networks/relu": ex_deep_relu,
    "biases/output": ex_bias_out,
    "biases/hidden": ex_bias_h,
    "regularisation/entry": ex_regularised_entry,
    "regularisation/step": ex_regularised_step,
    "regularisation/keras": ex_regularised_keras,
    "softmax/delta": ex_softmax_delta,
    "softmax/gradient": ex_softmax_gradient,
    "mismatched-losses/sigmoid-twice": ex_mismatch_sigmoid_twice,
    "mismatched-losses/softmax-twice": ex_mismatch_softmax_twice,
    "from-logits/threshold": ex_logits_threshold,
    "from-logits/categorical": ex_logits_categorical,
    "gradient-check/central": ex_central_difference,
    "gradient-check/relative": ex_relative_error,
    "notation/shape": ex_notation_shape,
    "notation/column": ex_notation_column,
    "matrix-route/size": ex_matrix_route_size,
    "matrix-route/contraction": ex_matrix_route_contraction,
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
        } | ({"prompt": exercise.prompt} if exercise.prompt else {})
    return json.dumps(document, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    utf8_stdout()
    if "--json" in sys.argv[1:]:
        print(as_json())
        sys.exit()
    # --8<-- [start:call]
    # Its answers stay off the pages: the box checks what you type.
    exercise = ex_mdt_entry()
    print("given Y =")
    print(fmt(MDT_NEW_Y))
    count = len(exercise.mistakes)
    print(f"the answer, and {count} classic mistakes the box can name:")
    for mistake in exercise.mistakes:
        print(f"  {mistake.name}")
    answers = [exercise.answer] + [mistake.answer for mistake in exercise.mistakes]
    apart = all(abs(a - b) > 2 * TOLERANCE
                for k, a in enumerate(answers) for b in answers[k + 1:])
    print(f"no two of them within 2 x {TOLERANCE} of each other: {apart}")
    # --8<-- [end:call]
