"""The checker reads differentials and traces (the matrix-route page), and the
equations added for issue 34 (matrix-route.md, regularisation.md's frameworks)
fail it when a typo is planted, as tests/site/test_equations.py does for the
derivation pages."""

import pytest

from sitebuild import checker as eq


def holds(page, slug, replace=("", "")):
    equation = next(e for e in eq.page_equations(page) if e.slug == slug)
    old, new = replace
    assert old in equation.tex, (slug, old)
    try:
        return all(link.holds for link in eq.check_tex(equation.tex.replace(old, new, 1), page, equation.where))
    except (eq.ParseError, IndexError):  # a typo can also name an entry no matrix has
        return False


@pytest.mark.parametrize("page, slug, replace", [
    ("matrix-route.md", "result", (r"\big((A^{(h)})^T \delta^{(out)}\big)^T", r"\big((A^{(h)})^T \delta^{(out)}\big)")),
    ("matrix-route.md", "result", (r"A^{(h)} \, \mathrm{d}W^{(out)},", r"(A^{(h)})^T \, \mathrm{d}W^{(out)},")),
    ("matrix-route.md", "dj-entries", (r"\mathrm{d}w_{i,j}^{(out)}", r"\mathrm{d}w_{j,i}^{(out)}")),
    ("matrix-route.md", "trace-bridge", (r"\Big)_{j,j}", r"\Big)_{1,j}")),
    ("matrix-route.md", "step-1", (r"(\delta^{(out)})^T \, \mathrm{d}Z", r"\delta^{(out)} \, \mathrm{d}Z")),
    ("matrix-route.md", "step-2", (r"a_{k,i}^{(h)} \, \mathrm{d}w_{i,j}^{(out)}", r"a_{k,i}^{(h)} \, \mathrm{d}w_{i,k}^{(out)}")),
    ("matrix-route.md", "step-3", (r"\big((A^{(h)})^T \delta^{(out)}\big)^T", r"\big((A^{(h)})^T \delta^{(out)}\big)")),
    ("matrix-route.md", "dz-dw", (r"[j = j'] \, a_{k,i}^{(h)}", r"a_{k,i}^{(h)}")),
    ("matrix-route.md", "contraction", (r"\delta_{k,j'}^{(out)} \\", r"\delta_{k,j}^{(out)} \\")),
    ("regularisation.md", "torch-sgd", (r"r \, \texttt{wd} \, W^{(out)}", r"\texttt{wd} \, W^{(out)}")),
    ("regularisation.md", "keras-l2", (r"2 r \, \texttt{l2}", r"r \, \texttt{l2}")),
])
def test_a_planted_typo_fails_the_check(page, slug, replace):
    assert holds(page, slug)  # the page as written holds
    assert not holds(page, slug, replace)


def test_a_differential_needs_to_know_what_changes():
    with pytest.raises(eq.ParseError, match="vary"):
        eq.check_tex(r"\mathrm{d}Z^{(out)} = A^{(h)} \, \mathrm{d}W^{(out)}", "matrix-route.md")


def test_the_differential_of_the_hidden_weights_moves_A_h_too():
    """`vary = W^{(h)}`: A^{(h)} changes with W^{(h)}, so dZ^{(out)} is not A^{(h)} dW^{(out)}-shaped."""
    assert all(link.holds for link in eq.check_tex(r"\mathrm{d}W^{(out)} = 0 \, W^{(out)}", "matrix-route.md",
                                                    "vary = W^{(h)}"))
    links = eq.check_tex(r"\mathrm{d}Z^{(out)} = \mathrm{d}A^{(h)} \, W^{(out)}", "matrix-route.md", "vary = W^{(h)}")
    assert all(link.holds for link in links)


def test_a_trace_needs_a_square_matrix():
    links = eq.check_tex(r"\operatorname{tr}\big(A^{(h)}\big) = 0", "matrix-route.md")
    assert not any(link.holds for link in links)
