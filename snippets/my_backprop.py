"""A reader's backward pass, as many first write it.

Every gradient has the right shape; two of the functions are wrong.

The site's example for check_backprop.py, which names both mistakes:
    python check_backprop.py my_backprop.py
"""

import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def sigmoid_prime(z):
    return sigmoid(z) * (1 - sigmoid(z))


def output_delta(A_out, Y):
    return (A_out - Y) * A_out * (1 - A_out)


def grad_W_out(A_h, delta_out):
    return A_h.T @ delta_out


def hidden_delta(delta_out, W_out, A_h):
    return (delta_out @ W_out.T) * sigmoid_prime(A_h)


def grad_W_h(X, delta_h):
    return X.T @ delta_h


def backprop(X, Y, W_h, W_out):
    A_h = sigmoid(X @ W_h)
    A_out = sigmoid(A_h @ W_out)
    delta_out = output_delta(A_out, Y)
    delta_h = hidden_delta(delta_out, W_out, A_h)
    return {"W_h": grad_W_h(X, delta_h),
            "W_out": grad_W_out(A_h, delta_out)}


if __name__ == "__main__":
    # The reader's own test: every gradient has its weight's shape.
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(5, 4)), rng.integers(0, 2, size=(5, 2))
    W_h, W_out = rng.normal(size=(4, 3)), rng.normal(size=(3, 2))
    gradients = backprop(X, Y, W_h, W_out)
    for name, W in (("W_h", W_h), ("W_out", W_out)):
        same = gradients[name].shape == W.shape
        print(f"dJ/d{name} has the shape of {name}:", same)
