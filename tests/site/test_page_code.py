"""Every page's code runs when pasted: its Python blocks, in page order, in a Python with NumPy alone.

The blocks come from the page's Markdown with its includes resolved as the
build resolves them (sitebuild/page_code.py); tests/browser/test_browser_paste.py takes
the same path through the copy buttons and the clipboard.
"""

import pytest

from sitebuild import page_code

PAGES = page_code.pages_with_code()


def test_pages_with_code_are_found():
    assert "output-layer-2-2-2.md" in PAGES and len(PAGES) >= 10


@pytest.mark.parametrize("page", PAGES)
def test_every_function_a_page_shows_is_called_by_its_blocks(page):
    """A block that defines a function is followed by code that uses it (its call, printed)."""
    import ast

    tree = ast.parse(page_code.program(page))
    defined = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
    used = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):  # its defaults and decorators use names too
            parts = [*node.body, *node.args.defaults, *node.args.kw_defaults, *node.decorator_list]
            own = {node.name}
        else:
            parts, own = [node], set()
        used |= {n.id for part in parts if part is not None
                 for n in ast.walk(part) if isinstance(n, ast.Name)} - own
    assert defined - used == set(), f"{page} shows functions it never calls: {sorted(defined - used)}"
