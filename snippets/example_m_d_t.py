"""The m-d-t page's n examples, which the pages beyond the output layer build on.

Data only: import it, there is nothing to run.
"""

# --8<-- [start:imports]
import numpy as np
# --8<-- [end:imports]

# --8<-- [start:inputs]
# n examples, m inputs, d hidden units, t outputs: all different, so a
# transposed product cannot pass for the right one.
n, m, d, t = 3, 4, 5, 2
rng = np.random.default_rng(seed=0)
X = rng.integers(-10, 11, size=(n, m)) / 10        # inputs in [-1, 1]
W_h = rng.integers(-10, 11, size=(m, d)) / 10
W_out = rng.integers(-10, 11, size=(d, t)) / 10
# One-hot targets: examples 1, 2, 3 are classes 1, 2, 2, counted from 1 as
# on the pages (NumPy's column indices, from 0, are 0, 1, 1).
Y = np.eye(t)[[0, 1, 1]]
# --8<-- [end:inputs]
