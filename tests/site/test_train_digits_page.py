"""The training notebook's built page: executed cells, plots, a download, and its kit linked with the two commands."""

import re
import zipfile
import nbformat
from sitebuild.local_site import page_html
from sitebuild.sources import DOCS


NOTEBOOK = DOCS / "notebooks" / "train-digits.py"


def test_built_page_shows_executed_cells_plots_and_a_download(built_site):
    page = page_html(built_site, "notebooks/train-digits.py")
    assert "test accuracy" in page and page.count("<img") >= 2  # printed outputs and plots
    assert "jp-RenderedMarkdown" in page and "$$" not in page  # its math typeset at build
    assert page.count("<mjx-container") >= 20
    assert "Load mathjax" not in page and "cdnjs" not in page  # nbconvert's loaders removed
    served = built_site / "notebooks" / "train-digits.ipynb"
    assert nbformat.reads(served.read_text(encoding="utf-8"), as_version=4).cells


def test_the_page_links_its_kit_with_the_two_commands(built_site):
    """Its "Run it yourself" section links kits/train-digits.zip, served by the site,
    and says the two commands; the kit holds the notebook as the site serves it."""
    page = page_html(built_site, "notebooks/train-digits.py")
    link = re.search(r'<a download href="([^"]*kits/train-digits\.zip)"', page)
    assert link, "the notebook page does not link its kit"
    kit = (built_site / "notebooks" / "train-digits" / link[1]).resolve()
    assert kit == (built_site / "kits" / "train-digits.zip").resolve() and kit.exists()
    text = re.sub(r"<[^>]+>", "", page)  # the commands' words sit in highlighting spans
    assert re.search(r"python -m pip install -r requirements.txt\W+then\W+python -m pytest", text)
    with zipfile.ZipFile(kit) as archive:
        assert archive.read("train-digits-kit/train-digits.py") == NOTEBOOK.read_bytes()
        served = (built_site / "notebooks" / "train-digits.ipynb").read_bytes()
        assert archive.read("train-digits-kit/train-digits.ipynb") == served
