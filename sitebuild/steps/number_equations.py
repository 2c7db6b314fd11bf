"""Build step: number every display equation and give it a stable anchor.

Each display equation of a page (`$$ ... $$`, including those a page includes
from snippets/*.math.md) gets `\\tag{N}`, N = 1, 2, 3 ... in reading order, and
is wrapped in `<div class="equation" id="eq-SLUG">`, SLUG from the annotation
written before it in the page source (`<!-- eq: SLUG | CLASS -->`, removed from
the output; see sitebuild/checker). A link `page.md#eq-SLUG` then works. The
numbering is done on the Markdown, so it does not depend on how the math is
rendered; MathJax shows the tags because typeset_math.py (and
docs/javascripts/mathjax.js, in the browser) sets `tags: "ams"`.
"""

import re

from sitebuild import equations

TAG = re.compile(r"\\tag\{(\d+)\}")


def is_numbered(src_uri):
    """Top-level pages are numbered; the ledger of every equation is not."""
    return "/" not in src_uri and src_uri.endswith(".md") and src_uri != "checked.md"


def number(markdown, page):
    """(the Markdown with \\tag{N} in each display equation, {N: slug})."""
    text, found = equations.number_markdown(markdown, page)
    return text, {equation.number: equation.slug for equation in found}


def slug_for(tag, classes, text, anchors):
    """The slug of the equation an element holds (arithmatex's `<div class="arithmatex">`
    with `\\tag{N}` in its TeX), or None for any other element."""
    if tag != "div" or classes != "arithmatex" or not text:
        return None
    number = TAG.search(text)
    return anchors.get(int(number.group(1))) if number else None
