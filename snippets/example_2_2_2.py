"""The 2-2-2 page's one example: the only numbers typed into its code.

Every other number on the 2-2-2 page is computed from these; the σ' page, the
notation page, the exercises and the gradient check reuse them. Data only:
import it, there is nothing to run.
"""

# --8<-- [start:imports]
import numpy as np
# --8<-- [end:imports]

# --8<-- [start:inputs]
# One example as 1 x 2 rows. No two weights are equal, so a transposed
# gradient would show. Every other number on the page is computed from these.
x = np.array([[0.5, -1.5]])
W_h = np.array([[0.2, -0.4],
                [0.7, 0.1]])     # row l, column i: input l to hidden unit i
W_out = np.array([[0.6, -0.3],
                  [-0.8, 0.5]])  # row i, column j: hidden unit i to output j
y = np.array([[1.0, 0.0]])
# --8<-- [end:inputs]
