"""Definitions the code computes: a display equation of class `definition`
whose right side, read as written, is turned into NumPy and compared with the
snippet function that computes it (tests/site/test_equations.py::
test_the_code_computes_the_pages_definition). A definition is not derived, so
there is nothing to prove; what a test can check is that the page defines what
the code computes.

The reader is small on purpose: it knows the notation these definitions use
(Frobenius norms, absolute values, \\max of a list, \\max over all entries,
\\frac, a power of 10) and refuses anything else.
"""

from __future__ import annotations

import re
from functools import reduce

import numpy as np

# (page, slug) -> the snippet function that computes it, as the test calls it.
READ = {
    ("gradient-check.md", "relative-error"): "gradient_check.relative_error(G_a, G_n)",
    ("gradient-check.md", "worst-entry-error"): "gradient_check.worst_entry_error(a, b)",
    ("gradient-check.md", "floor"): "gradient_check.rounding_floor(J, h)",
    ("gradient-check.md", "error-with-floor"):
        "gradient_check.worst_entry_error(a, b, tiny=floor / TOLERANCE), its largest entry",
}


def test_id(page, slug):
    return f"tests/site/test_equations.py::test_the_code_computes_the_pages_definition[{page[:-3]}#{slug}]"


def numpy_expression(tex):
    """The right side of `\\text{name} = ...` as a Python expression over NumPy arrays."""
    name, equals, right = tex.partition("=")
    if not equals:
        raise ValueError(f"no = in {tex!r}")
    text = re.sub(r"\\(big|Big|left|right)|\\,", " ", right).strip().rstrip(".,").strip()
    text = re.sub(r"10\^\{(-?\d+)\}", r"1e\1", text)
    text = re.sub(r"\\text\{(\w+)\}", r"\1", text).replace("\\varepsilon", "eps")
    text = re.sub(r"_\{ij\}", "", text)  # a_{ij}: the arrays are read entry by entry
    text = re.sub(r"\b([A-Za-z])_([A-Za-z])\b", r"\1_\2", text)  # G_a stays a name
    text = re.sub(r"\\\|(.+?)\\\|", r"norm(\1)", text)
    text = re.sub(r"\|([^|]+)\|", r"abs(\1)", text)
    text = re.sub(r"\\max\s*\(", "emax(", text.replace("\\max_{i,j}", "MAXALL "))
    for _ in range(10):  # innermost \frac first
        text = re.sub(r"\\frac\{([^{}]*)\}\{([^{}]*)\}", r"((\1)/(\2))", text)
    text = re.sub(r"MAXALL\s*(.*)", r"np.max(\1)", text)
    text = re.sub(r"(?<=[\w)])\s+(?=[\w(])", " * ", text)  # c \, x: a product
    if "\\" in text or "{" in text:
        raise ValueError(f"cannot read {right.strip()!r} (left {text!r})")
    return text


def evaluate(tex, **values):
    """The definition's right side at these values (arrays entry by entry)."""
    names = {"np": np, "norm": np.linalg.norm, "abs": np.abs, "emax": lambda *xs: reduce(np.maximum, xs)}
    return eval(numpy_expression(tex), {"__builtins__": {}}, {**names, **values})  # noqa: S307 (our own pages)
