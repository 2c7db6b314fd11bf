"""The equation checker: the site's equations, read by sitebuild/equations.py,
checked with SymPy.

Used by the tests (tests/site/test_equations.py, tests/site/test_page_claims.py),
by the ledger of checked equations (`python -m sitebuild.checker
--write-ledger`) and by the edit measurement (measurements/equation_edits.py),
through the names imported below. The build itself never imports it: numbering
the equations needs only the reader, sitebuild/equations.py, which finds every
display equation of a page (its includes expanded), its number, its slug and
its class, from the annotation written before it:

    <!-- eq: chain-rule-products | checked -->
    <!-- eq: special-case | checked | where n = 1 -->
    <!-- eq: recursion | checked | where \\ell = h, f = \\sigma -->
    <!-- eq: loss | definition: the loss the site uses -->
    <!-- eq: gradient-step | notation: what a step of gradient descent is -->

An equation from a `*.math.md` include is `generated` (its numbers come from a
snippet; its test compares it with a fresh run). One module per job:

- latex.py: `parse(tex)`, a small LaTeX reader of our own for the site's
  notation into a syntax tree, one reader method per kind of atom.
- model.py: the symbolic `Network` the equations are read under, and the
  notation, SYMBOLS: which letter, with which superscript, names which
  quantity of the network.
- evaluate.py: `Evaluator`, a syntax tree evaluated under a page's
  definitions, one method per node kind. A derivative by a quantity (∂J/∂a_j)
  holds that quantity as the variable and applies the chain rule through
  everything built from it.
- check.py: `check_tex(tex, page, where)`, every `=` of a display block, for
  every value of its free indices, evaluated under the page's definitions (a
  `Network` of small concrete sizes, PAGE_NETWORKS; `where` in the annotation
  reads a plain letter, sets a size or defines a small example, reads a layer
  number, `\\ell = h` (then (\\ell-1), (\\ell+1) and (L) are in, out and out),
  or names a function, `f = \\sigma`, applied entry by entry) and compared
  at random rational points to 40 digits; `check_inline` for inline results.
- inline.py: how each inline result is read (the `where` of its check), or
  why it is not checked by SymPy (it names something, a named test checks
  it, it is false on purpose), keyed by page and TeX.
- definitions.py: the `definition`s a test compares with the code that
  computes them, their right side read as NumPy.
- ledger.py: `ledger()`, docs/measured/checked-equations.md, included by
  docs/checked.md, and `summary()`, docs/measured/checked-summary.md, the
  counts the home page and About include; both written by
  `python -m sitebuild.checker --write-ledger`.
"""

from .check import INLINE_STATUSES, check_inline, check_tex, inline_status
from .inline import BOUND, FALSE, NAMES, WHERE
from .latex import ParseError, parse
from .ledger import LEDGER, SUMMARY, counts, ledger, summary, totals, write_ledger
from sitebuild.equations import (CLASSES, DOCS, ROOT, Equation, all_pages, classification_problems, inline_results,
                    nav_pages, number_markdown, page_equations, page_title)

__all__ = ["BOUND", "CLASSES", "DOCS", "FALSE", "INLINE_STATUSES", "LEDGER", "NAMES", "ROOT", "SUMMARY", "WHERE",
           "Equation", "ParseError", "all_pages", "check_inline", "check_tex", "classification_problems", "counts",
           "inline_results", "inline_status", "ledger", "nav_pages", "number_markdown", "page_equations",
           "page_title", "parse", "summary", "totals", "write_ledger"]
