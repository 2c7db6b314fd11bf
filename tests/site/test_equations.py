"""The equations a reader sees are the equations the tests check (issue 14).

Every display equation of every page has one class, recorded next to it in the
page source (`<!-- eq: SLUG | CLASS -->`, see sitebuild/checker/); every
`checked` one is read from the page's LaTeX as written and each of its `=`
verified with SymPy under the page's definitions; inline results that the
reader can parse must hold too. The planted edits at the end show that a typo
in what the reader sees fails these checks.
"""

import re

import numpy as np
import pytest
import sympy as sp

from sitebuild import checker as eq
from sitebuild.checker import definitions
from sitebuild.local_site import page_html

PAGES = eq.all_pages()
CHECKED = [e for page in PAGES for e in eq.page_equations(page) if e.kind == "checked"]
INLINE = {(page, tex) for page in PAGES for _, tex in eq.inline_results(page)}


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


def test_inline_results_hold():
    """Every inline result SymPy reads (with its `where` from sitebuild/checker/inline.py)
    holds; the ones false on purpose (a quoted slip) are found false."""
    wrong = [f"{page}:{line}: \\({tex}\\)" for page in PAGES for line, tex in eq.inline_results(page)
             if eq.inline_status(page, tex) == "fails"]
    assert not wrong


def test_every_inline_reading_names_a_span_of_its_page():
    """A reading whose span was edited away would leave the new span unread, or worse, unlisted."""
    for table in (eq.WHERE, eq.NAMES, eq.FALSE, eq.BOUND):
        assert set(table) <= INLINE, sorted(set(table) - INLINE)


def test_every_test_an_inline_result_is_bound_to_exists():
    for key, test in eq.BOUND.items():
        path, _, name = test.partition("::")
        source = (eq.ROOT / path).read_text(encoding="utf-8")
        assert re.search(rf"^def {re.escape(name)}\(", source, re.M), (key, test)


def test_squared_errors_delta_at_target_one_is_the_pages_product():
    """sigma-prime.md: with target y = 1, the squared error's |δ| = (1 - a) · a(1 - a)."""
    z = sp.Symbol("z", real=True)
    a = 1 / (1 + sp.exp(-z))
    delta = sp.diff((a - 1) ** 2 / 2, z)  # J = (a - y)^2 / 2 at y = 1, differentiated by z
    for point in (-3, sp.Rational(-1, 2), 0, sp.Rational(7, 5), 4):
        assert abs(sp.N((sp.Abs(delta) - (1 - a) * a * (1 - a)).subs(z, point), 40)) < 1e-35


def test_the_best_step_balances_truncation_and_rounding():
    """gradient-check.md: h^2 |J'''| / 6 + ε |J| / h is smallest at h = (3 ε |J| / |J'''|)^(1/3)."""
    h, eps, J, J3 = sp.symbols("h varepsilon J J3", positive=True)
    total = h ** 2 * J3 / 6 + eps * J / h
    best = (3 * eps * J / J3) ** sp.Rational(1, 3)
    assert sp.solve(sp.diff(total, h), h) == [best]
    assert sp.diff(total, h, 2).subs(h, best).is_positive
    # The two terms are equal higher, with 6 in place of the 3 ("a little higher"):
    # the page says the 3 comes from the sum's minimum, not from where they meet.
    meet = (6 * eps * J / J3) ** sp.Rational(1, 3)
    assert sp.solve(h ** 2 * J3 / 6 - eps * J / h, h) == [meet]
    assert sp.simplify(meet / best - 2 ** sp.Rational(1, 3)) == 0
    page = (eq.DOCS / "gradient-check.md").read_text(encoding="utf-8")
    sentence = next(line for line in page.splitlines() if r"(3 \varepsilon |J|" in line)
    assert "meets" not in sentence and "the sum of" in sentence and "is smallest" in sentence
    assert "with 6 in place of the 3: the smallest sum is not where they meet" in page


def test_the_ledger_is_up_to_date():
    assert eq.LEDGER.read_text(encoding="utf-8") == eq.ledger(), (
        "docs/measured/checked-equations.md is stale: run `python -m sitebuild.checker --write-ledger`")
    assert eq.SUMMARY.read_text(encoding="utf-8") == eq.summary(), (
        "docs/measured/checked-summary.md is stale: run `python -m sitebuild.checker --write-ledger`")


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
    ("deeper-networks.md", "result", ("(W^{(\\ell+1)})^T", "W^{(\\ell+1)}")),
    ("deeper-networks.md", "result", ("f'(Z^{(\\ell)})", "f'(Z^{(\\ell+1)})")),
    ("deeper-networks.md", "delta", ("f'(Z^{(\\ell)})", "f'(A^{(\\ell)})")),
    ("deeper-networks.md", "dj-da", ("(W^{(\\ell+1)})^T", "W^{(\\ell+1)}")),
    ("deeper-networks.md", "gradient", ("(A^{(\\ell-1)})^T", "(A^{(\\ell)})^T")),
    ("deeper-networks.md", "forward", ("A^{(\\ell-1)}", "A^{(\\ell+1)}")),
    ("deeper-networks.md", "tanh-prime", ("= 1 - a^2", "= a(1 - a)")),
])
def test_a_planted_typo_fails_the_check(page, slug, replace):
    assert holds(page, slug, ("", ""))  # the page as written holds
    assert not holds(page, slug, replace)


def test_an_equation_without_a_class_fails():
    text = (eq.DOCS / "output-layer-2-2-2.md").read_text(encoding="utf-8")
    text = text.replace("<!-- eq: dz-dw | checked -->\n", "")
    assert any("no class" in p for p in eq.classification_problems("output-layer-2-2-2.md", text))


@pytest.mark.parametrize("page, tex, typo", [
    ("output-layer-2-2-2.md", r"\sigma(z) = 1 / (1 + e^{-z})", ("1 + e", "1 - e")),
    ("notation.md", "z = W a", ("W a", "W^T a")),
    ("biases.md", "Z = A W + b", ("+ b", "- b")),
    ("softmax.md", "a_2 = 1 - a_1", ("1 - a_1", "a_1")),
    ("notation.md", r"Z = A^{(h)} \, \texttt{kernel} + b", (r"\texttt{kernel}", r"\texttt{kernel}^T")),
])
def test_a_planted_typo_in_an_inline_result_fails(page, tex, typo):
    where = eq.WHERE[(page, tex)]
    assert all(link.holds for link in eq.check_tex(tex, page, where))
    assert not all(link.holds for link in eq.check_tex(tex.replace(*typo), page, where))


# --- what the pages say is checked ------------------------------------------------

# A sentence that says every formula (equation, step, result) is checked, or that the site checks everything.
UNIVERSAL = re.compile(r"\b(every|all)\s+(the\s+)?(formula|equation|step|result)s?\b[^.\n]*\bcheck"
                       r"|\bcheck(s|ed)?\s+(every|all)\s+(the\s+)?(formula|equation|step|result)s?\b"
                       r"|\bchecks?\s+everything\b", re.I)
# The pages that say what the site checks; their numbers come from the ledger's summary.
CLAIMING = {"index.md": "measured/checked-summary.md", "about.md": "measured/checked-summary.md",
            "checked.md": "measured/checked-equations.md"}


def universal_claims(markdown):
    """The sentences of a page's source (outside code) that claim every formula is checked."""
    text = re.sub(r"^(```|~~~).*?^\1", "", markdown, flags=re.S | re.M)
    return [sentence for sentence in re.split(r"(?<=[.!?])\s+|\n", text) if UNIVERSAL.search(sentence)]


def test_a_claim_that_every_formula_is_checked_is_recognised():
    assert universal_claims("Intro.\n- **Every formula is checked.** More.\n") == ["- **Every formula is checked.** More."]
    assert universal_claims("It shows why, and checks every step.") == ["It shows why, and checks every step."]
    assert universal_claims("This site checks everything it says.")
    assert not universal_claims("It checks every gradient of its network.\nEach equation is listed with its test.")


def test_the_pages_claim_what_the_ledger_says():
    """index, About and What is checked take their counts from the ledger, and claim that
    every formula is checked only if the ledger has nothing stated or unread."""
    totals = eq.totals()
    everything = totals.stated == 0 and totals.unread == 0
    for page, include in CLAIMING.items():
        source = (eq.DOCS / page).read_text(encoding="utf-8")
        assert f'--8<-- "{include}"' in source, f"{page} does not include the ledger's {include}"
        claims = universal_claims(source)
        assert everything or not claims, (
            f"{page} claims more than the ledger ({totals.stated} display equations stated, "
            f"{totals.unread} inline results unread): {claims}")


# --- definitions the code computes ------------------------------------------------

def definition_tex(page, slug):
    return next(e.tex for e in eq.page_equations(page) if e.slug == slug and e.kind == "definition")


def code_and_page(slug, tex):
    """(what gradient_check computes, what the page's definition gives) on one example."""
    import gradient_check as gc

    rng = np.random.default_rng(5)
    a = rng.normal(size=(3, 4)) * np.array([1.0, 1e-4, 1e-2, 3.0])  # some entries below floor / TOLERANCE
    b = a + rng.normal(size=(3, 4)) * 1e-5
    J, h = -0.3, gc.STEP  # |J| < 1: the floor's max(|J|, 1) is 1
    floor = gc.rounding_floor(J, h)
    cases = {
        "relative-error": (gc.relative_error(a, b), dict(G_a=a, G_n=b)),
        "worst-entry-error": (gc.worst_entry_error(a, b), dict(a=a, b=b)),
        "floor": (floor, dict(c=gc.ROUNDING, eps=np.finfo(np.float64).eps, J=J, h=h)),
        "error-with-floor": (gc.worst_entry_error(a, b, tiny=floor / gc.TOLERANCE), dict(a=a, b=b, floor=floor)),
    }
    code, values = cases[slug]
    return code, float(np.max(definitions.evaluate(tex, **values)))


@pytest.mark.parametrize("page, slug", sorted(definitions.READ),
                         ids=[f"{page[:-3]}#{slug}" for page, slug in sorted(definitions.READ)])
def test_the_code_computes_the_pages_definition(page, slug):
    code, written = code_and_page(slug, definition_tex(page, slug))
    assert written == pytest.approx(code, rel=1e-12), (slug, definitions.numpy_expression(definition_tex(page, slug)))


@pytest.mark.parametrize("slug, typo", [
    ("relative-error", (r"\|G_a - G_n\|", r"\|G_a + G_n\|")),
    ("worst-entry-error", (r"\max_{i,j}", r"\max_{i,j} 2 \,")),
    ("floor", (r"\max(|J|, 1)", r"\max(|J|, 2)")),
    ("error-with-floor", (r"10^{-7}", r"10^{-8}")),
])
def test_a_planted_typo_in_a_definition_fails(slug, typo):
    tex = definition_tex("gradient-check.md", slug)
    assert typo[0] in tex
    code, written = code_and_page(slug, tex.replace(*typo))
    assert written != pytest.approx(code, rel=1e-6)
