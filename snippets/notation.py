"""The convention bridge: one network, its gradient in the row and the column convention.

    python notation.py

This site writes examples as rows (Z = A W, gradient (A^(h))^T δ^(out), W^(out)
of shape d x t), as Raschka's book and d2l's from-scratch code do. Nielsen's
book and d2l's backpropagation section write one example as a column (z = W a,
gradient δ a^T, W of shape t x d). Same network, same numbers: the two
gradients are transposes of each other. Run it from the snippets/ folder.
"""

import numpy as np

from mlp import (as_matrix, check_same_shape, check_targets, forward, forward_arguments,
                 grad_W_out, output_delta, sigmoid)
from example_m_d_t import W_h, W_out, X, Y
from formatting import fmt


def column_arguments(X, W_h, W_out, Y):
    """This site's row-convention arguments as float64 matrices that fit, or ValueError."""
    X, W_h, W_out, _, _ = forward_arguments(X, W_h, W_out, None, None)
    Y = as_matrix("Y", Y)
    check_same_shape("Z_out", np.zeros((X.shape[0], W_out.shape[1])), "Y", Y)
    check_targets(Y)
    return X, W_h, W_out, Y


# --8<-- [start:column_convention]
def grad_W_out_columns(X, W_h, W_out, Y):
    """The output-weight gradient computed entirely in the column convention.

    Examples are columns, and each weight matrix has one row per target unit:
    the column convention's W2 is this site's W_out transposed.
    """
    X, W_h, W_out, Y = column_arguments(X, W_h, W_out, Y)
    A_in = X.T                  # (m, n): one example per column
    W1, W2 = W_h.T, W_out.T     # (d, m), (t, d): row j = weights into unit j
    # (d, m) @ (m, n) -> (d, n)
    A1 = sigmoid(W1 @ A_in)
    # (t, d) @ (d, n) -> (t, n)
    A2 = sigmoid(W2 @ A1)
    delta = A2 - Y.T            # (t, n): the same error signals, as columns
    # (t, n) @ (n, d) -> (t, d): δ a^T, summed over the examples
    return delta @ A1.T
# --8<-- [end:column_convention]


def grad_W_out_rows(X, W_h, W_out, Y):
    """The same gradient in this site's row convention."""
    _, A_h, _, A_out = forward(X, W_h, W_out)
    return grad_W_out(A_h, output_delta(A_out, Y))



if __name__ == "__main__":
    # --8<-- [start:compare]
    rows = grad_W_out_rows(X, W_h, W_out, Y)        # (d, t), like W_out
    columns = grad_W_out_columns(X, W_h, W_out, Y)  # (t, d), like W2 = W_out.T
    # --8<-- [end:compare]
    print(f"row convention, (A_h).T @ delta_out, shape {rows.shape}:")
    print(fmt(rows))
    print(f"column convention, delta @ A1.T, shape {columns.shape}:")
    print(fmt(columns))
    print(f"column gradient equals the row gradient transposed: {np.allclose(columns, rows.T)}")
