"""MkDocs hook: number every display equation and give it a stable anchor.

Each display equation of a page (`$$ ... $$`, including those a page includes
from snippets/*.math.md) gets `\\tag{N}`, N = 1, 2, 3 ... in reading order, and
is wrapped in `<div class="equation" id="eq-SLUG">`, SLUG from the annotation
written before it in the page source (`<!-- eq: SLUG | CLASS -->`, removed from
the output; see tools/equations/). A link `page.md#eq-SLUG` then works, and
the strict build validates it like a heading's anchor. The numbering is done on
the Markdown, so it does not depend on how the math is rendered; MathJax shows
the tags because tools/math_hooks.py (and docs/javascripts/mathjax.js, in the
browser) sets `tags: "ams"`.
"""

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import equations  # noqa: E402

_ANCHORS = {}  # page src_uri -> {number: slug}
DISPLAY = re.compile(r'<div class="arithmatex">(.*?)</div>', re.S)


def _numbered(page):
    uri = page.file.src_uri
    return "/" not in uri and uri.endswith(".md") and uri != "checked.md"


def on_page_markdown(markdown, page, config, files):
    if not _numbered(page):
        return markdown
    text, found = equations.number_markdown(markdown, page.file.src_uri)
    _ANCHORS[page.file.src_uri] = {e.number: e.slug for e in found}
    return text


def on_page_content(html, page, config, files):
    anchors = _ANCHORS.get(page.file.src_uri)
    if not anchors:
        return html

    def wrap(match):
        tag = re.search(r"\\tag\{(\d+)\}", match.group(1))
        if not tag:
            return match.group(0)
        anchor = f"eq-{anchors[int(tag.group(1))]}"
        page.present_anchor_ids.add(anchor)  # so the strict build accepts links to it
        return f'<div class="equation" id="{anchor}">{match.group(0)}</div>'

    return DISPLAY.sub(wrap, html)
