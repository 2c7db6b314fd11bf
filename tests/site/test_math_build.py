"""The build-time typesetting of sitebuild/steps/typeset_math.py, piece by piece.

The built site's math is checked in test_site.py and, as a reader sees it, in
test_browser.py; here: a TeX error names its page and formula, the cache
spares a warm build from typesetting, and the notebook's $-math is found
outside its code and nowhere else.
"""

import re

import pytest

from sitebuild import html_pass
from sitebuild.steps import typeset_math

NOTEBOOK_CELL = ('<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-MarkdownOutput">'
                 '<p>Each row has $m$ inputs and costs \\$5 or \\$6; <code>price = $x$</code></p>'
                 '<p>$$\nJ = -\\sum_k y_k\n$$</p></div>')


@pytest.fixture
def typesetter(tmp_path):
    """A Typesetter with its own empty cache."""
    typesetter = typeset_math.Typesetter(tmp_path / "formulas.json")
    yield typesetter
    typesetter.close()


def test_a_tex_error_names_the_page_and_the_formula(typesetter, tmp_path):
    page = '<p>Fine: <span class="arithmatex">\\(a^2\\)</span>, broken: <span class="arithmatex">\\(\\frac{a}{\\)</span></p>'
    built = tmp_path / "site" / "some-page" / "index.html"
    built.parent.mkdir(parents=True)
    built.write_text(page, encoding="utf-8")
    errors = html_pass.finish(built.parent.parent, typesetter, log=lambda _: None, serve_missing=False)
    assert [error for error in errors if "TeX" in error] == [
        "some-page/index.html: TeX error in the inline formula  \\frac{a}{  : Missing close brace"]
    assert built.read_text(encoding="utf-8").count("<mjx-container") == 1  # the bad one left as it was


def test_an_undefined_macro_is_an_error_not_red_text(typesetter):
    _, errors = typeset_math.typeset_page('<div class="arithmatex">\\[\\sigmoid(z)\\]</div>', typesetter)
    assert ["Undefined control sequence \\sigmoid" in error for error in errors] == [True]


def test_a_warm_build_typesets_only_what_changed(tmp_path):
    cache = tmp_path / "formulas.json"
    cold = typeset_math.Typesetter(cache)
    cold.typeset([("a = b", False), ("\\delta^{(out)} = a - y", True)])
    cold.close()
    cold.save()
    assert cold.rendered == 2
    warm = typeset_math.Typesetter(cache)
    again = warm.typeset([("a = b", False), ("\\delta^{(out)} = a - y", True)])
    assert warm.rendered == 0 and warm.process is None  # no Node started at all
    assert again == cold.typeset([("a = b", False), ("\\delta^{(out)} = a - y", True)])
    warm.typeset([("a = b", False), ("a = c", False)])
    assert warm.rendered == 1
    warm.close()


def test_the_cache_key_is_the_formula_its_mode_and_the_options():
    assert typeset_math.formula_key("x", True) != typeset_math.formula_key("x", False)
    assert typeset_math.formula_key("x", True) != typeset_math.formula_key("x ", True)
    assert len({typeset_math.options_key(), typeset_math.OPTIONS_KEY}) == 1


def test_notebook_math_is_typeset_outside_code_and_escaped_dollars_are_dollars(typesetter):
    out, _ = typeset_math.typeset_page(NOTEBOOK_CELL, typesetter)
    assert out.count("<mjx-container") == 2 and out.count('jax="CHTML" display="true"') == 1
    assert "<code>price = $x$</code>" in out and "costs $5 or $6" in out  # \\$ read as MathJax reads it
    assert "$m$" not in out and "$$" not in out


def test_each_formula_carries_its_assistive_mathml(typesetter):
    [result] = typesetter.typeset([("\\frac{\\partial J}{\\partial W}", True)])
    assert "<mjx-assistive-mml" in result["html"] and 'aria-hidden="true"' in result["html"]
    assert typeset_math.mathml(result["html"]).startswith("<mfrac>")


def test_punctuation_after_an_inline_formula_is_kept_on_its_line(typesetter):
    page = ('<p>so <span class="arithmatex">\\(x\\)</span>, then <span class="arithmatex">\\(y\\)</span> and</p>'
            '<div class="arithmatex">\\[z\\]</div>.'
            '<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown"><p>rows of $m$; done</p></div>')
    out, _ = typeset_math.typeset_page(page, typesetter)
    kept = re.findall(r'<span class="math-nobreak">(.*?</mjx-container>(?:</span>)?)([^<]*)</span>', out, re.S)
    assert [punctuation for _, punctuation in kept] == [",", ";"]  # not after y, nor after a display formula
    assert out.count("<mjx-container") == 4 and ", then" not in out
