"""The notebook page: run end to end in a real kernel, as the site's build and a
Jupyter reader run it, its claims checked, and the page it makes.
test_train_digits_script.py, which its kit carries, runs it as a plain script
and plants bugs in the gradient its check must catch."""

import json

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient

from sitebuild.sources import DOCS
from gradient_check import TOLERANCE

NOTEBOOK = DOCS / "notebooks" / "train-digits.py"
ACCURACY_FLOOR = 0.90  # the stated floor for each network's test accuracy, fixed seed
NETWORKS = {"sigmoid", "softmax"}  # Raschka's sigmoid outputs, and the softmax version
PARAMETERS = {"W_h", "b_h", "W_out", "b_out"}

REPORT = """import json
print(json.dumps({"gradient_checks": {network: {name: result._asdict()
                                                for name, result in results.items()}
                                      for network, results in gradient_checks.items()},
                  "history": history, "test_accuracy": test_accuracy}))"""


@pytest.fixture(scope="module")
def executed_notebook():
    """The notebook, executed as the site's build does, plus a cell that reports its results."""
    notebook = jupytext.read(NOTEBOOK)
    notebook.cells.append(nbformat.v4.new_code_cell(REPORT))
    client = NotebookClient(notebook, timeout=600, kernel_name="python3", allow_errors=False,
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()  # a cell that raises fails here, naming the cell
    results = json.loads(notebook.cells[-1].outputs[0]["text"])
    return notebook, results


def test_no_cell_errors_and_no_download(executed_notebook):
    notebook, _ = executed_notebook
    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [output for output in outputs if output.output_type == "error"]
    assert not [output for output in outputs if "download" in output.get("text", "").lower()]


@pytest.mark.parametrize("network", sorted(NETWORKS))
def test_gradient_check_passes_before_training(executed_notebook, network):
    """Every check passes, comparing at least one entry relatively (gradient_check.passed)."""
    _, results = executed_notebook
    assert set(results["gradient_checks"]) == NETWORKS
    checks = results["gradient_checks"][network]
    assert set(checks) == PARAMETERS
    for name, result in checks.items():
        assert result["worst_entry"] <= TOLERANCE, (name, result)
        assert result["frobenius"] <= TOLERANCE, (name, result)
        assert 0 <= result["absolute"] < result["entries"], (name, result)


def test_printed_check_labels_what_the_floor_sets(executed_notebook):
    notebook, _ = executed_notebook
    printed = "".join(output.get("text", "") for cell in notebook.cells
                      if cell.cell_type == "code" for output in cell.outputs)
    for label in ("Frobenius", "worst entry", "compared absolutely", "rounding floor", "passed"):
        assert label in printed, label


@pytest.mark.parametrize("network", sorted(NETWORKS))
def test_loss_decreases(executed_notebook, network):
    _, results = executed_notebook
    for split in ("train", "test"):
        losses = results["history"][network][f"{split}_loss"]
        assert losses[-1] < 0.5 * losses[0], split


@pytest.mark.parametrize("network", sorted(NETWORKS))
def test_test_accuracy_reaches_the_floor(executed_notebook, network):
    _, results = executed_notebook
    assert results["test_accuracy"][network] >= ACCURACY_FLOOR


def test_printed_lines_and_code_lines_fit_the_page(executed_notebook):
    """Printed lines under 80 characters (no wrap mid-tuple); code lines at most 88."""
    notebook, _ = executed_notebook
    code_cells = [cell for cell in notebook.cells[:-1] if cell.cell_type == "code"]
    printed = [line for cell in code_cells for output in cell.outputs
               for line in output.get("text", "").splitlines()]
    assert printed and max(map(len, printed)) < 80, max(printed, key=len)
    code = [line for cell in code_cells for line in cell.source.splitlines()]
    assert max(map(len, code)) <= 88, max(code, key=len)


PHONE_OUTPUT_CHARACTERS = 43  # what a notebook output shows at 390 px: measured in test_browser_layout.py


def test_the_gradient_check_prints_lines_a_phone_shows_whole(executed_notebook):
    """Its output, one number a line, fits a 390 px notebook output (no column off-screen)."""
    notebook, _ = executed_notebook
    (cell,) = [cell for cell in notebook.cells if "gradient_checks = {" in cell.source]
    printed = "".join(output.get("text", "") for output in cell.outputs).splitlines()
    assert printed and max(map(len, printed)) <= PHONE_OUTPUT_CHARACTERS, max(printed, key=len)


