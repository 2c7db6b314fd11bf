"""The equations a reader sees are the equations the tests check (issue 14).

Every display equation of every page has one class, recorded next to it in the
page source (`<!-- eq: SLUG | CLASS -->`, see tools/equations/); every
`checked` one is read from the page's LaTeX as written and each of its `=`
verified with SymPy under the page's definitions; inline results that the
reader can parse must hold too. The planted edits at the end show that a typo
in what the reader sees fails these checks.
"""

import re

import pytest

import equations as eq
from conftest import page_html

PAGES = eq.all_pages()
CHECKED = [e for page in PAGES for e in eq.page_equations(page) if e.kind == "checked"]
# Inline results that are false on purpose, with the reason.
KNOWN_FALSE = {
    ("output-layer-2-2-2.md", "a^{(h)} = [a_2^{(h)}, a_2^{(h)}]"): "the original note's slip, quoted",
    ("hidden-layer.md", "\\delta_{k,i}^{(h)} = 0"): "holds only for a saturated unit, as the sentence says",
}


@pytest.mark.parametrize("page", PAGES)
def test_every_display_equation_has_one_class(page):
    assert eq.classification_problems(page) == []


def test_the_derivation_pages_are_checked_as_written():
    for page in ("output-layer-2-2-2.md", "output-layer-m-d-t.md"):
        kinds = {e.kind for e in eq.page_equations(page)}
        assert kinds <= {"checked", "generated", "notation"}, (page, kinds)


@pytest.mark.parametrize("equation", CHECKED, ids=[f"{e.page[:-3]}#{e.slug}" for e in CHECKED])
def test_checked_equation_holds(equation):
    links = eq.check_tex(equation.tex, equation.page, equation.where)
    failed = [f"statement {l.statement + 1}, '{l.relation}' number {l.position + 1}: {l.detail}"
              for l in links if not l.holds]
    assert not failed, f"{equation.page} ({equation.number}) eq-{equation.slug} does not hold: {failed}"


def test_inline_results_that_parse_hold():
    wrong = []
    for page in PAGES:
        for line, tex in eq.inline_results(page):
            if eq.check_inline(page, tex) == "fails" and (page, tex) not in KNOWN_FALSE:
                wrong.append(f"{page}:{line}: \\({tex}\\)")
    assert not wrong


def test_the_ledger_is_up_to_date():
    assert eq.LEDGER.read_text(encoding="utf-8") == eq.ledger(), (
        "docs/measured/checked-equations.md is stale: run `python tools/equations --write-ledger`")


def test_built_pages_number_and_anchor_every_display_equation(built_site):
    for page in PAGES:
        found = eq.page_equations(page)
        html = page_html(built_site, page)
        assert "<!-- eq:" not in html, page
        for equation in found:
            block = re.search(rf'<div class="equation" id="{equation.anchor}"><div class="arithmatex">(.*?)</div>',
                              html, re.S)
            assert block, f"{page}: no anchor {equation.anchor}"
            # MathJax typeset \tag{N} as the equation's label.
            label = f"<mlabeledtr><mtd><mtext>({equation.number})</mtext></mtd>"
            assert label in block.group(1), (page, equation.slug)


# --- planted edits: each must fail ------------------------------------------------

def holds(page, slug, replace):
    equation = next(e for e in eq.page_equations(page) if e.slug == slug)
    old, new = replace
    assert old in equation.tex, (slug, old)
    tex = equation.tex.replace(old, new, 1)
    try:
        return all(link.holds for link in eq.check_tex(tex, page, equation.where))
    except eq.ParseError:
        return False


@pytest.mark.parametrize("page, slug, replace", [
    ("output-layer-2-2-2.md", "four-gradients", ("\\delta_1^{(out)} a_2^{(h)}", "\\delta_2^{(out)} a_2^{(h)}")),
    ("output-layer-2-2-2.md", "dj-da", ("-\\frac{y}{a} + \\frac{1 - y}{1 - a}", "-\\frac{y}{a} - \\frac{1 - y}{1 - a}")),
    ("output-layer-2-2-2.md", "delta-value", ("a_j^{(out)} - y_j", "y_j - a_j^{(out)}")),
    ("output-layer-2-2-2.md", "sigma-prime", ("(1 + e^{-z})^2}", "(1 + e^{-z})}")),
    ("output-layer-m-d-t.md", "matrix-form", ("(A^{(h)})^T}", "A^{(h)}}")),
    ("output-layer-m-d-t.md", "together", ("a_{k,i}^{(h)} \\, \\delta_{k,j}^{(out)}", "a_{k,j}^{(h)} \\, \\delta_{k,i}^{(out)}")),
    ("output-layer-m-d-t.md", "mean-gradient", ("\\frac{1}{n}", "")),
])
def test_a_planted_typo_fails_the_check(page, slug, replace):
    assert holds(page, slug, ("", ""))  # the page as written holds
    assert not holds(page, slug, replace)


def test_an_equation_without_a_class_fails():
    text = (eq.DOCS / "output-layer-2-2-2.md").read_text(encoding="utf-8")
    text = text.replace("<!-- eq: dz-dw | checked -->\n", "")
    assert any("no class" in p for p in eq.classification_problems("output-layer-2-2-2.md", text))
