"""One contract for every public function in snippets/: bad input raises a ValueError naming
the argument; lists and ints are accepted and give the array result; float32 is computed in
float64.

The table is built from one entry per function: the arguments of a valid call, which of them
have a fixed shape (so a transposed one is wrong), which hold targets or activations in [0, 1],
and which may be any shape (element-wise). Each bad variant replaces one argument.
"""

import inspect
import re
from pathlib import Path

import numpy as np
import pytest

import biases
import checks
import deep
import gradient_check
import hidden_layer
import logits
import matrix_route
import mismatch
import mlp
import notation
import output_layer_2_2_2
import output_layer_m_d_t
import regularisation
import softmax as softmax_page
from sections import sections
from support import random_network

X, W_h, W_out, Y = random_network(n=3, m=4, d=5, t=2, seed=0)
b_h = np.array([[0.1, -0.2, 0.3, 0.0, -0.1]])
b_out = np.array([[-0.3, 0.2]])
Z_h, A_h, Z_out, A_out = mlp.forward(X, W_h, W_out)
delta_out = mlp.output_delta(A_out, Y)
delta_h = mlp.hidden_delta(delta_out, W_out, A_h)
Y_classes = np.eye(2)[[0, 1, 1]]
a_row = mlp.softmax(np.array([[0.3, -1.0, 2.0]]))
y_row = np.array([[0.0, 0.0, 1.0]])
a_h_row, a_out_row, y_2 = A_h[:1, :2], A_out[:1], Y[:1]

FIXED, ANY = "fixed", "any"  # shape kinds: a transposed FIXED argument is wrong


class Spec:
    """A valid call: (name, value, shape kind, range) per argument; range is
    'targets', 'activations' or None."""

    def __init__(self, function, *arguments, label=None):
        self.function, self.arguments = function, arguments
        self.label = label or function.__name__

    def call(self, values):
        return self.function(*values)

    def values(self):
        return [value for _, value, _, _ in self.arguments]


def arg(name, value, shape=FIXED, range_=None):
    return (name, value, shape, range_)


SPECS = [
    # mlp.py
    Spec(mlp.sigmoid, arg("Z", Z_out, ANY)),
    Spec(mlp.softmax, arg("Z", Z_out, "rows")),
    Spec(mlp.layer, arg("A_in", X), arg("W", W_h), arg("b", b_h)),
    Spec(mlp.forward, arg("X", X), arg("W_h", W_h), arg("W_out", W_out), arg("b_h", b_h),
         arg("b_out", b_out)),
    Spec(mlp.cross_entropy, arg("Z_out", Z_out), arg("Y", Y, range_="targets")),
    Spec(mlp.squared_error, arg("A_out", A_out, range_="activations"),
         arg("Y", Y, range_="targets")),
    Spec(mlp.categorical_cross_entropy, arg("Z_out", Z_out), arg("Y", Y_classes, range_="targets")),
    Spec(mlp.objective, arg("X", X), arg("W_h", W_h), arg("W_out", W_out),
         arg("Y", Y, range_="targets")),
    Spec(mlp.output_delta, arg("A_out", A_out, range_="activations"),
         arg("Y", Y, range_="targets")),
    Spec(mlp.output_delta_squared_error, arg("A_out", A_out, range_="activations"),
         arg("Y", Y, range_="targets")),
    Spec(mlp.grad_W_out, arg("A_h", A_h), arg("delta_out", delta_out)),
    Spec(mlp.hidden_delta, arg("delta_out", delta_out), arg("W_out", W_out),
         arg("A_h", A_h, range_="activations")),
    Spec(mlp.grad_W_h, arg("X", X), arg("delta_h", delta_h)),
    Spec(mlp.grad_b, arg("delta", delta_out, "rows")),
    Spec(mlp.l2_penalty, arg("lam", 0.1, "lam"), arg("weights[0]", W_h, "rows"),
         arg("weights[1]", W_out, "rows")),
    Spec(mlp.l2_gradient, arg("lam", 0.1, "lam"), arg("W", W_out, "rows")),
    Spec(mlp.backprop, arg("X", X), arg("Y", Y, range_="targets"), arg("W_h", W_h),
         arg("W_out", W_out), arg("b_h", b_h), arg("b_out", b_out)),
    # hidden_layer.py
    Spec(hidden_layer.hidden_delta_loop, arg("delta_out", delta_out), arg("W_out", W_out),
         arg("A_h", A_h, range_="activations")),
    Spec(hidden_layer.grad_W_h_loop, arg("X", X), arg("delta_h", delta_h)),
    # softmax.py
    Spec(softmax_page.softmax_jacobian, arg("a", a_row, range_="activations")),
    Spec(softmax_page.delta_through_jacobian, arg("a", a_row, range_="activations"),
         arg("y", y_row, range_="targets")),
    Spec(softmax_page.J_of_W_out, arg("W_out", softmax_page.W_out)),
    # biases.py
    Spec(biases.grad_W_out_with_ones_column, arg("A_h", A_h), arg("delta_out", delta_out)),
    Spec(lambda b: biases.J_of(b_out=b), arg("b_out", biases.b_out), label="J_of"),
    # output_layer_2_2_2.py
    Spec(output_layer_2_2_2.dJ_da, arg("a", 0.7, ANY, "activations"),
         arg("y", 1.0, ANY, "targets")),
    Spec(output_layer_2_2_2.da_dz, arg("a", 0.7, ANY, "activations")),
    Spec(output_layer_2_2_2.unit_by_unit_gradient, arg("a_h", a_h_row, range_="activations"),
         arg("a_out", a_out_row, range_="activations"), arg("y", y_2, range_="targets")),
    # output_layer_m_d_t.py
    Spec(output_layer_m_d_t.grad_W_out_loop, arg("A_h", A_h), arg("delta_out", delta_out)),
    Spec(output_layer_m_d_t.grad_W_out_by_example, arg("A_h", A_h), arg("delta_out", delta_out)),
    # notation.py and regularisation.py
    Spec(notation.grad_W_out_columns, arg("X", X), arg("W_h", W_h), arg("W_out", W_out),
         arg("Y", Y, range_="targets")),
    Spec(notation.grad_W_out_rows, arg("X", X), arg("W_h", W_h), arg("W_out", W_out),
         arg("Y", Y, range_="targets")),
    Spec(notation.torch_linear, arg("A_h", A_h), arg("weight", W_out.T)),
    Spec(notation.keras_dense, arg("A_h", A_h), arg("kernel", W_out)),
    Spec(notation.torch_bce_mean, arg("Z_out", Z_out), arg("Y", Y, range_="targets")),
    Spec(notation.keras_bce, arg("Z_out", Z_out), arg("Y", Y, range_="targets")),
    Spec(notation.torch_cross_entropy_mean, arg("Z_out", Z_out), arg("Y", Y_classes, range_="targets")),
    *[Spec(lambda A_h_, A_out_, Y_, f=f: f(A_h_, A_out_, Y_, Y.size), arg("A_h", A_h),
           arg("A_out", A_out, range_="activations"), arg("Y", Y, range_="targets"), label=f.__name__)
      for f in (notation.torch_weight_grad, notation.keras_kernel_grad)],
    *[Spec(f, arg("X", X), arg("W_h", W_h), arg("W_out", W_out), arg("Y", Y, range_="targets"),
           arg("lam", 0.1, "lam"))
      for f in (regularisation.J_regularised, regularisation.gradients_regularised,
                regularisation.J_book)],
]

# Functions still outside the contract, whose rows are expected to fail (strictly): none.
UNGUARDED = set()


def names_argument(name):
    """A message that names `name` as the argument at fault."""
    n = re.escape(name)
    return (rf"(?<![\w.\[]){n}(?: must| has shape| of shape| holds| = )"
            rf"|targets {n}(?!\w)|(?:multiply|by) {n}(?![\w\[])")


def with_value(x, position, value):
    x = np.array(x, dtype=np.float64)
    x[np.unravel_index(position, x.shape) if x.ndim else ()] = value
    return x


def bad_variants(spec):
    """(case id, values, regex) for each bad argument of one valid call."""
    for i, (name, value, shape, range_) in enumerate(spec.arguments):
        def replaced(new):
            values = spec.values()
            values[i] = new
            return values

        if shape == "lam":
            for label, bad in (("nan", np.nan), ("inf", np.inf), ("negative", -0.1),
                               ("array", np.array([0.1])), ("text", "0.1")):
                yield f"{name}-{label}", replaced(bad), r"lam must be"
            continue
        if shape != ANY:
            yield f"{name}-1d", replaced(np.ravel(value)), names_argument(name)
        if shape == FIXED and np.shape(value)[0] != np.shape(value)[1]:
            yield f"{name}-transposed", replaced(np.transpose(value)), names_argument(name)
        yield f"{name}-nan", replaced(with_value(value, 0, np.nan)), names_argument(name)
        yield f"{name}-inf", replaced(with_value(value, 0, np.inf)), names_argument(name)
        if range_ == "targets":
            for bad in (1.5, -0.2):
                yield (f"{name}-target-{bad}", replaced(with_value(value, 0, bad)),
                       rf"targets {re.escape(name)} must lie in \[0, 1\]")
        if range_ == "activations":
            for bad in (1.5, -0.2):
                yield (f"{name}-activation-{bad}", replaced(with_value(value, 0, bad)),
                       rf"{re.escape(name)} holds activations, which must lie in \[0, 1\]"
                       r".*did you pass Z_out")


def table():
    rows = []
    for spec in SPECS:
        marks = ([pytest.mark.xfail(strict=True, reason="notation.py validates nothing")]
                 if spec.label in UNGUARDED else [])
        for case, values, message in bad_variants(spec):
            rows.append(pytest.param(spec, values, message, id=f"{spec.label}-{case}",
                                     marks=marks))
    # Cases a generated variant cannot express.
    extra = [
        (mlp.categorical_cross_entropy, (Z_out, with_value(Y_classes, 1, 9e-6)),
         r"each row of Y must sum to 1.*1\.000009.*4 t eps"),
        (mlp.categorical_cross_entropy, (Z_out[:, :1], Y_classes[:, :1] * 0 + 0.5),
         r"each row of Y must sum to 1"),
        (mlp.output_delta, (Z_out * 0 + 3.0, Y), r"A_out holds activations.*did you pass Z_out"),
        (checks.as_matrix, ("W_h", np.ones(3), "weights"), r"W_h must be a 2-D array \(one row "
         r"per unit feeding the layer.*reshape\(p, q\)"),
        (checks.as_matrix, ("b_h", np.ones(3), "bias row"), r"b_h must be a 2-D array \(a \(1, k\) row"),
        (checks.as_matrix, ("X", np.ones(3)), r"X must be a 2-D array \(one example per row\)"),
        (checks.as_matrix, ("X", [["a", "b"]]), r"X must be a 2-D array of real numbers"),
        (mlp.sigmoid, ([[1.0, "x"]],), r"Z must be an array of real numbers"),
        (mlp.forward, (X, W_h, W_out, b_h.T), r"b_h has shape \(5, 1\); expected a \(1, 5\) row"),
        (mlp.l2_gradient, (True, W_out), r"lam must be a real number"),
        (softmax_page.delta_through_jacobian,
         (mlp.softmax(np.array([[800.0, 0.0, -800.0]])), y_row),
         r"a has an entry equal to 0.*divides by a = 0.*cancelled form a - y"),
        (softmax_page.softmax_jacobian, (np.vstack([a_row, a_row]),),
         r"a has shape \(2, 3\); expected one example"),
        (output_layer_2_2_2.unit_by_unit_gradient, (a_h_row, [[1.0, 0.0]], y_2),
         r"a = \[1.0\]: the output saturated.*divides by a = 0 \(or 1 - a = 0\)"),
        (output_layer_2_2_2.dJ_da, (0.0, 1.0), r"a = \[0.0\]: the output saturated"),
        (output_layer_2_2_2.dJ_da, ([[0.5, 0.5]], [[1.0, 0.0, 0.0]]),
         r"a has shape \(1, 2\) but y has shape \(1, 3\)"),
        (output_layer_2_2_2.unit_by_unit_gradient, (A_h, A_out, Y),
         r"a_h has shape \(3, 5\); expected one example"),
        *[(f, (A_h, A_out, Y, bad), r"reduced_over must be a positive number")
          for f in (notation.torch_weight_grad, notation.keras_kernel_grad)
          for bad in (0, -6.0, np.nan, np.inf, np.array([6.0]))],
    ]
    for function, values, message in extra:
        spec = Spec(function)
        rows.append(pytest.param(spec, list(values), message,
                                 id=f"{function.__name__}-extra-{len(rows)}"))
    return rows


@pytest.mark.parametrize("spec, values, message", table())
def test_bad_input_raises_a_value_error_naming_the_argument(spec, values, message):
    with np.errstate(all="ignore"):  # a missing check must fail here, not warn
        with pytest.raises(ValueError, match=message):
            spec.call(values)


def same(a, b):
    if isinstance(a, tuple):
        return isinstance(b, tuple) and len(a) == len(b) and all(map(same, a, b))
    a, b = np.asarray(a), np.asarray(b)
    return a.shape == b.shape and a.dtype == b.dtype == np.float64 and np.array_equal(a, b)


def outcome(spec, values):
    try:
        return "ok", spec.call(values)
    except ValueError as error:
        return "error", str(error)


def accepted_rows(unguarded=UNGUARDED):
    return [pytest.param(spec, id=spec.label,
                         marks=[pytest.mark.xfail(strict=True, reason="notation.py converts nothing")]
                         if spec.label in unguarded else [])
            for spec in SPECS]


def converted(values, convert):
    return [convert(v) if isinstance(v, np.ndarray) else v for v in values]


@pytest.mark.parametrize("spec", accepted_rows())
def test_lists_give_the_array_result(spec):
    values = spec.values()
    expected = spec.call(values)
    assert same(spec.call(converted(values, lambda v: v.tolist())), expected)


@pytest.mark.parametrize("spec", accepted_rows(unguarded=set()))
def test_ints_give_the_float_result(spec):
    # Rounded to integers some calls become invalid (an output of exactly 1): then the
    # integer call must fail with the float call's message.
    values = [np.rint(v).astype(np.int64) if isinstance(v, np.ndarray) else int(np.ceil(v))
              for v in spec.values()]
    as_float = [v.astype(np.float64) if isinstance(v, np.ndarray) else float(v)
                for v in values]
    kind, result = outcome(spec, values)
    expected_kind, expected = outcome(spec, as_float)
    assert kind == expected_kind
    assert same(result, expected) if kind == "ok" else result == expected


@pytest.mark.parametrize("spec", accepted_rows())
def test_float32_is_computed_in_float64(spec):
    values32 = converted(spec.values(), lambda v: v.astype(np.float32))
    values64 = converted(values32, lambda v: v.astype(np.float64))
    assert same(spec.call(values32), spec.call(values64))


def test_the_frameworks_divide_by_any_positive_reduced_over():
    # Below 1 too: a loss may average over a fraction (no check may demand >= 1).
    for f in (notation.torch_weight_grad, notation.keras_kernel_grad):
        assert np.allclose(f(A_h, A_out, Y, 0.5), 2 * f(A_h, A_out, Y, 1))


def test_known_gap_l2_gradient_of_a_list_is_a_matrix():
    assert mlp.l2_gradient(2, [[1, 2]]).tolist() == [[2.0, 4.0]]


VALIDATORS = {"as_float", "as_matrix", "check_product", "check_same_shape", "check_bias",
              "check_targets", "check_activations", "check_distributions", "check_lam"}
NOT_NETWORK = {"report", "math_blocks"}
# The frameworks' update rules take step sizes and an optimiser's state, kinds of argument this
# table has no row for: test_regularisation_frameworks.py's
# test_the_frameworks_rules_refuse_bad_input holds them to the same contract.
OWN_BAD_INPUT_TEST = {"sgd_step", "adam_step", "keras_l2", "lam_from_weight_decay", "lam_from_keras_l2"}


@pytest.mark.parametrize("module", [mlp, hidden_layer, softmax_page, biases, output_layer_2_2_2,
                                    output_layer_m_d_t, notation, regularisation],
                         ids=lambda m: m.__name__)
def test_the_table_covers_every_public_function(module):
    # A demo that takes no argument has nothing to refuse.
    public = {name for name, f in inspect.getmembers(module, inspect.isfunction)
              if f.__module__ == module.__name__ and not name.startswith("_")
              and inspect.signature(f).parameters}
    covered = {spec.label for spec in SPECS}
    assert public - VALIDATORS - NOT_NETWORK - OWN_BAD_INPUT_TEST - covered == set()


def test_softmax_outputs_pass_the_row_sum_tolerance():
    # The tolerance 4 t ε is about rounding only: computed distributions pass, 1 + 9e-6 does not.
    rng = np.random.default_rng(0)
    for t in (2, 10, 1000):
        Y_soft = mlp.softmax(rng.normal(scale=10, size=(500, t)))
        assert np.isfinite(mlp.categorical_cross_entropy(np.zeros((500, t)), Y_soft))


# The validators and helpers of checks.py; its per-function checks share the math's names.
MATH = {name for module in (mlp, gradient_check, hidden_layer, softmax_page, biases,
                            output_layer_2_2_2, output_layer_m_d_t, notation, regularisation,
                            deep, mismatch, logits, matrix_route)
        for name, _ in inspect.getmembers(module, inspect.isfunction)}
CHECK_NAMES = {name for name, f in inspect.getmembers(checks, inspect.isfunction)
               if f.__module__ == "checks"} - MATH


@pytest.mark.parametrize("path", sorted(p for p in (Path(mlp.__file__).parent).glob("*.py")
                                        if p.name != "checks.py"), ids=lambda p: p.name)
def test_no_section_a_page_shows_holds_a_check(path):
    # The pages include these sections: the math alone, no call into checks.py.
    for name, text in sections(path.read_text(encoding="utf-8")).items():
        calls = set(re.findall(r"\b(\w+)\(", text)) | set(re.findall(r"checks\.(\w+)", text))
        assert not calls & CHECK_NAMES, f"{path.name}:{name} calls {calls & CHECK_NAMES}"
        assert "checked_by" not in text and "checks." not in text, f"{path.name}:{name}"


def test_checked_by_checks_keyword_and_default_arguments():
    # Keywords and defaults reach the check as the function's own parameters do.
    with pytest.raises(ValueError, match=r"delta_out must be a 2-D array"):
        mlp.grad_W_out(delta_out=np.ones(3), A_h=A_h)
    with pytest.raises(ValueError, match=r"b_out has shape \(2, 1\)"):
        mlp.forward(X, W_h, W_out, b_out=b_out.T)
    assert mlp.forward(X.tolist(), W_h, W_out, output=mlp.softmax).A_out.sum(axis=1) == \
        pytest.approx(np.ones(3))
    assert inspect.signature(mlp.forward) == inspect.signature(mlp.forward.__wrapped__)
