"""Worked example of the matrix-route page: ∂Z/∂W as an array of four indices, and dJ.

    python matrix_route.py

Run it from the snippets/ folder: it imports the m-d-t page's example and the
site's network from mlp.py. It builds ∂Z_out/∂W_out, which nobody needs to
build, to show what it is: contracted with δ_out it gives A_h.T @ delta_out.
"""

import numpy as np

import checks
from checks import checked_by
from example_m_d_t import W_h, W_out, X, Y
from formatting import fmt, utf8_stdout
from mlp import cross_entropy, forward, grad_W_out, output_delta


@checked_by(checks.dZ_dW)
# --8<-- [start:dZ_dW]
def dZ_dW(A_h, t):
    """∂Z_out/∂W_out for Z_out = A_h W_out, as an (n, t, d, t) array.

    Entry [k, j, i, J] is ∂z_kj/∂w_iJ = [j = J] a_ki: z_kj moves with the
    weights into output j only. (J is j′, a second index over the outputs.)
    """
    # (n, d) and (t, t) -> (n, t, d, t)
    return np.einsum("ki,jJ->kjiJ", A_h, np.eye(t))
# --8<-- [end:dZ_dW]


@checked_by(checks.contract)
# --8<-- [start:contract]
def contract(delta_out, dZ_dW):
    """∂J/∂w_iJ = Σ_k Σ_j δ_kj ∂z_kj/∂w_iJ, over every entry of Z_out."""
    # (n, t) with (n, t, d, t) -> (d, t)
    return np.einsum("kj,kjiJ->iJ", delta_out, dZ_dW)
# --8<-- [end:contract]


@checked_by(checks.trace_of_product)
# --8<-- [start:trace_of_product]
def trace_of_product(B, C):
    """tr(Bᵀ C), B and C of one shape: the sum of B * C, entry by entry."""
    # (t, d) @ (d, t) -> (t, t) for the gradient and dW, then its diagonal's sum
    return float(np.trace(B.T @ C))
# --8<-- [end:trace_of_product]


def report():
    """Print ∂Z/∂W of the m-d-t example, its contraction with δ, and dJ."""
    # --8<-- [start:report]
    _, A_h, _, A_out = forward(X, W_h, W_out)
    delta_out = output_delta(A_out, Y)
    n, d = A_h.shape
    t = W_out.shape[1]
    D = dZ_dW(A_h, t)
    print(f"n, d, t = {n}, {d}, {t}")
    print(f"dZ_dW(A_h, t): shape {D.shape}, {D.size} entries, "
          f"{np.count_nonzero(D)} of them not zero")
    print("A_h =", fmt(A_h), sep="\n")
    for j in range(t):  # NumPy's indices count from 0: z_1,j is D[0, j - 1]
        print(f"∂z_1,{j + 1}/∂W_out, the slice D[0, {j}] "
              "(NumPy counts from 0), d x t:")
        print(fmt(D[0, j]))
    print("delta_out =", fmt(delta_out), sep="\n")
    contracted = contract(delta_out, D)
    grad = grad_W_out(A_h, delta_out)
    print("contract(delta_out, dZ_dW):", fmt(contracted), sep="\n")
    print("grad_W_out(A_h, delta_out) = A_h.T @ delta_out:")
    print(fmt(grad))
    print("the same:", np.allclose(contracted, grad, rtol=1e-12, atol=0))
    # Flattened column by column (vec): the Kronecker product I_t ⊗ A_h.
    flat = D.transpose(1, 0, 3, 2).reshape(n * t, d * t)
    kron = np.array_equal(flat, np.kron(np.eye(t), A_h))
    print(f"flattened column by column, {flat.shape[0]} x {flat.shape[1]}, "
          f"it is np.kron(np.eye(t), A_h): {kron}")
    # --8<-- [end:report]
    # --8<-- [start:direction]
    rng = np.random.default_rng(seed=3)
    dW = rng.integers(-10, 11, size=W_out.shape) / 10  # a direction, d x t
    J_of_W_out = lambda W: cross_entropy(forward(X, W_h, W).Z_out, Y)
    h = 1e-6
    along = (J_of_W_out(W_out + h * dW) - J_of_W_out(W_out - h * dW)) / (2 * h)
    print("a direction dW for the output weights:", fmt(dW), sep="\n")
    print("dJ = tr((A_h.T @ delta_out).T @ dW) = "
          f"{trace_of_product(grad, dW):.6f}")
    print(f"= the sum of (A_h.T @ delta_out) * dW = {np.sum(grad * dW):.6f}")
    print(f"central difference of J along dW, h = {h:g}: {along:.6f}")
    # --8<-- [end:direction]


if __name__ == "__main__":
    utf8_stdout()
    report()
