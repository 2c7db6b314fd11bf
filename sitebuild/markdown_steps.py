"""The Markdown-side build steps as a Python-Markdown extension.

mkdocs.yml lists it under `markdown_extensions` (`sitebuild.markdown_steps`),
the one mechanism MkDocs 1.x, ProperDocs and Zensical share, so each of them
runs these steps on every page, with no hook:

- the page's notebook linked in its kit box (steps/served_files.py);
- "How this page is checked" naming its test modules (steps/checked_by.py);
- every display equation numbered, and wrapped in its anchor
  `<div class="equation" id="eq-SLUG">` (steps/number_equations.py).

Python-Markdown is not told which file it converts, and the steps need to
know: the page is the docs/ file whose text this is (page_of). Text that is
no page's (a generator's own Markdown) passes through untouched.
"""

from pathlib import Path

from markdown import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from sitebuild import page_code
from sitebuild.sources import DOCS
from sitebuild.steps import checked_by
from sitebuild.steps import number_equations
from sitebuild.steps import served_files

# Before every other preprocessor (pymdownx.snippets is 32, whitespace 30):
# the steps read the page as written, as an author wrote its includes.
PAGE_STEPS_PRIORITY = 40
# After arithmatex made the equations' elements, before the table of contents
# and MkDocs' anchor check (both 5), so a link to page.md#eq-SLUG is checked.
ANCHORS_PRIORITY = 8


def page_of(text, docs=DOCS):
    """The docs/-relative path of the page whose Markdown is `text`, or None."""
    wanted = text.strip()
    for path in sorted(docs.rglob("*.md")):
        if path.read_text(encoding="utf-8-sig").strip() == wanted:
            return path.relative_to(docs).as_posix()
    return None


def page_markdown(markdown, page):
    """(the page's Markdown after the steps, {equation number: slug})."""
    stem = Path(page).stem
    if page in page_code.pages_with_code():
        markdown = served_files.with_notebook_link(markdown, stem)
    markdown = checked_by.expand(markdown, page)
    if not number_equations.is_numbered(page):
        return markdown, {}
    return number_equations.number(markdown, page)


class PageSteps(Preprocessor):
    def run(self, lines):
        page = page_of("\n".join(lines))
        self.md.equation_anchors = {}
        if page is None:
            return lines
        markdown, self.md.equation_anchors = page_markdown("\n".join(lines), page)
        return markdown.split("\n")


class EquationAnchors(Treeprocessor):
    def run(self, root):
        anchors = getattr(self.md, "equation_anchors", {})
        if not anchors:
            return
        for parent in list(root.iter()):
            for position, child in enumerate(list(parent)):
                slug = number_equations.slug_for(child.tag, child.get("class"), child.text, anchors)
                if slug:
                    wrapper = parent.makeelement("div", {"class": "equation", "id": f"eq-{slug}"})
                    wrapper.tail, child.tail = child.tail, None
                    parent.remove(child)
                    parent.insert(position, wrapper)
                    wrapper.append(child)


class MarkdownSteps(Extension):
    def extendMarkdown(self, md):
        self.md = md
        md.registerExtension(self)
        md.preprocessors.register(PageSteps(md), "sitebuild_page_steps", PAGE_STEPS_PRIORITY)
        md.treeprocessors.register(EquationAnchors(md), "sitebuild_equation_anchors", ANCHORS_PRIORITY)

    def reset(self):
        self.md.equation_anchors = {}


def makeExtension(**kwargs):  # noqa: N802 (Python-Markdown's name)
    return MarkdownSteps(**kwargs)
