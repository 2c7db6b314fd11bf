"""Worked example of the 2-2-2 page: one example, every value on the way to ∂J/∂W^(out).

    python output_layer_2_2_2.py          prints the values shown on the page
    python output_layer_2_2_2.py --math   prints the page's equations with them

Run it from the snippets/ folder (or with snippets/ on PYTHONPATH): it imports
the example's numbers from example_2_2_2.py, the site's network from mlp.py and
the check from gradient_check.py.
"""

import sys

# --8<-- [start:imports]
import numpy as np
# --8<-- [end:imports]

import checks
from checks import checked_by
from example_2_2_2 import W_h, W_out, x, y
from formatting import bmatrix, fmt_inline, utf8_stdout
from gradient_check import numerical_gradient, relative_error
from mlp import cross_entropy, forward, grad_W_out, output_delta

# --8<-- [start:unit_by_unit]
def dJ_da(a, y):
    """∂J/∂a for one output unit: -y/a + (1 - y)/(1 - a)."""
    return -y / a + (1 - y) / (1 - a)


def da_dz(a):
    """σ'(z), written with a = σ(z): a (1 - a)."""
    return a * (1 - a)


def unit_by_unit_gradient(a_h, a_out, y):
    """Each ∂J/∂w_ij^(out) as its own chain-rule product, for one example.

    Index i runs over hidden units and j over outputs; code counts from 0
    where the page counts from 1.
    """
    d, t = a_h.shape[1], a_out.shape[1]
    grad = np.zeros((d, t))
    for i in range(d):
        for j in range(t):
            # ∂J/∂a_j · ∂a_j/∂z_j · ∂z_j/∂w_ij, and ∂z_j/∂w_ij = a_i^(h)
            a_j, y_j = a_out[0, j], y[0, j]
            grad[i, j] = dJ_da(a_j, y_j) * da_dz(a_j) * a_h[0, i]
    return grad
# --8<-- [end:unit_by_unit]

# The unit_by_unit section holds three functions: they are checked here.
# ∂J/∂a divides by a and by 1 - a, so its check refuses a saturated a = 0 or 1.
dJ_da = checked_by(checks.dJ_da)(dJ_da)
da_dz = checked_by(checks.da_dz)(da_dz)
unit_by_unit_gradient = checked_by(checks.unit_by_unit_gradient)(unit_by_unit_gradient)


def report():
    """Print the worked example as the page shows it under the code."""
    # --8<-- [start:report]
    z_h, a_h, z_out, a_out = forward(x, W_h, W_out)
    J = cross_entropy(z_out, y)
    delta_out = output_delta(a_out, y)
    grad = grad_W_out(a_h, delta_out)
    J_of_W_out = lambda W: cross_entropy(forward(x, W_h, W).Z_out, y)
    grad_numeric = numerical_gradient(J_of_W_out, W_out)
    # --8<-- [end:report]
    # --8<-- [start:printed]
    print("forward pass")
    print(f" z_h   = x @ W_h      = {fmt_inline(z_h)}")
    print(f" a_h   = σ(z_h)       = {fmt_inline(a_h)}")
    print(f" z_out = a_h @ W_out  = {fmt_inline(z_out)}")
    print(f" a_out = σ(z_out)     = {fmt_inline(a_out)}")
    print(f" J                    = {J:.4f}")
    print("where σ' goes, output by output")
    for j in range(a_out.shape[1]):
        a, target = a_out[0, j], y[0, j]
        dJ, slope = dJ_da(a, target), da_dz(a)
        # One number a line, product above a - y: each line fits a phone.
        print(f" j={j + 1}: ∂J/∂a   = {dJ: .4f}")
        print(f"      a(1-a)  = {slope: .4f}")
        print(f"      product = {dJ * slope: .4f}")
        print(f"      a - y   = {a - target: .4f}")
    print(f"delta_out = a_out - y = {fmt_inline(delta_out)}")
    print("unit by unit (four chain-rule products):")
    print(fmt_inline(unit_by_unit_gradient(a_h, a_out, y)))
    print("grad_W_out = a_h.T @ delta_out:")
    print(fmt_inline(grad))
    print("central differences of J:")
    print(fmt_inline(grad_numeric))
    error = relative_error(grad, grad_numeric)
    print(f"relative error below 1e-7: {error <= 1e-7}")
    # --8<-- [end:printed]


def math_blocks():
    """The page's equations with this example's numbers, as included Markdown.

    Each block sits between section markers so the page can place it.
    """
    z_h, a_h, z_out, a_out = forward(x, W_h, W_out)
    delta_out = output_delta(a_out, y)
    a1, a2 = a_h[0]
    d1, d2 = delta_out[0]
    entries = [
        [r"a_1^{(h)} \delta_1^{(out)}", r"a_1^{(h)} \delta_2^{(out)}"],
        [r"a_2^{(h)} \delta_1^{(out)}", r"a_2^{(h)} \delta_2^{(out)}"],
    ]
    symbolic = r"\begin{bmatrix} " + r" \\ ".join(" & ".join(r) for r in entries) + r" \end{bmatrix}"
    # Long right-hand sides go on a second line, so each fits a phone's width.
    blocks = {
        "forward": [
            rf"\begin{{aligned}} z^{{(h)}} &= x W^{{(h)}} \\ &= {bmatrix(x, exact=True)} {bmatrix(W_h, exact=True)} \\"
            rf" &= {bmatrix(z_h)} \end{{aligned}}",
            rf"a^{{(h)}} = \sigma(z^{{(h)}}) = {bmatrix(a_h)}",
            rf"\begin{{aligned}} z^{{(out)}} &= a^{{(h)}} W^{{(out)}} \\ &= {bmatrix(a_h)} {bmatrix(W_out, exact=True)} \\"
            rf" &= {bmatrix(z_out)} \end{{aligned}}",
            rf"a^{{(out)}} = \sigma(z^{{(out)}}) = {bmatrix(a_out)}",
        ],
        "delta": [
            rf"\begin{{aligned}} \delta^{{(out)}} &= a^{{(out)}} - y \\ &= {bmatrix(a_out)} - {bmatrix(y, exact=True)} \\"
            rf" &= {bmatrix(delta_out)} \end{{aligned}}",
        ],
        "gradient": [
            r"\begin{aligned}"
            rf"(a^{{(h)}})^T \delta^{{(out)}} &= {bmatrix(a_h.T)} {bmatrix(delta_out)} \\"
            rf" &= {symbolic} \\ &= {bmatrix([[a1 * d1, a1 * d2], [a2 * d1, a2 * d2]])}"
            r"\end{aligned}",
        ],
    }
    out = []
    for name, equations in blocks.items():
        out.append(f"<!-- --8<-- [start:{name}] -->")
        for equation in equations:
            out += ["$$", equation, "$$", ""]
        out.append(f"<!-- --8<-- [end:{name}] -->")
    return "\n".join(out)


if __name__ == "__main__":
    utf8_stdout()
    if "--math" in sys.argv[1:]:
        print(math_blocks())
    else:
        report()
