"""How the snippets print: matrices to four decimals, the precision every page
shows, and σ and ∂ on any console."""

import sys

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


def utf8_stdout():
    """Print as UTF-8, whatever the console's encoding: a script's main calls this
    first, so σ and ∂ print on any console (a Windows pipe is cp1252)."""
    if hasattr(sys.stdout, "reconfigure"):  # a replaced stdout (an IDE's, say) may not have it
        sys.stdout.reconfigure(encoding="utf-8")
