"""Each served page notebook run in a fresh kernel with NumPy alone, printing what its page shows."""

import json
from functools import cache
import nbformat
import pytest
from nbclient import NotebookClient
from sitebuild import page_code
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
    codes = [cell.source for cell in notebook.cells
             if cell.cell_type == "code" and "your-work" not in cell.metadata.get("tags", [])]
    assert codes == [block.code for block in page_code.python_blocks(page)], "not the page's blocks"
    NotebookClient(notebook, kernel_name=reader_kernel, timeout=300, allow_errors=False,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    output = printed(notebook)
    for block in page_code.shown_outputs(page):
        assert appears_in(block.code, output), f"{page}: the notebook does not print {block.title}:\n{output[-2000:]}"


@cache
def served(page):
    """The notebook the site serves for a page (the build writes these bytes)."""
    return nbformat.reads(page_code.notebook(page), as_version=4)
