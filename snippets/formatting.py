"""How the snippets print matrices: four decimals, the precision every page shows."""

# --8<-- [start:imports]
import numpy as np
# --8<-- [end:imports]


# --8<-- [start:fmt]
# --8<-- [start:fmt_inline]
def fmt_inline(M):
    """A matrix as text, 4 decimals, to follow a label on the same line."""
    return np.array2string(np.asarray(M), precision=4, floatmode="fixed")
# --8<-- [end:fmt_inline]


def fmt(M):
    """A matrix as text, 4 decimals, indented under its label."""
    return "\n".join("  " + line for line in fmt_inline(M).splitlines())
# --8<-- [end:fmt]


def bmatrix(M, exact=False):
    """A matrix as LaTeX: 4 decimals, or as typed (exact=True) for an example's inputs."""
    number = "{:g}".format if exact else "{:.4f}".format
    rows = [" & ".join(number(v) for v in row) for row in np.asarray(M)]
    return r"\begin{bmatrix} " + r" \\ ".join(rows) + r" \end{bmatrix}"
