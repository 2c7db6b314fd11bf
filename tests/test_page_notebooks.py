"""Every page that shows Python downloads as a notebook that runs top to bottom with NumPy alone.

The notebook is the one the site serves (kits/<page>.ipynb, made from the page
by sitebuild/page_code.py). It runs in a fresh kernel started from .venv-reader, a
Python with NumPy and ipykernel only, in an empty folder; its printed output
must show every recorded output the page shows, as the page shows it.
"""

import json

import nbformat
import pytest
from nbclient import NotebookClient

import page_code
from recorded import appears_in

PAGES = page_code.pages_with_code()


@pytest.fixture(scope="module")
def reader_kernel(reader_python, tmp_path_factory, monkeypatch_module):
    """A kernelspec named "reader" whose Python has NumPy alone."""
    python = reader_python
    spec = tmp_path_factory.mktemp("jupyter") / "kernels" / "reader"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-I", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "NumPy alone", "language": "python"}), encoding="utf-8")
    monkeypatch_module.setenv("JUPYTER_PATH", str(spec.parent.parent))
    return "reader"


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def printed(notebook):
    """Everything the code cells printed, in order."""
    return "".join(output.get("text", "") for cell in notebook.cells if cell.cell_type == "code"
                   for output in cell.get("outputs", []) if output.output_type == "stream")


@pytest.mark.parametrize("page", PAGES)
def test_the_served_notebook_runs_in_a_fresh_kernel_and_prints_what_the_page_shows(
        page, built_site, reader_kernel, tmp_path):
    served = built_site / "kits" / page.replace(".md", ".ipynb")
    notebook = nbformat.reads(served.read_text(encoding="utf-8"), as_version=4)
    codes = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    assert codes == [block.code for block in page_code.python_blocks(page)], "not the page's blocks"
    NotebookClient(notebook, kernel_name=reader_kernel, timeout=300, allow_errors=False,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    output = printed(notebook)
    for block in page_code.shown_outputs(page):
        assert appears_in(block.code, output), f"{page}: the notebook does not print {block.title}:\n{output[-2000:]}"


def test_each_page_links_its_notebook_next_to_its_kit(built_site):
    from conftest import page_html

    for page in PAGES:
        html = page_html(built_site, page)
        stem = page.replace(".md", "")
        kit, notebook = html.find(f'kits/{stem}.zip"'), html.find(f'kits/{stem}.ipynb"')
        assert kit >= 0 and notebook > kit, f"{page} does not link kits/{stem}.ipynb after its kit"
