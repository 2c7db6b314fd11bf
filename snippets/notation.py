"""The convention bridge: one network, its gradient in the row and the column convention.

    python notation.py

This site writes examples as rows (Z = A W, gradient (A^(h))^T δ^(out), W^(out)
of shape d x t), as Raschka's book and d2l's from-scratch code do. Nielsen's
book and d2l's backpropagation section write one example as a column (z = W a,
gradient δ a^T, W of shape t x d). Same network, same numbers: the two
gradients are transposes of each other. Run it from the snippets/ folder.

It also emulates, in NumPy, how PyTorch and Keras store the output weights and
reduce the loss (their documentation: torch.nn.Linear, torch.nn.BCELoss,
torch.nn.BCEWithLogitsLoss, torch.nn.CrossEntropyLoss, keras.layers.Dense,
keras.losses.BinaryCrossentropy), so that tests/test_notation.py can check each
gradient formula the notation page states against central differences.
"""

# --8<-- [start:imports]
import numpy as np
# --8<-- [end:imports]

import checks
from checks import checked_by
from mlp import (categorical_cross_entropy, cross_entropy, forward, grad_W_out, output_delta,
                 sigmoid)
from example_m_d_t import W_h, W_out, X, Y
from formatting import fmt, utf8_stdout


@checked_by(checks.grad_W_out_columns)
# --8<-- [start:column_convention]
def grad_W_out_columns(X, W_h, W_out, Y):
    """The output-weight gradient computed entirely in the column convention.

    Examples are columns, and each weight matrix has one row per target unit:
    the column convention's W2 is this site's W_out transposed.
    """
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


# --8<-- [start:frameworks]
# PyTorch's nn.Linear(d, t) stores weight as (out, in) = (t, d), this site's
# W_out transposed, and computes Z = A weight^T (+ bias).
def torch_linear(A_h, weight):
    # (n, d) @ (d, t) -> (n, t)
    return A_h @ weight.T


# Keras's Dense(t) stores its kernel as (in, out) = (d, t), like W_out,
# and computes Z = A kernel.
def keras_dense(A_h, kernel):
    # (n, d) @ (d, t) -> (n, t)
    return A_h @ kernel


# BCELoss and BCEWithLogitsLoss, reduction="mean" (their default): the mean
# over all n·t entries of the unreduced loss, this site's J / (n t).
def torch_bce_mean(Z_out, Y):
    return cross_entropy(Z_out, Y) / Y.size


# --8<-- [start:keras_bce]
# keras.losses.BinaryCrossentropy: the mean over the last axis (the t outputs)
# for each example, then "sum_over_batch_size", the mean over the n examples.
def keras_bce(Z_out, Y):
    per_example = np.array([cross_entropy(z, y)
                            for z, y in zip(Z_out[:, None], Y[:, None])])
    return float(np.mean(per_example / Y.shape[1]))
# --8<-- [end:keras_bce]


# CrossEntropyLoss, reduction="mean": softmax and the categorical
# cross-entropy, averaged over the n examples only.
def torch_cross_entropy_mean(Z_out, Y):
    return categorical_cross_entropy(Z_out, Y) / Y.shape[0]


# --8<-- [start:torch_weight_grad]
def torch_weight_grad(A_h, A_out, Y, reduced_over):
    """weight.grad of nn.Linear: (t, d), δ^T A_h / what the loss averages."""
    delta_out = output_delta(A_out, Y)
    # (t, n) @ (n, d) -> (t, d)
    return delta_out.T @ A_h / reduced_over
# --8<-- [end:torch_weight_grad]


def keras_kernel_grad(A_h, A_out, Y, reduced_over):
    """Dense's kernel gradient: (d, t), A_h^T δ / what the loss averages."""
    delta_out = output_delta(A_out, Y)
    # (d, n) @ (n, t) -> (d, t)
    return grad_W_out(A_h, delta_out) / reduced_over
# --8<-- [end:frameworks]

# The frameworks section holds several functions: they are checked here.
torch_linear = checked_by(checks.torch_linear)(torch_linear)
keras_dense = checked_by(checks.keras_dense)(keras_dense)
torch_bce_mean = checked_by(checks.cross_entropy)(torch_bce_mean)
keras_bce = checked_by(checks.cross_entropy)(keras_bce)
torch_cross_entropy_mean = checked_by(checks.cross_entropy)(torch_cross_entropy_mean)
torch_weight_grad = checked_by(checks.framework_weight_grad)(torch_weight_grad)
keras_kernel_grad = checked_by(checks.framework_weight_grad)(keras_kernel_grad)


def report():
    """Print the two conventions' gradients, then the frameworks' layouts and losses."""
    # --8<-- [start:compare]
    _, A_h, _, A_out = forward(X, W_h, W_out)
    rows = grad_W_out(A_h, output_delta(A_out, Y))  # (d, t), like W_out
    columns = grad_W_out_columns(X, W_h, W_out, Y)  # (t, d), like W2 = W_out.T
    print(f"row convention, (A_h).T @ delta_out, shape {rows.shape}:")
    print(fmt(rows))
    print(f"column convention, delta @ A1.T, shape {columns.shape}:")
    print(fmt(columns))
    same = np.allclose(columns, rows.T)
    print(f"column gradient equals the row gradient transposed: {same}")
    # --8<-- [end:compare]
    # --8<-- [start:frameworks_compared]
    n, t = Y.shape
    torch_grad = torch_weight_grad(A_h, A_out, Y, n * t)
    keras_grad = keras_kernel_grad(A_h, A_out, Y, n * t)
    print(f"PyTorch, nn.Linear weight {W_out.T.shape} with BCELoss (mean): "
          f"weight.grad {torch_grad.shape}")
    print(f"  equals (A_h).T @ delta_out, transposed, / (n t) = / {n * t}: "
          f"{np.allclose(torch_grad, rows.T / (n * t))}")
    print(f"Keras, Dense kernel {W_out.shape} with BinaryCrossentropy: "
          f"gradient {keras_grad.shape}")
    print(f"  equals (A_h).T @ delta_out / (n t) = / {n * t}: "
          f"{np.allclose(keras_grad, rows / (n * t))}")
    Z_out = A_h @ W_out
    both = (np.allclose(torch_linear(A_h, W_out.T), Z_out)
            and np.allclose(keras_dense(A_h, W_out), Z_out))
    print("both layers give A_h @ W_out:", both)
    J = cross_entropy(Z_out, Y)
    print(f"J = {J:.4f}; BCELoss = {torch_bce_mean(Z_out, Y):.4f} and "
          f"BinaryCrossentropy = {keras_bce(Z_out, Y):.4f}, J / {n * t}")
    categorical = categorical_cross_entropy(Z_out, Y)
    print(f"CrossEntropyLoss (softmax) = "
          f"{torch_cross_entropy_mean(Z_out, Y):.4f}, "
          f"the categorical J / {n} = {categorical / n:.4f}")
    # --8<-- [end:frameworks_compared]


if __name__ == "__main__":
    utf8_stdout()
    report()
