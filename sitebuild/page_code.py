"""A page's code as its reader gets it: the blocks in page order, and the page as a notebook.

    python -m sitebuild.page_code PAGE                          prints its pasted program
    python -m sitebuild.page_code PAGE --notebook OUT.ipynb     writes its notebook

Includes are resolved as the built page resolves them (sources.py), so a
block's code is what its copy button copies. The notebook of a page is made
from the page itself, by page_notebook.py.
"""

import argparse
import sys
from pathlib import Path

from sitebuild import page_notebook
# The page's fenced blocks, read by sources.py (page_notebook.py reads them there too).
from sitebuild.sources import DOCS, Block, blocks  # noqa: F401 (page_code.Block, as before)


def python_blocks(page):
    return [block for block in blocks(page) if block.language in ("python", "py")]


def program(page):
    """The page's Python blocks pasted one after the other, as a reader does."""
    return "\n\n".join(block.code for block in python_blocks(page)) + "\n"


def shown_outputs(page):
    """The recorded outputs the page shows under its code (text blocks titled NAME.out)."""
    return [block for block in blocks(page) if block.language == "text" and block.title.endswith(".out")]


# ------------------------------------------------------------------ notebooks

def notebook(page):
    """The page as a notebook a student studies from (page_notebook.py), as JSON text."""
    return page_notebook.notebook(page)


def with_notebook_link(markdown, stem, sentence):
    """The page's Markdown with `sentence` after the line that links its kit (same indent)."""
    lines = markdown.splitlines()
    for k, line in enumerate(lines):
        if f"(kits/{stem}.zip) holds" in line:
            indent = line[:len(line) - len(line.lstrip())]
            return "\n".join(lines[:k + 1] + [indent + sentence] + lines[k + 1:]) + "\n"
    raise ValueError(f"{stem}.md has code but no kit box line linking kits/{stem}.zip")


def pages_with_code():
    return sorted(path.name for path in DOCS.glob("*.md") if python_blocks(path.name))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("page")
    parser.add_argument("--notebook", type=Path)
    args = parser.parse_args(argv)
    if args.notebook:
        args.notebook.write_text(notebook(args.page), encoding="utf-8")
    else:
        sys.stdout.write(program(args.page))


if __name__ == "__main__":
    main()

