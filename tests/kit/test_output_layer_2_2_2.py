"""The 2-2-2 page: its worked example, and the algebra it shows, checked with SymPy."""

import numpy as np
import pytest
import sympy as sp

import output_layer_2_2_2 as example
from gradient_check import check_gradient, numerical_gradient, relative_error
from support import SNIPPETS, assert_prints_recorded
from mlp import forward, grad_W_out, objective, output_delta

TOLERANCE = 1e-7
PHONE_COLUMNS = 43


# --- the worked example, numerically -------------------------------------------------

def test_worked_example_gradient_matches_finite_differences():
    _, a_h, _, a_out = forward(example.x, example.W_h, example.W_out)
    analytic = grad_W_out(a_h, output_delta(a_out, example.y))
    numeric = numerical_gradient(lambda W: objective(example.x, example.W_h, W, example.y), example.W_out)
    assert relative_error(analytic, numeric) <= TOLERANCE


def test_worked_example_is_not_symmetric():
    # A transposed gradient must be visibly wrong on the page.
    _, a_h, _, a_out = forward(example.x, example.W_h, example.W_out)
    grad = grad_W_out(a_h, output_delta(a_out, example.y))
    assert relative_error(grad.T, grad) > 1e-2


@pytest.mark.parametrize("seed", range(5))
def test_grad_W_out_matches_finite_differences_for_random_2_2_2_weights(seed):
    rng = np.random.default_rng(seed)
    x, W_h, W_out = rng.normal(size=(1, 2)), rng.normal(size=(2, 2)), rng.normal(size=(2, 2))
    y = rng.uniform(size=(1, 2))
    _, a_h, _, a_out = forward(x, W_h, W_out)
    analytic = grad_W_out(a_h, output_delta(a_out, y))
    assert check_gradient(lambda W: objective(x, W_h, W, y), analytic, W_out) <= TOLERANCE


def test_unit_by_unit_chain_rule_equals_the_matrix_product():
    # The unit-by-unit view multiplies ∂J/∂a · σ'(z) · a_i without cancelling σ'.
    _, a_h, _, a_out = forward(example.x, example.W_h, example.W_out)
    by_units = example.unit_by_unit_gradient(a_h, a_out, example.y)
    assert np.allclose(by_units, grad_W_out(a_h, output_delta(a_out, example.y)), rtol=1e-12, atol=0)


# --- the page's algebra, symbolically -------------------------------------------------

a, y, z = sp.symbols("a y z", real=True)


def sigma(value):
    return 1 / (1 + sp.exp(-value))


def loss_term(a_j, y_j):
    """One output's term of J, as the page writes it."""
    return -(y_j * sp.log(a_j) + (1 - y_j) * sp.log(1 - a_j))


def is_zero(expression):
    return sp.simplify(expression) == 0


def test_dJ_da_is_a_minus_y_over_a_times_one_minus_a():
    dJ_da = sp.diff(loss_term(a, y), a)
    assert is_zero(dJ_da - (-y / a + (1 - y) / (1 - a)))  # the first line on the page
    assert sp.expand(-y * (1 - a) + (1 - y) * a) == sp.expand(a - y)  # its numerator
    assert is_zero(dJ_da - (a - y) / (a * (1 - a)))  # the common-denominator form


def test_sigma_prime_is_sigma_times_one_minus_sigma():
    sigma_prime = sp.diff(sigma(z), z)
    assert is_zero(sigma_prime - sp.exp(-z) / (1 + sp.exp(-z)) ** 2)
    assert is_zero(sp.exp(-z) / (1 + sp.exp(-z)) - (1 - sigma(z)))
    assert is_zero(sigma_prime - sigma(z) * (1 - sigma(z)))


def test_sigma_prime_cancels():
    # ∂J/∂a · ∂a/∂z with a = σ(z): the a(1 - a) factors cancel to a - y.
    product = (a - y) / (a * (1 - a)) * a * (1 - a)
    assert sp.cancel(product) == a - y
    through_z = sp.diff(loss_term(sigma(z), y), z)
    assert is_zero(through_z - (sigma(z) - y))


def symbolic_2_2_2():
    """The 2-2-2 network as SymPy matrices: x and y rows, W[i, j] from source i to target j."""
    x = sp.Matrix([sp.symbols("x_1 x_2", real=True)])
    y_row = sp.Matrix([sp.symbols("y_1 y_2", real=True)])
    W_h = sp.Matrix(2, 2, lambda i, j: sp.Symbol(f"wh_{i + 1}{j + 1}", real=True))
    W_out = sp.Matrix(2, 2, lambda i, j: sp.Symbol(f"wout_{i + 1}{j + 1}", real=True))
    a_h = (x * W_h).applyfunc(sigma)
    z_out = a_h * W_out
    a_out = z_out.applyfunc(sigma)
    J = sum(loss_term(a_out[j], y_row[j]) for j in range(2))
    return a_h, z_out, a_out, y_row, W_out, J


def test_dz_dw_is_the_hidden_activation():
    a_h, z_out, *_, W_out, _ = symbolic_2_2_2()
    for i in range(2):
        for j in range(2):
            assert sp.diff(z_out[j], W_out[i, j]) == a_h[i]
            assert sp.diff(z_out[1 - j], W_out[i, j]) == 0  # w_ij feeds output j only


def test_each_output_weight_gradient_is_delta_times_hidden_activation():
    a_h, _, a_out, y_row, W_out, J = symbolic_2_2_2()
    delta = a_out - y_row
    for i in range(2):
        for j in range(2):
            assert is_zero(sp.diff(J, W_out[i, j]) - delta[j] * a_h[i]), (i, j)


def test_outer_product_entries_are_the_four_gradients():
    a_row = sp.Matrix([sp.symbols("a_1 a_2")])
    delta_row = sp.Matrix([sp.symbols("delta_1 delta_2")])
    product = a_row.T * delta_row
    assert product.shape == (2, 2)
    assert all(product[i, j] == a_row[i] * delta_row[j] for i in range(2) for j in range(2))


# --- what the page says its recorded output shows ----------------------------------


def recorded_output():
    return (SNIPPETS / "output_layer_2_2_2.out").read_text(encoding="utf-8")


def test_output_shows_four_numbers_per_output_and_the_cancellation():
    """The page: 'prints four numbers for each output', the product landing on a - y."""
    import re

    section = recorded_output().split("where σ' goes, output by output\n", 1)[1].split("delta_out", 1)[0]
    outputs = re.split(r"^ *j=\d+: ", section, flags=re.M)[1:]
    assert len(outputs) == 2  # one per output unit
    for output in outputs:
        names = re.findall(r"^\s*([^=]+?)\s*=", output, flags=re.M)
        assert names == ["∂J/∂a", "a(1-a)", "product", "a - y"], output
        numbers = re.findall(r"=\s+(-?\d+\.\d+)$", output, flags=re.M)
        dJ_da, sigma_prime, product, a_minus_y = map(float, numbers)
        assert product == a_minus_y, output
        assert abs(dJ_da * sigma_prime - product) < 1e-3, output


def test_output_lines_fit_a_phone():
    """Every recorded line fits the output block of a 390 px phone (43 characters
    of Material's code font, measured), so the product and a - y are never
    hidden behind the block's right edge. tests/browser/test_browser_layout.py checks
    the block as drawn."""
    long = [line for line in recorded_output().splitlines() if len(line) > PHONE_COLUMNS]
    assert long == []


def test_output_shows_three_agreeing_gradients():
    """The page: 'the three gradients agree' (unit by unit, the product, central differences)."""
    text = recorded_output()
    labels = ["unit by unit (four chain-rule products):", "grad_W_out = a_h.T @ delta_out:",
              "central differences of J:"]
    matrices = [text.split(label, 1)[1].strip().splitlines()[:2] for label in labels]
    assert matrices[0] == matrices[1] == matrices[2]
    assert "relative error below 1e-7: True" in text


@pytest.mark.parametrize("args, recorded", [((), "output_layer_2_2_2.out"), (("--math",), "output_layer_2_2_2.math.md")])
def test_snippet_prints_exactly_its_recorded_output(args, recorded):
    assert_prints_recorded("output_layer_2_2_2.py", args, recorded)


def test_unit_by_unit_refuses_targets_outside_zero_one():
    _, a_h, _, a_out = forward(example.x, example.W_h, example.W_out)
    with pytest.raises(ValueError, match=r"targets y must lie in \[0, 1\]"):
        example.unit_by_unit_gradient(a_h, a_out, np.array([[1.5, 0.0]]))
