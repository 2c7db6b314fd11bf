"""The GitHub workflows: valid against the workflow schema, and the kits' one runs where it says."""

import subprocess
import sys

import pytest
import yaml

from sources import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def validate(*paths):
    """check-jsonschema against the GitHub workflow schema it vendors (no download)."""
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                           "vendor.github-workflows", *map(str, paths)],
                          capture_output=True, text=True, check=False)


def test_every_workflow_is_valid():
    assert WORKFLOWS
    result = validate(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_validator_finds_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text((ROOT / ".github" / "workflows" / "kits.yml").read_text(encoding="utf-8")
                      .replace("runs-on: ${{ matrix.os }}", "runs_on: ${{ matrix.os }}"), encoding="utf-8")
    assert validate(broken).returncode != 0


def test_the_kits_run_on_linux_macos_and_windows_with_python_3_11_to_3_14():
    """What the kits' README, the About page and docs/measured/portability.md say."""
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "kits.yml").read_text(encoding="utf-8"))
    matrix = workflow["jobs"]["run-kit"]["strategy"]["matrix"]
    assert set(matrix["os"]) == {"ubuntu-latest", "macos-latest", "windows-latest"}
    assert matrix["python"] == ["3.11", "3.12", "3.13", "3.14"]
    script = workflow["jobs"]["run-kit"]["steps"][-1]["run"]
    # The kit's README's two commands, in the unpacked kit, with nothing of the repository.
    assert "python -m pip install -r requirements.txt\n" in script and script.endswith("python -m pytest\n")
    assert "actions/checkout" not in str(workflow["jobs"]["run-kit"])
    assert "python sitebuild/kits.py" in str(workflow["jobs"]["make-kit"])


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflows_use_only_the_official_actions(path):
    """No third-party action runs with the repository's token."""
    text = path.read_text(encoding="utf-8")
    used = {line.split("uses:")[1].strip().split("@")[0] for line in text.splitlines() if "uses:" in line}
    assert used <= {"actions/checkout", "actions/setup-python", "actions/upload-artifact",
                    "actions/download-artifact", "actions/configure-pages", "actions/upload-pages-artifact",
                    "actions/deploy-pages"}
