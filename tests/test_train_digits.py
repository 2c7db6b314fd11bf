"""The notebook page: run end to end in a real kernel, and its claims checked."""

import json

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient

from conftest import DOCS, page_html
from gradient_check import TOLERANCE

NOTEBOOK = DOCS / "notebooks" / "train-digits.py"
ACCURACY_FLOOR = 0.90  # the stated floor for the test accuracy with the fixed seed

REPORT = """import json
print(json.dumps({"gradient_errors": gradient_errors, "history": history,
                  "test_accuracy": test_accuracy}))"""


@pytest.fixture(scope="module")
def executed():
    """The notebook, executed as the site's build does, plus a cell that reports its results."""
    notebook = jupytext.read(NOTEBOOK)
    notebook.cells.append(nbformat.v4.new_code_cell(REPORT))
    client = NotebookClient(notebook, timeout=600, kernel_name="python3", allow_errors=False,
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()  # a cell that raises fails here, naming the cell
    results = json.loads(notebook.cells[-1].outputs[0]["text"])
    return notebook, results


def test_no_cell_errors_and_no_download(executed):
    notebook, _ = executed
    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [output for output in outputs if output.output_type == "error"]
    assert not [output for output in outputs if "download" in output.get("text", "").lower()]


def test_gradient_check_passes_before_training(executed):
    _, results = executed
    errors = results["gradient_errors"]
    assert set(errors) == {"W_h", "b_h", "W_out", "b_out"}
    assert all(error <= TOLERANCE for error in errors.values()), errors


def test_loss_decreases(executed):
    _, results = executed
    for split in ("train", "test"):
        losses = results["history"][f"{split}_loss"]
        assert losses[-1] < 0.5 * losses[0], split


def test_test_accuracy_reaches_the_floor(executed):
    _, results = executed
    assert results["test_accuracy"] >= ACCURACY_FLOOR


def test_built_page_shows_executed_cells_plots_and_a_download(built_site):
    page = page_html(built_site, "notebooks/train-digits.py")
    assert "test accuracy" in page and page.count("<img") >= 2  # printed outputs and plots
    assert "jp-RenderedMarkdown" in page and "$$" in page      # math left for MathJax
    assert "Load mathjax" not in page and "cdnjs" not in page  # nbconvert's loaders removed
    served = built_site / "notebooks" / "train-digits.ipynb"
    assert nbformat.reads(served.read_text(encoding="utf-8"), as_version=4).cells
