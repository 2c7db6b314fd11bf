"""Every page's kit, as served by the built site, passes in an empty folder with only its own pins.

The kits run in one virtual environment, .venv-kits/, made from the whole-site
kit's requirements.txt alone (not the site's .venv) and kept until those pins
change, so a warm `make test` pays nothing for it.
"""

import hashlib
import os
import re
import subprocess
import sys
import venv
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import ROOT

KIT_VENV = ROOT / ".venv-kits"
# The kits run in an environment that holds nothing of the repository.
CLEAN_ENV = {key: value for key, value in os.environ.items() if key not in {"PYTHONPATH", "VIRTUAL_ENV"}}


def kit_zips(site):
    return sorted((site / "kits").glob("*.zip"))


@pytest.fixture(scope="module")
def kit_python(built_site):
    """The interpreter of .venv-kits/, (re)made from the site kit's pins when they change."""
    with zipfile.ZipFile(built_site / "kits" / "site.zip") as archive:
        pins = archive.read("site-kit/requirements.txt")
    stamp = KIT_VENV / f".installed-{hashlib.sha256(pins).hexdigest()[:16]}"
    python = KIT_VENV / "bin" / "python"
    if not stamp.exists():
        venv.EnvBuilder(clear=True, with_pip=True).create(KIT_VENV)
        (KIT_VENV / "requirements.txt").write_bytes(pins)
        subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        "-r", KIT_VENV / "requirements.txt"], check=True, env=CLEAN_ENV)
        stamp.touch()
    return python


@pytest.fixture(scope="module")
def repository_counts():
    """How many tests each snippet test module collects in the repository."""
    modules = sorted(path.name for path in (ROOT / "tests").glob("test_*.py"))
    result = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                             *[f"tests/{name}" for name in modules]],
                            cwd=ROOT, capture_output=True, text=True, check=False)
    return Counter(line.split("::")[0].split("/")[-1] for line in result.stdout.splitlines() if "::" in line)


def run_kit(python, archive, folder):
    """Unpack a kit into an empty folder and run its tests there; returns (outcomes by module, output)."""
    with zipfile.ZipFile(archive) as kit:
        kit.extractall(folder)
    (top,) = list(folder.iterdir())
    report = folder / "report.xml"
    result = subprocess.run([python, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={report}"],
                            cwd=top, capture_output=True, text=True, env=CLEAN_ENV, check=False)
    outcomes = {}
    for case in ET.parse(report).getroot().iter("testcase"):
        module = case.get("classname").split(".")[-1] + ".py"
        kind = next((child.tag for child in case if child.tag in {"failure", "error", "skipped"}), "passed")
        outcomes.setdefault(module, Counter())[kind] += 1
    return outcomes, result.stdout[-3000:] + result.stderr[-2000:]


def test_every_page_with_code_links_its_kit_with_the_two_commands(built_site):
    pages = [path for path in (ROOT / "docs").glob("*.md") if re.search(r'--8<-- "[^"]+\.py', path.read_text())]
    assert pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert f"(kits/{page.stem}.zip)" in text, f"{page.name} does not link its kit"
        assert "python -m pip install -r requirements.txt" in text and "python -m pytest" in text, page.name
        assert (built_site / "kits" / f"{page.stem}.zip").exists()
    assert "(kits/site.zip)" in (ROOT / "docs" / "index.md").read_text(encoding="utf-8")


def test_each_kit_box_lists_exactly_the_snippets_its_kit_carries(built_site):
    """The box's "files one by one" line is typed by hand; it must name the kit's scripts."""
    for page in (ROOT / "docs").glob("*.md"):
        listed = re.search(r"The files one by one: (.*)", page.read_text(encoding="utf-8"))
        if not listed:
            continue
        named = re.findall(r"\[([\w.]+\.py)\]\(snippets/\1\)", listed[1])
        with zipfile.ZipFile(built_site / "kits" / f"{page.stem}.zip") as kit:
            carried = sorted(Path(name).name for name in kit.namelist()
                             if f"{page.stem}-kit/snippets/" in name and name.endswith(".py"))
        assert named == carried, f"{page.name} lists {named}; its kit carries {carried}"


def test_every_snippet_test_module_is_in_some_kit(built_site):
    import kits

    carried = set()
    for archive in kit_zips(built_site):
        with zipfile.ZipFile(archive) as kit:
            carried |= {Path(name).name for name in kit.namelist() if "/tests/test_" in name}
    assert {path.name for path in kits.snippet_tests()} <= carried
    assert len(carried) >= 10


def test_every_kit_passes_alone_with_as_many_tests_as_in_the_repository(built_site, kit_python,
                                                                         repository_counts, tmp_path):
    archives = kit_zips(built_site)
    assert len(archives) >= 10
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(lambda archive: run_kit(kit_python, archive, tmp_path / archive.stem), archives))
    problems = []
    for archive, (outcomes, output) in zip(archives, runs):
        if not outcomes:
            problems.append(f"{archive.name}: no tests ran\n{output}")
        for module, counts in outcomes.items():
            if counts["failure"] or counts["error"] or counts["skipped"]:
                problems.append(f"{archive.name}: {module} {dict(counts)}\n{output}")
            if counts["passed"] != repository_counts[module]:
                problems.append(f"{archive.name}: {module} ran {counts['passed']} tests, "
                                f"the repository collects {repository_counts[module]}")
    assert problems == []
