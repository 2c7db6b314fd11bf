"""How each inline result is read: the `where` its check needs, or why a span
with `=` is not a result of the page.

An inline span cannot carry an annotation as a display equation does (the
`<!-- eq: ... -->` line before its `$$`), so the reading of a span lives here,
keyed by (page, the span's TeX as written). A key that no longer matches a
span of its page fails tests/site/test_equations.py, so an edited span is read
afresh, not under a stale reading.

- WHERE: the span is checked under the page's definitions with this `where`
  (the same language as a display equation's annotation: plain letters read
  as the page's quantities, sizes, a small example's definitions).
- NAMES: the span gives a name to something (`with P = (A^{(h)})^T`), or
  quotes another text; it is stated, not derived, and says so here.
- FALSE: the span is false on purpose, as its sentence says; the check must
  find it false.
- BOUND: the span holds under a condition the symbolic network cannot state
  (a limit, an exercise's supposition); the named test checks it.
"""

OUT = "a = a_j^{(out)}, y = y_j, z = z_j^{(out)}, \\delta = \\delta_j^{(out)}"
COLUMNS = "z = (z^{(out)})^T, W = (W^{(out)})^T, a = (a^{(h)})^T"

WHERE = {
    ("output-layer-2-2-2.md", "\\sigma(z) = 1 / (1 + e^{-z})"): "z = z_j^{(out)}",
    ("output-layer-2-2-2.md", "\\sigma(z) = (1 + e^{-z})^{-1}"): "z = z_j^{(out)}",
    ("output-layer-2-2-2.md", "a = \\sigma(z)"): OUT,
    ("output-layer-2-2-2.md", "\\delta = (a - y)\\, a (1 - a)"): f"loss = squared, {OUT}",
    ("output-layer-2-2-2.md", "z = W a"): COLUMNS,
    ("output-layer-2-2-2.md", "z = a^{(h)} \\, \\texttt{weight}^T"):
        "z = z^{(out)}, \\texttt{weight} = (W^{(out)})^T",
    ("output-layer-2-2-2.md", "\\partial J / \\partial a = (a - y)/(a(1 - a))"): OUT,
    ("output-layer-2-2-2.md", "\\partial J / \\partial a \\cdot \\partial a / \\partial z = a - y"): OUT,
    ("output-layer-m-d-t.md", "\\sum_k \\delta_{k,i}^{(out)} a_{k,j}^{(h)} = \\partial J / \\partial w_{j,i}^{(out)}"):
        "d = 3, t = 3",
    ("output-layer-m-d-t.md", "Z = A^{(h)} \\, \\texttt{weight}^T + b"):
        "biases, Z = Z^{(out)}, \\texttt{weight} = (W^{(out)})^T, b = b^{(out)}",
    ("output-layer-m-d-t.md",
     "\\partial J / \\partial w_{2,1}^{(out)} = \\sum_{k=1}^{3} a_{k,2}^{(h)} \\, \\delta_{k,1}^{(out)}"): "n = 3",
    ("sigma-prime.md", "\\delta = a - y"): f"n = 1, loss = cross-entropy, {OUT}",
    ("sigma-prime.md", "\\sigma'(z) = a(1 - a)"): f"n = 1, {OUT}",
    ("sigma-prime.md", "a = \\sigma(z)"): f"n = 1, {OUT}",
    ("sigma-prime.md", "\\partial a / \\partial z = a(1 - a)"): f"n = 1, {OUT}",
    ("sigma-prime.md", "\\sigma(z) = 1/3"): "z = \\ln(1/2)",
    ("sigma-prime.md", "\\delta_1^{(out)} = (a_1^{(out)} - y_1)\\, a_1^{(out)} (1 - a_1^{(out)})"): "n = 1",
    ("sigma-prime.md", "\\partial J / \\partial w_{1,2}^{(out)} = a_1^{(h)} \\delta_2^{(out)}"): "n = 1",
    ("sigma-prime.md", "\\delta_2^{(out)} = (a_2 - y_2) a_2 (1 - a_2)"): "n = 1, layer = out",
    ("hidden-layer.md", "f = 3x^3"): "u := x^2, v := 3 x, f := u v",
    ("hidden-layer.md", "\\partial a / \\partial z = a(1 - a)"): "a = a_{k,i}^{(h)}, z = z_{k,i}^{(h)}",
    ("biases.md", "Z = A W + b"): "Z = Z^{(out)}, A = A^{(h)}, W = W^{(out)}, b = b^{(out)}",
    ("biases.md", "\\partial J / \\partial w_{i,j} = \\sum_k a_{k,i} \\delta_{k,j}"): "layer = out, layer a = h",
    ("biases.md", "\\partial J / \\partial b_j = \\sum_k 1 \\cdot \\delta_{k,j}"): "layer = out",
    ("regularisation.md", "\\partial J_\\lambda / \\partial b = \\mathbf{1}^T \\delta"):
        "b = b^{(out)}, \\delta = \\delta^{(out)}",
    ("softmax.md", "S = \\sum_{j'} e^{z_{j'}}"): "n = 1, layer = out",
    ("softmax.md", "a_j = e^{z_j} / S"): "n = 1, layer = out",
    ("softmax.md", "\\partial S / \\partial z_{j'} = e^{z_{j'}}"): "n = 1, layer = out",
    ("softmax.md", "J = -\\sum_j y_j \\ln a_j"): "n = 1, layer = out",
    ("softmax.md", "\\partial J / \\partial a_j = -y_j / a_j"): "n = 1, layer = out",
    ("softmax.md", "\\delta_{j'} = a_{j'} \\sum_j y_j - y_{j'}"): "n = 1, layer = out, one_hot = no",
    ("softmax.md", "a_1 = \\sigma(z_1 - z_2)"): "n = 1, t = 2, layer = out",
    ("softmax.md", "a_1 = e^{z_1} / (e^{z_1} + e^{z_2})"): "n = 1, t = 2, layer = out",
    ("softmax.md", "a_1 = 1 / (1 + e^{-(z_1 - z_2)}) = \\sigma(z_1 - z_2)"): "n = 1, t = 2, layer = out",
    ("softmax.md", "a_2 = 1 - a_1"): "n = 1, t = 2, layer = out",
    ("gradient-check.md", "2pw + q = J'(w)"): "J(w) := p w^2 + q w + r",
    ("gradient-check.md", "f'(w) = 3w^2"): "f(w) := w^3",
    ("notation.md", "\\sigma(z) = 1/(1 + e^{-z})"): "z = z_j^{(out)}",
    ("notation.md", "Z = A \\, W"): "Z = Z^{(out)}, A = A^{(h)}, W = W^{(out)}",
    ("notation.md", "z = W a"): COLUMNS,
    ("notation.md", "Z = A^{(h)} W^{(out)}"): "Z = Z^{(out)}",
    ("notation.md", "Z = A^{(h)} \\, \\texttt{weight}^T + b"):
        "biases, Z = Z^{(out)}, \\texttt{weight} = (W^{(out)})^T, b = b^{(out)}",
    ("notation.md", "Z = A^{(h)} \\, \\texttt{kernel} + b"):
        "biases, Z = Z^{(out)}, \\texttt{kernel} = W^{(out)}, b = b^{(out)}",
    ("notation.md", "y = x A^T + b"): "biases, y = Z^{(out)}, x = A^{(h)}, A = (W^{(out)})^T, b = b^{(out)}",
}

TITLE = "the original note's title, quoted as it was written (the 2-2-2 page corrects it)"
NAMES = {
    ("index.md", "\\partial J(W) / \\partial W_{i,j}^{(out)} = (A^{(h)})^T \\delta^{(out)}"): TITLE,
    ("about.md", "\\partial J(W) / \\partial W_{i,j}^{(out)} = (A^{(h)})^T \\delta^{(out)}"): TITLE,
    ("output-layer-m-d-t.md", "P = (A^{(h)})^T"): "names the left factor of the product",
    ("output-layer-m-d-t.md", "Q = \\delta^{(out)}"): "names the right factor of the product",
    ("sigma-prime.md", "f(a) = a(1 - a)^2"): "names the function the exercise maximises",
    ("hidden-layer.md", "f(u, v) = u v"): "defines the example function",
    ("hidden-layer.md", "u = x^2"): "defines the example's first path",
    ("hidden-layer.md", "v = 3x"): "defines the example's second path",
    ("hidden-layer.md", "\\delta = \\partial J / \\partial Z"): "defines the error signal (a table heading)",
    ("biases.md", "\\delta = \\partial J / \\partial Z"): "defines the error signal",
    ("softmax.md", "c = \\max_{j'} z_{j'}"): "names the shift the exercise subtracts",
    ("gradient-check.md", "J(w) = p w^2 + q w + r"): "defines the exercise's quadratic",
    ("gradient-check.md", "f(w) = w^3"): "defines the exercise's cubic",
    ("softmax.md", "\\sum_j y_j = 1"): "states the condition the step uses: each row of targets sums to 1",
    ("sigma-prime.md", "J = \\frac{1}{2} \\sum (a - y)^2"): "defines the squared error the exercise uses",
    ("notation.md", "A^{(in)} = X"): "names the input as the activation of layer 0",
    ("notation.md", "W = (W^{(out)})^T"): "names the column convention's weight matrix",
    ("notation.md", "\\delta = (\\delta^{(out)})^T"): "names the column convention's error signal",
    ("notation.md", "a = (a^{(h)})^T"): "names the column convention's activation",
    ("notation.md", "G = (A^{(h)})^T \\delta^{(out)}"): "names this site's gradient for the table",
}

FALSE = {
    ("output-layer-2-2-2.md", "a^{(h)} = [a_2^{(h)}, a_2^{(h)}]"): "the original note's slip, quoted",
}

# Results that hold under a condition the symbolic network does not express (a limit,
# an exercise's supposition, a point-free identity): the named test checks them.
SATURATED = "tests/kit/test_sigma_prime.py::test_exercise_saturated_wrong_output_with_target_zero"
LARGEST = "tests/kit/test_sigma_prime.py::test_exercise_largest_squared_error_delta"
SIGMA_PRIME = "tests/kit/test_output_layer_2_2_2.py::test_sigma_prime_is_sigma_times_one_minus_sigma"
BOUND = {
    ("hidden-layer.md", "\\delta_{k,i}^{(h)} = 0"):
        "tests/kit/test_hidden_layer.py::test_exercise_unit_that_feeds_nothing_gets_no_gradient",
    ("sigma-prime.md", "a = \\sigma(z) \\to 1"): SATURATED,
    ("sigma-prime.md", "\\delta = a - y = a \\to 1"): SATURATED,
    ("sigma-prime.md", "\\delta = a \\cdot a(1 - a) \\to 1 \\cdot 1 \\cdot 0 = 0"): SATURATED,
    ("sigma-prime.md", "|\\delta| = \\frac{1}{3} \\cdot \\frac{4}{9} = \\frac{4}{27}"): LARGEST,
    ("sigma-prime.md", "z = \\ln(1/2)"): LARGEST,
    ("output-layer-2-2-2.md", "\\sigma' = \\sigma(1 - \\sigma)"): SIGMA_PRIME,
    ("notation.md", "\\sigma' = \\sigma(1 - \\sigma)"): SIGMA_PRIME,
    ("sigma-prime.md", "|\\delta| = (1 - a) \\cdot a(1 - a)"):
        "tests/site/test_equations.py::test_squared_errors_delta_at_target_one_is_the_pages_product",
    ("gradient-check.md", "h = (3 \\varepsilon |J| / |J'''|)^{1/3}"):
        "tests/site/test_equations.py::test_the_best_step_balances_truncation_and_rounding",
}

