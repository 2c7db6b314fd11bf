"""The training notebook run as its kit runs it: a plain script, from its own file.

In the site's repository the notebook is docs/notebooks/train-digits.py; in its
kit (kits/train-digits.zip) it sits beside tests/. Either way the script is run
by a fresh Python from an empty folder, so it must find the snippets it imports
by itself, and its gradient check is shown to fail on bugs planted in the
softmax network's grad W_h.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from gradient_check import STEP, TOLERANCE, numerical_gradient, passed
from mlp import forward, grad_W_h, output_delta, softmax

# Beside tests/ in its kit; docs/notebooks/ in the repository, where tests/notebook/ is one level deeper.
NOTEBOOK = next(path for folder in Path(__file__).resolve().parents
                for path in (folder / "train-digits.py", folder / "docs" / "notebooks" / "train-digits.py")
                if path.exists())
ACCURACY_FLOOR = 0.90  # the stated floor for each network's test accuracy, fixed seed
NETWORKS = {"sigmoid", "softmax"}
PARAMETERS = {"W_h", "b_h", "W_out", "b_out"}

# Runs the notebook as `python train-digits.py` does, then reports what it computed.
RUN = """import json, runpy, sys
found = runpy.run_path(sys.argv[1], run_name="__main__")
print("REPORT " + json.dumps({
    "gradient_checks": {network: {name: result._asdict() for name, result in results.items()}
                        for network, results in found["gradient_checks"].items()},
    "history": found["history"], "test_accuracy": found["test_accuracy"]}))
"""


@pytest.fixture(scope="module")
def executed_notebook(tmp_path_factory):
    """(what it printed, its results): the notebook run by a fresh Python from an empty folder."""
    folder = tmp_path_factory.mktemp("elsewhere")
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env.update(MPLBACKEND="Agg", PYTHONIOENCODING="utf-8")  # no window for the plots
    result = subprocess.run([sys.executable, "-c", RUN, str(NOTEBOOK)], cwd=folder, env=env,
                            capture_output=True, text=True, encoding="utf-8", timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    printed, _, report = result.stdout.rpartition("REPORT ")
    return printed, json.loads(report)


def cells(source):
    """The notebook's cells (jupytext's percent format: each starts with a `# %%` line)."""
    return re.split(r"^(?=# %%)", source, flags=re.M)


@pytest.fixture(scope="module")
def checked_notebook(executed_notebook):
    """(the notebook's names after its gradient-check cell, that cell's source), run in this process.

    After the whole run (executed_notebook): these tests follow up what it showed."""
    found = cells(NOTEBOOK.read_text(encoding="utf-8"))
    (at,) = [k for k, cell in enumerate(found) if "gradient_checks = {" in cell]
    names = {"__name__": "__main__", "__file__": str(NOTEBOOK)}
    exec(compile("".join(found[:at + 1]), str(NOTEBOOK), "exec"), names)
    return names, found[at]


def test_the_script_finds_its_snippets_from_any_folder(executed_notebook):
    printed, _ = executed_notebook
    assert "every check passed: True" in printed and "test accuracy" in printed


@pytest.mark.parametrize("network", sorted(NETWORKS))
def test_every_gradient_check_passes_and_compares_entries_relatively(executed_notebook, network):
    """The notebook: "A check passes only if its worst entry is within 1e-7 and it
    compared at least one entry relatively"; every check of both networks does."""
    _, results = executed_notebook
    assert set(results["gradient_checks"]) == NETWORKS
    checks = results["gradient_checks"][network]
    assert set(checks) == PARAMETERS
    for name, result in checks.items():
        assert result["worst_entry"] <= TOLERANCE and result["frobenius"] <= TOLERANCE, (name, result)
        assert result["absolute"] < result["entries"], (name, result)


def test_at_the_usual_step_the_softmax_W_h_check_would_compare_nothing_relatively(checked_notebook):
    """The notebook: at h = 1e-6 every entry of the softmax network's W_h falls below
    floor / 1e-7, so the check takes a step ten times larger, H."""
    names, _ = checked_notebook
    assert names["H"] == pytest.approx(10 * STEP, rel=1e-12)
    usual = names["check_network"]("softmax", STEP)["W_h"]
    assert usual.absolute == usual.entries and not passed(usual)
    at_H = names["gradient_checks"]["softmax"]["W_h"]
    assert passed(at_H) and at_H.floor == pytest.approx(usual.floor / 10, rel=1e-12)


def test_the_entries_still_compared_absolutely_include_the_blank_pixels(checked_notebook):
    """The notebook: pixels blank in every image of the batch give entries of W_h
    that are exactly 0 in both gradients, among those compared absolutely."""
    names, _ = checked_notebook
    X, Y, initial = names["X_check"], names["Y_check"], names["initial"]
    blank = np.all(X == 0, axis=0)
    analytic = names["networks"]["softmax"]["backprop"](X, Y, **initial)
    numeric = numerical_gradient(lambda W: names["J_of"]("softmax", initial | {"W_h": W}, X, Y), initial["W_h"])
    assert 0 < blank.sum() and np.all(analytic.W_h[blank] == 0) and np.all(numeric[blank] == 0)
    result = names["gradient_checks"]["softmax"]["W_h"]
    assert blank.sum() * analytic.W_h.shape[1] < result.absolute < result.entries


def scaled(factor):
    return lambda right, X, Y, W_h, W_out, b_h, b_out: factor * right.W_h


def sigma_prime_dropped(right, X, Y, W_h, W_out, b_h, b_out):
    """δ^(h) without A_h (1 - A_h): the classic slip."""
    _, _, _, A_out = forward(X, W_h, W_out, b_h, b_out, output=softmax)
    return grad_W_h(X, output_delta(A_out, Y) @ W_out.T)


def transposed(right, X, Y, W_h, W_out, b_h, b_out):
    return right.W_h.T


PLANTED = {"scaled by 1.01": (scaled(1.01), AssertionError),
           "scaled by 1 + 1e-6": (scaled(1 + 1e-6), AssertionError),
           "sigma' dropped": (sigma_prime_dropped, AssertionError),
           "transposed": (transposed, ValueError)}


@pytest.mark.parametrize("bug", PLANTED)
def test_the_notebooks_check_fails_on_a_bug_planted_in_the_softmax_W_h(checked_notebook, bug):
    """The notebook's own gradient-check cell, run again with the softmax network's
    grad W_h made wrong: it stops, and only W_h fails (a transpose is refused for its shape)."""
    names, cell = checked_notebook
    wrong_W_h, stops_with = PLANTED[bug]
    right_backprop = names["networks"]["softmax"]["backprop"]

    def planted(X, Y, W_h, W_out, b_h=None, b_out=None):
        right = right_backprop(X, Y, W_h, W_out, b_h, b_out)
        return right._replace(W_h=wrong_W_h(right, X, Y, W_h, W_out, b_h, b_out))

    networks = {network: dict(spec) for network, spec in names["networks"].items()}
    networks["softmax"]["backprop"] = planted
    run = {**names, "networks": networks}
    with pytest.raises(stops_with):
        exec(compile(cell, str(NOTEBOOK), "exec"), run)
    if stops_with is AssertionError:
        results = run["gradient_checks"]
        assert not passed(results["softmax"]["W_h"])
        assert all(passed(results["softmax"][name]) for name in PARAMETERS - {"W_h"})
        assert all(map(passed, results["sigmoid"].values()))
        assert run["every_check_passed"] == {"sigmoid": True, "softmax": False}


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


def test_check_at_H_names_its_step_and_floor(executed_notebook, checked_notebook):
    printed, _ = executed_notebook
    names, _ = checked_notebook
    for network in NETWORKS:
        floor = names["gradient_checks"][network]["W_h"].floor
        assert f"h = {names['H']:.0e}, rounding floor {floor:.1e}:\nentries below" in printed


@pytest.mark.parametrize("network", sorted(NETWORKS))
def test_many_entries_of_W_h_about_half_are_compared_absolutely_and_printed(executed_notebook, network):
    """The notebook: "Many entries of W^(h), about half, are still compared absolutely
    (the count under *compared absolutely* below)"."""
    printed, results = executed_notebook
    result = results["gradient_checks"][network]["W_h"]
    assert 0.4 <= result["absolute"] / result["entries"] <= 0.6, result
    assert f"compared absolutely  {result['absolute']} of {result['entries']}" in printed
