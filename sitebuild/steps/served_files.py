"""Build step: what the site serves besides docs/, and links that download it.

- Every snippets/*.py, so a page can link to the whole file a code block was
  cut from (and a broken link to one fails the strict build).
- Every notebook source docs/notebooks/NAME.py (jupytext's percent format) as
  notebooks/NAME.ipynb, without outputs, for Jupyter users.
- One kit per page that shows code, kits/<page>.zip, kits/site.zip, and one
  per notebook page, kits/NAME.zip (kits.py).
- Every page that shows Python as a notebook, kits/<page>.ipynb (page_code.py),
  and a sentence in its kit box linking it, so no page types the link.
- Every link to a served .py, .ipynb or .zip file gets the HTML `download`
  attribute, so "download" links download instead of opening as text.
"""

import re
from pathlib import Path
from urllib.parse import urlparse

from sitebuild import kits
from sitebuild import page_code
from sitebuild.sources import SNIPPETS


def served_files():
    """(site path, a file to copy or the bytes to write) of everything served besides docs/."""
    served = [(f"snippets/{source.name}", source) for source in sorted(SNIPPETS.glob("*.py"))]
    served += [(f"notebooks/{source.stem}.ipynb", kits.notebook_json(source))
               for source in sorted(kits.NOTEBOOKS.glob("*.py"))]
    served += [(f"kits/{kit.name}.zip", kits.zip_bytes(kit)) for kit in kits.served_kits()]
    served += [(f"kits/{Path(page).stem}.ipynb", page_code.notebook(page).encode())
               for page in page_code.pages_with_code()]
    return served


NOTEBOOK_LINK = ("[kits/{stem}.ipynb](kits/{stem}.ipynb) is this page as a notebook, made from the page: "
                 "its text and its code blocks, in order, to run top to bottom in Jupyter with NumPy alone.")


def with_notebook_link(markdown, stem):
    """The page's Markdown with its notebook linked in its kit box, after the kit's own line."""
    return page_code.with_notebook_link(markdown, stem, NOTEBOOK_LINK.format(stem=stem))


DOWNLOADABLE = (".py", ".ipynb", ".zip")
LINK = re.compile(r"<a\b[^>]*>", re.S)
HREF = re.compile(r"""\bhref=(["'])(.*?)\1""", re.S)


def mark_downloads(html):
    """Give every link to a served .py, .ipynb or .zip file the `download` attribute."""
    def mark(match):
        tag = match.group(0)
        href = HREF.search(tag)
        if not href or re.search(r"\sdownload\b", tag):
            return tag
        url = urlparse(href.group(2))
        if url.scheme or url.netloc or not url.path.endswith(DOWNLOADABLE):
            return tag
        return tag[:2] + " download" + tag[2:]

    return LINK.sub(mark, html)
