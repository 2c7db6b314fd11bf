"""Worked example of the m-d-t page: n examples, the index sum and the matrix product.

    python output_layer_m_d_t.py          prints the values shown on the page
    python output_layer_m_d_t.py --math   prints the page's equations with them

Run it from the snippets/ folder: it imports the examples' numbers from example_m_d_t.py
and example_2_2_2.py, and the site's network from mlp.py.
"""

import sys

# --8<-- [start:imports]
import numpy as np
# --8<-- [end:imports]

import checks
from checks import checked_by
from example_m_d_t import W_h, W_out, X, Y, d, m, n, t
from formatting import bmatrix, fmt, utf8_stdout
from gradient_check import numerical_gradient, relative_error
from mlp import cross_entropy, forward, grad_W_out, output_delta

@checked_by(checks.grad_W_out)
# --8<-- [start:loop]
def grad_W_out_loop(A_h, delta_out):
    """∂J/∂w_ij = Σ_k a_ki^(h) δ_kj^(out), entry by entry, as the sum reads.

    Parameters
    ----------
    A_h : (n, d) ndarray
    delta_out : (n, t) ndarray

    Returns
    -------
    (d, t) ndarray
    """
    n, d = A_h.shape
    t = delta_out.shape[1]
    grad = np.zeros((d, t))
    for i in range(d):              # hidden unit: the weight's source
        for j in range(t):          # output unit: the weight's target
            for k in range(n):      # examples: their contributions add up
                grad[i, j] += A_h[k, i] * delta_out[k, j]
    return grad
# --8<-- [end:loop]


@checked_by(checks.grad_W_out)
# --8<-- [start:by_example]
def grad_W_out_by_example(A_h, delta_out):
    """The same gradient as a sum of n outer products, one per example."""
    # each term: (d, 1) @ (1, t) -> (d, t), a matrix of rank one
    return sum(A_h[k:k + 1].T @ delta_out[k:k + 1]
               for k in range(A_h.shape[0]))
# --8<-- [end:by_example]


def one_d_pitfall():
    """What `a_h.T @ delta` does with 1-D arrays and with 1 x k rows, and
    how this site's grad_W_out answers a 1-D array."""
    # --8<-- [start:pitfall]
    a_h_1d = np.array([0.3, 0.8])          # shape (2,): .T changes nothing
    delta_1d = np.array([0.5, -0.1])
    silently_wrong = a_h_1d.T @ delta_1d   # (2,) @ (2,) -> a scalar (dot)

    a_h = a_h_1d.reshape(1, -1)            # shape (1, 2): a row, as everywhere
    delta = delta_1d.reshape(1, -1)
    right = a_h.T @ delta                  # (2, 1) @ (1, 2) -> (2, 2)
    # --8<-- [end:pitfall]
    try:
        grad_W_out(a_h_1d, delta)
    except ValueError as error:
        refusal = f"ValueError: {error}"
    return silently_wrong, right, refusal


def report():
    """Print the worked example as the page shows it, the 1-D pitfall last."""
    silently_wrong, right, _ = one_d_pitfall()  # the page's pitfall block, run before this
    # --8<-- [start:report]
    _, A_h, _, A_out = forward(X, W_h, W_out)
    delta_out = output_delta(A_out, Y)
    grad = grad_W_out(A_h, delta_out)
    J_of_W_out = lambda W: cross_entropy(forward(X, W_h, W).Z_out, Y)
    grad_numeric = numerical_gradient(J_of_W_out, W_out)
    mean_numeric = numerical_gradient(lambda W: J_of_W_out(W) / n, W_out)

    print(f"n, m, d, t = {n}, {m}, {d}, {t}")
    print("shapes:")
    for name, M in dict(X=X, W_h=W_h, A_h=A_h, W_out=W_out, A_out=A_out, Y=Y,
                        delta_out=delta_out, grad_W_out=grad).items():
        print(f"  {name:<10} {M.shape}")
    inputs_and_outputs = dict(X=X, W_h=W_h, W_out=W_out, Y=Y, A_h=A_h, A_out=A_out)
    for name, M in inputs_and_outputs.items():
        print(f"{name} =", fmt(M), sep="\n")
    print("delta_out = A_out - Y =", fmt(delta_out), sep="\n")
    for k in range(n):
        print(f"example k={k + 1}: A_h[k].T @ delta_out[k] =")
        print(fmt(A_h[k:k + 1].T @ delta_out[k:k + 1]))
    by_example = grad_W_out_by_example(A_h, delta_out)
    print("sum of the outer products:", fmt(by_example), sep="\n")
    print("grad_W_out = A_h.T @ delta_out:", fmt(grad), sep="\n")
    print("loop over i, j, k:", fmt(grad_W_out_loop(A_h, delta_out)), sep="\n")
    print("central differences of J:", fmt(grad_numeric), sep="\n")
    error = relative_error(grad, grad_numeric)
    print(f"relative error below 1e-7: {error <= 1e-7}")
    print(f"the mean J / n: its gradient grad_W_out / n (n = {n}) =",
          fmt(grad / n), sep="\n")
    print("central differences of J / n:", fmt(mean_numeric), sep="\n")
    error = relative_error(grad / n, mean_numeric)
    print(f"relative error below 1e-7: {error <= 1e-7}")
    print("1-D pitfall: a_h.T @ delta with 1-D arrays = "
          f"{silently_wrong:.4f} (a scalar)")
    rows, columns = right.shape
    print(f"with 1 x 2 rows it is the {rows} x {columns} matrix", fmt(right),
          sep="\n")
    # --8<-- [end:report]


def special_case():
    """Print the 2-2-2 page's gradient, recomputed by this page's index sum."""
    from example_2_2_2 import W_h, W_out, x, y  # that page's numbers, not this page's
    # --8<-- [start:special_case]
    _, a_h, _, a_out = forward(x, W_h, W_out)
    print("the 2-2-2 page's example through the loop (n = 1, m = d = t = 2):")
    print(fmt(grad_W_out_loop(a_h, output_delta(a_out, y))))
    # --8<-- [end:special_case]


def math_blocks():
    """The page's product equation with this example's numbers, as included Markdown."""
    _, A_h, _, A_out = forward(X, W_h, W_out)
    delta_out = output_delta(A_out, Y)
    # One factor per line, then the product, so each line fits a phone's width.
    product = (
        r"\begin{aligned}"
        r"\underbrace{(A^{(h)})^T}_{" f"{d}" r" \times " f"{n}" r"} "
        f"&= {bmatrix(A_h.T)} \\\\ "
        r"\underbrace{\delta^{(out)}}_{" f"{n}" r" \times " f"{t}" r"} "
        f"&= {bmatrix(delta_out)} \\\\ "
        r"\underbrace{(A^{(h)})^T \, \delta^{(out)}}_{" f"{d}" r" \times " f"{t}" r"} "
        f"&= {bmatrix(grad_W_out(A_h, delta_out))}"
        r"\end{aligned}"
    )
    return "\n".join(["<!-- --8<-- [start:product] -->", "$$", product, "$$",
                      "<!-- --8<-- [end:product] -->"])


if __name__ == "__main__":
    utf8_stdout()
    if "--math" in sys.argv[1:]:
        print(math_blocks())
    else:
        report()
        special_case()
